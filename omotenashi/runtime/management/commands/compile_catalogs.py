"""`omotenashi compile_catalogs`: compile the gettext catalogs (.po -> .mo) of the project.

Uses GNU msgfmt (through Django's compilemessages) when it is installed, and otherwise the
pure-Python polib, so `make run` works on a fresh machine without gettext installed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's .po catalogs into .mo files (msgfmt when present, else polib)."

    def handle(self, *args: Any, **options: Any) -> None:
        roots = [Path(p) for p in settings.LOCALE_PATHS]
        if shutil.which("msgfmt"):
            # compilemessages walks LOCALE_PATHS and every app's locale folder.
            call_command("compilemessages", verbosity=0, ignore_patterns=[".venv/*", "var/*"])
            self.stdout.write("Compiled catalogs with msgfmt.")
            return
        count = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
        self.stdout.write(f"Compiled {count} catalog(s) with polib (GNU gettext not installed).")
