"""`omotenashi create_api_token USERNAME --name NAME`: a bearer token for /api/v1.

The secret is printed once and only its hash is stored; a lost secret is replaced by a
new token, never recovered.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from omotenashi.accounts.models import Agent
from omotenashi.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for an agent and print its secret (shown this once only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The agent's username.")
        parser.add_argument("--name", required=True, help="What it is for, e.g. 'monitoring'.")
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="Expire the token after this many days (default: never).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        name = options["name"].strip()
        if not name:
            raise CommandError("--name must not be empty.")
        agent = Agent.objects.select_related("user").filter(user__username=username).first()
        if agent is None:
            raise CommandError(f"No agent with the username {username!r}.")
        if not agent.user.is_active:
            raise CommandError(f"{username!r} is deactivated; a token for them would not work.")
        days = options["expires_in_days"]
        if days is not None and days <= 0:
            raise CommandError("--expires-in-days must be a positive number.")
        expires_at = timezone.now() + timedelta(days=days) if days else None
        token, secret = api_token_create(agent=agent, name=name[:120], expires_at=expires_at)
        # The secret alone on stdout, so `$(omotenashi create_api_token ...)` captures it;
        # the explanation goes to stderr.
        self.stdout.write(secret)
        expiry = f", expires {expires_at:%Y-%m-%d %H:%M} UTC" if expires_at else ""
        self.stderr.write(
            f"Token {token.prefix}… for {agent.display_name} ({name}{expiry}). "
            "Store the secret now: it is not shown again."
        )
