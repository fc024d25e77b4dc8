"""The creation path's plain-SQL reads answer as the ORM queries they replace did.

The default queue of an agent and the SLA policy of a new ticket are read with plain SQL
(omotenashi.lib.rows, docs/performance.md); here they are held to the ORM's answer.
"""

from __future__ import annotations

import pytest

from omotenashi.tickets.models import Priority, SlaPolicy, Ticket
from omotenashi.tickets.selectors import _default_queue_of
from omotenashi.tickets.sla import policy_for

pytestmark = pytest.mark.django_db


def test_the_default_queue_is_the_agents_or_none(alice, bob, admin_agent, it_queue, cs_queue):
    found = _default_queue_of(alice)
    assert found == it_queue
    assert {f.attname: getattr(found, f.attname) for f in it_queue._meta.concrete_fields} == {
        f.attname: getattr(it_queue, f.attname) for f in it_queue._meta.concrete_fields
    }
    assert _default_queue_of(bob) is None  # the default queue is IT's, bob is in CS
    assert _default_queue_of(admin_agent) == it_queue


def test_the_queue_policy_wins_over_the_desk_wide_one(it_queue, cs_queue):
    desk = SlaPolicy.objects.create(
        name="Desk high", priority=Priority.HIGH, first_response_minutes=60, resolution_minutes=600
    )
    own = SlaPolicy.objects.create(
        name="IT high",
        queue=it_queue,
        priority=Priority.HIGH,
        first_response_minutes=30,
        resolution_minutes=300,
    )
    SlaPolicy.objects.create(
        name="Desk low", priority=Priority.LOW, first_response_minutes=600, resolution_minutes=6000
    )
    assert policy_for(Ticket(queue=it_queue, priority=Priority.HIGH)) == own
    assert policy_for(Ticket(queue=cs_queue, priority=Priority.HIGH)) == desk
    assert policy_for(Ticket(queue=cs_queue, priority=Priority.URGENT)) is None
    read = policy_for(Ticket(queue=it_queue, priority=Priority.HIGH))
    assert read is not None and read.resolution_minutes == 300 and read.name == "IT high"
