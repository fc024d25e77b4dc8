"""Next and previous ticket: the ticket page remembers the inbox list it was opened from."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets import selectors
from omotenashi.tickets.models import Queue, Ticket

pytestmark = pytest.mark.django_db


def _aged(tickets: list[Ticket]) -> list[Ticket]:
    """Give the tickets distinct activity times, the first one newest (the inbox order)."""
    now = timezone.now()
    for i, t in enumerate(tickets):
        Ticket.objects.filter(pk=t.pk).update(updated_at=now - timedelta(minutes=i))
    return [Ticket.objects.get(pk=t.pk) for t in tickets]


def _row_links(html: str) -> list[str]:
    return [m.replace("&amp;", "&") for m in re.findall(r'<a class="subject" href="([^"]+)"', html)]


def _nav(html: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}"', html)
    return found.group(1).replace("&amp;", "&") if found else None


def test_inbox_rows_link_to_the_ticket_with_the_list_and_the_place_in_it(
    client: Client, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    first, second = _aged(
        [make_ticket(requester=carol, queue=it_queue, subject=s) for s in ("A", "B")]
    )
    client.force_login(alice.user)
    links = _row_links(
        client.get(reverse("tickets:inbox_view", args=["unassigned"])).content.decode()
    )
    assert len(links) == 2
    assert links[0].startswith(f"/tickets/{first.pk}/?list=unassigned&at=")
    assert links[1].startswith(f"/tickets/{second.pk}/?list=unassigned&at=")
    assert links[1].endswith(selectors.encode_cursor(second, order="attention"))


def test_ticket_page_offers_next_and_previous_of_its_list(
    client: Client, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    a, b, c = _aged(
        [make_ticket(requester=carol, queue=it_queue, subject=s) for s in ("A", "B", "C")]
    )
    client.force_login(alice.user)
    inbox = client.get(reverse("tickets:queue", args=["it"])).content.decode()
    middle = _row_links(inbox)[1]
    page = client.get(middle).content.decode()
    assert _nav(
        page,
        "next",
    ).startswith(f"/tickets/{c.pk}/?list=queue%3Ait&at=")  # type: ignore[union-attr]
    assert _nav(page, "prev").startswith(f"/tickets/{a.pk}/?list=queue%3Ait&at=")  # type: ignore[union-attr]
    assert 'data-key="u"' in page and f'href="{reverse("tickets:queue", args=["it"])}"' in page
    # At the end of the list there is no next.
    last = client.get(_nav(page, "next")).content.decode()  # type: ignore[arg-type]
    assert _nav(last, "next") is None
    assert _nav(last, "prev").startswith(f"/tickets/{b.pk}/")  # type: ignore[union-attr]


def test_next_stays_the_one_below_after_a_reply_moved_the_ticket_to_the_top(
    client: Client, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    a, b, c = _aged(
        [make_ticket(requester=carol, queue=it_queue, subject=s) for s in ("A", "B", "C")]
    )
    client.force_login(alice.user)
    opened = _row_links(client.get(reverse("tickets:inbox_view", args=["all"])).content.decode())[1]
    assert opened.startswith(f"/tickets/{b.pk}/")
    compose = opened.replace(f"/tickets/{b.pk}/", f"/tickets/{b.pk}/compose/")
    response = client.post(compose, {"kind": "reply", "body": "Looking into it."})
    # Back on the same ticket page, in the same list...
    assert response.status_code == 302 and response["Location"] == opened
    page = client.get(response["Location"]).content.decode()
    # ...where "next" is still C, though B is now the newest ticket of the list.
    assert _nav(page, "next").startswith(f"/tickets/{c.pk}/")  # type: ignore[union-attr]
    assert _nav(page, "prev").startswith(f"/tickets/{a.pk}/")  # type: ignore[union-attr]


def test_neighbours_never_come_from_another_teams_queue(
    client: Client,
    alice: Agent,
    bob: Agent,
    carol: Guest,
    dave: Guest,
    it_queue: Queue,
    cs_queue: Queue,
) -> None:
    mine_a, theirs, mine_b = _aged(
        [
            make_ticket(requester=carol, queue=it_queue, subject="IT one"),
            make_ticket(requester=dave, queue=cs_queue, subject="Customer service secret"),
            make_ticket(requester=carol, queue=it_queue, subject="IT two"),
        ]
    )
    client.force_login(alice.user)
    page = client.get(f"{reverse('tickets:detail', args=[mine_a.pk])}?list=all").content.decode()
    assert _nav(page, "next").startswith(f"/tickets/{mine_b.pk}/")  # type: ignore[union-attr]
    assert "Customer service secret" not in page
    # A list the agent may not open (another team's queue) gives no navigation, and no error.
    response = client.get(f"{reverse('tickets:detail', args=[mine_a.pk])}?list=queue:cs")
    assert response.status_code == 200
    assert _nav(response.content.decode(), "next") is None
    # The sibling: bob, in that team, gets navigation within it, and nothing of alice's.
    client.force_login(bob.user)
    page = client.get(f"{reverse('tickets:detail', args=[theirs.pk])}?list=all").content.decode()
    assert _nav(page, "next") is None and _nav(page, "prev") is None


def test_a_broken_position_falls_back_to_the_tickets_own_place(
    client: Client, alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    a, b = _aged([make_ticket(requester=carol, queue=it_queue, subject=s) for s in ("A", "B")])
    client.force_login(alice.user)
    response = client.get(
        f"{reverse('tickets:detail', args=[a.pk])}?list=unassigned&at=not-a-cursor&status=bogus"
    )
    assert response.status_code == 200
    assert _nav(response.content.decode(), "next").startswith(f"/tickets/{b.pk}/")  # type: ignore[union-attr]


def test_neighbours_selector_respects_the_filters(
    alice: Agent, carol: Guest, it_queue: Queue
) -> None:
    a, b, c = _aged(
        [make_ticket(requester=carol, queue=it_queue, subject=s) for s in ("A", "B", "C")]
    )
    Ticket.objects.filter(pk=b.pk).update(status="solved")
    open_list = selectors.TicketFilters(open_only=True)
    around_a = selectors.ticket_neighbours_for_agent(agent=alice, filters=open_list, ticket=a)
    assert around_a.previous is None and around_a.next is not None and around_a.next.pk == c.pk
    around_c = selectors.ticket_neighbours_for_agent(agent=alice, filters=open_list, ticket=c)
    assert around_c.previous is not None and around_c.previous.pk == a.pk and around_c.next is None
