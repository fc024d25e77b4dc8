"""GET /api/v1/search through the real URL configuration, auth and error envelope."""

from __future__ import annotations

import pytest
from django.test import Client

from omotenashi.testing.fixtures import api_client, make_ticket

pytestmark = pytest.mark.django_db


def test_search_returns_ranked_items_with_snippets(alice, carol, it_queue):
    ticket = make_ticket(
        requester=carol, queue=it_queue, subject="VPN drops", body="The VPN <drops> hourly."
    )
    client, headers = api_client(alice)
    response = client.get("/api/v1/search", {"q": "vpn drops"}, **headers)
    assert response.status_code == 200
    [item] = response.json()["items"]
    assert item["ticket"] == {
        "id": ticket.pk,
        "number": ticket.pk,
        "subject": "VPN drops",
        "status": "new",
        "queue": {"id": it_queue.pk, "name": "IT support"},
        "requester": {"id": carol.pk, "name": "Carol Svensson"},
    }
    assert item["rank"] > 0
    assert item["snippet"] == "The <mark>VPN</mark> &lt;<mark>drops</mark>&gt; hourly."


def test_permission_sibling_other_team_gets_no_items(bob, carol, it_queue):
    make_ticket(requester=carol, queue=it_queue, subject="VPN drops")
    client, headers = api_client(bob)
    response = client.get("/api/v1/search", {"q": "vpn"}, **headers)
    assert response.status_code == 200
    assert response.json() == {"items": []}


def test_without_a_token_is_unauthorized(carol, it_queue):
    make_ticket(requester=carol, queue=it_queue, subject="VPN drops")
    response = Client().get("/api/v1/search", {"q": "vpn"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_open_limit_and_offset(alice, carol, it_queue):
    ids = [make_ticket(requester=carol, queue=it_queue, subject=f"Toner {i}").pk for i in range(3)]
    client, headers = api_client(alice)
    first = client.get(
        "/api/v1/search", {"q": "toner", "limit": 2, "open": "true"}, **headers
    ).json()["items"]
    rest = client.get("/api/v1/search", {"q": "toner", "limit": 2, "offset": 2}, **headers).json()[
        "items"
    ]
    assert sorted(i["ticket"]["id"] for i in first + rest) == sorted(ids)


@pytest.mark.parametrize(
    "params",
    [{"q": "x", "limit": 0}, {"q": "x", "limit": 51}, {"q": "x" * 1001}, {"q": "x", "offset": -1}],
)
def test_bad_parameters_are_422_in_the_envelope(alice, params):
    client, headers = api_client(alice)
    response = client.get("/api/v1/search", params, **headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize("q", ['"', "NEAR(", "*", "-", "a OR", "'; DROP TABLE x; --", ""])
def test_hostile_queries_answer_200(alice, carol, it_queue, q):
    make_ticket(requester=carol, queue=it_queue)
    client, headers = api_client(alice)
    response = client.get("/api/v1/search", {"q": q}, **headers)
    assert response.status_code == 200
