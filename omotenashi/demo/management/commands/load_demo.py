"""`omotenashi load_demo`: load the demo into an empty desk (`make run` calls it on every start)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from omotenashi.demo.loader import LoadResult, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo desk (two teams, 6 agents, 40 guests, ~300 tickets in six languages) into "
        "an empty desk. Does nothing once it is loaded, and never touches a desk with data of its "
        "own."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--encode-tickets",
            action="store_true",
            help="Also encode the solved tickets for search now (~1 minute) instead of "
            "leaving them to the server, which does it in the background when it starts.",
        )

    def handle(self, *args: Any, encode_tickets: bool = False, **options: Any) -> None:
        result = load_demo(encode_tickets=encode_tickets)
        if result.loaded:
            self.stdout.write(
                self.style.SUCCESS(
                    f"\n  Demo desk loaded: {result.tickets} tickets from {result.guests} guests, "
                    f"{result.articles} knowledge articles, in {result.seconds:.1f} s "
                    f"(of which {result.vector_seconds:.1f} s for {result.vectors} search vectors)."
                )
            )
            if result.vectors_pending:
                self.stdout.write(
                    f"  {result.vectors_pending} solved tickets get their search vectors in the "
                    "background once the server runs (found by their words until then)."
                )
        elif result.logins:
            self.stdout.write("\n  Demo desk already loaded.")
        else:
            self.stdout.write(f"\n  Demo not loaded: {result.reason}.")
            return
        self.stdout.write(self._logins_block(result))

    @staticmethod
    def _logins_block(result: LoadResult) -> str:
        width = max(len(login.username) for login in result.logins)
        name_width = max(len(login.display_name) for login in result.logins)
        lines = ["", f"  Demo sign-ins (password for all: {result.password})", ""]
        for login in result.logins:
            lines.append(
                f"    {login.username:<{width}}  {login.display_name:<{name_width}}  "
                f"{login.role:<5}  {login.languages:<12}  {login.teams}"
            )
        lines.append("")
        lines.append("  Each agent's workspace speaks their first language (the admin's")
        lines.append("  follows the browser); the menu under the name changes it.")
        lines.append("  Press ? in the workspace for its keyboard shortcuts.")
        lines.append("")
        return "\n".join(lines)
