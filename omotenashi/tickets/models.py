"""Tickets and everything that hangs off them: queues, messages, events, SLA, macros."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omotenashi.accounts.models import Agent, Team
from omotenashi.customers.models import Guest


class Status(models.TextChoices):
    # A context of their own: "solved" of a ticket is not "solved" of a guest's request in
    # every language (French: résolu / résolue).
    NEW = "new", pgettext_lazy("ticket status", "New")
    OPEN = "open", pgettext_lazy("ticket status", "Open")
    PENDING = "pending", pgettext_lazy("ticket status", "Pending guest")
    ON_HOLD = "on_hold", pgettext_lazy("ticket status", "On hold")
    SOLVED = "solved", pgettext_lazy("ticket status", "Solved")
    CLOSED = "closed", pgettext_lazy("ticket status", "Closed")


# The lifecycle. `closed` is final: a guest writing to a closed ticket starts a follow-up.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.OPEN, Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.OPEN: frozenset({Status.PENDING, Status.ON_HOLD, Status.SOLVED}),
    Status.PENDING: frozenset({Status.OPEN, Status.ON_HOLD, Status.SOLVED}),
    Status.ON_HOLD: frozenset({Status.OPEN, Status.PENDING, Status.SOLVED}),
    Status.SOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset(),
}
OPEN_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    PORTAL = "portal", _("Portal")
    API = "api", _("API")
    PHONE = "phone", _("Phone")
    AGENT = "agent", _("Agent")


class BusinessCalendar(models.Model):
    """Business hours and holidays in one time zone; SLA clocks only run inside them."""

    name = models.CharField(max_length=120, unique=True)
    time_zone = models.CharField(max_length=64, default="Europe/Amsterdam")
    holiday_country = models.CharField(max_length=8, blank=True, help_text="ISO country code for public holidays, e.g. NL.")

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday")
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="business_hours_weekday_range"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="business_hours_end_after_start"),
        ]


class Holiday(models.Model):
    calendar = models.ForeignKey(BusinessCalendar, on_delete=models.CASCADE, related_name="holidays")
    date = models.DateField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["calendar", "date"], name="holiday_unique_per_day")]


class Queue(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="queues")
    description = models.TextField(blank=True, help_text="What belongs here; also used by triage.")
    email_address = models.EmailField(blank=True, help_text="Mail to this address lands in this queue.")
    calendar = models.ForeignKey(BusinessCalendar, null=True, blank=True, on_delete=models.SET_NULL, related_name="queues")
    is_default = models.BooleanField(default=False, help_text="Where new tickets land before routing.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=models.Q(is_default=True), name="queue_one_default"),
        ]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(models.Model):
    """Targets for one queue (or every queue when empty) and one priority, in business minutes."""

    name = models.CharField(max_length=120)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.CASCADE, related_name="sla_policies")
    priority = models.CharField(max_length=8, choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    calendar = models.ForeignKey(BusinessCalendar, null=True, blank=True, on_delete=models.PROTECT, related_name="policies",
                                 help_text="Empty: the queue's calendar, or round the clock.")
    at_risk_percent = models.PositiveSmallIntegerField(default=80, help_text="Flag at risk once this share of the time is used.")

    class Meta:
        verbose_name_plural = "SLA policies"
        constraints = [
            models.UniqueConstraint(fields=["queue", "priority"], name="sla_policy_unique_queue_priority"),
            models.UniqueConstraint(fields=["priority"], condition=models.Q(queue__isnull=True), name="sla_policy_unique_default_priority"),
            models.CheckConstraint(condition=models.Q(resolution_minutes__gte=models.F("first_response_minutes")),
                                   name="sla_resolution_after_first_response"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    subject = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=8, blank=True)
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="tickets")
    assignee = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets")
    requester = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="tickets")
    ccs = models.ManyToManyField(Guest, blank=True, related_name="cc_tickets")
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_tickets")
    follow_up_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups")

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_guest_message_at = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    sla_policy = models.ForeignKey(SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets")
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True, help_text="Resolution clock stopped (waiting for the guest).")
    sla_at_risk = models.BooleanField(default=False)
    sla_breached = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Serves: ticket lists of one queue, newest activity first (inbox, API list).
            models.Index(fields=["queue", "status", "-updated_at", "-id"], name="ticket_queue_status_upd_idx"),
            models.Index(fields=["queue", "-updated_at", "-id"], name="ticket_queue_updated_idx"),
            # Serves: "mine" lists.
            models.Index(fields=["assignee", "status", "-updated_at"], name="ticket_assignee_status_idx"),
            # Serves: a guest's history and "my requests".
            models.Index(fields=["requester", "-created_at"], name="ticket_requester_created_idx"),
            # Serves: the periodic SLA refresh over open tickets with a due time.
            models.Index(fields=["status", "resolution_due_at"], name="ticket_status_res_due_idx"),
            # Serves: lists across every queue (admins).
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated_idx"),
            # Serves: the "at risk of SLA breach" inbox, newest first. Partial: only the few
            # tickets at risk are in it, so the view never walks the whole history to find
            # them (bench/render.py).
            models.Index(fields=["-updated_at", "-id"], name="ticket_at_risk_idx",
                         condition=models.Q(sla_at_risk=True) | models.Q(sla_breached=True)),
            # Serves: the workspace side bar's counts (tickets.selectors.inbox_counts_for_agent),
            # read from the index alone: 60 ms -> 6 ms for an admin at 10^5 tickets on SQLite.
            # Not partial: SQLite cannot match a partial index's IN list to bound parameters.
            models.Index(fields=["queue", "status", "assignee", "sla_at_risk", "sla_breached"],
                         name="ticket_counts_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def number(self) -> int:
        """The human-friendly ticket number: the primary key (see docs/decisions)."""
        return int(self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MessageKind(models.TextChoices):
    GUEST = "guest", _("Guest message")
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=8, choices=MessageKind.choices)
    author_agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    author_guest = models.ForeignKey(Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    body_html = models.TextField(help_text="Sanitised HTML.")
    body_text = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    # Mail threading. Unique when present: the same Message-ID is never stored twice.
    email_message_id = models.CharField(max_length=998, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_ticket_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on #{self.ticket_id}"

    @property
    def is_public(self) -> bool:
        return self.kind != MessageKind.NOTE


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"attachments/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=127)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    content_id = models.CharField(max_length=255, blank=True, help_text="For inline images referenced as cid:.")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.filename


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    MESSAGE = "message", _("Message added")
    STATUS = "status", _("Status changed")
    PRIORITY = "priority", _("Priority changed")
    QUEUE = "queue", _("Queue changed")
    ASSIGNEE = "assignee", _("Assignee changed")
    TAGS = "tags", _("Tags changed")
    CCS = "ccs", _("CCs changed")
    SUBJECT = "subject", _("Subject changed")
    LANGUAGE = "language", _("Language changed")
    MERGED = "merged", _("Merged")
    SLA = "sla", _("SLA")
    MACRO = "macro", _("Macro applied")


class TicketEvent(models.Model):
    """Append-only log of every change: who (agent, guest or system), what, when, why."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    actor_agent = models.ForeignKey(Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_guest = models.ForeignKey(Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_system = models.CharField(max_length=120, blank=True, help_text="e.g. 'email ingestion', 'triage v3'.")
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_created_idx")]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Ticket events are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def actor_label(self) -> str:
        if self.actor_agent_id:
            return str(self.actor_agent)
        if self.actor_guest_id:
            return str(self.actor_guest)
        return self.actor_system or "system"


class Macro(models.Model):
    """A canned reply in several languages, with placeholders such as {guest.preferred_name}."""

    name = models.CharField(max_length=120, unique=True)
    queue = models.ForeignKey(Queue, null=True, blank=True, on_delete=models.CASCADE, related_name="macros",
                              help_text="Empty: available in every queue.")
    set_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    add_tags = models.CharField(max_length=255, blank=True, help_text="Comma-separated tags to add.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MacroTranslation(models.Model):
    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    body = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["macro", "language"], name="macro_translation_unique")]


class IdempotencyKey(models.Model):
    """Remembers API creates so a retried request returns the first result instead of a twin."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent", "key"], name="idempotency_key_unique_per_agent")]

