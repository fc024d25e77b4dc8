"""Tickets and everything that hangs off them: queues, messages, events, SLA, macros,
and what the understanding engine decided about them (categories, decisions, models)."""

from __future__ import annotations

from calendar import day_abbr

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from omotenashi.accounts.models import Agent, Skill, Team
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
    holiday_country = models.CharField(
        max_length=8, blank=True, help_text="ISO country code for public holidays, e.g. NL."
    )

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
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="business_hours_weekday_range"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="business_hours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{day_abbr[self.weekday]} {self.start:%H:%M}-{self.end:%H:%M}"


class Holiday(models.Model):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="holidays"
    )
    date = models.DateField()
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="holiday_unique_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Queue(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="queues")
    description = models.TextField(blank=True, help_text="What belongs here; also used by triage.")
    email_address = models.EmailField(
        blank=True, help_text="Mail to this address lands in this queue."
    )
    calendar = models.ForeignKey(
        BusinessCalendar, null=True, blank=True, on_delete=models.SET_NULL, related_name="queues"
    )
    is_default = models.BooleanField(
        default=False, help_text="Where new tickets land before routing."
    )
    accepts_routing = models.BooleanField(
        default=True,
        help_text="Triage may send tickets here. Turn off for a landing queue such as a "
        "front desk.",
    )
    auto_assign = models.BooleanField(
        default=False,
        help_text="Hand each new ticket to an available agent of the team who speaks the guest's "
        "language and has the skill for its category, balancing open work.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="queue_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(models.Model):
    """Targets for one queue (or every queue when empty) and one priority, in business minutes."""

    name = models.CharField(max_length=120)
    queue = models.ForeignKey(
        Queue, null=True, blank=True, on_delete=models.CASCADE, related_name="sla_policies"
    )
    priority = models.CharField(max_length=8, choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        help_text="Empty: the queue's calendar, or round the clock.",
    )
    at_risk_percent = models.PositiveSmallIntegerField(
        default=80, help_text="Flag at risk once this share of the time is used."
    )

    class Meta:
        verbose_name_plural = "SLA policies"
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "priority"], name="sla_policy_unique_queue_priority"
            ),
            models.UniqueConstraint(
                fields=["priority"],
                condition=models.Q(queue__isnull=True),
                name="sla_policy_unique_default_priority",
            ),
            models.CheckConstraint(
                condition=models.Q(resolution_minutes__gte=models.F("first_response_minutes")),
                name="sla_resolution_after_first_response",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """What a ticket is about (its intent), e.g. "VPN" or "Refund"; predicted by triage."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True, help_text="What belongs here; also used by triage.")
    queue = models.ForeignKey(
        Queue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
        help_text="The queue these tickets belong to. A predicted category that does not "
        "fit the ticket's queue is only suggested.",
    )
    skill = models.ForeignKey(
        Skill,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
        help_text="The skill an agent needs for these tickets (automatic assignment).",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class TriageExample(models.Model):
    """A message an admin writes as an example for a queue or a category.

    With little or no history, triage learns from these and from the descriptions.
    """

    queue = models.ForeignKey(
        Queue, null=True, blank=True, on_delete=models.CASCADE, related_name="triage_examples"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="triage_examples"
    )
    text = models.TextField()
    language = models.CharField(max_length=8, blank=True, help_text="Empty: detected.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(queue__isnull=False, category__isnull=True)
                    | models.Q(queue__isnull=True, category__isnull=False)
                ),
                name="triage_example_queue_xor_category",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class DeskVersion(models.Model):
    """A number that every change to the routing configuration (queues, categories, teams,
    skills, calendars) replaces with a new random one, in the same transaction. Processes
    that keep that configuration compare theirs with it on every message, in a statement
    they make anyway (tickets/routing/desk.py, docs/decisions/0113). One row, made by the
    first change."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "desk version"

    def __str__(self) -> str:
        return f"desk version {self.version}"


class TriageSettings(models.Model):
    """The desk's triage settings: one row, edited in the admin (defaults when absent)."""

    queue_threshold = models.FloatField(
        default=0.7,
        help_text="Route to the predicted queue only at this confidence or above (0-1); below it "
        "the ticket waits in the triage view with the suggestion ready.",
    )
    category_threshold = models.FloatField(
        default=0.6, help_text="Set the predicted category at or above this."
    )
    priority_threshold = models.FloatField(
        default=0.8, help_text="Set the predicted priority at or above this."
    )
    raise_priority = models.BooleanField(
        default=True,
        help_text="Raise the priority of tickets from very urgent or upset guests (never "
        "lowers it, never overrides a priority a person set).",
    )

    class Meta:
        verbose_name = "triage settings"
        verbose_name_plural = "triage settings"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(queue_threshold__gte=0, queue_threshold__lte=1),
                name="triage_settings_queue_threshold_range",
            ),
            models.CheckConstraint(
                condition=models.Q(category_threshold__gte=0, category_threshold__lte=1),
                name="triage_settings_category_threshold_range",
            ),
            models.CheckConstraint(
                condition=models.Q(priority_threshold__gte=0, priority_threshold__lte=1),
                name="triage_settings_priority_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return "Triage settings"


class RoutingState(models.TextChoices):
    LEGACY = "", _("Not triaged")
    PENDING = "pending", _("Waiting for triage")
    ROUTED = "routed", _("Routed automatically")
    TRIAGE = "triage", _("Needs a person")
    KEPT = "kept", _("Queue chosen at intake")
    HUMAN = "human", _("Routed by a person")


# Tickets a person should look at in the triage view (the engine was unsure, or failed).
TRIAGE_STATES = (RoutingState.PENDING, RoutingState.TRIAGE)


class Attention(models.IntegerChoices):
    """How much a guest's frustration or urgency asks for attention (inbox ordering)."""

    LOW = 0, _("Low")
    MEDIUM = 1, _("Medium")
    HIGH = 2, _("High")


class Ticket(models.Model):
    subject = models.CharField(max_length=255)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    priority = models.CharField(max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=8, blank=True)
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="tickets")
    assignee = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_tickets"
    )
    requester = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="tickets")
    ccs = models.ManyToManyField(Guest, blank=True, related_name="cc_tickets")
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_tickets"
    )
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    # What the understanding engine read (tickets.routing); decisions are in Decision.
    language_confidence = models.FloatField(null=True, blank=True)
    frustration = models.FloatField(default=0.0)
    urgency = models.FloatField(default=0.0)
    attention = models.PositiveSmallIntegerField(choices=Attention.choices, default=Attention.LOW)
    routing_state = models.CharField(
        max_length=8, choices=RoutingState.choices, default=RoutingState.PENDING, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_guest_message_at = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    sla_policy = models.ForeignKey(
        SlaPolicy, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(
        null=True, blank=True, help_text="Resolution clock stopped (waiting for the guest)."
    )
    sla_at_risk = models.BooleanField(default=False)
    sla_breached = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Serves: ticket lists of one queue, newest activity first (inbox, API list).
            models.Index(
                fields=["queue", "status", "-updated_at", "-id"], name="ticket_queue_status_upd_idx"
            ),
            models.Index(fields=["queue", "-updated_at", "-id"], name="ticket_queue_updated_idx"),
            # Serves: "mine" lists.
            models.Index(
                fields=["assignee", "status", "-updated_at"], name="ticket_assignee_status_idx"
            ),
            # Serves: a guest's history and "my requests".
            models.Index(fields=["requester", "-created_at"], name="ticket_requester_created_idx"),
            # Serves: the periodic SLA refresh over open tickets with a due time.
            models.Index(fields=["status", "resolution_due_at"], name="ticket_status_res_due_idx"),
            # Serves: lists across every queue (admins).
            models.Index(fields=["-updated_at", "-id"], name="ticket_updated_idx"),
            # Serves: the "at risk of SLA breach" inbox, newest first. Partial: only the few
            # tickets at risk are in it, so the view never walks the whole history to find
            # them (bench/render.py).
            models.Index(
                fields=["-updated_at", "-id"],
                name="ticket_at_risk_idx",
                condition=models.Q(sla_at_risk=True) | models.Q(sla_breached=True),
            ),
            # Serves: the workspace side bar's counts (tickets.selectors.inbox_counts_for_agent),
            # read from the index alone: 60 ms -> 6 ms for an admin at 10^5 tickets on SQLite.
            # Not partial: SQLite cannot match a partial index's IN list to bound parameters.
            models.Index(
                fields=["queue", "status", "assignee", "sla_at_risk", "sla_breached"],
                name="ticket_counts_idx",
            ),
            # Serves: inbox lists ordered by attention (upset or urgent guests first).
            models.Index(
                fields=["queue", "status", "-attention", "-updated_at", "-id"],
                name="ticket_queue_attention_idx",
            ),
            # Serves: the count of tickets waiting for triage in every workspace page's side
            # bar. The partial index below cannot serve it on SQLite (a partial index's IN
            # list is never matched to bound parameters) nor under PostgreSQL's generic plans
            # of prepared statements: without this one the count read every ticket (19 ms
            # for an admin at 10^5 tickets on SQLite, on every page).
            models.Index(
                fields=["routing_state", "status", "queue"], name="ticket_routing_state_idx"
            ),
            # Serves: the triage view (tickets the engine was unsure about, per queue).
            models.Index(
                fields=["queue", "-attention", "created_at"],
                name="ticket_triage_idx",
                condition=models.Q(routing_state__in=["pending", "triage"]),
            ),
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
    author_agent = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    author_guest = models.ForeignKey(
        Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    channel = models.CharField(max_length=8, choices=Channel.choices)
    body_html = models.TextField(help_text="Sanitised HTML.")
    body_text = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    language_confidence = models.FloatField(
        null=True, blank=True, help_text="Detected by the engine (0-1)."
    )
    # Mail threading. Unique when present: the same Message-ID is never stored twice.
    email_message_id = models.CharField(max_length=998, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="message_ticket_created_idx"),
            # Serves: the sweep for guest messages the understanding task has not read yet.
            models.Index(
                fields=["created_at"],
                name="message_guest_created_idx",
                condition=models.Q(kind="guest"),
            ),
        ]

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
    content_id = models.CharField(
        max_length=255, blank=True, help_text="For inline images referenced as cid:."
    )
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
    CATEGORY = "category", _("Category changed")
    MERGED = "merged", _("Merged")
    SLA = "sla", _("SLA")
    MACRO = "macro", _("Macro applied")


class TicketEvent(models.Model):
    """Append-only log of every change: who (agent, guest or system), what, when, why."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    actor_agent = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_guest = models.ForeignKey(
        Guest, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_system = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'email ingestion', 'triage v3'."
    )
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket_created_idx")]

    def __str__(self) -> str:
        return f"#{self.ticket_id} {self.kind} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("Ticket events are append-only.")
        super().save(*args, **kwargs)

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
    queue = models.ForeignKey(
        Queue,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        help_text="Empty: available in every queue.",
    )
    set_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    add_tags = models.CharField(
        max_length=255, blank=True, help_text="Comma-separated tags to add."
    )
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
        constraints = [
            models.UniqueConstraint(fields=["macro", "language"], name="macro_translation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.macro_id} ({self.language})"


class IdempotencyKey(models.Model):
    """Remembers API creates so a retried request returns the first result instead of a twin."""

    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agent", "key"], name="idempotency_key_unique_per_agent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} -> #{self.ticket_id}"


# --- what the understanding engine did (tickets.routing) ---------------------------------------


class UnderstandingStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed (retried)"
    ABANDONED = "abandoned", "Gave up (a person triages)"


class Understanding(models.Model):
    """The engine's reading of one guest message, and the work item that produces it.

    The row is created by the task that claims the message (never at intake), so a message
    without a row has not been read yet; the periodic sweep finds those. A lease makes a
    second run wait while the first is working, and lets a crashed run be taken over.
    """

    message = models.OneToOneField(
        Message, on_delete=models.CASCADE, primary_key=True, related_name="understanding"
    )
    status = models.CharField(
        max_length=10, choices=UnderstandingStatus.choices, default=UnderstandingStatus.RUNNING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    language_confidence = models.FloatField(null=True, blank=True)
    frustration = models.FloatField(null=True, blank=True)
    urgency = models.FloatField(null=True, blank=True)
    cues = models.JSONField(default=dict, blank=True)
    elapsed_ms = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Serves: the sweep for failed runs that are due again and runs whose lease ran out.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="understanding_due_idx",
                condition=~models.Q(status="done"),
            ),
        ]

    def __str__(self) -> str:
        return f"Understanding of message {self.message_id}: {self.status}"


class DecisionKind(models.TextChoices):
    LANGUAGE = "language", _("Language")
    QUEUE = "queue", _("Queue")
    CATEGORY = "category", _("Category")
    PRIORITY = "priority", _("Priority")
    ASSIGNEE = "assignee", _("Assignee")
    FRUSTRATION = "frustration", _("Frustration")
    URGENCY = "urgency", _("Urgency")


class DecisionOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    SUGGESTED = "suggested", _("Suggested: not sure enough")
    KEPT = "kept", _("Suggested: a person decided")
    ACCEPTED = "accepted", _("Accepted by a person")
    NOTED = "noted", _("Noted")


class Decision(models.Model):
    """One automatic decision about a ticket, with the model, its confidence and why.

    Rows are never rewritten except to record that a person accepted a suggestion. A person
    overruling an applied decision shows in the ticket's events (the engine never undoes it).
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="decisions")
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=DecisionKind.choices)
    value = models.CharField(
        max_length=64, blank=True, help_text="Queue/category/agent id, language code, level..."
    )
    value_label = models.CharField(max_length=200, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    model_name = models.CharField(max_length=120)
    model_version = models.CharField(max_length=120, blank=True)
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        Agent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # Serves: a ticket's decisions (ticket page, triage view, API), newest first.
            models.Index(fields=["ticket", "-created_at"], name="decision_ticket_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.value_label or self.value} on #{self.ticket_id}"


class TriageField(models.TextChoices):
    QUEUE = "queue", _("Queue")
    CATEGORY = "category", _("Category")
    PRIORITY = "priority", _("Priority")


def triage_model_path(instance: TriageModelRun, filename: str) -> str:
    return f"triage-models/{instance.field}/{filename}"


class TriageModelRun(models.Model):
    """One training run of a triage model, kept whether or not the new model was promoted.

    The model itself (a zip of JSON and numpy arrays, no pickle) is a file in the media
    storage, shared by every process. Exactly one run per field is active at a time.
    """

    field = models.CharField(max_length=10, choices=TriageField.choices)
    version = models.CharField(max_length=80)
    trained_at = models.DateTimeField()
    n_examples = models.PositiveIntegerField(default=0)
    n_new = models.PositiveIntegerField(
        default=0, help_text="Labelled tickets the previous model had not seen."
    )
    labels = models.JSONField(default=list, blank=True)
    metrics = models.JSONField(
        default=dict, blank=True, help_text="Held-out figures of the new and the old model."
    )
    promoted = models.BooleanField(default=False)
    is_active = models.BooleanField(default=False)
    note = models.TextField(blank=True, help_text="Why it was promoted or not.")
    data_digest = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to=triage_model_path, max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    trigger = models.CharField(
        max_length=40, blank=True, help_text="schedule, command, admin, cold start..."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["field"], condition=models.Q(is_active=True), name="triage_model_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field} model {self.version}{' (active)' if self.is_active else ''}"
