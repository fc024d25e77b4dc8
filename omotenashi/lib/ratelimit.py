"""Fixed-window rate limits over Django's cache (shared across processes with REDIS_URL)."""

from __future__ import annotations

import time

from django.core.cache import cache

from omotenashi.lib.errors import RateLimited


def hit(*, scope: str, key: str, limit: int, window_seconds: int) -> None:
    """Count one attempt; raise RateLimited once `limit` attempts fall in the window."""
    if limit <= 0:
        return
    window = int(time.time() // window_seconds)
    cache_key = f"rl:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    if count > limit:
        retry_after = window_seconds - int(time.time() % window_seconds)
        raise RateLimited(
            "Too many attempts; please wait a moment and try again.", retry_after=retry_after
        )


def client_ip(request: object) -> str:
    meta = getattr(request, "META", {})
    return str(meta.get("REMOTE_ADDR", "unknown"))
