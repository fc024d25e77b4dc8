"""/api/v1/tickets, /attachments and /queues: thin views over tickets.selectors and services.

Every ticket id from a client becomes a ticket through `ticket_get_for_agent`, so an agent
of another team gets the same 404 as for an id that does not exist.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from datetime import UTC, datetime
from types import EllipsisType
from typing import Annotated

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, prefetch_related_objects
from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Header, Query, Router, Status

from omotenashi.accounts.api import MAX_ID, Ref, agent_of, errors, path_id
from omotenashi.accounts.models import Agent
from omotenashi.customers.api import provide_guest_history
from omotenashi.customers.models import Guest
from omotenashi.customers.schemas import GuestTicketOut, refuse_nul
from omotenashi.customers.selectors import guest_primary_address, guest_primary_email
from omotenashi.customers.services import guest_get_or_create_by_email
from omotenashi.lib.errors import Conflict, NotFound, ValidationFailed
from omotenashi.tickets.models import (
    OPEN_STATUSES,
    Attachment,
    Channel,
    IdempotencyKey,
    Macro,
    Message,
    MessageKind,
    Queue,
    Ticket,
    TicketEvent,
)
from omotenashi.tickets.models import (
    Status as TicketStatus,
)
from omotenashi.tickets.schemas import (
    ActorOut,
    AssigneeIn,
    AttachmentIn,
    AttachmentOut,
    EventOut,
    MergeIn,
    MessageOut,
    NoteIn,
    PriorityIn,
    PriorityName,
    QueueIn,
    QueueOut,
    ReplyIn,
    RequesterOut,
    SlaOut,
    StatusIn,
    TagsIn,
    TicketCreateIn,
    TicketOut,
    TicketPage,
)
from omotenashi.tickets.selectors import (
    TicketFilters,
    queue_for_new_ticket,
    queues_for_agent,
    ticket_get_for_agent,
    ticket_list_for_agent,
    ticket_messages,
    tickets_visible_to_agent,
)
from omotenashi.tickets.services import (
    IncomingFile,
    macro_apply,
    ticket_assign,
    ticket_change_priority,
    ticket_change_queue,
    ticket_change_status,
    ticket_create,
    ticket_merge,
    ticket_note,
    ticket_reply,
    ticket_set_tags,
)

logger = logging.getLogger(__name__)

router = Router(tags=["tickets"])
attachments_router = Router(tags=["tickets"])
queues_router = Router(tags=["queues"])

GUEST_HISTORY_LIMIT = 20

# --- building answers ------------------------------------------------------------------------


def _with_relations(tickets: list[Ticket]) -> list[Ticket]:
    """Load what ticket_out reads, in a fixed number of queries for any number of tickets."""
    prefetch_related_objects(tickets, "tags", "requester__emails", "sla_policy")
    return tickets


def _created_out(ticket: Ticket, *, tagged: bool) -> TicketOut:
    """The answer for a ticket this request has just created, built from the objects in hand.

    ticket_create leaves the queue, the requester and the SLA policy on the ticket, and no
    one else has changed it yet (its transaction has only just committed), so only the
    requester's addresses are read, and the tags when the request gave some. Re-reading
    the ticket with everything it refers to took five queries and a fifth of the request's
    CPU time. Work queued after commit may change the ticket later; the answer is the
    ticket as created, as it always was with a worker (docs/decisions/0012).
    """
    email = guest_primary_address(guest_id=ticket.requester_id)
    if tagged:
        prefetch_related_objects([ticket], "tags")
    return ticket_out(ticket, tags=None if tagged else [], requester_email=email)


def _reload(pk: int) -> Ticket:
    """A ticket the caller already reached through the selector, re-read after a change."""
    ticket = Ticket.objects.select_related("queue", "assignee", "requester").get(pk=pk)
    return _with_relations([ticket])[0]


def ticket_out(
    ticket: Ticket,
    *,
    tags: list[str] | None = None,
    requester_email: str | EllipsisType | None = ...,
) -> TicketOut:
    """Precondition: queue, assignee, requester selected; tags, emails, policy prefetched.

    `tags`: the sorted tag names when the caller knows them (then they are not read);
    `requester_email`: the requester's primary address when the caller has read it (else
    it is taken from the prefetched addresses).
    """
    policy = ticket.sla_policy
    return TicketOut(
        id=ticket.pk,
        number=ticket.number,
        subject=ticket.subject,
        status=ticket.status,
        priority=ticket.priority,
        channel=ticket.channel,
        language=ticket.language,
        queue=Ref(id=ticket.queue.pk, name=ticket.queue.name),
        assignee=Ref(id=ticket.assignee.pk, name=ticket.assignee.display_name)
        if ticket.assignee
        else None,
        requester=RequesterOut(
            id=ticket.requester.pk,
            name=ticket.requester.name,
            email=guest_primary_email(guest=ticket.requester)
            if isinstance(requester_email, EllipsisType)
            else requester_email,
        ),
        tags=sorted(tag.name for tag in ticket.tags.all()) if tags is None else tags,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        first_responded_at=ticket.first_responded_at,
        solved_at=ticket.solved_at,
        sla=SlaOut(
            policy=policy.name if policy else None,
            first_response_due_at=ticket.first_response_due_at,
            resolution_due_at=ticket.resolution_due_at,
            at_risk=ticket.sla_at_risk,
            breached=ticket.sla_breached,
        ),
        merged_into=ticket.merged_into_id,
    )


def _actor(*, agent: Agent | None, guest: Guest | None, system: str = "") -> ActorOut:
    if agent is not None:
        return ActorOut(type="agent", id=agent.pk, name=agent.display_name)
    if guest is not None:
        return ActorOut(type="guest", id=guest.pk, name=guest.name)
    return ActorOut(type="system", id=None, name=system or "system")


def message_out(request: HttpRequest, message: Message) -> MessageOut:
    """Precondition: authors selected and attachments prefetched (see ticket_messages)."""
    if message.kind == MessageKind.GUEST:
        # An agent may file a guest's message on their behalf; it is still the guest's.
        author = _actor(
            agent=None if message.author_guest else message.author_agent, guest=message.author_guest
        )
    else:
        author = _actor(agent=message.author_agent, guest=message.author_guest)
    return MessageOut(
        id=message.pk,
        ticket_id=message.ticket_id,
        kind=message.kind,
        author=author,
        channel=message.channel,
        language=message.language,
        body_text=message.body_text,
        body_html=message.body_html,
        created_at=message.created_at,
        attachments=[
            AttachmentOut(
                id=a.pk,
                filename=a.filename,
                content_type=a.content_type,
                size=a.size,
                url=request.build_absolute_uri(reverse("api:attachment_download", args=[a.pk])),
            )
            for a in message.attachments.all()
        ],
    )


def _message(request: HttpRequest, message: Message) -> MessageOut:
    fresh = Message.objects.select_related("author_agent", "author_guest").prefetch_related(
        "attachments"
    )
    return message_out(request, fresh.get(pk=message.pk))


# --- reading requests ---------------------------------------------------------------------


def _ticket(request: HttpRequest, ticket_id: int) -> tuple[Agent, Ticket]:
    agent = agent_of(request)
    ticket = ticket_get_for_agent(agent=agent, ticket_id=path_id(ticket_id, what="ticket"))
    return agent, ticket


def _files(attachments: list[AttachmentIn]) -> list[IncomingFile]:
    files = []
    for index, item in enumerate(attachments):
        try:
            # Line breaks are common in base64 from mail tools; anything else is an error.
            data = base64.b64decode("".join(item.content_base64.split()), validate=True)
        except (binascii.Error, ValueError):
            raise ValidationFailed(
                "This is not valid base64.", field=f"attachments.{index}.content_base64"
            ) from None
        files.append(
            IncomingFile(filename=item.filename, content_type=item.content_type, data=data)
        )
    return files


def _require_body(payload: TicketCreateIn | ReplyIn | NoteIn) -> None:
    # A shape rule (one of two fields), checked here because tickets.services accepts a
    # blank text body: text_to_html("") is "<p></p>", which passes its emptiness check.
    if not ((payload.body or "").strip() or (payload.body_html or "").strip()):
        raise ValidationFailed("Give the message as body (plain text) or body_html.", field="body")


def _requester(payload: TicketCreateIn) -> Guest:
    if payload.requester is not None and payload.requester_id is not None:
        raise ValidationFailed("Give requester or requester_id, not both.", field="requester")
    if payload.requester is not None:
        guest, _ = guest_get_or_create_by_email(
            email=payload.requester.email, name=payload.requester.name
        )
        return guest
    if payload.requester_id is not None:
        known = Guest.objects.filter(pk=payload.requester_id).first()
        if known is None:
            raise NotFound("No such guest.", field="requester_id")
        return known
    raise ValidationFailed(
        "Give the requester ({email, name}) or a requester_id.", field="requester"
    )


def _create(agent: Agent, payload: TicketCreateIn) -> Ticket:
    """Create a ticket for the payload. Precondition: runs inside a transaction."""
    queue = queue_for_new_ticket(agent=agent, queue_id=payload.queue_id)
    _require_body(payload)
    files = _files(payload.attachments)
    requester = _requester(payload)
    ccs = [guest_get_or_create_by_email(email=address)[0] for address in payload.cc]
    return ticket_create(
        requester=requester,
        body_text=payload.body,
        body_html=payload.body_html,
        subject=payload.subject,
        channel=Channel.API,
        queue=queue,
        priority=payload.priority,
        created_by=agent,
        ccs=ccs,
        tags=payload.tags,
        attachments=files,
    )


def _request_hash(payload: TicketCreateIn) -> str:
    # The validated body as sent (unset fields left out), so key order and whitespace do not
    # make the same request look different.
    canonical = json.dumps(
        payload.model_dump(mode="json", exclude_unset=True), sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(agent: Agent, key: str, digest: str) -> Ticket | None:
    """The ticket an earlier request with this key created, or None if the key is new."""
    row = IdempotencyKey.objects.filter(agent=agent, key=key).first()
    if row is None:
        return None
    if row.request_hash != digest:
        raise Conflict(
            "This Idempotency-Key was already used for a different request.",
            field="Idempotency-Key",
        )
    return ticket_get_for_agent(agent=agent, ticket_id=row.ticket_id)


# --- tickets --------------------------------------------------------------------------------

TicketAnswer = {200: TicketOut, **errors(404, 409, 422)}


@router.post(
    "",
    response={201: TicketOut, 200: TicketOut, **errors(403, 404, 409, 422)},
    summary="Create a ticket (idempotent with an Idempotency-Key header)",
    description="201 with the new ticket. Sent again with the same Idempotency-Key and body: "
    "200 with the same ticket. The same key with a different body: 409. "
    "Keys are kept at least 24 hours.",
)
def create_ticket(
    request: HttpRequest,
    payload: TicketCreateIn,
    idempotency_key: Annotated[
        str | None, Header(alias="Idempotency-Key", min_length=1, max_length=255)
    ] = None,
) -> Status[TicketOut]:
    agent = agent_of(request)
    refuse_nul(**{"Idempotency-Key": idempotency_key})
    key = idempotency_key.strip() if idempotency_key is not None else None
    if key == "":
        raise ValidationFailed("The Idempotency-Key is blank.", field="Idempotency-Key")
    if key is None:
        with transaction.atomic():
            ticket = _create(agent, payload)
        return Status(201, _created_out(ticket, tagged=bool(payload.tags)))
    digest = _request_hash(payload)
    earlier = _replay(agent, key, digest)
    if earlier is not None:
        return Status(200, ticket_out(_reload(earlier.pk)))
    try:
        with transaction.atomic():
            ticket = _create(agent, payload)
            IdempotencyKey.objects.create(agent=agent, key=key, request_hash=digest, ticket=ticket)
    except IntegrityError:
        # A simultaneous request with the same key committed first: the unique constraint
        # rolled our ticket back with the key, and the client gets the winner's ticket.
        earlier = _replay(agent, key, digest)
        if earlier is None:
            raise
        return Status(200, ticket_out(_reload(earlier.pk)))
    return Status(201, _created_out(ticket, tagged=bool(payload.tags)))


def _statuses(raw: list[str] | None, open_only: bool | None) -> list[str] | None:
    """Statuses to show from `status` (repeated or comma-separated) and `open`; None = all."""
    wanted: list[str] | None = None
    if raw:
        wanted = [s.strip() for item in raw for s in item.split(",") if s.strip()]
        unknown = [s for s in wanted if s not in TicketStatus.values]
        if unknown:
            raise ValidationFailed(
                f"Unknown status {unknown[0]!r}; use {', '.join(TicketStatus.values)}.",
                field="status",
            )
    if open_only is not None:
        pool = wanted if wanted is not None else list(TicketStatus.values)
        wanted = [s for s in pool if (s in OPEN_STATUSES) == open_only]
    return wanted


@router.get("", response={200: TicketPage, **errors(422)}, summary="List tickets in your queues")
def list_tickets(
    request: HttpRequest,
    status: Annotated[
        list[str] | None, Query(description="Repeat or comma-separate: status=new,open")
    ] = None,
    open_only: Annotated[
        bool | None, Query(alias="open", description="true: open statuses; false: solved or closed")
    ] = None,
    queue_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    assignee_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    unassigned: bool = False,
    requester_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    priority: PriorityName | None = None,
    tag: Annotated[str | None, Query(max_length=64)] = None,
    at_risk: Annotated[bool, Query(description="Open tickets at risk or breached")] = False,
    updated_since: Annotated[
        datetime | None, Query(description="ISO 8601; without an offset it is UTC")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TicketPage:
    agent = agent_of(request)
    refuse_nul(tag=tag)
    statuses = _statuses(status, open_only)
    if statuses == []:  # the filters exclude each other; the selector reads [] as "any"
        return TicketPage(items=[], next_cursor=None)
    if updated_since is not None and timezone.is_naive(updated_since):
        updated_since = updated_since.replace(tzinfo=UTC)
    filters = TicketFilters(
        status=statuses,
        queue_id=queue_id,
        assignee_id=assignee_id,
        unassigned=unassigned,
        requester_id=requester_id,
        priority=priority,
        tag=tag,
        at_risk=at_risk,
        updated_since=updated_since,
    )
    page = ticket_list_for_agent(agent=agent, filters=filters, cursor=cursor, limit=limit)
    return TicketPage(
        items=[ticket_out(t) for t in _with_relations(page.items)], next_cursor=page.next_cursor
    )


@router.get("/{ticket_id}", response={200: TicketOut, **errors(404)}, summary="One ticket")
def get_ticket(request: HttpRequest, ticket_id: int) -> TicketOut:
    _, ticket = _ticket(request, ticket_id)
    return ticket_out(_with_relations([ticket])[0])


@router.get(
    "/{ticket_id}/messages",
    response={200: list[MessageOut], **errors(404)},
    summary="The conversation, internal notes included, oldest first",
)
def list_messages(request: HttpRequest, ticket_id: int) -> list[MessageOut]:
    _, ticket = _ticket(request, ticket_id)
    return [message_out(request, m) for m in ticket_messages(ticket=ticket, include_notes=True)]


@router.get(
    "/{ticket_id}/events",
    response={200: list[EventOut], **errors(404)},
    summary="The change log, oldest first",
)
def list_events(request: HttpRequest, ticket_id: int) -> list[EventOut]:
    _, ticket = _ticket(request, ticket_id)
    events = TicketEvent.objects.filter(ticket=ticket).select_related("actor_agent", "actor_guest")
    return [
        EventOut(
            id=e.pk,
            kind=e.kind,
            actor=_actor(agent=e.actor_agent, guest=e.actor_guest, system=e.actor_system),
            old_value=e.old_value,
            new_value=e.new_value,
            reason=e.reason,
            data=e.data,
            created_at=e.created_at,
        )
        for e in events.order_by("created_at", "id")
    ]


@router.post(
    "/{ticket_id}/replies",
    response={201: MessageOut, **errors(404, 409, 422)},
    summary="Reply to the guest (sent by email)",
)
def reply(request: HttpRequest, ticket_id: int, payload: ReplyIn) -> Status[MessageOut]:
    agent, ticket = _ticket(request, ticket_id)
    _require_body(payload)
    message = ticket_reply(
        ticket=ticket,
        agent=agent,
        body_text=payload.body,
        body_html=payload.body_html,
        attachments=_files(payload.attachments),
        status=payload.status,
        channel=Channel.API,
    )
    return Status(201, _message(request, message))


@router.post(
    "/{ticket_id}/notes",
    response={201: MessageOut, **errors(404, 422)},
    summary="Add an internal note (never shown to the guest)",
)
def note(request: HttpRequest, ticket_id: int, payload: NoteIn) -> Status[MessageOut]:
    agent, ticket = _ticket(request, ticket_id)
    _require_body(payload)
    message = ticket_note(
        ticket=ticket,
        agent=agent,
        body_text=payload.body,
        body_html=payload.body_html,
        attachments=_files(payload.attachments),
    )
    return Status(201, _message(request, message))


@router.post("/{ticket_id}/status", response=TicketAnswer, summary="Change the status")
def change_status(request: HttpRequest, ticket_id: int, payload: StatusIn) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    ticket_change_status(ticket=ticket, status=payload.status, by=agent, reason=payload.reason)
    return ticket_out(_reload(ticket.pk))


@router.post(
    "/{ticket_id}/queue",
    response=TicketAnswer,
    summary="Move to another queue",
    description="Any queue of the desk: handing a ticket to another team is allowed, after which "
    "you may no longer see it.",
)
def change_queue(request: HttpRequest, ticket_id: int, payload: QueueIn) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    queue = Queue.objects.filter(pk=payload.queue_id).first()
    if queue is None:
        raise NotFound("No such queue.", field="queue_id")
    ticket_change_queue(ticket=ticket, queue=queue, by=agent, reason=payload.reason)
    return ticket_out(_reload(ticket.pk))


@router.post("/{ticket_id}/assignee", response=TicketAnswer, summary="Assign or unassign")
def change_assignee(request: HttpRequest, ticket_id: int, payload: AssigneeIn) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    assignee = None
    if payload.assignee_id is not None:
        assignee = Agent.objects.filter(pk=payload.assignee_id).first()
        if assignee is None:
            raise NotFound("No such agent.", field="assignee_id")
    ticket_assign(ticket=ticket, assignee=assignee, by=agent)
    return ticket_out(_reload(ticket.pk))


@router.post("/{ticket_id}/priority", response=TicketAnswer, summary="Change the priority")
def change_priority(request: HttpRequest, ticket_id: int, payload: PriorityIn) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    ticket_change_priority(ticket=ticket, priority=payload.priority, by=agent)
    return ticket_out(_reload(ticket.pk))


@router.put("/{ticket_id}/tags", response=TicketAnswer, summary="Replace the tags")
def set_tags(request: HttpRequest, ticket_id: int, payload: TagsIn) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    ticket_set_tags(ticket=ticket, tags=payload.tags, by=agent)
    return ticket_out(_reload(ticket.pk))


@router.post(
    "/{ticket_id}/merge",
    response=TicketAnswer,
    summary="Merge this ticket into another",
    description="Moves the messages to the target and closes this ticket; returns this ticket, "
    "whose merged_into names the target.",
)
def merge(request: HttpRequest, ticket_id: int, payload: MergeIn) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    try:
        target = ticket_get_for_agent(agent=agent, ticket_id=payload.target_id)
    except NotFound:
        raise NotFound("No such ticket to merge into.", field="target_id") from None
    ticket_merge(source=ticket, target=target, by=agent)
    return ticket_out(_reload(ticket.pk))


@router.post(
    "/{ticket_id}/macros/{macro_id}",
    response=TicketAnswer,
    summary="Apply a macro (reply with its text, set its status and tags)",
)
def apply_macro(request: HttpRequest, ticket_id: int, macro_id: int) -> TicketOut:
    agent, ticket = _ticket(request, ticket_id)
    macro = (
        Macro.objects.prefetch_related("translations")
        .filter(pk=path_id(macro_id, what="macro"))
        .first()
    )
    if macro is None:
        raise NotFound("No such macro.")
    macro_apply(macro=macro, ticket=ticket, agent=agent)
    return ticket_out(_reload(ticket.pk))


# --- attachments ----------------------------------------------------------------------------


@attachments_router.get(
    "/{attachment_id}",
    response=errors(404),
    url_name="attachment_download",
    summary="Download an attachment",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as a download",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def download_attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    agent = agent_of(request)
    attachment = (
        Attachment.objects.select_related("message")
        .filter(pk=path_id(attachment_id, what="attachment"))
        .first()
    )
    if attachment is None:
        raise NotFound("No such attachment.")
    try:
        ticket_get_for_agent(agent=agent, ticket_id=attachment.message.ticket_id)
    except NotFound:
        raise NotFound("No such attachment.") from None
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        logger.error("Attachment %s is missing its file %s", attachment.pk, attachment.file.name)
        raise NotFound("The file of this attachment is missing.") from None
    # Always a download, never rendered inline: an uploaded HTML or SVG file must not run in
    # the desk's origin.
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type or "application/octet-stream",
    )


# --- queues ------------------------------------------------------------------------------------


@queues_router.get(
    "", response={200: list[QueueOut], **errors()}, summary="Your queues, with open counts"
)
def list_queues(request: HttpRequest) -> list[QueueOut]:
    agent = agent_of(request)
    queues = queues_for_agent(agent=agent).annotate(
        open_count=Count("tickets", filter=Q(tickets__status__in=OPEN_STATUSES))
    )
    return [
        QueueOut(
            id=q.pk,
            name=q.name,
            slug=q.slug,
            description=q.description,
            team=Ref(id=q.team.pk, name=q.team.name),
            is_default=q.is_default,
            open_count=q.open_count,
        )
        for q in queues.order_by("name")
    ]


# --- a guest's history on their profile (customers.api asks for it) --------------------------


@provide_guest_history
def _guest_history(agent: Agent, guest: Guest) -> list[GuestTicketOut]:
    rows = (
        tickets_visible_to_agent(agent=agent)
        .filter(requester=guest)
        .select_related("queue")
        .order_by("-created_at", "-id")[:GUEST_HISTORY_LIMIT]
    )
    return [
        GuestTicketOut(
            id=t.pk,
            number=t.number,
            subject=t.subject,
            status=t.status,
            priority=t.priority,
            queue=Ref(id=t.queue.pk, name=t.queue.name),
            created_at=t.created_at,
            updated_at=t.updated_at,
        )
        for t in rows
    ]


__all__ = ["attachments_router", "message_out", "queues_router", "router", "ticket_out"]
