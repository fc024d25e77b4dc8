"""The `omotenashi` console script: manage.py with the settings module preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omotenashi.settings")
    if len(sys.argv) > 1 and sys.argv[1] in ("ingest-email", "ingest_email"):
        # An MTA pipe: any crash before the message is stored must make the MTA keep the
        # mail and retry (EX_TEMPFAIL), never bounce or drop it.
        try:
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
        except SystemExit:
            raise
        except BaseException as exc:
            sys.stderr.write(f"ingest-email: temporary failure, mail not stored: {exc!r}\n")
            sys.exit(75)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
