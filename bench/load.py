"""Bulk-load N realistic tickets into the database named by DATABASE_URL (a benchmark, not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omotenashi_bench \\
        .venv/bin/python bench/load.py --tickets 100000
    DATABASE_URL=sqlite:////tmp/omotenashi-bench/bench.sqlite3 \\
        .venv/bin/python bench/load.py --tickets 100000

What it creates: 4 teams with 2 queues each, 40 agents and an admin, N/4 guests with
names and addresses in twelve languages, N tickets spread over the last year (ids grow
with time, as in a real desk), 1-4 messages each (the guest's request, replies, a
follow-up, sometimes an internal note), tags on most tickets, a CC on a few. Then it
builds the search index with the same service as `omotenashi reindex_search`.

Rows are written with COPY (PostgreSQL) or executemany (SQLite) in batches, not through
the ticket services: the point is a large desk quickly, not exercising the write path
(bench/api_create.py does that). Ticket events and SLA clocks are not generated.

The database name must contain "bench". A non-empty database is refused unless --append.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

BATCH = 10_000
TEAMS = {
    "IT": ["IT support", "Workplace"],
    "Customer Service": ["Customer service", "Orders"],
    "Finance": ["Billing", "Refunds"],
    "Facilities": ["Facilities", "Security"],
}
TAGS = [
    "vpn",
    "laptop",
    "printer",
    "password",
    "invoice",
    "refund",
    "delivery",
    "headset",
    "monitor",
    "access",
    "mfa",
    "wifi",
    "mail",
    "teams",
    "phone",
    "badge",
    "parking",
    "order",
    "warranty",
    "urgent",
    "vip",
    "billing",
    "outage",
    "sso",
    "hardware",
    "software",
    "network",
    "account",
    "shipping",
    "return",
]
OPEN_STATUSES = ["new", "open", "pending", "on_hold"]


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Writer:
    """Appends rows to tables with the fastest plain path each engine has."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor

    def _adapt_row(self, row: tuple[Any, ...], stamps: list[int]) -> tuple[Any, ...]:
        values = list(row)
        for i in stamps:
            if values[i] is not None:
                # Django's SQLite format for aware datetimes: naive UTC text.
                values[i] = values[i].astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        return tuple(values)

    def write(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with self.connection.cursor() as cursor:
            if self.vendor == "postgresql":
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                # Only datetime columns need adapting (all named *_at in this schema).
                stamps = [i for i, column in enumerate(columns) if column.endswith("_at")]
                if stamps:
                    rows = [self._adapt_row(row, stamps) for row in rows]
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )


def _next_id(model: Any) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("id"))["m"] or 0) + 1


def setup_desk(rng: random.Random) -> tuple[dict[int, list[int]], list[int]]:
    """Teams, queues, agents (get or create, so --append reuses them).

    Returns ({queue id: [agent ids of its team]}, [tag ids]).
    """
    from omotenashi.accounts.models import Agent, Role, Team
    from omotenashi.accounts.services import agent_create, team_create
    from omotenashi.tickets.models import Queue, Tag

    queue_agents: dict[int, list[int]] = {}
    for t_index, (team_name, queue_names) in enumerate(TEAMS.items()):
        team = Team.objects.filter(name=team_name).first() or team_create(name=team_name)
        agents = list(Agent.objects.filter(teams=team).values_list("id", flat=True))
        for a_index in range(len(agents), 10):
            username = f"bench-{team.slug}-{a_index}"
            agent = agent_create(
                username=username, display_name=f"{team_name} agent {a_index}", teams=[team]
            )
            agents.append(agent.pk)
        for q_index, queue_name in enumerate(queue_names):
            queue = Queue.objects.filter(name=queue_name).first()
            if queue is None:
                queue = Queue.objects.create(
                    name=queue_name,
                    slug=queue_name.lower().replace(" ", "-"),
                    team=team,
                    is_default=(
                        t_index == 0
                        and q_index == 0
                        and not Queue.objects.filter(is_default=True).exists()
                    ),
                )
            queue_agents[queue.pk] = agents
    if not Agent.objects.filter(user__username="bench-admin").exists():
        agent_create(username="bench-admin", display_name="Bench Admin", role=Role.ADMIN)
    tag_ids = [Tag.objects.get_or_create(name=name)[0].pk for name in TAGS]
    setup_sla()
    return queue_agents, tag_ids


# SLA targets in business minutes per priority: (first response, resolution).
SLA_TARGETS = {"low": (480, 4800), "normal": (240, 2400), "high": (60, 960), "urgent": (30, 240)}


def setup_sla() -> None:
    """A business calendar (Mon-Fri 8:30-17:30 with a lunch break, Dutch public holidays,
    company closing days) and a desk-wide SLA policy per priority, as a real desk has: every
    ticket the API benchmark creates then gets its due times in business hours.

    Get or create, so it can run on a database loaded before it existed.
    """
    from datetime import date, time

    from omotenashi.tickets.models import BusinessCalendar, BusinessHours, Holiday, SlaPolicy

    calendar, created = BusinessCalendar.objects.get_or_create(
        name="Bench office hours",
        defaults={"time_zone": "Europe/Amsterdam", "holiday_country": "NL"},
    )
    if created:
        BusinessHours.objects.bulk_create(
            BusinessHours(calendar=calendar, weekday=day, start=start, end=end)
            for day in range(5)
            for start, end in ((time(8, 30), time(12, 0)), (time(13, 0), time(17, 30)))
        )
        this_year = _now().year
        Holiday.objects.bulk_create(
            Holiday(calendar=calendar, date=date(year, month, day), name=name)
            for year in (this_year - 1, this_year, this_year + 1)
            for month, day, name in ((12, 24, "Christmas Eve"), (12, 31, "New Year's Eve"))
        )
    for priority, (first, resolution) in SLA_TARGETS.items():
        SlaPolicy.objects.get_or_create(
            queue=None,
            priority=priority,
            defaults={
                "name": f"Desk {priority}",
                "calendar": calendar,
                "first_response_minutes": first,
                "resolution_minutes": resolution,
            },
        )


def load(tickets: int, *, seed: int, append: bool) -> dict[str, Any]:
    from corpus import Corpus
    from django.db import connection, transaction
    from tqdm import tqdm

    from omotenashi.customers.models import Guest, GuestEmail
    from omotenashi.lib.html import text_to_html
    from omotenashi.tickets.models import Message, Ticket

    rng = random.Random(seed)
    if Ticket.objects.exists() and not append:
        sys.exit("The database already has tickets; pass --append to add more.")
    started = time.monotonic()
    corpus = Corpus(rng)
    queue_agents, tag_ids = setup_desk(rng)
    queues = list(queue_agents)
    writer = Writer()
    now = _now()
    year_ago = now - timedelta(days=365)

    # Guests: one per four tickets, so a guest has a history.
    guest_count = max(1, tickets // 4)
    first_guest = _next_id(Guest)
    guest_langs: list[str] = []
    guest_ids: list[int] = []
    with tqdm(total=guest_count, desc="guests", unit="guest") as bar:
        for offset in range(0, guest_count, BATCH):
            guests, emails = [], []
            for i in range(offset, min(guest_count, offset + BATCH)):
                lang = corpus.language()
                gid = first_guest + i
                name, email = corpus.person(lang, gid)
                created = year_ago + timedelta(seconds=rng.randint(0, 365 * 86400))
                guests.append((gid, name, "", lang, "", "", "", created, created))
                emails.append((gid, email, True, created))
                guest_langs.append(lang)
                guest_ids.append(gid)
            with transaction.atomic():
                writer.write(
                    "customers_guest",
                    [
                        "id",
                        "name",
                        "preferred_name",
                        "language",
                        "time_zone",
                        "interests",
                        "notes",
                        "created_at",
                        "updated_at",
                    ],
                    guests,
                )
                writer.write(
                    "customers_guestemail",
                    ["guest_id", "address", "is_primary", "created_at"],
                    emails,
                )
            bar.update(len(guests))

    first_ticket = _next_id(Ticket)
    first_message = _next_id(Message)
    message_id = first_message
    span = (now - year_ago).total_seconds()
    counts = {"messages": 0, "tags": 0, "ccs": 0}
    ticket_columns = [
        "id",
        "subject",
        "status",
        "priority",
        "channel",
        "language",
        "queue_id",
        "assignee_id",
        "requester_id",
        "created_at",
        "updated_at",
        "last_guest_message_at",
        "first_responded_at",
        "solved_at",
        "closed_at",
        "sla_at_risk",
        "sla_breached",
        # What the understanding engine reads (tickets.routing): history is "not triaged".
        "attention",
        "frustration",
        "urgency",
        "routing_state",
    ]
    message_columns = [
        "id",
        "ticket_id",
        "kind",
        "author_agent_id",
        "author_guest_id",
        "channel",
        "body_html",
        "body_text",
        "language",
        "created_at",
    ]
    priorities = ["low", "normal", "normal", "normal", "high", "urgent"]
    channels = ["email", "email", "email", "portal", "portal", "api", "phone"]
    with tqdm(total=tickets, desc="tickets", unit="ticket") as bar:
        for offset in range(0, tickets, BATCH):
            ticket_rows, message_rows, tag_rows, cc_rows = [], [], [], []
            for i in range(offset, min(tickets, offset + BATCH)):
                tid = first_ticket + i
                # Ids grow with time, with a little jitter, like a real desk.
                created = year_ago + timedelta(seconds=span * (i + rng.random()) / tickets)
                g_index = rng.randrange(len(guest_ids))
                requester, lang = guest_ids[g_index], guest_langs[g_index]
                queue = rng.choice(queues)
                agents = queue_agents[queue]
                request = corpus.request(lang)
                age_days = (now - created).days
                if age_days < 3:
                    status = rng.choice([*OPEN_STATUSES, "solved"])
                elif age_days < 30:
                    status = rng.choice(["open", "pending", "solved", "solved", "closed", "closed"])
                else:
                    status = rng.choice(
                        ["solved", "closed", "closed", "closed", "closed", "closed", "open"]
                    )
                n_messages = rng.choices([1, 2, 3, 4], [25, 35, 25, 15])[0]
                moment = created
                replied_at = None
                last_guest = created
                channel = rng.choice(channels)
                for m in range(n_messages):
                    if m == 0:
                        kind, text, agent, guest = "guest", request.body, None, requester
                    elif m == n_messages - 1 and n_messages == 4 and rng.random() < 0.5:
                        kind, text, agent, guest = "note", corpus.note(), rng.choice(agents), None
                    elif m % 2 == 1:
                        kind, text, agent, guest = (
                            "reply",
                            corpus.reply(lang, request),
                            rng.choice(agents),
                            None,
                        )
                    else:
                        kind, text, agent, guest = "guest", corpus.follow_up(lang), None, requester
                    moment = min(now, moment + timedelta(minutes=rng.randint(5, 3 * 24 * 60)))
                    if kind == "reply" and replied_at is None:
                        replied_at = moment
                    if kind == "guest":
                        last_guest = moment
                    message_rows.append(
                        (
                            message_id,
                            tid,
                            kind,
                            agent,
                            guest,
                            channel if kind == "guest" else "agent",
                            text_to_html(text),
                            text,
                            lang if kind != "note" else "",
                            moment,
                        )
                    )
                    message_id += 1
                updated = moment
                assignee = rng.choice(agents) if replied_at or rng.random() < 0.3 else None
                solved = updated if status in ("solved", "closed") else None
                closed = updated if status == "closed" else None
                ticket_rows.append(
                    (
                        tid,
                        request.subject[:255],
                        status,
                        rng.choice(priorities),
                        channel,
                        lang,
                        queue,
                        assignee,
                        requester,
                        created,
                        updated,
                        last_guest,
                        replied_at,
                        solved,
                        closed,
                        False,
                        False,
                        0,
                        0.0,
                        0.0,
                        "",
                    )
                )
                for tag in rng.sample(tag_ids, rng.choices([0, 1, 2, 3], [20, 45, 25, 10])[0]):
                    tag_rows.append((tid, tag))
                cc = rng.choice(guest_ids)
                if rng.random() < 0.05 and cc != requester:
                    cc_rows.append((tid, cc))
            with transaction.atomic():
                writer.write("tickets_ticket", ticket_columns, ticket_rows)
                writer.write("tickets_message", message_columns, message_rows)
                writer.write("tickets_ticket_tags", ["ticket_id", "tag_id"], tag_rows)
                writer.write("tickets_ticket_ccs", ["ticket_id", "guest_id"], cc_rows)
            counts["messages"] += len(message_rows)
            counts["tags"] += len(tag_rows)
            counts["ccs"] += len(cc_rows)
            bar.update(len(ticket_rows))

    if connection.vendor == "postgresql":
        from django.core.management.color import no_style

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), [Guest, GuestEmail, Ticket, Message]
            ):
                cursor.execute(statement)
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rows_seconds = time.monotonic() - started

    index_started = time.monotonic()
    index_seconds_detail = build_index()
    index_seconds = time.monotonic() - index_started
    return {
        "tickets": tickets,
        "guests": guest_count,
        **counts,
        "seconds_rows": round(rows_seconds, 1),
        "seconds_index": round(index_seconds, 1),
        "index_detail": index_seconds_detail,
        "seconds_total": round(rows_seconds + index_seconds, 1),
    }


def build_index() -> dict[str, float]:
    """The search index over everything, with the service `reindex_search` uses.

    On PostgreSQL the GIN index is dropped first and built once at the end: one sort
    instead of a million incremental inserts (the same trick as any bulk load).
    """
    from django.db import connection
    from tqdm import tqdm

    from omotenashi.search.services import search_reindex, search_reindex_visits

    detail: dict[str, float] = {}
    total = search_reindex_visits()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_document_vector_gin")
    started = time.monotonic()
    with tqdm(total=total, desc="search index", unit="ticket") as bar:
        search_reindex(scope="missing", batch=2000, progress=bar.update)
    detail["documents"] = round(time.monotonic() - started, 1)
    started = time.monotonic()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(
                "CREATE INDEX search_document_vector_gin"
                " ON search_searchdocument USING gin (vector)"
            )
        else:
            cursor.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        # Statistics for the whole database now that everything is there (the ANALYZE
        # after the rows ran while the search index was still empty).
        cursor.execute("ANALYZE")
    detail["finish"] = round(time.monotonic() - started, 1)
    return detail


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tickets", type=int, help="How many tickets to create (not with --index-only)."
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--append", action="store_true", help="Add to a database that already has tickets."
    )
    parser.add_argument(
        "--index-only",
        action="store_true",
        help="Only index tickets already loaded (after an interrupted load).",
    )
    parser.add_argument("--report", type=Path, help="Also write the figures as JSON to this file.")
    args = parser.parse_args()
    if (args.tickets is None) != args.index_only:
        parser.error("give --tickets N, or --index-only")

    url = _setup.require_bench_database()
    _setup.ensure_postgres_database(url)
    if url.startswith("sqlite:"):
        Path(url.split("sqlite:///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    _setup.setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load_before = os.getloadavg()
    cpu_before = time.process_time()
    if args.index_only:
        started = time.monotonic()
        result = {"index_only": True, "index_detail": build_index()}
        result["seconds_index"] = round(time.monotonic() - started, 1)
    else:
        result = load(args.tickets, seed=args.seed, append=args.append)
    # This process's own CPU (with SQLite: nearly all the work), against the wall clock
    # above, shows how much other load on the machine slowed the run.
    result["cpu_seconds_this_process"] = round(time.process_time() - cpu_before, 1)
    result["load_average"] = {
        "before": round(load_before[0], 1),
        "after": round(os.getloadavg()[0], 1),
    }
    from django.db import connection

    result["vendor"] = connection.vendor
    result["machine"] = _setup.machine()
    print(json.dumps(result, indent=2))
    if args.report:
        args.report.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
