"""/api/v1/guests: any agent of a team may look guests up (docs/decisions/0005-api-guest-access.md);
the ticket history on a profile shows only the caller's queues; mallory (no team) gets 403."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

import pytest

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import AvailabilityWindow, Entitlement, Guest, Organisation
from omotenashi.customers.services import guest_add_email, guest_create
from omotenashi.testing.fixtures import api_client, make_ticket

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, agent: Agent) -> None:
        self.client, self.headers = api_client(agent)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, **self.headers)

    def send(self, method: str, path: str, body: Any) -> Any:
        return getattr(self.client, method)(
            f"/api/v1{path}", data=json.dumps(body), content_type="application/json", **self.headers
        )


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    return error


def test_search_guests_by_name_or_address(alice, carol, dave):
    api = Api(alice)
    assert [g["id"] for g in api.get("/guests", {"q": "svens"}).json()["items"]] == [carol.pk]
    assert [g["id"] for g in api.get("/guests", {"q": "DAVE@example"}).json()["items"]] == [dave.pk]
    everyone = api.get("/guests").json()
    assert [g["name"] for g in everyone["items"]] == ["Carol Svensson", "Dave Dekker"]
    assert everyone["next_cursor"] is None
    first = everyone["items"][0]
    assert (first["email"], first["address_name"], first["language"]) == (
        "carol@example.com",
        "Carol",
        "sv",
    )


def test_guest_with_two_addresses_is_listed_once(alice, carol):
    guest_add_email(guest=carol, email="carol@work.example.com")
    items = Api(alice).get("/guests", {"q": "carol"}).json()["items"]
    assert [g["id"] for g in items] == [carol.pk]


def test_guest_list_pages_by_cursor(bob):
    # Same names on purpose: the cursor must break ties by id.
    created = {guest_create(name=f"Guest {n % 4}", email=f"g{n}@example.com").pk for n in range(23)}
    api = Api(bob)
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 5}
        if cursor:
            params["cursor"] = cursor
        page = api.get("/guests", params).json()
        seen += [g["id"] for g in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 23 and set(seen) == created
    _error(api.get("/guests", {"cursor": "bm9wZQ"}), 422, "validation_error")
    _error(api.get("/guests", {"limit": 0}), 422, "validation_error")


def test_agents_without_a_team_cannot_see_guests(mallory, carol):
    api = Api(mallory)
    _error(api.get("/guests"), 403, "forbidden")
    _error(api.get(f"/guests/{carol.pk}"), 403, "forbidden")
    _error(
        api.send("post", "/guests", {"name": "Eve", "email": "eve@example.com"}), 403, "forbidden"
    )
    _error(api.send("patch", f"/guests/{carol.pk}", {"notes": "hi"}), 403, "forbidden")
    carol.refresh_from_db()
    assert carol.notes == ""
    assert not Guest.objects.filter(name="Eve").exists()


def test_admins_see_guests(admin_agent, carol):
    assert Api(admin_agent).get(f"/guests/{carol.pk}").status_code == 200


def test_profile_shows_everything_and_only_your_queues_history(
    alice, bob, carol, it_queue, cs_queue
):
    org = Organisation.objects.create(name="Nordic Trains", domain="example.com")
    carol.organisation = org
    carol.interests = "Trains, jazz"
    carol.notes = "Prefers mail after 10:00."
    carol.save()
    AvailabilityWindow.objects.create(
        guest=carol, weekday=0, start=time(12), end=time(13), kind="away", label="lunch"
    )
    Entitlement.objects.create(
        guest=carol, product="ThinkPad X1", plan="Premier", warranty_end=date(2027, 5, 1)
    )
    it = make_ticket(requester=carol, queue=it_queue)
    cs = make_ticket(requester=carol, queue=cs_queue, subject="Refund")

    profile = Api(alice).get(f"/guests/{carol.pk}").json()
    assert profile["organisation"] == {"id": org.pk, "name": "Nordic Trains"}
    assert profile["emails"] == [
        {"address": "carol@example.com", "is_primary": True, "verified": False}
    ]
    assert (profile["interests"], profile["notes"], profile["time_zone"]) == (
        "Trains, jazz",
        "Prefers mail after 10:00.",
        "Europe/Stockholm",
    )
    assert profile["availability"] == [
        {"weekday": 0, "start": "12:00:00", "end": "13:00:00", "kind": "away", "label": "lunch"}
    ]
    assert profile["entitlements"][0]["product"] == "ThinkPad X1"
    assert profile["entitlements"][0]["warranty_end"] == "2027-05-01"
    assert [t["id"] for t in profile["recent_tickets"]] == [it.pk]
    assert profile["recent_tickets"][0]["queue"] == {"id": it_queue.pk, "name": it_queue.name}

    assert [t["id"] for t in Api(bob).get(f"/guests/{carol.pk}").json()["recent_tickets"]] == [
        cs.pk
    ]
    _error(Api(alice).get("/guests/987654"), 404, "not_found")


def test_create_guest(alice):
    api = Api(alice)
    response = api.send(
        "post",
        "/guests",
        {
            "name": "Yuki Tanaka",
            "email": "Yuki@Example.jp",
            "preferred_name": "Yuki-san",
            "language": "ja",
            "time_zone": "Asia/Tokyo",
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["email"], data["address_name"], data["language"], data["time_zone"]) == (
        "yuki@example.jp",
        "Yuki-san",
        "ja",
        "Asia/Tokyo",
    )
    assert data["recent_tickets"] == []
    duplicate = api.send("post", "/guests", {"name": "Other Yuki", "email": "yuki@example.jp"})
    assert "email" in _error(duplicate, 409, "conflict")["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "email": "not-an-address"}, "email"),
        ({"name": "X", "email": "x@example.com", "time_zone": "Mars/Olympus"}, "time_zone"),
        ({"name": "X", "email": "x@example.com", "language": "klingon!"}, "language"),
        ({"name": "", "email": "x@example.com"}, "name"),
        ({"name": "X" * 201, "email": "x@example.com"}, "name"),
        ({"email": "x@example.com"}, "name"),
        ({"name": "X", "email": "x@example.com", "vip": True}, "vip"),
    ],
)
def test_create_guest_validation(alice, body, field):
    assert (
        field in _error(Api(alice).send("post", "/guests", body), 422, "validation_error")["fields"]
    )
    assert not Guest.objects.exists()


def test_patch_guest_changes_only_what_is_sent(alice, carol):
    org = Organisation.objects.create(name="Nordic Trains")
    api = Api(alice)
    response = api.send(
        "patch",
        f"/guests/{carol.pk}",
        {"preferred_name": " Caro ", "organisation_id": org.pk, "interests": "Trains"},
    )
    assert response.status_code == 200, response.content
    carol.refresh_from_db()
    assert (carol.preferred_name, carol.organisation, carol.interests) == ("Caro", org, "Trains")
    assert (carol.name, carol.language) == ("Carol Svensson", "sv")
    cleared = api.send("patch", f"/guests/{carol.pk}", {"organisation_id": None}).json()
    assert cleared["organisation"] is None


def test_patch_guest_refusals(alice, carol):
    api = Api(alice)
    assert (
        "name"
        in _error(
            api.send("patch", f"/guests/{carol.pk}", {"name": None}), 422, "validation_error"
        )["fields"]
    )
    assert (
        "name"
        in _error(
            api.send("patch", f"/guests/{carol.pk}", {"name": "  "}), 422, "validation_error"
        )["fields"]
    )
    unknown_org = api.send("patch", f"/guests/{carol.pk}", {"organisation_id": 987654})
    assert "organisation_id" in _error(unknown_org, 404, "not_found")["fields"]
    _error(
        api.send("patch", f"/guests/{carol.pk}", {"email": "new@example.com"}),
        422,
        "validation_error",
    )
    _error(api.send("patch", "/guests/987654", {"notes": "x"}), 404, "not_found")
    carol.refresh_from_db()
    assert carol.name == "Carol Svensson"


def test_search_text_with_nul_is_refused(alice):
    assert (
        "q" in _error(Api(alice).get("/guests", {"q": "a\x00b"}), 422, "validation_error")["fields"]
    )
