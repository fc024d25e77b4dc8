"""`omotenashi revoke_api_token PREFIX`: stop a token from working, at once and for good.

The prefix is the public part of the secret (`omo_<prefix>_...`), also printed when the
token was created, so a leaked secret can be revoked without anyone retyping it whole.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omotenashi.accounts.models import ApiToken
from omotenashi.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (or its whole secret)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix", help="The token's prefix, or the whole omo_... secret.")

    def handle(self, *args: Any, **options: Any) -> None:
        given: str = options["prefix"].strip()
        parts = given.split("_")
        # Accept the whole secret too, but look it up by its public prefix only.
        prefix = parts[1] if len(parts) >= 3 and parts[0] == "omo" else given
        token = ApiToken.objects.select_related("agent").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No API token with the prefix {prefix!r}.")
        if token.revoked_at is not None:
            self.stderr.write(f"Token {token.prefix}… ({token.name}) was already revoked.")
            return
        api_token_revoke(token=token)
        self.stderr.write(f"Revoked token {token.prefix}… ({token.name}) of {token.agent}.")
