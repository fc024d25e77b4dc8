"""A value each process keeps for a few seconds, dropped at once when its rows change here.

For configuration read on every message and changed a few times a year (docs/decisions
0010, 0107, 0108): the value is reused for `ttl` seconds; a model signal calls `forget`,
which drops it now and again when the change commits (another thread may read the old row
in between); other processes see a change within the TTL. A generation counter keeps a
value read while a change was being saved from being stored. `get(fits=...)` also checks
the kept value against something read elsewhere (decision 0113: a version number).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import transaction

T = TypeVar("T")


class ProcessValue(Generic[T]):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._value: tuple[float, T] | None = None  # (when it was read, the value)
        self._generation = 0
        self._lock = threading.Lock()

    def get(self, load: Callable[[], T], *, fits: Callable[[T], bool] | None = None) -> T:
        """The kept value while it is younger than `ttl` seconds (and `fits` it, when
        given), else `load()`, kept from now."""
        now = time.monotonic()
        cached = self._value
        if cached is not None and now - cached[0] < self.ttl and (fits is None or fits(cached[1])):
            return cached[1]
        generation = self._generation
        value = load()
        with self._lock:
            if generation == self._generation:  # no change saved while we read
                self._value = (now, value)
        return value

    def clear(self) -> None:
        """Read again on next use."""
        with self._lock:
            self._generation += 1
            self._value = None

    def forget(self, *, using: str | None = None, **_: Any) -> None:
        """Drop the value now and again at commit. Takes the keyword arguments of model
        signals."""
        self.clear()
        transaction.on_commit(self.clear, using=using)
