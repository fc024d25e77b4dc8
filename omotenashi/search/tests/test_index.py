"""The index follows the tickets: create, reply, note, queue and status changes, merge,
guest renames, failures; and the reindex command and tasks rebuild it."""

from __future__ import annotations

import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from omotenashi.customers.services import guest_add_email, guest_update
from omotenashi.search import services, tasks
from omotenashi.search.models import SearchDocument
from omotenashi.search.selectors import search_tickets
from omotenashi.search.text import TEXT_VERSION
from omotenashi.testing.fixtures import make_ticket
from omotenashi.tickets import hooks
from omotenashi.tickets.models import Status
from omotenashi.tickets.services import (
    ticket_add_guest_message,
    ticket_change_queue,
    ticket_change_status,
    ticket_create,
    ticket_merge,
    ticket_reply,
)

pytestmark = pytest.mark.django_db


def found(agent, query, **kwargs):
    return [hit.ticket.pk for hit in search_tickets(agent=agent, query=query, **kwargs)]


def test_created_ticket_is_indexed_in_its_own_transaction(carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    doc = SearchDocument.objects.get(pk=ticket.pk)
    assert (doc.queue_id, doc.is_open, doc.text_version) == (it_queue.pk, True, TEXT_VERSION)


def test_replies_and_guest_messages_are_searchable(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Phone", body="Screen cracked.")
    ticket_reply(ticket=ticket, agent=alice, body_text="Please bring it to the kiosk on Tuesday.")
    ticket_add_guest_message(
        ticket=ticket, guest=carol, body_text="Tack, jag kommer på tisdag.", channel="email"
    )
    assert found(alice, "kiosk tuesday") == [ticket.pk]
    assert found(alice, "tisdag") == [ticket.pk]
    assert found(alice, "screen cracked") == [ticket.pk]


def test_queue_move_moves_the_ticket_between_agents(alice, bob, carol, it_queue, cs_queue):
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Invoice copy")
    assert (found(alice, "invoice "), found(bob, "invoice ")) == ([ticket.pk], [])
    ticket_change_queue(ticket=ticket, queue=cs_queue, by=alice)
    assert (found(alice, "invoice "), found(bob, "invoice ")) == ([], [ticket.pk])


def test_status_change_updates_open_filter(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Webcam")
    ticket_change_status(ticket=ticket, status=Status.SOLVED, by=alice)
    assert found(alice, "webcam ", open_only=True) == []
    ticket_add_guest_message(ticket=ticket, guest=carol, body_text="Still broken.", channel="email")
    assert found(alice, "webcam ", open_only=True) == [ticket.pk]  # reopened


def test_merge_moves_the_messages_to_the_target(alice, carol, dave, it_queue):
    source = make_ticket(
        requester=dave, queue=it_queue, subject="Beamer", body="The beamer in room Fuji is dark."
    )
    target = make_ticket(
        requester=carol, queue=it_queue, subject="Meeting room AV", body="Nothing shows."
    )
    ticket_merge(source=source, target=target, by=alice)
    # The source's words now belong to the target; the source keeps only its subject.
    assert found(alice, "fuji dark") == [target.pk]
    assert sorted(found(alice, "beamer ")) == sorted([source.pk, target.pk])
    assert found(alice, "beamer ", open_only=True) == [target.pk]
    # dave became a CC of the target.
    assert sorted(found(alice, "dekker ")) == sorted([source.pk, target.pk])


def test_guest_rename_reaches_the_index_through_the_task(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    guest_update(guest=carol, name="Carolina Lindqvist")
    assert found(alice, "lindqvist ") == []  # customers has no hook: not yet
    assert tasks.reindex_guest.delay(carol.pk).get() == 1
    assert found(alice, "lindqvist ") == [ticket.pk]
    assert found(alice, "svensson ") == []


def test_catch_up_finds_renamed_guests_and_new_addresses(alice, carol, dave, it_queue):
    carols = make_ticket(requester=carol, queue=it_queue)
    daves = make_ticket(requester=dave, queue=it_queue)
    assert services.search_catch_up() == 0  # first run: records where it starts
    guest_update(guest=carol, name="Carolina Lindqvist")
    guest_add_email(guest=dave, email="d.dekker@work.example")
    assert tasks.catch_up.delay().get() == 2
    assert found(alice, "lindqvist ") == [carols.pk]
    assert found(alice, "work example") == [daves.pk]


def test_catch_up_indexes_tickets_without_a_document(alice, carol, it_queue):
    services.search_catch_up()
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Lost document")
    SearchDocument.objects.filter(pk=ticket.pk).delete()
    assert found(alice, "lost document") == []
    assert services.search_catch_up() == 1
    assert found(alice, "lost document") == [ticket.pk]


def test_catch_up_looks_back_past_its_checkpoint_for_late_commits(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue)
    services.search_catch_up(now=timezone.now() + timedelta(minutes=5))  # checkpoint after the save
    guest_update(guest=carol, name="Carolina Lindqvist")
    assert services.search_catch_up() == 1
    assert found(alice, "lindqvist ") == [ticket.pk]


def test_a_broken_index_never_loses_the_ticket_and_is_retried_after_commit(
    alice, carol, it_queue, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    real = services.get_backend

    class Broken:
        vendor = connection.vendor

        def upsert(self, rows, **kwargs):
            # A real database error: on PostgreSQL it would abort the whole transaction
            # if the hook did not run inside a savepoint.
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM search_no_such_table")

    monkeypatch.setattr(services, "get_backend", Broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks() as callbacks:
        ticket = make_ticket(requester=carol, queue=it_queue, subject="Stored anyway")
    assert "search indexing failed" in caplog.text
    assert ticket.messages.count() == 1
    assert not SearchDocument.objects.filter(pk=ticket.pk).exists()
    monkeypatch.setattr(services, "get_backend", real)
    for callback in callbacks:
        callback()
    assert found(alice, "stored anyway") == [ticket.pk]


def test_reindex_command_rebuilds_everything(alice, carol, it_queue):
    tickets = [
        make_ticket(requester=carol, queue=it_queue, subject=f"Scanner {i}").pk for i in range(5)
    ]
    SearchDocument.objects.all().delete()
    assert found(alice, "scanner ") == []
    out, err = StringIO(), StringIO()
    call_command("reindex_search", "--batch", "2", stdout=out, stderr=err)
    assert "Indexed 5 tickets (all)" in out.getvalue()
    assert "5/5 tickets" in err.getvalue()
    assert sorted(found(alice, "scanner ")) == sorted(tickets)


def test_reindex_missing_and_stale_scopes(alice, carol, it_queue):
    kept = make_ticket(requester=carol, queue=it_queue, subject="Tablet")
    lost = make_ticket(requester=carol, queue=it_queue, subject="Tablet too")
    SearchDocument.objects.filter(pk=lost.pk).delete()
    out = StringIO()
    call_command("reindex_search", "--missing", "--no-progress", stdout=out)
    assert "Indexed 1 tickets (missing)" in out.getvalue()
    SearchDocument.objects.filter(pk=kept.pk).update(text_version=TEXT_VERSION - 1)
    assert services.search_reindex(scope="stale") == 1
    assert SearchDocument.objects.filter(text_version=TEXT_VERSION).count() == 2


def test_reindex_command_refuses_a_bad_batch(db):
    with pytest.raises(CommandError):
        call_command("reindex_search", "--batch", "0")


def test_reindex_refuses_an_unknown_scope(db):
    with pytest.raises(ValueError, match="scope"):
        services.search_reindex(scope="everything")  # type: ignore[arg-type]


def test_reindex_task(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Router")
    SearchDocument.objects.all().delete()
    assert tasks.reindex_all.delay().get() == 1
    assert found(alice, "router ") == [ticket.pk]


def test_reindex_replaces_text_rather_than_adding(alice, carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Keyboard")
    services.search_index_tickets(ticket_ids=[ticket.pk])
    services.search_index_tickets(ticket_ids=[ticket.pk])
    hits = search_tickets(agent=alice, query="keyboard ")
    assert [h.ticket.pk for h in hits] == [ticket.pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE rowid = %s", [ticket.pk])
            assert cursor.fetchone()[0] == 1


def test_deleting_a_ticket_removes_its_text(carol, it_queue):
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Gone")
    pk = ticket.pk
    ticket.delete()
    assert not SearchDocument.objects.filter(pk=pk).exists()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_fts WHERE rowid = %s", [pk])
            assert cursor.fetchone()[0] == 0


def test_a_new_ticket_is_indexed_from_the_objects_in_hand_as_from_the_database(
    carol, dave, it_queue, monkeypatch
):
    """The creation hook builds the document without reading the ticket and message back;
    it must be the document a rebuild from the database gives (docs/decisions/0017)."""
    guest_add_email(guest=carol, email="carol.second@example.org")
    body = "Ünïcode and a long paste. " + "lorem " * (services.BODY_CHARS_PER_MESSAGE // 5)
    written = []
    backend = type(services.get_backend())
    real_upsert = backend.upsert

    def spy(self, rows, **kwargs):
        written.extend(rows)
        real_upsert(self, rows, **kwargs)

    monkeypatch.setattr(backend, "upsert", spy)
    ticket = ticket_create(
        requester=carol,
        subject="  Headset   crackles ",
        body_text=body,
        channel="email",
        queue=it_queue,
        ccs=[dave],
    )
    # One document, written once for the ticket and its first message.
    assert [row.ticket_id for row in written] == [ticket.pk]
    assert written == services._documents([ticket.pk])
    assert "second" in written[0].people and "lorem lorem" in written[0].body


def test_creation_reads_only_the_people_for_the_document(carol, it_queue, monkeypatch):
    rebuilds = []
    real = services._write_documents
    monkeypatch.setattr(services, "_write_documents", lambda ids: rebuilds.append(ids) or real(ids))
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Creation")
    assert rebuilds == []  # no rebuild from the database for the first message
    ticket_add_guest_message(ticket=ticket, guest=carol, body_text="Second", channel="email")
    assert rebuilds == [[ticket.pk]]  # a later message rebuilds as before


def test_without_the_creation_hook_the_first_message_still_indexes_the_ticket(
    alice, carol, it_queue
):
    with hooks.muted(services.on_ticket_created):
        ticket = make_ticket(requester=carol, queue=it_queue, subject="Muted creation hook")
    assert found(alice, "muted creation") == [ticket.pk]
