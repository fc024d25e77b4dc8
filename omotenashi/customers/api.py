"""/api/v1/guests: look up, create and edit guests (docs/decisions/0005-api-guest-access.md).

Who may: any agent who serves at least one team (and admins). A guest's profile is shared
desk knowledge, but the ticket history shown on it is filtered to the caller's queues.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Annotated

from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Status

from omotenashi.accounts.api import Ref, agent_of, errors, path_id
from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest, Organisation
from omotenashi.customers.schemas import (
    AvailabilityOut,
    EntitlementOut,
    GuestEmailOut,
    GuestIn,
    GuestOut,
    GuestPage,
    GuestPatch,
    GuestProfileOut,
    GuestTicketOut,
    refuse_nul,
)
from omotenashi.customers.selectors import guest_list, guest_primary_email
from omotenashi.customers.services import guest_create, guest_update
from omotenashi.lib.errors import NotFound, PermissionDenied, ValidationFailed

router = Router(tags=["guests"])

# customers sits below tickets in the dependency order, so it cannot ask ticket selectors
# for a guest's history. The tickets API plugs the (permission-filtered) history in here.
GuestHistory = Callable[[Agent, Guest], list[GuestTicketOut]]
_history: list[GuestHistory] = []


def provide_guest_history(provider: GuestHistory) -> GuestHistory:
    """Register the function that lists a guest's recent tickets visible to an agent."""
    _history[:] = [provider]
    return provider


def _require_guest_access(agent: Agent) -> None:
    if not (agent.is_admin or agent.teams.exists()):
        raise PermissionDenied("Only agents of a team may look up guests.")


def _guest(guest_id: int) -> Guest:
    guest = (
        Guest.objects.select_related("organisation")
        .prefetch_related("emails", "availability", "entitlements")
        .filter(pk=path_id(guest_id, what="guest"))
        .first()
    )
    if guest is None:
        raise NotFound("No such guest.")
    return guest


def guest_out(guest: Guest) -> GuestOut:
    """Precondition: `emails` prefetched and `organisation` selected (no query per guest)."""
    org = guest.organisation
    return GuestOut(
        id=guest.pk,
        name=guest.name,
        preferred_name=guest.preferred_name,
        address_name=guest.address_name,
        email=guest_primary_email(guest=guest),
        organisation=Ref(id=org.pk, name=org.name) if org else None,
        language=guest.language,
        time_zone=guest.time_zone,
    )


def _profile(guest: Guest, agent: Agent) -> GuestProfileOut:
    recent = _history[0](agent, guest) if _history else []
    return GuestProfileOut(
        **guest_out(guest).model_dump(),
        emails=[
            GuestEmailOut(
                address=e.address, is_primary=e.is_primary, verified=e.verified_at is not None
            )
            for e in guest.emails.all()
        ],
        interests=guest.interests,
        notes=guest.notes,
        availability=[
            AvailabilityOut(weekday=w.weekday, start=w.start, end=w.end, kind=w.kind, label=w.label)
            for w in guest.availability.all()
        ],
        entitlements=[
            EntitlementOut(
                product=e.product,
                plan=e.plan,
                serial=e.serial,
                warranty_end=e.warranty_end,
                notes=e.notes,
            )
            for e in guest.entitlements.all()
        ],
        recent_tickets=recent,
        created_at=guest.created_at,
        updated_at=guest.updated_at,
    )


def _encode_cursor(guest: Guest) -> str:
    raw = json.dumps([guest.name, guest.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        name, pk = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(name, str) or not isinstance(pk, int):
            raise ValueError
        return name, pk
    except (ValueError, TypeError, binascii.Error):  # JSONDecodeError is a ValueError
        raise ValidationFailed(
            "The cursor is not valid; start again without one.", field="cursor"
        ) from None


@router.get(
    "", response={200: GuestPage, **errors(403, 422)}, summary="Search guests by name or email"
)
def list_guests(
    request: HttpRequest,
    q: Annotated[str, Query(max_length=200, description="Part of a name or email address")] = "",
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> GuestPage:
    _require_guest_access(agent_of(request))
    refuse_nul(q=q)
    qs = guest_list(query=q.strip())
    if cursor:
        # Keyset on the list's own order (name, id): stable while guests are added.
        name, pk = _decode_cursor(cursor)
        qs = qs.filter(Q(name__gt=name) | Q(name=name, id__gt=pk))
    rows = list(qs[: limit + 1])
    next_cursor = _encode_cursor(rows[limit - 1]) if len(rows) > limit else None
    return GuestPage(items=[guest_out(g) for g in rows[:limit]], next_cursor=next_cursor)


@router.post("", response={201: GuestProfileOut, **errors(403, 409, 422)}, summary="Create a guest")
def create_guest(request: HttpRequest, payload: GuestIn) -> Status[GuestProfileOut]:
    agent = agent_of(request)
    _require_guest_access(agent)
    created = guest_create(
        name=payload.name,
        email=payload.email,
        preferred_name=payload.preferred_name,
        language=payload.language,
        time_zone=payload.time_zone,
    )
    return Status(201, _profile(_guest(created.pk), agent))


@router.get(
    "/{guest_id}",
    response={200: GuestProfileOut, **errors(403, 404)},
    summary="A guest's profile, with their recent tickets in your queues",
)
def get_guest(request: HttpRequest, guest_id: int) -> GuestProfileOut:
    agent = agent_of(request)
    _require_guest_access(agent)
    return _profile(_guest(guest_id), agent)


@router.patch(
    "/{guest_id}", response={200: GuestProfileOut, **errors(403, 404, 422)}, summary="Edit a guest"
)
def update_guest(request: HttpRequest, guest_id: int, payload: GuestPatch) -> GuestProfileOut:
    agent = agent_of(request)
    _require_guest_access(agent)
    guest = _guest(guest_id)
    sent = payload.model_dump(exclude_unset=True)
    changes: dict[str, object] = {}
    for name, value in sent.items():
        if name == "organisation_id":
            org = Organisation.objects.filter(pk=value).first() if value is not None else None
            if value is not None and org is None:
                raise NotFound("No such organisation.", field="organisation_id")
            changes["organisation"] = org
        elif value is None:
            raise ValidationFailed("This field cannot be null.", field=name)
        elif name == "name" and not value.strip():
            raise ValidationFailed("The name cannot be blank.", field="name")
        else:
            changes[name] = value.strip() if name in {"name", "preferred_name"} else value
    guest_update(guest=guest, **changes)
    return _profile(_guest(guest.pk), agent)
