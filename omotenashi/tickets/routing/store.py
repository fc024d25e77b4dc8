"""Stored triage models: one file per version in the media storage, one active per field.

Every process (web, worker) keeps the loaded models in memory and the list of active
versions for ACTIVE_TTL seconds: a promotion saved in the process itself is used by the
next message (saving or deleting a run drops the list, model signals connected in
TicketsConfig.ready), one made by another process within the TTL, without a restart
(docs/decisions/0108-active-models-listed-per-process.md). Models of versions no longer
active are dropped from memory.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from omotenashi.engine.triage import TriageModel
from omotenashi.lib.process_cache import ProcessValue
from omotenashi.tickets.models import TriageModelRun

logger = logging.getLogger(__name__)

# Keyed by row and checksum: a row id alone could name another model after a rollback.
_cache: dict[tuple[int, str], TriageModel] = {}
_lock = threading.Lock()
# The active runs, read at most every ACTIVE_TTL seconds (lib.process_cache).
ACTIVE_TTL = 30.0
_active: ProcessValue[list[TriageModelRun]] = ProcessValue(ACTIVE_TTL)


def clear_active_cache() -> None:
    """Read the active runs again on next use (tests start without a list)."""
    _active.clear()


def forget_active(*, using: str | None = None, **_: Any) -> None:
    """A run was saved or deleted: drop the list now and again at commit. Accepts the
    keyword arguments of model signals."""
    _active.forget(using=using)


def _active_runs() -> list[TriageModelRun]:
    return _active.get(
        lambda: list(
            TriageModelRun.objects.filter(is_active=True).only(
                "pk", "field", "version", "file", "sha256", "trained_at"
            )
        )
    )


def model_save(*, run: TriageModelRun, model: TriageModel) -> None:
    """Write `model` as the file of `run` (unsaved fields: file, sha256, size)."""
    blob = model.to_bytes()
    run.sha256 = hashlib.sha256(blob).hexdigest()
    run.size = len(blob)
    run.file.save(f"{run.field}-{model.version}.zip", ContentFile(blob), save=False)
    with _lock:
        if run.pk is not None:
            _cache[(run.pk, run.sha256)] = model


def model_load(*, run: TriageModelRun) -> TriageModel:
    """The model of `run`, from memory or from its file. Raises OSError or ValueError when
    the file is missing, damaged or not a model (the checksum guards against a partial copy)."""
    key = (run.pk, run.sha256)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        if not run.file.name:
            raise OSError(f"triage model {run.version} has no file (pruned or never stored)")
        with default_storage.open(run.file.name, "rb") as handle:
            blob = handle.read()
        if run.sha256 and hashlib.sha256(blob).hexdigest() != run.sha256:
            raise ValueError(f"the file of triage model {run.version} does not match its checksum")
        model = TriageModel.from_bytes(blob)
        _cache[key] = model
        return model


def active_models() -> dict[str, tuple[TriageModelRun, TriageModel]]:
    """The active model of each field that has one, loaded. A model that cannot be read is
    logged and left out: its field is then not predicted (tickets wait in triage)."""
    runs = _active_runs()
    loaded: dict[str, tuple[TriageModelRun, TriageModel]] = {}
    for run in runs:
        try:
            loaded[run.field] = (run, model_load(run=run))
        except (OSError, ValueError):
            logger.exception(
                "triage model %s (%s) could not be loaded; %s is not predicted",
                run.version,
                run.file.name,
                run.field,
            )
    keep = {(run.pk, run.sha256) for run in runs}
    if set(_cache) - keep:
        with _lock:
            for key in set(_cache) - keep:
                _cache.pop(key, None)
    return loaded


def forget() -> None:
    """Drop every loaded model (tests; an operator replacing files by hand)."""
    with _lock:
        _cache.clear()
    clear_active_cache()
