"""`ingest-email` (stdin, mbox, Maildir) and its exit codes, also through the console command."""

from __future__ import annotations

import io
import mailbox
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omotenashi.channels.models import InboundEmail, InboundSource, InboundStatus
from omotenashi.channels.tests.conftest import EML_DIR
from omotenashi.testing.dovecot import free_port
from omotenashi.tickets.models import Ticket

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ["multipart_alternative", "html_only", "shift_jis", "bounce", "no_message_id"]


def _stdin(raw: bytes) -> io.TextIOWrapper:
    """A text stream with a binary buffer, like sys.stdin."""
    return io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8")


def test_stdin_message_is_stored_and_processed_under_the_dashed_name(
    it_queue, django_capture_on_commit_callbacks, eml
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest-email", stdin=_stdin(eml("iso_2022_jp")), stdout=out)
    row = InboundEmail.objects.get()
    assert row.source == InboundSource.PIPE and f"Stored inbound email #{row.pk}" in out.getvalue()
    row.refresh_from_db()
    assert row.status == InboundStatus.PROCESSED and row.ticket.subject == "ログインできません"


def test_malformed_mail_on_stdin_is_still_accepted_and_flagged(
    it_queue, django_capture_on_commit_callbacks, eml
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest_email", stdin=_stdin(eml("truncated_garbage")), stdout=io.StringIO())
    row = InboundEmail.objects.get()
    assert row.status == InboundStatus.FAILED and row.raw_size == len(eml("truncated_garbage"))


def test_empty_or_oversized_input_is_refused_for_the_mta_to_bounce(settings, eml):
    with pytest.raises(CommandError) as empty:
        call_command("ingest-email", stdin=_stdin(b""), stdout=io.StringIO())
    assert empty.value.returncode == 65
    settings.MAX_EMAIL_BYTES = 100
    with pytest.raises(CommandError) as big:
        call_command("ingest-email", stdin=_stdin(eml("html_only")), stdout=io.StringIO())
    assert big.value.returncode == 65 and "at most 100" in str(big.value)
    assert not InboundEmail.objects.exists()


def test_storage_failure_asks_the_mta_to_retry(settings, tmp_path, eml):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = blocker
    with pytest.raises(CommandError) as failure:
        call_command("ingest-email", stdin=_stdin(eml("html_only")), stdout=io.StringIO())
    assert failure.value.returncode == 75 and "try again later" in str(failure.value)
    assert not InboundEmail.objects.exists()


def _mbox(path: Path, names: list[str]) -> Path:
    box = mailbox.mbox(path)
    for name in names:
        box.add((EML_DIR / f"{name}.eml").read_bytes())
    box.flush()
    box.close()
    return path


def test_mbox_import_stores_everything_and_a_second_run_adds_nothing(
    it_queue, tmp_path, django_capture_on_commit_callbacks, capsys
):
    path = _mbox(tmp_path / "archive.mbox", SAMPLES)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest-email", mbox=str(path), stdout=out)
    assert "5 messages: 5 stored, 0 duplicates, 0 refused." in out.getvalue()
    assert InboundEmail.objects.filter(source=InboundSource.MBOX).count() == 5
    assert Ticket.objects.count() == 4  # the bounce is stored but ignored
    shift_jis = InboundEmail.objects.get(email_message_id="<sjis-1@example.jp>")
    assert shift_jis.ticket.subject == "ノートパソコンの画面が映りません"
    assert "ingest-email" in capsys.readouterr().err  # progress on stderr

    again = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest-email", mbox=str(path), stdout=again)
    assert "5 messages: 0 stored, 5 duplicates" in again.getvalue()
    assert Ticket.objects.count() == 4


def test_maildir_import_prints_plain_progress_without_tqdm(
    it_queue, tmp_path, django_capture_on_commit_callbacks, capsys, monkeypatch
):
    monkeypatch.setitem(sys.modules, "tqdm", None)  # as on a production install
    box = mailbox.Maildir(tmp_path / "Maildir", create=True)
    for name in SAMPLES:
        box.add((EML_DIR / f"{name}.eml").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest-email", maildir=str(tmp_path / "Maildir"), stdout=io.StringIO())
    assert "ingest-email: 5/5 messages" in capsys.readouterr().err
    assert InboundEmail.objects.filter(source=InboundSource.MAILDIR).count() == 5


def test_import_of_a_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is not an mbox file"):
        call_command("ingest-email", mbox=str(tmp_path / "nope.mbox"))
    with pytest.raises(CommandError, match="not a Maildir folder"):
        call_command("ingest-email", maildir=str(tmp_path))


def _run(
    args: list[str], env: dict[str, str], stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "omotenashi", *args],
        input=stdin,
        env=env,
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_the_real_console_command_as_an_mta_pipe(tmp_path, eml):
    """`omotenashi ingest-email < message` in its own process, with its own database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "CELERY_BROKER", "SMTP_"))
    }
    env |= {
        "OMOTENASHI_DATA_DIR": str(tmp_path / "data"),
        "DJANGO_SETTINGS_MODULE": "omotenashi.settings",
    }
    migrated = _run(["migrate", "--no-input", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr.decode()

    stored = _run(["ingest-email"], env, stdin=eml("multipart_alternative"))
    assert stored.returncode == 0, stored.stderr.decode()
    assert b"Stored inbound email #1" in stored.stdout
    count = _run(
        [
            "shell",
            "--no-imports",
            "-c",
            "from omotenashi.channels.models import InboundEmail as I; "
            "print(I.objects.count(), I.objects.get().email_message_id)",
        ],
        env,
    )
    assert count.stdout.decode().split() == [
        "1",
        "<AM6PR02MB4321.eurprd02.prod.outlook.com@example.com>",
    ]

    refused = _run(["ingest-email"], env, stdin=b"")
    assert refused.returncode == 65

    # The database is down: exit 75, so the MTA keeps the message and tries again later.
    down = env | {"DATABASE_URL": f"postgres://desk@127.0.0.1:{free_port()}/desk"}
    deferred = _run(["ingest-email"], down, stdin=eml("html_only"))
    assert deferred.returncode == 75, deferred.stderr.decode()
    assert b"try again later" in deferred.stderr
