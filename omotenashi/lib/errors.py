"""Domain errors. Views, the API and mail ingestion map them to 4xx answers in one place."""

from __future__ import annotations


class ApplicationError(Exception):
    """A request the domain refuses, with a message safe to show to the person who made it."""

    status_code = 400

    def __init__(
        self, message: str, *, field: str | None = None, extra: dict[str, object] | None = None
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class ValidationFailed(ApplicationError):
    status_code = 422


class PermissionDenied(ApplicationError):
    status_code = 403


class NotFound(ApplicationError):
    """Also used when the object exists but the caller may not see it (no existence leak)."""

    status_code = 404


class Conflict(ApplicationError):
    status_code = 409


class RateLimited(ApplicationError):
    status_code = 429

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, extra={"retry_after": retry_after})
        self.retry_after = retry_after
