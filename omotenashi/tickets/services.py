"""Writes for tickets. Every change goes through here and leaves an event.

Conventions: keyword-only arguments, `@transaction.atomic`, `save(update_fields=...)`.
Services do not check *who may see* a ticket (selectors do that before a view or the API
gets hold of one); they enforce the domain rules: lifecycle, limits, assignability.
Hooks (tickets.hooks) run inside the transaction; slow work is deferred to on_commit.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.lib.errors import Conflict, ValidationFailed
from omotenashi.lib.html import html_to_text, sanitize_html, text_to_html
from omotenashi.tickets import hooks, sla
from omotenashi.tickets.models import (
    ALLOWED_TRANSITIONS,
    Attachment,
    Category,
    Channel,
    EventKind,
    Macro,
    Message,
    MessageKind,
    Priority,
    Queue,
    Status,
    Tag,
    Ticket,
    TicketEvent,
)

Actor = Agent | Guest | None
SUBJECT_MAX = 255
BODY_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class IncomingFile:
    """An attachment as received (mail part, upload, API base64), before validation."""

    filename: str
    content_type: str
    data: bytes
    content_id: str = ""


# --- helpers ------------------------------------------------------------------------------


def _event(
    ticket: Ticket,
    kind: str,
    *,
    by: Actor = None,
    system: str = "",
    old: object = "",
    new: object = "",
    reason: str = "",
    data: dict[str, object] | None = None,
) -> TicketEvent:
    return TicketEvent.objects.create(
        ticket=ticket,
        kind=kind,
        actor_agent=by if isinstance(by, Agent) else None,
        actor_guest=by if isinstance(by, Guest) else None,
        actor_system=system[:120],
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        reason=reason,
        data=data or {},
    )


def _bodies(*, body_text: str | None, body_html: str | None) -> tuple[str, str]:
    """(sanitised html, plain text) from whichever of the two the caller has."""
    if body_html:
        clean = sanitize_html(body_html)
        text = body_text if body_text and body_text.strip() else html_to_text(clean)
    else:
        text = (body_text or "").replace("\r\n", "\n")
        clean = text_to_html(text)
    if not text.strip() and "<img" not in clean:
        raise ValidationFailed("The message is empty.", field="body")
    if len(text) > BODY_MAX_CHARS:
        raise ValidationFailed(
            f"The message is longer than {BODY_MAX_CHARS} characters.", field="body"
        )
    return clean, text.strip()


def derive_subject(text: str) -> str:
    """A subject from the first meaningful line of a message, for forms that do not ask one."""
    for line in text.splitlines():
        line = line.strip(" \t-*>#")
        if len(line) >= 3:
            line = re.sub(r"\s+", " ", line)
            return line if len(line) <= 80 else line[:77].rsplit(" ", 1)[0] + "…"
    return "(no subject)"


def default_queue() -> Queue:
    queue = Queue.objects.filter(is_default=True).first() or Queue.objects.order_by("id").first()
    if queue is None:
        raise ValidationFailed("The desk has no queue yet; an admin must create one.")
    return queue


def validate_attachment(file: IncomingFile) -> str | None:
    """None when acceptable, else the reason it is refused."""
    if len(file.data) > settings.MAX_ATTACHMENT_BYTES:
        limit_mb = settings.MAX_ATTACHMENT_BYTES / (1024 * 1024)
        return f"{file.filename}: larger than the {limit_mb:.0f} MB limit."
    ext = file.filename.rsplit(".", 1)[-1].lower() if "." in file.filename else ""
    if ext in settings.BLOCKED_ATTACHMENT_EXTENSIONS:
        return f"{file.filename}: files of type .{ext} are not accepted."
    return None


def _clean_filename(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().strip(".") or "attachment"
    return name[:255]


def _refuse_attachments(files: Sequence[IncomingFile]) -> None:
    """Raise ValidationFailed for the first file that would be refused (before any write)."""
    for file in files:
        reason = validate_attachment(
            IncomingFile(_clean_filename(file.filename), file.content_type, file.data)
        )
        if reason:
            raise ValidationFailed(reason, field="attachments")


def _store_attachments(
    message: Message, files: Sequence[IncomingFile], *, strict: bool
) -> list[str]:
    """Store acceptable files; with strict, any refusal aborts. Returns the refusals."""
    refused: list[str] = []
    for file in files:
        file = IncomingFile(
            _clean_filename(file.filename), file.content_type, file.data, file.content_id
        )
        reason = validate_attachment(file)
        if reason:
            if strict:
                raise ValidationFailed(reason, field="attachments")
            refused.append(reason)
            continue
        digest = hashlib.sha256(file.data).hexdigest()
        content_type = (
            file.content_type
            or mimetypes.guess_type(file.filename)[0]
            or "application/octet-stream"
        )[:127]
        attachment = Attachment(
            message=message,
            filename=file.filename,
            content_type=content_type,
            size=len(file.data),
            sha256=digest,
            content_id=file.content_id[:255],
        )
        # Content-addressed: the same file sent twice is stored once on disk.
        storage = Attachment._meta.get_field("file").storage
        path = f"attachments/{digest[:2]}/{digest}"
        if storage.exists(path):
            attachment.file.name = path
        else:
            attachment.file.save(path, ContentFile(file.data), save=False)
        attachment.save()
    return refused


def _save(ticket: Ticket, fields: Iterable[str]) -> None:
    names = sorted(set(fields) | {"updated_at"})
    ticket.save(update_fields=names)
    hooks.ticket_changed(ticket, names)


# --- creation and messages ------------------------------------------------------------------


def ticket_create(
    *,
    requester: Guest,
    body_text: str | None = None,
    body_html: str | None = None,
    subject: str = "",
    channel: str,
    queue: Queue | None = None,
    priority: str = Priority.NORMAL,
    language: str = "",
    created_by: Agent | None = None,
    ccs: Sequence[Guest] = (),
    tags: Sequence[str] = (),
    attachments: Sequence[IncomingFile] = (),
    strict_attachments: bool = True,
    email_message_id: str | None = None,
    system: str = "",
) -> Ticket:
    """Create a ticket with its first message from the guest (or an agent on their behalf).

    The ticket is committed before any triage; `hooks.ticket_created` lets later layers
    queue their work after commit.

    Atomic, without a savepoint of its own inside a caller's transaction (two statements
    less per ticket, docs/decisions/0014): the arguments are checked before anything is
    written, and a failure after that rolls back the caller's whole transaction. A caller
    that must survive a failed creation and go on writing wraps it in its own
    `transaction.atomic()`, as mail intake does.
    """
    if channel not in Channel.values:
        raise ValidationFailed(f"Unknown channel {channel!r}.", field="channel")
    if priority not in Priority.values:
        raise ValidationFailed(
            f"Unknown priority {priority!r}; use one of {', '.join(Priority.values)}.",
            field="priority",
        )
    html, text = _bodies(body_text=body_text, body_html=body_html)
    subject = re.sub(r"\s+", " ", subject or "").strip() or derive_subject(text)
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    if strict_attachments:
        _refuse_attachments(attachments)
    with transaction.atomic(savepoint=False):
        now = timezone.now()
        ticket = Ticket(
            subject=subject,
            channel=channel,
            priority=priority,
            language=language or requester.language,
            queue=queue or default_queue(),
            requester=requester,
            last_guest_message_at=now,
        )
        # SLA targets before the insert, so the row is written once (an UPDATE less per ticket).
        # They count from `now`, microseconds before created_at is stamped.
        sla.apply_policy(ticket, now=now)
        ticket.save(force_insert=True)
        kind = MessageKind.GUEST
        message = Message.objects.create(
            ticket=ticket,
            kind=kind,
            author_guest=requester,
            author_agent=created_by,
            channel=channel,
            body_html=html,
            body_text=text,
            language=ticket.language,
            email_message_id=email_message_id,
        )
        refused = _store_attachments(message, attachments, strict=strict_attachments)
        if ccs:
            ticket.ccs.set([g for g in ccs if g.pk != requester.pk])
        if tags:
            ticket.tags.set(_tags(tags))
        _event(
            ticket,
            EventKind.CREATED,
            by=created_by or requester,
            system=system,
            new=ticket.queue.name,
            data={"channel": channel, "refused_attachments": refused}
            if refused
            else {"channel": channel},
        )
        hooks.ticket_created(ticket, message)
        hooks.message_added(message)
        return ticket


@transaction.atomic
def ticket_add_guest_message(
    *,
    ticket: Ticket,
    guest: Guest,
    body_text: str | None = None,
    body_html: str | None = None,
    channel: str,
    attachments: Sequence[IncomingFile] = (),
    strict_attachments: bool = True,
    email_message_id: str | None = None,
    system: str = "",
) -> Message:
    """A guest writes on their case. Solved reopens; closed starts a follow-up ticket."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.merged_into_id:
        ticket = Ticket.objects.select_for_update().get(pk=_merge_root(ticket).pk)
    if ticket.status == Status.CLOSED:
        follow_up = ticket_create(
            requester=guest,
            body_text=body_text,
            body_html=body_html,
            subject=f"Re: {ticket.subject}",
            channel=channel,
            queue=ticket.queue,
            priority=ticket.priority,
            language=ticket.language,
            attachments=attachments,
            strict_attachments=strict_attachments,
            email_message_id=email_message_id,
            system=system or "follow-up of a closed ticket",
        )
        follow_up.follow_up_of = ticket
        follow_up.save(update_fields=["follow_up_of"])
        return follow_up.messages.order_by("id").first()  # type: ignore[return-value]
    html, text = _bodies(body_text=body_text, body_html=body_html)
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.GUEST,
        author_guest=guest,
        channel=channel,
        body_html=html,
        body_text=text,
        language=ticket.language,
        email_message_id=email_message_id,
    )
    refused = _store_attachments(message, attachments, strict=strict_attachments)
    _event(
        ticket,
        EventKind.MESSAGE,
        by=guest,
        system=system,
        new=message.pk,
        data={"kind": MessageKind.GUEST, **({"refused_attachments": refused} if refused else {})},
    )
    ticket.last_guest_message_at = message.created_at
    fields = ["last_guest_message_at"]
    if ticket.status in (Status.PENDING, Status.SOLVED):
        fields += _transition(
            ticket, Status.OPEN, by=guest, system=system, reason="The guest wrote again."
        )
    _save(ticket, fields)
    hooks.message_added(message)
    return message


def _agent_message(
    *,
    ticket: Ticket,
    agent: Agent,
    kind: str,
    body_text: str | None,
    body_html: str | None,
    attachments: Sequence[IncomingFile],
    channel: str,
) -> Message:
    html, text = _bodies(body_text=body_text, body_html=body_html)
    message = Message.objects.create(
        ticket=ticket,
        kind=kind,
        author_agent=agent,
        channel=channel,
        body_html=html,
        body_text=text,
        language=ticket.language if kind == MessageKind.REPLY else "",
    )
    _store_attachments(message, attachments, strict=True)
    _event(ticket, EventKind.MESSAGE, by=agent, new=message.pk, data={"kind": kind})
    return message


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    agent: Agent,
    body_text: str | None = None,
    body_html: str | None = None,
    attachments: Sequence[IncomingFile] = (),
    status: str | None = None,
    channel: str = Channel.AGENT,
) -> Message:
    """A public reply to the guest (sent by email through the channels hook)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == Status.CLOSED:
        raise Conflict(
            "This ticket is closed; the guest's next message will open a follow-up.", field="status"
        )
    message = _agent_message(
        ticket=ticket,
        agent=agent,
        kind=MessageKind.REPLY,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        channel=channel,
    )
    fields: list[str] = []
    if ticket.first_responded_at is None:
        ticket.first_responded_at = message.created_at
        fields.append("first_responded_at")
    target = status or (Status.OPEN if ticket.status == Status.NEW else None)
    if target and target != ticket.status:
        fields += _transition(ticket, target, by=agent)
    if ticket.assignee_id is None and _may_assign(agent, ticket.queue):
        ticket.assignee = agent
        fields.append("assignee")
        _event(
            ticket,
            EventKind.ASSIGNEE,
            by=agent,
            old="",
            new=agent.display_name,
            reason="Replied first.",
        )
    fields += sla.refresh_flags(ticket)
    _save(ticket, fields)
    hooks.message_added(message)
    return message


@transaction.atomic
def ticket_note(
    *,
    ticket: Ticket,
    agent: Agent,
    body_text: str | None = None,
    body_html: str | None = None,
    attachments: Sequence[IncomingFile] = (),
) -> Message:
    """An internal note: never shown or sent to the guest."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    message = _agent_message(
        ticket=ticket,
        agent=agent,
        kind=MessageKind.NOTE,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        channel=Channel.AGENT,
    )
    _save(ticket, [])
    hooks.message_added(message)
    return message


# --- field changes -----------------------------------------------------------------------------


def _transition(
    ticket: Ticket, new: str, *, by: Actor, system: str = "", reason: str = ""
) -> list[str]:
    old = ticket.status
    if new not in Status.values:
        raise ValidationFailed(f"Unknown status {new!r}.", field="status")
    if new == old:
        return []
    if new not in ALLOWED_TRANSITIONS[old]:
        allowed = ", ".join(sorted(ALLOWED_TRANSITIONS[old])) or "none (closed is final)"
        raise ValidationFailed(
            f"A {old} ticket cannot become {new}; allowed: {allowed}.", field="status"
        )
    now = timezone.now()
    ticket.status = new
    fields = ["status"]
    if new == Status.SOLVED:
        ticket.solved_at = now
        fields.append("solved_at")
    elif new == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    elif old == Status.SOLVED:
        ticket.solved_at = None
        fields.append("solved_at")
    fields += sla.on_status_change(ticket, old=old, new=new, now=now)
    _event(ticket, EventKind.STATUS, by=by, system=system, old=old, new=new, reason=reason)
    return fields


@transaction.atomic
def ticket_change_status(
    *, ticket: Ticket, status: str, by: Actor = None, system: str = "", reason: str = ""
) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    fields = _transition(ticket, status, by=by, system=system, reason=reason)
    if fields:
        _save(ticket, fields)
    return ticket


@transaction.atomic
def ticket_change_priority(
    *, ticket: Ticket, priority: str, by: Actor = None, system: str = "", reason: str = ""
) -> Ticket:
    if priority not in Priority.values:
        raise ValidationFailed(
            f"Unknown priority {priority!r}; use one of {', '.join(Priority.values)}.",
            field="priority",
        )
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.priority == priority:
        return ticket
    old = ticket.priority
    ticket.priority = priority
    fields = ["priority", *sla.apply_policy(ticket)]
    _event(ticket, EventKind.PRIORITY, by=by, system=system, old=old, new=priority, reason=reason)
    _save(ticket, fields)
    return ticket


@transaction.atomic
def ticket_change_category(
    *,
    ticket: Ticket,
    category: Category | None,
    by: Actor = None,
    system: str = "",
    reason: str = "",
) -> Ticket:
    """Set what the ticket is about (None clears it). A change by an agent is training signal."""
    if category is not None and not category.is_active:
        raise ValidationFailed(
            f"The category {category.name!r} is no longer in use.", field="category"
        )
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("category").get(pk=ticket.pk)
    )
    if ticket.category_id == (category.pk if category else None):
        return ticket
    old = ticket.category.name if ticket.category else ""
    ticket.category = category
    _event(
        ticket,
        EventKind.CATEGORY,
        by=by,
        system=system,
        old=old,
        new=category.name if category else "",
        reason=reason,
        data={"category_id": category.pk if category else None},
    )
    _save(ticket, ["category"])
    return ticket


@transaction.atomic
def ticket_change_language(
    *,
    ticket: Ticket,
    language: str,
    by: Actor = None,
    system: str = "",
    reason: str = "",
    confidence: float | None = None,
) -> Ticket:
    """Set the language the desk answers the guest in. An agent's correction sticks: the
    engine never changes a language a person set (tickets.routing)."""
    language = language.strip().lower()
    if language not in settings.DESK_LANGUAGES:
        raise ValidationFailed(
            f"{language!r} is not a language the desk serves "
            f"({', '.join(settings.DESK_LANGUAGES)}).",
            field="language",
        )
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    fields = []
    if confidence is not None or by is not None:
        # A person's choice is certain; the engine's carries its own confidence.
        ticket.language_confidence = confidence if by is None else 1.0
        fields.append("language_confidence")
    if ticket.language != language:
        _event(
            ticket,
            EventKind.LANGUAGE,
            by=by,
            system=system,
            old=ticket.language,
            new=language,
            reason=reason,
            data={"confidence": confidence} if confidence is not None else {},
        )
        ticket.language = language
        fields.append("language")
    if fields:
        _save(ticket, fields)
    return ticket


def _may_assign(agent: Agent, queue: Queue) -> bool:
    return agent.is_admin or agent.teams.filter(pk=queue.team_id).exists()


@transaction.atomic
def ticket_change_queue(
    *,
    ticket: Ticket,
    queue: Queue,
    by: Actor = None,
    system: str = "",
    reason: str = "",
    confidence: float | None = None,
) -> Ticket:
    """Move a ticket to another queue. The assignee is dropped if they are not in its team."""
    ticket = (
        Ticket.objects.select_for_update(of=("self",)).select_related("queue").get(pk=ticket.pk)
    )
    if ticket.queue_id == queue.pk:
        return ticket
    old = ticket.queue.name
    ticket.queue = queue
    fields = ["queue"]
    if ticket.assignee_id and not _may_assign(ticket.assignee, queue):  # type: ignore[arg-type]
        _event(
            ticket,
            EventKind.ASSIGNEE,
            by=by,
            system=system,
            old=ticket.assignee,
            new="",
            reason=f"Not a member of the team of {queue.name}.",
        )
        ticket.assignee = None
        fields.append("assignee")
    fields += sla.apply_policy(ticket)
    data: dict[str, object] = {"old_queue_id": ticket.queue_id, "new_queue_id": queue.pk}
    if confidence is not None:
        data["confidence"] = confidence
    _event(
        ticket,
        EventKind.QUEUE,
        by=by,
        system=system,
        old=old,
        new=queue.name,
        reason=reason,
        data=data,
    )
    _save(ticket, fields)
    return ticket


@transaction.atomic
def ticket_assign(
    *, ticket: Ticket, assignee: Agent | None, by: Actor = None, system: str = "", reason: str = ""
) -> Ticket:
    ticket = (
        Ticket.objects.select_for_update(of=("self",))
        .select_related("queue", "assignee")
        .get(pk=ticket.pk)
    )
    if assignee is not None and not _may_assign(assignee, ticket.queue):
        raise ValidationFailed(
            f"{assignee} is not in the team that owns {ticket.queue.name}.", field="assignee"
        )
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    old = ticket.assignee.display_name if ticket.assignee else ""
    ticket.assignee = assignee
    _event(
        ticket,
        EventKind.ASSIGNEE,
        by=by,
        system=system,
        old=old,
        new=assignee.display_name if assignee else "",
        reason=reason,
    )
    _save(ticket, ["assignee"])
    return ticket


TAG_RE = re.compile(r"^[\w][\w.:+/-]{0,63}$", re.UNICODE)


def _tags(names: Iterable[str]) -> list[Tag]:
    cleaned = []
    for raw in names:
        name = raw.strip().lower().replace(" ", "-")
        if not name:
            continue
        if not TAG_RE.match(name):
            raise ValidationFailed(
                f"{raw!r} is not a valid tag (letters, digits, - _ . : + /; at most 64).",
                field="tags",
            )
        cleaned.append(name)
    tags = []
    for name in dict.fromkeys(cleaned):
        try:
            with transaction.atomic():
                tag, _ = Tag.objects.get_or_create(name=name)
        except IntegrityError:
            tag = Tag.objects.get(name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def ticket_set_tags(
    *, ticket: Ticket, tags: Sequence[str], by: Actor = None, system: str = "", reason: str = ""
) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    new = _tags(tags)
    old_names = sorted(ticket.tags.values_list("name", flat=True))
    new_names = sorted(t.name for t in new)
    if old_names == new_names:
        return ticket
    ticket.tags.set(new)
    _event(
        ticket,
        EventKind.TAGS,
        by=by,
        system=system,
        old=",".join(old_names),
        new=",".join(new_names),
        reason=reason,
    )
    _save(ticket, [])
    return ticket


@transaction.atomic
def ticket_set_ccs(*, ticket: Ticket, ccs: Sequence[Guest], by: Actor = None) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    wanted = {g.pk: g for g in ccs if g.pk != ticket.requester_id}
    old = sorted(ticket.ccs.values_list("pk", flat=True))
    if old == sorted(wanted):
        return ticket
    ticket.ccs.set(wanted.values())
    _event(
        ticket,
        EventKind.CCS,
        by=by,
        old=",".join(map(str, old)),
        new=",".join(map(str, sorted(wanted))),
    )
    _save(ticket, [])
    return ticket


def _merge_root(ticket: Ticket) -> Ticket:
    seen = set()
    while ticket.merged_into_id and ticket.pk not in seen:
        seen.add(ticket.pk)
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
    return ticket


@transaction.atomic
def ticket_merge(*, source: Ticket, target: Ticket, by: Agent, reason: str = "") -> Ticket:
    """Merge `source` into `target`: its messages move over, the source closes and points to it.

    Replies to the source's mail thread land on the target from then on.
    """
    if source.pk == target.pk:
        raise ValidationFailed("A ticket cannot be merged into itself.", field="target")
    first, second = sorted([source.pk, target.pk])
    locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[first, second])}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id:
        raise Conflict(f"#{source.pk} is already merged into #{source.merged_into_id}.")
    if target.merged_into_id or target.status == Status.CLOSED:
        raise Conflict(
            f"#{target.pk} is closed or merged; choose an open ticket to merge into.",
            field="target",
        )
    moved = Message.objects.filter(ticket=source).update(ticket=target)
    target.ccs.add(*source.ccs.all())
    if source.requester_id != target.requester_id:
        target.ccs.add(source.requester)
    target.tags.add(*source.tags.all())
    _event(
        target,
        EventKind.MERGED,
        by=by,
        old=f"#{source.pk}",
        new=f"#{target.pk}",
        reason=reason,
        data={"source": source.pk, "messages_moved": moved},
    )
    _event(
        source,
        EventKind.MERGED,
        by=by,
        old=f"#{source.pk}",
        new=f"#{target.pk}",
        reason=reason,
        data={"target": target.pk},
    )
    old_status = source.status
    source.merged_into = target
    source.status = Status.CLOSED
    source.closed_at = timezone.now()
    _event(
        source,
        EventKind.STATUS,
        by=by,
        old=old_status,
        new=Status.CLOSED,
        reason=f"Merged into #{target.pk}.",
    )
    _save(source, ["merged_into", "status", "closed_at"])
    last_guest = (
        target.messages.filter(kind=MessageKind.GUEST)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    target.last_guest_message_at = last_guest
    _save(target, ["last_guest_message_at"])
    return target


# --- macros ------------------------------------------------------------------------------------


class _SafeFormat(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def macro_render(
    *, macro: Macro, ticket: Ticket, agent: Agent, language: str | None = None
) -> tuple[str, str]:
    """(language used, text) of a macro for this ticket, placeholders filled.

    Picks the guest's language, then English, then any translation. Placeholders:
    {guest.preferred_name} {guest.name} {ticket.number} {ticket.subject} {agent.name} {desk.name}.
    Unknown placeholders are left as typed so the agent sees them.
    """
    translations = {t.language: t.body for t in macro.translations.all()}
    if not translations:
        raise ValidationFailed(f"The macro {macro.name!r} has no text.")
    wanted = language or ticket.language or ticket.requester.language or "en"
    lang = (
        wanted
        if wanted in translations
        else ("en" if "en" in translations else sorted(translations)[0])
    )
    values = _SafeFormat(
        {
            "guest.preferred_name": ticket.requester.address_name,
            "guest.name": ticket.requester.name,
            "ticket.number": str(ticket.number),
            "ticket.subject": ticket.subject,
            "agent.name": agent.display_name,
            "desk.name": settings.DESK_NAME,
        }
    )
    text = re.sub(r"\{([a-z_]+\.[a-z_]+)\}", lambda m: values[m.group(1)], translations[lang])
    return lang, text


@transaction.atomic
def macro_apply(*, macro: Macro, ticket: Ticket, agent: Agent, send: bool = True) -> Message | None:
    """Reply with the macro's text (if `send`) and apply its status and tags."""
    if not macro.is_active:
        raise ValidationFailed(f"The macro {macro.name!r} is disabled.")
    if macro.queue_id and macro.queue_id != ticket.queue_id:
        raise ValidationFailed(f"The macro {macro.name!r} belongs to another queue.")
    message = None
    if send:
        _, text = macro_render(macro=macro, ticket=ticket, agent=agent)
        message = ticket_reply(
            ticket=ticket, agent=agent, body_text=text, status=macro.set_status or None
        )
    elif macro.set_status:
        ticket_change_status(
            ticket=ticket, status=macro.set_status, by=agent, reason=f"Macro {macro.name}"
        )
    if macro.add_tags:
        ticket.refresh_from_db()
        current = list(ticket.tags.values_list("name", flat=True))
        ticket_set_tags(
            ticket=ticket,
            tags=current + macro.add_tags.split(","),
            by=agent,
            reason=f"Macro {macro.name}",
        )
    _event(ticket, EventKind.MACRO, by=agent, new=macro.name)
    return message
