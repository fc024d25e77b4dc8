"""Reading one guest message and acting on it: the work behind the understand_message task.

    message_understand(message_id=...)   claim, read with the engine, apply; safe to run twice

1. Claim. The first run creates the message's Understanding row with a lease; a second
   run finds it done (nothing to do) or leased (another worker has it) and returns. A run
   whose worker died is taken over once its lease has run out.
2. Read, outside any transaction (tens of milliseconds of CPU, no lock held): language,
   frustration and urgency, and for the first message of a ticket that still waits for
   triage, the queue, category and priority models' predictions.
3. Apply, in one transaction with the ticket locked: store the language and confidence,
   the feelings, and each decision (applied, or a suggestion when not sure enough or when a
   person already decided), route and assign through the ticket services, so every change
   leaves an event. If anything fails the ticket stays exactly as it was: it is stored and
   visible, it shows in the triage view, and the task is retried with backoff (the
   periodic sweep also picks up what a crashed worker or an absent broker left behind).
"""

from __future__ import annotations

import copy
import hashlib
import importlib.metadata
import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from omotenashi.customers.models import Guest
from omotenashi.customers.services import guest_update
from omotenashi.engine import urgency as urgency_rules
from omotenashi.engine.language import warm_up as warm_up_language
from omotenashi.engine.pipeline import Analysis, analyse
from omotenashi.engine.triage import Prediction
from omotenashi.engine.urgency import HIGH, MEDIUM, Feelings, History, Score
from omotenashi.lib import rows
from omotenashi.tickets import services, sla
from omotenashi.tickets.models import (
    OPEN_STATUSES,
    TRIAGE_STATES,
    Attention,
    Category,
    Decision,
    DecisionKind,
    DecisionOutcome,
    EventKind,
    Message,
    MessageKind,
    Priority,
    Queue,
    RoutingState,
    Status,
    Ticket,
    TicketEvent,
    TriageField,
    TriageModelRun,
    TriageSettings,
    Understanding,
    UnderstandingStatus,
)
from omotenashi.tickets.routing import desk, store
from omotenashi.tickets.routing.assignment import choose_assignee
from omotenashi.tickets.routing.decisions import (
    decision_make,
    human_set_fields,
    triage_settings,
)
from omotenashi.tickets.routing.learning import TEXT_CHARS, ticket_text
from omotenashi.tickets.routing.services import ASSIGNMENT_MODEL, ASSIGNMENT_VERSION

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 6
BACKOFF_MINUTES = (1, 5, 15, 60, 240)
# The task normally runs within seconds of the commit; the sweep leaves it that long first.
SWEEP_AFTER = timedelta(minutes=2)
SWEEP_WINDOW = timedelta(days=7)
PRIORITY_RANK: dict[str, int] = {
    Priority.LOW: 0,
    Priority.NORMAL: 1,
    Priority.HIGH: 2,
    Priority.URGENT: 3,
}
VERY_URGENT = 0.9  # urgency at or above this makes a ticket "urgent"; HIGH makes it "high"


@lru_cache(maxsize=1)
def language_model() -> tuple[str, str]:
    return "Lingua (desk languages)", importlib.metadata.version("lingua-language-detector")


@lru_cache(maxsize=1)
def feelings_model() -> tuple[str, str]:
    """The cue lexicons change with the code: their digest is the version."""
    tables = [urgency_rules.FRUSTRATION, urgency_rules.URGENCY, urgency_rules.CALM]
    digest = hashlib.sha256(
        json.dumps(tables, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()
    return "frustration and urgency cues", f"lexicon-{digest[:8]}"


def triage_model_name(field: str) -> str:
    return f"triage ({field})"


# --- claim ------------------------------------------------------------------------------------


def _claim(message_id: int, now: datetime) -> int | None:
    """The attempt number this run owns, or None when there is nothing for it to do.

    The common case, a guest message nobody has read, is one statement: the row is inserted
    only if the message is a guest message and has no row yet (the primary key, the
    message, makes the insert of a second run do nothing), and it commits at once so other
    workers see the lease. Otherwise the existing row decides.
    """
    table = Understanding._meta.db_table
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (message_id, status, attempts, lease_until, last_error,"  # noqa: S608 (names from the models, values as parameters)
            " language, cues, created_at)"
            f" SELECT id, %s, 1, %s, '', '', %s, %s FROM {Message._meta.db_table}"
            " WHERE id = %s AND kind = %s"
            " ON CONFLICT (message_id) DO NOTHING RETURNING message_id",
            [
                UnderstandingStatus.RUNNING,
                ops.adapt_datetimefield_value(now + LEASE),
                "{}",
                ops.adapt_datetimefield_value(now),
                message_id,
                MessageKind.GUEST,
            ],
        )
        if cursor.fetchone() is not None:
            return 1
    with transaction.atomic():
        row = (
            Understanding.objects.select_for_update(of=("self",))
            .filter(pk=message_id, message__kind=MessageKind.GUEST)
            .first()
        )
        if row is None or row.status in (UnderstandingStatus.DONE, UnderstandingStatus.ABANDONED):
            return None
        if row.status == UnderstandingStatus.RUNNING and row.lease_until and row.lease_until > now:
            return None  # another run holds it
        row.status = UnderstandingStatus.RUNNING
        row.attempts += 1
        row.lease_until = now + LEASE
        row.save(update_fields=["status", "attempts", "lease_until"])
        return row.attempts


# --- read -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    message_id: int
    ticket_id: int
    is_first: bool
    triage: bool
    analysis: Analysis
    runs: dict[str, TriageModelRun]


def _history(ticket: Ticket, message: Message) -> History:
    """Repeated contact since the desk last answered, reopenings, and the wait so far.
    Precondition: an earlier guest message exists (a first message has no history)."""
    earlier = Message.objects.filter(ticket_id=ticket.pk, id__lt=message.pk)
    last_reply = earlier.filter(kind=MessageKind.REPLY).aggregate(at=Max("created_at"))["at"]
    unanswered = earlier.filter(kind=MessageKind.GUEST)
    if last_reply is not None:
        unanswered = unanswered.filter(created_at__gt=last_reply)
    waiting = unanswered.aggregate(n=Count("id"), since=Min("created_at"))
    reopened = TicketEvent.objects.filter(
        ticket_id=ticket.pk, kind=EventKind.STATUS, old_value=Status.SOLVED, new_value=Status.OPEN
    ).count()
    since = waiting["since"]
    waited = (message.created_at - since).total_seconds() / 3600 if since else 0.0
    return History(prior_contacts=waiting["n"], reopened=reopened, hours_waiting=max(0.0, waited))


@lru_cache(maxsize=1)
def _message_query() -> tuple[str, rows.RowReader]:
    """The message with its ticket, the requester's language, and whether the guest wrote
    earlier on the ticket: one plain statement (lib/rows.py; the ORM's version cost more CPU
    to build than to run). Equivalent to `Message.objects.select_related("ticket")
    .annotate(earlier=Exists(earlier guest messages)).get(pk=...)` plus the requester."""
    reader = rows.RowReader((Message, "m"), (Ticket, "t"))
    sql = (
        f"SELECT {reader.columns}, {rows.column(Guest, 'language', 'g')},"  # noqa: S608 (names from the models, values as parameters)
        f" EXISTS (SELECT 1 FROM {rows.table(Message)} e"
        f" WHERE {rows.column(Message, 'ticket', 'e')} = {rows.column(Message, 'ticket', 'm')}"
        f" AND {rows.column(Message, 'kind', 'e')} = %s AND e.id < m.id)"
        f" FROM {rows.table(Message)} m"
        f" JOIN {rows.table(Ticket)} t ON t.id = {rows.column(Message, 'ticket', 'm')}"
        f" JOIN {rows.table(Guest)} g ON g.id = {rows.column(Ticket, 'requester', 't')}"
        " WHERE m.id = %s"
    )
    return sql, reader


def _read(message_id: int) -> Reading:
    sql, reader = _message_query()
    found = reader.fetch(sql, [MessageKind.GUEST, message_id])
    if not found:
        raise Message.DoesNotExist(f"No message {message_id}.")
    (message, ticket), row = found[0]
    assert isinstance(message, Message) and isinstance(ticket, Ticket)
    message.ticket = ticket
    known, earlier = row[-2], bool(row[-1])
    is_first = not earlier
    triage = is_first and ticket.routing_state in TRIAGE_STATES
    text = (
        ticket_text(ticket.subject, message.body_text)
        if is_first
        else message.body_text[:TEXT_CHARS]
    )
    candidates = tuple(settings.DESK_LANGUAGES)
    # What the desk knew before reading: the guest's profile language tips ambiguous short texts.
    prior = {known: 1.0} if known in candidates else None
    loaded = store.active_models() if triage else {}
    explained = {f: m for f, (_, m) in loaded.items() if f != TriageField.PRIORITY}
    analysis = analyse(
        text,
        candidates=candidates,
        prior=prior,
        models=explained,
        history=None if is_first else _history(ticket, message),
    )
    if TriageField.PRIORITY in loaded:
        # The priority's driving words say little (urgency cues explain a priority better),
        # and explaining costs ~2 ms: predicted without them, on the same cached embedding.
        # When the queue and category models were sure by the words alone and computed no
        # embedding (e5, decision 0111), the priority model, which is rarely sure, does not
        # make one for itself: its lexical head alone decides (measured: decision 0114).
        lang = None if analysis.language.lang == "und" else analysis.language.lang
        model = loaded[TriageField.PRIORITY][1]
        embedded = not explained or any(
            not p.semantic_skipped for p in analysis.predictions.values()
        )
        analysis.predictions[TriageField.PRIORITY] = model.predict_many(
            [text], [lang], explain=False, skip_confidence="config" if embedded else 0.0
        )[0]
    return Reading(
        message.pk,
        ticket.pk,
        is_first,
        triage,
        analysis,
        {f: run for f, (run, _) in loaded.items()},
    )


# --- apply ------------------------------------------------------------------------------------


def _attention(value: float) -> int:
    return (
        Attention.HIGH if value >= HIGH else Attention.MEDIUM if value >= MEDIUM else Attention.LOW
    )


def _cues(score: Score) -> str:
    return ", ".join(
        f"“{c.text}”" if c.kind not in ("history", "exclamation", "capitals") else c.text
        for c in score.cues
    )


def _feelings_reason(kind: str, score: Score) -> str:
    if not score.cues:
        return f"No sign of {kind} in the message."
    return f"{score.level.capitalize()} {kind} ({score.value:.0%}): {_cues(score)}."


PHRASE_CHARS = 24


def _phrase(text: str) -> str:
    """A driving phrase, short: in scripts written without spaces the engine's "word" can be
    a whole sentence."""
    return text if len(text) <= PHRASE_CHARS else text[: PHRASE_CHARS - 1].rstrip() + "…"


def _phrases(prediction: Prediction) -> list[str]:
    """The driving phrases, shortened, each once (a word can drive from several places)."""
    return list(dict.fromkeys(_phrase(p) for p, _ in prediction.phrases))


def _prediction_reason(prediction: Prediction, label: str) -> str:
    parts = []
    if prediction.phrases:
        parts.append("words " + ", ".join(f"“{p}”" for p in _phrases(prediction)))
    same = [s for s in prediction.similar if s.label == prediction.label]
    tickets = [s for s in same if s.id]
    described = [s for s in same if not s.id]
    if tickets:
        parts.append(f"like {len(tickets)} earlier ticket{'s' if len(tickets) > 1 else ''}")
    if described:
        parts.append("like its description or examples")
    if not parts:
        parts.append("the overall meaning of the message")
    return f"{label} ({prediction.confidence:.0%}): " + "; ".join(parts) + "."


def _prediction_details(prediction: Prediction, names: dict[str, str]) -> dict[str, object]:
    """What a person may see of a prediction. Similar tickets are kept as ids only (the page
    shows those the agent may open); descriptions and admin examples keep their snippet."""
    return {
        "ranked": [{"value": v, "label": names.get(v, v), "p": p} for v, p in prediction.ranked],
        "phrases": _phrases(prediction),
        "similar": [
            {
                "ticket": int(s.id) if s.id and s.id.isdigit() else None,
                "value": s.label,
                "label": names.get(s.label, s.label),
                "score": round(s.score, 3),
                "snippet": "" if s.id else s.snippet,
            }
            for s in prediction.similar
        ],
        "lang": prediction.lang,
        # ["lexical"] when the words alone decided and the embedding was not computed
        # (decision 0111): the similar tickets are then the ones sharing the most words.
        "heads": list(prediction.heads),
    }


class _Apply:
    """The decisions for one reading, applied to the locked ticket (see the module docstring)."""

    def __init__(
        self, reading: Reading, ticket: Ticket, conf: TriageSettings, version: int | None
    ) -> None:
        self.reading = reading
        self.analysis = reading.analysis
        self.ticket = ticket
        self.conf = conf
        self.human = human_set_fields(ticket=ticket)
        self.decisions: list[Decision] = []
        self.state = ticket.routing_state
        self.updates: dict[str, object] = {}  # fields written once at the end, without an event
        self.changed: list[str] = []  # fields changed with an event (see `change`)
        self.version = version  # the desk's, read with the ticket
        self._desk: desk.Desk | None = None
        self.events: list[TicketEvent] = []

    def decide(
        self,
        kind: str,
        outcome: str,
        model: tuple[str, str],
        *,
        value: object = "",
        value_label: str = "",
        confidence: float | None = None,
        reason: str = "",
        details: dict[str, object] | None = None,
    ) -> None:
        self.decisions.append(
            decision_make(
                ticket=self.ticket,
                kind=kind,
                outcome=outcome,
                model_name=model[0],
                model_version=model[1],
                message_id=self.reading.message_id,
                value=value,
                value_label=value_label,
                confidence=confidence,
                reason=reason,
                details=details,
            )
        )

    @property
    def layout(self) -> desk.Desk:
        """The queues and categories as of the version read with the ticket (read on first
        use: a message that is not triaged may need none of them)."""
        if self._desk is None:
            self._desk = desk.desk(self.version)
        return self._desk

    # -- changes, written once --------------------------------------------------------------
    def change(
        self,
        kind: str,
        field: str,
        value: object,
        *,
        old: object,
        new: object,
        system: str,
        reason: str,
        data: dict[str, object] | None = None,
    ) -> None:
        """Set `field` on the locked ticket in memory and note the event; `write` stores both."""
        setattr(self.ticket, field, value)
        self.changed.append(field)
        self.events.append(
            TicketEvent(
                ticket=self.ticket,
                kind=kind,
                actor_system=system[:120],
                old_value="" if old is None else str(old),
                new_value="" if new is None else str(new),
                reason=reason,
                data=data or {},
            )
        )

    def change_queue(self, queue: Queue, *, system: str, reason: str, confidence: float) -> None:
        """As services.ticket_change_queue does it: an assignee outside the new team is dropped."""
        ticket = self.ticket
        old = ticket.queue
        if ticket.assignee_id and not services._may_assign(ticket.assignee, queue):  # type: ignore[arg-type]
            self.change(
                EventKind.ASSIGNEE,
                "assignee",
                None,
                old=ticket.assignee,
                new="",
                system=system,
                reason=f"Not a member of the team of {queue.name}.",
            )
        self.change(
            EventKind.QUEUE,
            "queue",
            queue,
            old=old.name,
            new=queue.name,
            system=system,
            reason=reason,
            data={"old_queue_id": old.pk, "new_queue_id": queue.pk, "confidence": confidence},
        )

    def assign(self, confidence: float | None) -> None:
        """Hand the ticket to an agent when its (new) queue does that automatically, nobody has
        it and no person decided who has it (assignment.py has the rules)."""
        ticket = self.ticket
        if ticket.assignee_id is not None or "assignee" in self.human:
            return
        queue = self.layout.queues.get(ticket.queue_id) or Queue.objects.select_related("team").get(
            pk=ticket.queue_id
        )
        if not queue.auto_assign:
            return
        category = None
        if ticket.category_id:
            category = self.layout.categories.get(ticket.category_id) or (
                Category.objects.select_related("skill").filter(pk=ticket.category_id).first()
            )
        choice = choose_assignee(
            ticket=ticket,
            queue=queue,
            category=category,
            language=ticket.language,
            now=timezone.now(),
        )
        if choice.agent is not None:
            self.change(
                EventKind.ASSIGNEE,
                "assignee",
                choice.agent,
                old="",
                new=choice.agent.display_name,
                system=ASSIGNMENT_MODEL,
                reason=choice.reason,
            )
        self.decide(
            DecisionKind.ASSIGNEE,
            DecisionOutcome.APPLIED if choice.agent else DecisionOutcome.NOTED,
            (ASSIGNMENT_MODEL, ASSIGNMENT_VERSION),
            value=choice.agent.pk if choice.agent else "",
            value_label=choice.agent.display_name if choice.agent else "",
            confidence=confidence,
            reason=choice.reason,
            details=choice.details,
        )

    def write(self) -> None:
        """One write for everything decided: the fields, their events, the SLA due times when
        the queue or priority changed, and the hooks (search) once. Scores and the routing
        state are not activity: alone they do not touch updated_at (the inbox order)."""
        ticket = self.ticket
        for name, value in self.updates.items():
            setattr(ticket, name, value)
        if not self.changed:
            if self.updates:
                Ticket.objects.filter(pk=ticket.pk).update(**self.updates)
            return
        fields = [*self.changed, *self.updates]
        if {"queue", "priority"} & set(self.changed):
            fields += sla.apply_policy(ticket)
        rows.insert(self.events)
        services._save(ticket, fields)

    # -- language ---------------------------------------------------------------------------
    def language(self) -> None:
        guess = self.analysis.language
        detected = "" if guess.lang == "und" else guess.lang
        if not detected:
            return
        rows.update(
            Message,
            {"language": detected, "language_confidence": guess.confidence},
            pk=self.reading.message_id,
        )
        ticket = self.ticket
        alternatives: list[dict[str, object]] = [
            {"value": code, "p": p} for code, p in guess.alternatives[:3]
        ]
        others = ", ".join(f"{code} {p:.0%}" for code, p in guess.alternatives[1:3] if p >= 0.01)
        reason = (
            f"{detected} ({guess.confidence:.0%})" + (f"; then {others}" if others else "") + "."
        )
        details: dict[str, object] = {"alternatives": alternatives, "reliable": guess.reliable}
        if not self.reading.is_first:
            if guess.reliable and detected != ticket.language:
                self.decide(
                    DecisionKind.LANGUAGE,
                    DecisionOutcome.KEPT,
                    language_model(),
                    value=detected,
                    confidence=guess.confidence,
                    details=details,
                    reason=f"The guest now writes in {reason} The conversation stays in "
                    f"{ticket.language or 'its language'} unless someone changes it.",
                )
            return
        if not ticket.requester.language and guess.reliable:
            # The guest's profile learns their language (the next short message is read with it).
            guest_update(guest=ticket.requester, language=detected)
        if "language" in self.human:
            outcome = DecisionOutcome.KEPT if detected != ticket.language else DecisionOutcome.NOTED
            self.decide(
                DecisionKind.LANGUAGE,
                outcome,
                language_model(),
                value=detected,
                confidence=guess.confidence,
                details=details,
                reason=f"{reason} An agent set {ticket.language}; it stays.",
            )
            return
        if guess.reliable or not ticket.language:
            if detected != ticket.language:
                # As services.ticket_change_language records it, written with the rest.
                self.change(
                    EventKind.LANGUAGE,
                    "language",
                    detected,
                    old=ticket.language,
                    new=detected,
                    system="language detection",
                    reason=reason,
                    data={"confidence": guess.confidence},
                )
            # The same language, now known with a confidence, needs no event.
            self.updates["language_confidence"] = guess.confidence
            self.decide(
                DecisionKind.LANGUAGE,
                DecisionOutcome.APPLIED,
                language_model(),
                value=detected,
                confidence=guess.confidence,
                details=details,
                reason=reason,
            )
        else:
            self.decide(
                DecisionKind.LANGUAGE,
                DecisionOutcome.SUGGESTED,
                language_model(),
                value=detected,
                confidence=guess.confidence,
                details=details,
                reason=f"Not sure: {reason} Kept {ticket.language}, the guest's known language.",
            )

    # -- feelings -----------------------------------------------------------------------------
    def feelings(self) -> dict[str, object]:
        feelings: Feelings = self.analysis.feelings
        frustration, urgency = feelings.frustration, feelings.urgency
        for kind, score in (
            (DecisionKind.FRUSTRATION, frustration),
            (DecisionKind.URGENCY, urgency),
        ):
            self.decide(
                kind,
                DecisionOutcome.NOTED,
                feelings_model(),
                value=score.level,
                value_label=score.level,
                confidence=score.value,
                reason=_feelings_reason(str(kind), score),
                details={
                    "cues": [
                        {"kind": c.kind, "text": c.text, "weight": c.weight} for c in score.cues
                    ]
                },
            )
        # The mood is the latest message's; the need's urgency stays as high as it has been.
        new_urgency = (
            urgency.value if self.reading.is_first else max(self.ticket.urgency, urgency.value)
        )
        return {
            "frustration": frustration.value,
            "urgency": new_urgency,
            "attention": _attention(max(frustration.value, new_urgency)),
        }

    # -- queue ---------------------------------------------------------------------------------
    def queue(self) -> None:
        ticket = self.ticket
        prediction = self.analysis.predictions.get(TriageField.QUEUE)
        run = self.reading.runs.get(TriageField.QUEUE)
        # Every queue with its team (a desk has a handful; kept per process, routing/desk.py):
        # the names for the decision, the landing queue, and the target with what
        # assignment needs.
        queues = {str(pk): q for pk, q in self.layout.queues.items()}
        names_s = {pk: q.name for pk, q in queues.items()}
        # The landing queue, as decisions.landing_queue_id picks it: the default, else the first.
        landing = next((q.pk for q in queues.values() if q.is_default), None)
        landing = landing if landing is not None else next((q.pk for q in queues.values()), None)
        routable = [q.pk for q in queues.values() if q.accepts_routing]
        target = None
        if (
            prediction is not None
            and prediction.label in queues
            and queues[prediction.label].accepts_routing
        ):
            target = queues[prediction.label]
        model = (triage_model_name("queue"), run.version if run else "")

        def record(outcome: str) -> None:
            assert prediction is not None
            label = names_s.get(prediction.label, prediction.label)
            self.decide(
                DecisionKind.QUEUE,
                outcome,
                model,
                value=prediction.label,
                value_label=label,
                confidence=prediction.confidence,
                reason=_prediction_reason(prediction, label),
                details=_prediction_details(prediction, names_s),
            )

        if "queue" in self.human or ticket.queue_id != landing:
            # A person (or the mailbox or API caller at intake) chose the queue: it stays.
            self.state = RoutingState.HUMAN if "queue" in self.human else RoutingState.KEPT
            if prediction is not None:
                record(
                    DecisionOutcome.KEPT
                    if prediction.label != str(ticket.queue_id)
                    else DecisionOutcome.NOTED
                )
            return
        if prediction is None:
            if routable == [ticket.queue_id]:
                self.state = RoutingState.ROUTED  # one queue: nothing to choose
            else:
                self.state = RoutingState.TRIAGE
                self.decide(
                    DecisionKind.QUEUE,
                    DecisionOutcome.NOTED,
                    model,
                    value="",
                    reason="No queue model yet (it is trained from queue descriptions, admin "
                    "examples and answered tickets); a person chooses the queue.",
                )
            return
        if target is not None and prediction.confidence >= self.conf.queue_threshold:
            label = names_s.get(prediction.label, prediction.label)
            if target.pk != ticket.queue_id:
                self.change_queue(
                    copy.copy(target),  # the kept one is shared (routing/desk.py)
                    system=f"triage {model[1]}",
                    reason=_prediction_reason(prediction, label),
                    confidence=prediction.confidence,
                )
            record(DecisionOutcome.APPLIED)
            self.state = RoutingState.ROUTED
        else:
            record(DecisionOutcome.SUGGESTED)
            self.state = RoutingState.TRIAGE

    # -- category ------------------------------------------------------------------------------
    def category(self) -> None:
        prediction = self.analysis.predictions.get(TriageField.CATEGORY)
        if prediction is None:
            return
        ticket = self.ticket
        run = self.reading.runs.get(TriageField.CATEGORY)
        model = (triage_model_name("category"), run.version if run else "")
        categories = {str(pk): c for pk, c in self.layout.categories.items()}
        names = {k: c.name for k, c in categories.items()}
        target = categories.get(prediction.label)
        label = names.get(prediction.label, prediction.label)
        reason = _prediction_reason(prediction, label)
        if "category" in self.human or ticket.category_id is not None:
            outcome = (
                DecisionOutcome.KEPT
                if prediction.label != str(ticket.category_id)
                else DecisionOutcome.NOTED
            )
        elif target is None or prediction.confidence < self.conf.category_threshold:
            outcome = DecisionOutcome.SUGGESTED
        elif target.queue_id is not None and target.queue_id != ticket.queue_id:
            outcome = DecisionOutcome.SUGGESTED
            reason += (
                f" Not set: {target.name} belongs to {self._queue_name(target.queue_id)}, "
                f"the ticket is in {ticket.queue.name}."
            )
        else:
            self.change(
                EventKind.CATEGORY,
                "category",
                copy.copy(target),  # the kept one is shared (routing/desk.py)
                old="",
                new=target.name,
                system=f"triage {model[1]}",
                reason=reason,
                data={"category_id": target.pk},
            )
            outcome = DecisionOutcome.APPLIED
        self.decide(
            DecisionKind.CATEGORY,
            outcome,
            model,
            value=prediction.label,
            value_label=label,
            confidence=prediction.confidence,
            reason=reason,
            details=_prediction_details(prediction, names),
        )

    def _queue_name(self, queue_id: int) -> str:
        queue = self.layout.queues.get(queue_id) or Queue.objects.filter(pk=queue_id).first()
        return queue.name if queue else "?"

    # -- priority ------------------------------------------------------------------------------
    def priority(self) -> None:
        """The priority model's prediction (first message only), raised for a very urgent or
        upset guest. Applied unless a person set the priority."""
        current = self.ticket.priority
        labels = {str(k): str(v) for k, v in Priority.choices}
        prediction = (
            self.analysis.predictions.get(TriageField.PRIORITY) if self.reading.triage else None
        )
        if prediction is not None and prediction.label not in PRIORITY_RANK:
            prediction = None
        run = self.reading.runs.get(TriageField.PRIORITY)
        model, confidence, proposal, reasons = feelings_model(), None, current, []
        if prediction is not None:
            model, confidence = (
                (triage_model_name("priority"), run.version if run else ""),
                prediction.confidence,
            )
            text = _prediction_reason(prediction, labels[prediction.label])
            if prediction.confidence >= self.conf.priority_threshold:
                proposal = prediction.label
                reasons.append(text)
            else:
                reasons.append(f"Not sure: {text}")
        raised, why = self._raise(proposal)
        if raised:
            proposal = raised
            reasons.append(why)
            model, confidence = (
                feelings_model(),
                max(self.analysis.feelings.urgency.value, self.analysis.feelings.frustration.value),
            )
        if not reasons:
            return
        reason = " ".join(reasons)
        details: dict[str, object] = {"from": current}
        if prediction is not None:
            # Raised by the guest's words: the prediction is background, not the reason shown.
            predicted = _prediction_details(prediction, labels)
            details.update({"prediction": predicted} if raised else predicted)

        def record(outcome: str, value: str, note: str = "") -> None:
            self.decide(
                DecisionKind.PRIORITY,
                outcome,
                model,
                value=value,
                value_label=labels.get(value, value),
                confidence=confidence,
                reason=reason + note,
                details=details,
            )

        if proposal == current:
            if (
                prediction is not None
                and prediction.label != current
                and "priority" not in self.human
            ):
                record(DecisionOutcome.SUGGESTED, prediction.label)
            elif prediction is not None:
                record(DecisionOutcome.NOTED, current)
        elif "priority" in self.human:
            record(
                DecisionOutcome.KEPT,
                proposal,
                f" A person set {labels.get(current, current)}; it stays.",
            )
        else:
            self.change(
                EventKind.PRIORITY,
                "priority",
                proposal,
                old=current,
                new=proposal,
                system=f"{model[0]} {model[1]}",
                reason=reason,
            )
            record(DecisionOutcome.APPLIED, proposal)

    def _raise(self, proposal: str) -> tuple[str | None, str]:
        """A higher priority for a very urgent or upset guest (never a lower one)."""
        if not self.conf.raise_priority:
            return None, ""
        feelings = self.analysis.feelings
        urgency, frustration = feelings.urgency, feelings.frustration
        wanted, why = None, ""
        if urgency.value >= VERY_URGENT:
            wanted, why = Priority.URGENT, f"very urgent ({urgency.value:.0%}: {_cues(urgency)})"
        elif urgency.value >= HIGH:
            wanted, why = Priority.HIGH, f"urgent ({urgency.value:.0%}: {_cues(urgency)})"
        elif frustration.value >= HIGH:
            wanted, why = Priority.HIGH, f"upset ({frustration.value:.0%}: {_cues(frustration)})"
        if wanted is None or PRIORITY_RANK[wanted] <= PRIORITY_RANK.get(proposal, 1):
            return None, ""
        return wanted, f"Raised to {Priority(wanted).label}: the guest sounds {why}."


@lru_cache(maxsize=1)
def _ticket_query() -> tuple[str, rows.RowReader]:
    """The ticket of a message, locked, with its queue, category and requester: one plain
    statement. Equivalent to `Ticket.objects.select_for_update(of=("self",))
    .select_related("queue", "category", "requester").filter(messages__pk=...).first()`,
    and the desk version (routing/desk.py)."""
    reader = rows.RowReader((Ticket, "t"), (Queue, "q"), (Category, "c"), (Guest, "g"))
    sql = (
        f"SELECT {reader.columns}, {desk.version_column()} FROM {rows.table(Ticket)} t"  # noqa: S608 (names from the models, values as parameters)
        f" JOIN {rows.table(Message)} m ON {rows.column(Message, 'ticket', 'm')} = t.id"
        f" JOIN {rows.table(Queue)} q ON q.id = {rows.column(Ticket, 'queue', 't')}"
        f" LEFT JOIN {rows.table(Category)} c ON c.id = {rows.column(Ticket, 'category', 't')}"
        f" JOIN {rows.table(Guest)} g ON g.id = {rows.column(Ticket, 'requester', 't')}"
        " WHERE m.id = %s"
    )
    if connection.features.has_select_for_update_of:
        sql += " FOR UPDATE OF t"
    elif connection.features.has_select_for_update:  # pragma: no cover - no such backend here
        sql += " FOR UPDATE"
    return sql, reader


def _locked_ticket(message_id: int) -> tuple[Ticket, int | None] | None:
    """The message's ticket, locked until the transaction ends, and the desk version (see
    `_ticket_query`)."""
    sql, reader = _ticket_query()
    found = reader.fetch(sql, [message_id])
    if not found:
        return None
    (ticket, queue, category, guest), row = found[0]
    assert isinstance(ticket, Ticket) and isinstance(queue, Queue) and isinstance(guest, Guest)
    ticket.queue = queue
    ticket.category = category if ticket.category_id is not None else None  # type: ignore[assignment]
    ticket.requester = guest
    return ticket, row[-1]


def _apply(reading: Reading, attempt: int, now: datetime) -> bool:
    """Apply `reading` if this run still owns the message. Returns False when it lost it."""
    feelings = reading.analysis.feelings
    guess = reading.analysis.language
    with transaction.atomic():
        # Finish the run first: the update both checks that this run still owns the message
        # (its lease may have run out and another run taken over) and locks the row until
        # commit. Anything failing below rolls it back with everything else.
        owned = rows.update(
            Understanding,
            {
                "status": UnderstandingStatus.DONE,
                "lease_until": None,
                "last_error": "",
                "language": "" if guess.lang == "und" else guess.lang,
                "language_confidence": guess.confidence,
                "frustration": feelings.frustration.value,
                "urgency": feelings.urgency.value,
                "cues": {
                    "frustration": [c.text for c in feelings.frustration.cues],
                    "urgency": [c.text for c in feelings.urgency.cues],
                },
                "elapsed_ms": reading.analysis.elapsed_ms,
                "finished_at": now,
            },
            pk=reading.message_id,
            status=UnderstandingStatus.RUNNING,
            attempts=attempt,
        )
        if not owned:
            return False  # our lease ran out and another run took over
        # The message may have moved with a merge since it was read: act on its ticket now.
        locked = _locked_ticket(reading.message_id)
        if locked is None:
            # The message is gone (its ticket deleted): nothing to apply, nothing to finish.
            transaction.set_rollback(True)
            return False
        ticket, version = locked
        apply = _Apply(reading, ticket, triage_settings(), version)
        apply.language()
        apply.updates.update(apply.feelings())
        if reading.triage and ticket.routing_state in TRIAGE_STATES:
            apply.queue()
            apply.category()
            apply.updates["routing_state"] = apply.state
        if ticket.is_open:  # a case already closed keeps the priority it was handled with
            apply.priority()
        if reading.triage and apply.state in (
            RoutingState.ROUTED,
            RoutingState.KEPT,
            RoutingState.HUMAN,
        ):
            top = next(
                (d.confidence for d in apply.decisions if d.kind == DecisionKind.QUEUE), None
            )
            apply.assign(top)
        apply.write()
        rows.insert(apply.decisions)
        return True


def _failed(message_id: int, attempt: int, exc: BaseException, now: datetime) -> None:
    """Record a failed run: retried with backoff, or left to a person after MAX_ATTEMPTS.
    Either way a new ticket waiting for triage moves to the triage view."""
    try:
        with transaction.atomic():
            row = (
                Understanding.objects.select_for_update()
                .filter(pk=message_id, attempts=attempt)
                .first()
            )
            if row is None:
                return
            gave_up = row.attempts >= MAX_ATTEMPTS
            row.status = UnderstandingStatus.ABANDONED if gave_up else UnderstandingStatus.FAILED
            row.lease_until = None
            row.next_attempt_at = now + timedelta(
                minutes=BACKOFF_MINUTES[min(row.attempts, len(BACKOFF_MINUTES)) - 1]
            )
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.save(update_fields=["status", "lease_until", "next_attempt_at", "last_error"])
            Ticket.objects.filter(
                messages__pk=message_id, routing_state=RoutingState.PENDING
            ).update(routing_state=RoutingState.TRIAGE)
    except Exception:  # recording must not hide the original error
        logger.exception("could not record the failed understanding of message %s", message_id)


def message_understand(*, message_id: int, now: datetime | None = None) -> str:
    """Read one guest message and act on it (see the module docstring). Safe to run twice.

    Returns "done", or "skipped" when there was nothing for this run to do (not a guest
    message, already done, or another run holds it). Raises what the reading or applying
    raised, after recording the failure (the caller retries).
    """
    now = now or timezone.now()
    attempt = _claim(message_id, now)
    if attempt is None:
        return "skipped"
    try:
        reading = _read(message_id)
        done = _apply(reading, attempt, timezone.now())
    except Exception as exc:
        _failed(message_id, attempt, exc, timezone.now())
        raise
    return "done" if done else "skipped"


def understanding_due(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Guest messages the sweep should (re)queue: never read although committed a while
    ago (the broker was down, a worker died before claiming), failed runs that are due
    again, and runs whose lease ran out. Only on open tickets: a case a person has solved or
    closed since has no use for a late reading (a guest writing again reopens it, or starts
    a follow-up, and that message is read)."""
    now = now or timezone.now()
    unread = list(
        Message.objects.filter(
            kind=MessageKind.GUEST,
            created_at__gte=now - SWEEP_WINDOW,
            created_at__lt=now - SWEEP_AFTER,
            understanding__isnull=True,
            ticket__status__in=OPEN_STATUSES,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    again = list(
        Understanding.objects.filter(
            Q(status=UnderstandingStatus.FAILED, next_attempt_at__lte=now)
            | Q(status=UnderstandingStatus.RUNNING, lease_until__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("message_id", flat=True)[:limit]
    )
    seen = set(unread)
    return unread + [pk for pk in again if pk not in seen]


def warm_up() -> None:
    """Load the language detector, the encoders and the active triage models now (worker or
    server start), instead of making the first guest of the day wait for them."""
    warm_up_language(tuple(settings.DESK_LANGUAGES))
    from omotenashi.engine.embeddings import get_encoder

    for kind in ("use", "e5"):
        get_encoder(kind).encode(["."])
    store.active_models()
