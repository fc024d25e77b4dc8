"""Shapes of tickets, messages and events in the /api/v1 API.

Requests are validated for shape here (types, lengths, enums); the domain rules (lifecycle,
assignability, attachment limits, tags) stay in tickets.services, which the API calls.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from omotenashi.accounts.api import Id, Ref
from omotenashi.customers.schemas import Email, StrictIn
from omotenashi.tickets.services import SUBJECT_MAX

StatusName = Literal["new", "open", "pending", "on_hold", "solved", "closed"]
PriorityName = Literal["low", "normal", "high", "urgent"]
# The service allows a million characters of text; base64 HTML of a big mail can be larger.
BodyText = Annotated[str, Field(max_length=2_000_000)]
TagName = Annotated[str, Field(max_length=64)]
Reason = Annotated[str, Field(max_length=2000)]

# --- requests ----------------------------------------------------------------------------------


class AttachmentIn(StrictIn):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field("", max_length=127)
    content_base64: str = Field(description="The file's bytes, base64-encoded (standard alphabet).")


class RequesterIn(StrictIn):
    email: Email
    name: str = Field("", max_length=200)


class TicketCreateIn(StrictIn):
    """Give `requester` (found or created by email) or `requester_id`; `body` or `body_html`."""

    requester: RequesterIn | None = None
    requester_id: Id | None = None
    subject: str = Field("", max_length=SUBJECT_MAX, description="Derived from the body if absent.")
    body: BodyText | None = Field(None, description="Plain text.")
    body_html: BodyText | None = Field(None, description="HTML; sanitised before it is stored.")
    queue_id: Id | None = Field(None, description="One of your queues; else the desk's default.")
    priority: PriorityName = "normal"
    tags: list[TagName] = Field(default_factory=list, max_length=50)
    cc: list[Email] = Field(default_factory=list, max_length=50)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class ReplyIn(StrictIn):
    body: BodyText | None = None
    body_html: BodyText | None = None
    status: StatusName | None = Field(None, description="Change the status with the reply.")
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class NoteIn(StrictIn):
    body: BodyText | None = None
    body_html: BodyText | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class StatusIn(StrictIn):
    status: StatusName
    reason: Reason = ""


class QueueIn(StrictIn):
    queue_id: Id
    reason: Reason = ""


class AssigneeIn(StrictIn):
    assignee_id: Id | None = Field(description="An agent of the queue's team, or null to unassign.")


class PriorityIn(StrictIn):
    priority: PriorityName


class TagsIn(StrictIn):
    tags: list[TagName] = Field(max_length=50)


class MergeIn(StrictIn):
    target_id: Id


# --- answers -----------------------------------------------------------------------------------


class RequesterOut(Schema):
    id: int
    name: str
    email: str | None


class SlaOut(Schema):
    policy: str | None
    first_response_due_at: datetime | None
    resolution_due_at: datetime | None
    at_risk: bool
    breached: bool


class TicketOut(Schema):
    id: int
    number: int
    subject: str
    status: str
    priority: str
    channel: str
    language: str
    queue: Ref
    assignee: Ref | None
    requester: RequesterOut
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    first_responded_at: datetime | None
    solved_at: datetime | None
    sla: SlaOut
    merged_into: int | None


class TicketPage(Schema):
    items: list[TicketOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at end.")


class ActorOut(Schema):
    type: Literal["agent", "guest", "system"]
    id: int | None
    name: str


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    url: str = Field(description="Download link (needs the same token).")


class MessageOut(Schema):
    id: int
    ticket_id: int
    kind: str = Field(description="guest, reply or note (internal)")
    author: ActorOut
    channel: str
    language: str
    body_text: str
    body_html: str = Field(description="Sanitised HTML.")
    created_at: datetime
    attachments: list[AttachmentOut]


class EventOut(Schema):
    id: int
    kind: str
    actor: ActorOut
    old_value: str
    new_value: str
    reason: str
    data: dict[str, Any]
    created_at: datetime


class QueueOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    team: Ref
    is_default: bool
    open_count: int = Field(description="Tickets in new, open, pending or on-hold status.")
