"""`omotenashi poll_mail`: poll the IMAP mailboxes now (the same work as the periodic task)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omotenashi.channels.models import MailAccount
from omotenashi.channels.selectors import mail_accounts_enabled
from omotenashi.channels.services.imap import mail_account_poll


class Command(BaseCommand):
    help = "Fetch new mail from the enabled IMAP mailboxes (or the named ones) and ingest it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "accounts", nargs="*", help="Mailbox names (default: every enabled mailbox)."
        )
        parser.add_argument(
            "--max", type=int, default=500, help="At most this many messages per mailbox."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names: list[str] = options["accounts"]
        accounts = (
            list(MailAccount.objects.filter(name__in=names))
            if names
            else list(mail_accounts_enabled())
        )
        missing = set(names) - {a.name for a in accounts}
        if missing:
            raise CommandError(f"No mailbox named {', '.join(sorted(missing))}.")
        if not accounts:
            self.stdout.write(
                "No mailbox is configured; add one in the admin (Channels > Mail accounts)."
            )
            return
        errors = 0
        for account in accounts:
            result = mail_account_poll(account=account, max_messages=options["max"])
            errors += bool(result.error)
            self.stdout.write(str(result))
        if errors:
            raise CommandError(f"{errors} mailbox(es) could not be polled.")
