"""`omotenashi ingest-email`: the spelling MTA pipe configurations use (see ingest_email)."""

from omotenashi.channels.management.commands.ingest_email import Command

__all__ = ["Command"]
