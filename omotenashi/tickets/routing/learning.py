"""What triage learns from, and retraining with a held-out check.

Training examples, oldest first:

1. Curated: each routable queue's (and active category's) name and description, and the
   examples an admin wrote (TriageExample). They are all a new desk has, so triage helps
   from day one; they count double and are never held out.
2. History: tickets whose value a person confirmed. A ticket counts once an agent answered
   it or it was solved (they worked it where it was), or when a person set the value
   (re-routed, changed the category or priority, accepted a suggestion); a correction
   counts double. A ticket the engine routed that nobody has touched yet teaches nothing:
   the engine must not learn from itself.

Retraining keeps the active model unless a new one is at least as accurate on tickets the
active model has never seen: those labelled since it was trained (docs/decisions/0102).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from omotenashi.engine.embeddings import USE_LANGUAGES, get_encoder
from omotenashi.engine.reference import REFERENCE_SENTENCES
from omotenashi.engine.triage import Example, TriageConfig, TriageModel, retrain
from omotenashi.tickets.models import (
    Category,
    EventKind,
    Message,
    MessageKind,
    Queue,
    Status,
    Ticket,
    TicketEvent,
    TriageExample,
    TriageField,
    TriageModelRun,
)
from omotenashi.tickets.routing import store

logger = logging.getLogger(__name__)

TEXT_CHARS = 2000
MAX_HISTORY = 15_000  # the newest confirmed tickets; older ones add little and cost time
MIN_NEW = 20  # labelled tickets the active model has not seen, before a comparison is fair
CURATED_WEIGHT = 2.0
CORRECTION_WEIGHT = 2.0
UNLABELLED_PER_LANGUAGE = 40  # texts per language, examples included, for its mean embedding
UNLABELLED_SCAN = 5_000
KEEP_FILES = 3  # model files kept per field besides the active one (to compare, to roll back)
EMBED_CHUNK = 64
FIELD_EVENT = {
    TriageField.QUEUE: EventKind.QUEUE,
    TriageField.CATEGORY: EventKind.CATEGORY,
    TriageField.PRIORITY: EventKind.PRIORITY,
}

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Labelled:
    example: Example
    labelled_at: datetime
    corrected: bool


def ticket_text(subject: str, body: str) -> str:
    """What triage reads of a ticket: the subject and the guest's first message."""
    return f"{subject}\n{body}"[:TEXT_CHARS]


def triage_config() -> TriageConfig:
    return TriageConfig(languages=tuple(settings.DESK_LANGUAGES))


def curated_examples(*, field: str) -> list[Example]:
    """Descriptions and admin examples (see the module docstring)."""
    examples: list[Example] = []
    if field == TriageField.QUEUE:
        for queue in Queue.objects.filter(accepts_routing=True).order_by("pk"):
            if queue.description.strip():
                examples.append(
                    Example(
                        f"{queue.name}. {queue.description}", str(queue.pk), weight=CURATED_WEIGHT
                    )
                )
        rows = TriageExample.objects.filter(queue__accepts_routing=True).order_by("pk")
        examples += [
            Example(r.text, str(r.queue_id), r.language or None, weight=CURATED_WEIGHT)
            for r in rows
        ]
    elif field == TriageField.CATEGORY:
        for category in Category.objects.filter(is_active=True).order_by("pk"):
            if category.description.strip():
                examples.append(
                    Example(
                        f"{category.name}. {category.description}",
                        str(category.pk),
                        weight=CURATED_WEIGHT,
                    )
                )
        rows = TriageExample.objects.filter(category__is_active=True).order_by("pk")
        examples += [
            Example(r.text, str(r.category_id), r.language or None, weight=CURATED_WEIGHT)
            for r in rows
        ]
    return [e for e in examples if e.text.strip()]


def history_examples(*, field: str, limit: int = MAX_HISTORY) -> list[Labelled]:
    """Tickets whose `field` a person confirmed, oldest label first (see the module docstring)."""
    human = (
        TicketEvent.objects.filter(
            ticket=OuterRef("pk"), kind=FIELD_EVENT[TriageField(field)], actor_agent__isnull=False
        )
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    first_message = (
        Message.objects.filter(ticket=OuterRef("pk"), kind=MessageKind.GUEST)
        .order_by("id")
        .values("id")[:1]
    )
    qs = (
        Ticket.objects.filter(merged_into__isnull=True)
        .annotate(corrected_at=Subquery(human), first_message_id=Subquery(first_message))
        .filter(
            Q(first_responded_at__isnull=False)
            | Q(status__in=[Status.SOLVED, Status.CLOSED])
            | Q(corrected_at__isnull=False)
        )
        .filter(first_message_id__isnull=False)
    )
    if field == TriageField.QUEUE:
        qs, label_field = qs.filter(queue__accepts_routing=True), "queue_id"
    elif field == TriageField.CATEGORY:
        qs, label_field = qs.filter(category__isnull=False, category__is_active=True), "category_id"
    else:
        label_field = "priority"
    rows = list(
        qs.order_by("-created_at", "-id").values(
            "pk",
            "subject",
            "language",
            label_field,
            "corrected_at",
            "first_responded_at",
            "solved_at",
            "closed_at",
            "created_at",
            "first_message_id",
        )[:limit]
    )
    bodies = {
        m["pk"]: m
        for m in Message.objects.filter(pk__in=[r["first_message_id"] for r in rows]).values(
            "pk", "body_text", "language"
        )
    }
    found = []
    for row in rows:
        message = bodies.get(row["first_message_id"])
        if message is None:
            continue
        corrected = row["corrected_at"] is not None
        labelled_at = (
            row["corrected_at"]
            or row["first_responded_at"]
            or row["solved_at"]
            or row["closed_at"]
            or row["created_at"]
        )
        found.append(
            Labelled(
                Example(
                    ticket_text(row["subject"], message["body_text"]),
                    str(row[label_field]),
                    message["language"] or row["language"] or None,
                    id=str(row["pk"]),
                    weight=CORRECTION_WEIGHT if corrected else 1.0,
                ),
                labelled_at,
                corrected,
            )
        )
    found.sort(key=lambda item: (item.labelled_at, int(item.example.id or 0)))
    return found


def unlabelled_texts(
    *, examples: Sequence[Example], per_language: int = UNLABELLED_PER_LANGUAGE
) -> list[tuple[str, str | None]]:
    """Recent guest messages (texts only) in languages the examples hardly cover, to estimate
    those languages' mean embeddings (the examples' own texts estimate the others). Bounded:
    each text costs an embedding by every encoder at training time."""
    have: dict[str, int] = {}
    for e in examples:
        if e.lang:
            have[e.lang] = have.get(e.lang, 0) + 1
    wanted = {lang: per_language - have.get(lang, 0) for lang in settings.DESK_LANGUAGES}
    if all(n <= 0 for n in wanted.values()):
        return []
    found: list[tuple[str, str | None]] = []
    rows = (
        Message.objects.filter(
            kind=MessageKind.GUEST, language__in=[k for k, n in wanted.items() if n > 0]
        )
        .order_by("-id")
        .values_list("body_text", "language")[:UNLABELLED_SCAN]
    )
    for text, lang in rows:
        if wanted.get(lang, 0) > 0 and text.strip():
            wanted[lang] -= 1
            found.append((text[:TEXT_CHARS], lang))
    return found


def _digest(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for e in examples:
        digest.update(
            json.dumps([e.id, e.label, e.weight, e.lang, e.text if e.id is None else ""]).encode()
        )
    return digest.hexdigest()


@dataclass(frozen=True)
class RetrainReport:
    field: str
    outcome: str  # promoted | kept | skipped | no data | busy
    message: str
    run: TriageModelRun | None = None


def _encoder_kinds(config: TriageConfig, langs: Sequence[str | None]) -> list[str]:
    # The same choice the engine makes when training (triage._encoders_needed).
    everything = set(config.languages) | {lang for lang in langs if lang}
    kinds = []
    if everything & USE_LANGUAGES:
        kinds.append("use")
    if everything - USE_LANGUAGES or config.semantic_mode == "both":
        kinds.append("e5")
    return kinds or ["use"]


def _embed_ahead(texts: Sequence[str], kinds: Sequence[str], progress: Progress | None) -> None:
    """Fill the encoders' caches in chunks, reporting progress: embedding is nearly all the
    time training takes, and the engine then finds every vector cached."""
    total = len(texts) * len(kinds)
    done = 0
    for kind in kinds:
        encoder = get_encoder(kind)
        for start in range(0, len(texts), EMBED_CHUNK):
            chunk = texts[start : start + EMBED_CHUNK]
            encoder.encode(chunk)
            done += len(chunk)
            if progress:
                progress("embedding", done, total)


@contextmanager
def _field_lock(field: str) -> Iterator[bool]:
    """One retraining per field at a time (a lock in the shared cache: across processes with
    REDIS_URL)."""
    key = f"triage-retrain:{field}"
    acquired = cache.add(key, 1, timeout=3 * 3600)
    try:
        yield bool(acquired)
    finally:
        if acquired:
            cache.delete(key)


def triage_retrain(
    *,
    field: str,
    force: bool = False,
    trigger: str = "command",
    progress: Progress | None = None,
    now: datetime | None = None,
) -> RetrainReport:
    """Train a new `field` model from the desk's data and promote it if it is at least as good
    as the active one on tickets the active one has not seen. Every run is recorded.

    Without `force`, nothing is trained while the data is unchanged, or while fewer than
    MIN_NEW newly labelled tickets exist and the labels and curated examples are the same.
    """
    field = TriageField(field)
    with _field_lock(field) as acquired:
        if not acquired:
            return RetrainReport(field, "busy", f"A {field} model is being trained already.")
        return _retrain(
            field=field, force=force, trigger=trigger, progress=progress, now=now or timezone.now()
        )


def _retrain(
    *, field: TriageField, force: bool, trigger: str, progress: Progress | None, now: datetime
) -> RetrainReport:
    started = time.monotonic()
    if progress:
        progress("collecting", 0, 1)
    curated = curated_examples(field=field)
    history = history_examples(field=field)
    examples = [*curated, *(h.example for h in history)]
    labels = {e.label for e in examples}
    if len(labels) < 2:
        return RetrainReport(
            field,
            "no data",
            f"No {field} model: triage needs examples of at least two "
            f"{field} values (descriptions, admin examples or answered tickets).",
        )
    curated_digest, data_digest = _digest(curated), _digest(examples)
    current_run = TriageModelRun.objects.filter(field=field, is_active=True).first()
    current: TriageModel | None = None
    if current_run is not None:
        try:
            current = store.model_load(run=current_run)
        except (OSError, ValueError):
            logger.exception("the active %s model cannot be read; a new one replaces it", field)
    n_new = (
        len(history)
        if current_run is None
        else sum(1 for h in history if h.labelled_at > current_run.trained_at)
    )
    labels_changed = current is not None and set(current.labels) != labels
    curated_changed = (
        current_run is not None and current_run.metrics.get("curated_digest") != curated_digest
    )
    if current is not None and current_run is not None and not force:
        if current_run.data_digest == data_digest:
            return RetrainReport(
                field, "skipped", f"Nothing changed since {field} model {current_run.version}."
            )
        if not labels_changed and not curated_changed and n_new < MIN_NEW:
            return RetrainReport(
                field,
                "skipped",
                f"{n_new} newly labelled tickets since {field} model "
                f"{current_run.version}; retraining waits for {MIN_NEW}.",
            )

    config = triage_config()
    unlabelled = unlabelled_texts(examples=examples)
    references = [s for sentences in REFERENCE_SENTENCES.values() for s in sentences]
    _embed_ahead(
        [e.text for e in examples] + [t for t, _ in unlabelled] + references,
        _encoder_kinds(config, [e.lang for e in examples]),
        progress,
    )
    if progress:
        progress("training", 0, 1)
    # A fair comparison needs tickets the active model has never seen: the newest labelled
    # ones (examples are ordered by when their label became known). Without enough of them,
    # or when the values changed (a new queue the active model cannot predict), there is
    # nothing fair to compare on, and the model trained on more (or corrected) examples
    # replaces the active one: a run gets here then only when forced, or when the labels
    # or an admin's examples changed.
    fair = current is not None and not labels_changed and n_new >= MIN_NEW
    result = retrain(
        examples,
        current if fair else None,
        holdout_fraction=(n_new + 0.5) / len(examples) if fair else 0.1,
        min_holdout=MIN_NEW,
        unlabelled=unlabelled,
        config=config,
        now=now,
    )
    candidate, old = result.candidate_metrics, result.current_metrics
    run = TriageModelRun(
        field=field,
        trained_at=now,
        n_examples=len(examples),
        n_new=n_new,
        labels=sorted(labels),
        metrics={
            "candidate": candidate,
            "current": old,
            "holdout_size": result.holdout_size,
            "curated_digest": curated_digest,
            "curated": len(curated),
            "labels_changed": labels_changed,
        },
        promoted=result.promoted,
        data_digest=data_digest,
        trigger=trigger[:40],
        version=result.model.version if result.promoted else f"{now:%Y%m%d%H%M%S}-not-promoted",
        note=_note(
            result.promoted,
            candidate,
            old,
            result.holdout_size if fair else 0,
            labels_changed,
            current_run,
            force,
        ),
    )
    if progress:
        progress("storing", 0, 1)
    if result.promoted:
        store.model_save(run=run, model=result.model)
    run.seconds = round(time.monotonic() - started, 2)
    with transaction.atomic():
        if result.promoted:
            TriageModelRun.objects.filter(field=field, is_active=True).update(is_active=False)
            run.is_active = True
        run.save()
    _prune(field)
    if progress:
        progress("storing", 1, 1)
    logger.info("triage %s: %s (%s)", field, "promoted" if result.promoted else "kept", run.note)
    return RetrainReport(field, "promoted" if result.promoted else "kept", run.note, run)


def _pct(metrics: dict[str, object] | None) -> str:
    value = (metrics or {}).get("accuracy")
    return f"{float(value):.1%}" if isinstance(value, int | float) else "?"


def _note(
    promoted: bool,
    candidate: dict[str, object],
    old: dict[str, object] | None,
    holdout: int,
    labels_changed: bool,
    current_run: TriageModelRun | None,
    forced: bool,
) -> str:
    if current_run is None:
        return "First model of this field."
    if labels_changed:
        return (
            "The values to choose from changed (a queue or category was added or removed); "
            "the new model replaces the old one, which cannot predict them."
        )
    if not holdout:
        why = "retraining was forced" if forced else "the descriptions or admin examples changed"
        return (
            f"Fewer than {MIN_NEW} tickets the previous model has not seen, so no fair "
            f"comparison; {why}, and the new model replaces the old one."
        )
    if promoted:
        return (
            f"Promoted: {_pct(candidate)} accurate on the {holdout} newest labelled tickets, "
            f"the previous model {_pct(old)}."
        )
    return (
        f"Kept {current_run.version}: it was {_pct(old)} accurate on the {holdout} newest "
        f"labelled tickets, the new model {_pct(candidate)}."
    )


def _prune(field: str) -> None:
    """Delete the files of old models, keeping the active one and the KEEP_FILES newest."""
    with_files = (
        TriageModelRun.objects.filter(field=field).exclude(file="").order_by("-created_at", "-id")
    )
    for run in list(with_files)[KEEP_FILES + 1 :]:
        if run.is_active:
            continue
        run.file.delete(save=False)
        TriageModelRun.objects.filter(pk=run.pk).update(file="", sha256="")


def triage_retrain_all(
    *, force: bool = False, trigger: str = "schedule", progress: Progress | None = None
) -> list[RetrainReport]:
    return [
        triage_retrain(field=field, force=force, trigger=trigger, progress=progress)
        for field in TriageField.values
    ]


def stale_fields() -> list[str]:
    """Fields whose curated examples changed since their active model (an admin added a
    queue or edited a description), or that have no model yet but could have one."""
    stale = []
    active = {run.field: run for run in TriageModelRun.objects.filter(is_active=True)}
    for field in TriageField.values:
        curated = curated_examples(field=field)
        run = active.get(field)
        if run is not None:
            if run.metrics.get("curated_digest") != _digest(curated):
                stale.append(field)
            continue
        labels = {e.label for e in curated}
        if len(labels) < 2:
            labels |= {h.example.label for h in history_examples(field=field, limit=200)}
        if len(labels) >= 2:
            stale.append(field)
    return stale
