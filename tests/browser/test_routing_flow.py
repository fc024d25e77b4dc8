"""Routing in a real Chromium against live_server: a guest's request the engine is not sure
about waits in the triage view with its suggestion, and one click (htmx) sends it to the
suggested queue; the ticket page shows what the desk understood and why. And the refusal:
another team's agent does not see the suggestion.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import PASSWORD
from omotenashi.testing.routing import teach
from omotenashi.tickets.models import (
    Decision,
    DecisionKind,
    DecisionOutcome,
    Queue,
    RoutingState,
    Ticket,
    TriageSettings,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

REFUND = (
    "Hello, I sent the teapot back two weeks ago and I still have not received my refund. "
    "Could you check it, please?"
)


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _login(page: Any, live_server: Any, *, username: str, next_path: str) -> None:
    page.goto(f"{live_server.url}{reverse('accounts:login')}?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def _submit_request(page: Any, live_server: Any) -> Ticket:
    page.goto(f"{live_server.url}{reverse('channels:portal_new')}")
    page.fill("#id_message", REFUND)
    page.fill("#id_subject", "Refund for the teapot")
    page.fill("#id_name", "Emma Brown")
    page.fill("#id_email", "emma@example.co.uk")
    with page.expect_navigation():
        page.click("form.card button[type=submit]")
    return Ticket.objects.get(requester__emails__address="emma@example.co.uk")


def test_unsure_request_waits_in_triage_and_one_click_routes_it(
    live_server: Any,
    page: Any,
    phone_page: Any,
    alice: Agent,
    bob: Agent,
    it_queue: Queue,
    cs_queue: Queue,
    screenshot: Callable[..., Path],
) -> None:
    expect = _expect()
    teach(it_queue=it_queue, cs_queue=cs_queue)
    Queue.objects.filter(pk=cs_queue.pk).update(auto_assign=True)
    TriageSettings.objects.create(queue_threshold=0.99)  # a careful desk: asks below 99 %

    ticket = _submit_request(phone_page, live_server)
    # Read after commit in the server's thread: the guest's page did not wait for routing to
    # succeed, and the ticket is in front of a person with the engine's suggestion.
    ticket.refresh_from_db()
    assert ticket.routing_state == RoutingState.TRIAGE and ticket.queue == it_queue
    suggestion = Decision.objects.get(ticket=ticket, kind=DecisionKind.QUEUE)
    assert suggestion.value == str(cs_queue.pk) and suggestion.outcome == DecisionOutcome.SUGGESTED

    _login(page, live_server, username="alice", next_path=reverse("tickets:triage"))
    row = page.locator(f'#triage-rows tr[data-ticket="{ticket.pk}"]')
    expect(row).to_contain_text("Refund for the teapot")
    expect(row).to_contain_text(cs_queue.name)
    screenshot(page, "triage-view-desktop")

    page.goto(f"{live_server.url}{reverse('tickets:detail', args=[ticket.pk])}")
    panel = page.locator("#understanding")
    expect(panel).to_contain_text("What the desk understood")
    expect(panel).to_contain_text(suggestion.model_version)
    screenshot(page, "ticket-understanding-desktop")

    page.goto(f"{live_server.url}{reverse('tickets:triage')}")
    page.evaluate("() => { window.__noReload = true; }")
    row.locator("button.accept").first.click()
    expect(page.locator("#triage-rows")).to_contain_text(f"Accepted for #{ticket.pk}")
    expect(page.locator("#triage-rows")).to_contain_text("Nothing waits for triage")
    assert page.evaluate("() => window.__noReload === true"), "htmx swapped the list in place"
    ticket.refresh_from_db()
    assert ticket.queue == cs_queue and ticket.routing_state == RoutingState.HUMAN
    assert ticket.assignee == bob  # the engine hands it on in the queue a person chose


def test_another_teams_agent_does_not_see_the_suggestion(
    live_server: Any,
    page: Any,
    alice: Agent,
    bob: Agent,
    it_queue: Queue,
    cs_queue: Queue,
    carol: Guest,
) -> None:
    expect = _expect()
    teach(it_queue=it_queue, cs_queue=cs_queue)
    TriageSettings.objects.create(queue_threshold=0.99)
    from omotenashi.testing.fixtures import make_ticket

    ticket = make_ticket(
        requester=carol, queue=it_queue, subject="Refund for the teapot", body=REFUND
    )
    ticket.refresh_from_db()
    assert ticket.routing_state == RoutingState.TRIAGE
    _login(page, live_server, username="bob", next_path=reverse("tickets:triage"))
    expect(page.locator("#triage-rows")).to_contain_text("Nothing waits for triage")
    assert page.locator(f'#triage-rows tr[data-ticket="{ticket.pk}"]').count() == 0
