"""A private Dovecot IMAP server for tests: own config, own port, own mail, stopped afterwards.

Debian's `dovecot-imapd` package provides the binary; nothing system-wide is touched (no
/etc/dovecot, no system service). Everything lives in a temporary directory: the config,
a passwd-file with one user, that user's Maildir, logs and sockets. It runs in the
foreground (`dovecot -F -c CONFIG`) as a child process on a free loopback port, plain
IMAP without TLS (loopback only).

As root it drops privileges to Debian's `dovenull`/`dovecot` users when they exist; as an
ordinary user every Dovecot process runs as that user (a "rootless" Dovecot).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from omotenashi.testing.system import dovecot_path

START_TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int
    username: str
    password: str
    base: Path
    log_path: Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _config(base: Path, port: int) -> str:
    me = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0 and _user_exists("dovenull") and _user_exists("dovecot"):
        login_user, internal_user = "dovenull", "dovecot"
    else:
        login_user = internal_user = me
    # Dovecot never serves mail as root: as root the mail belongs to `nobody`; otherwise
    # to whoever runs the test.
    if os.getuid() == 0:
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
    else:
        uid, gid = os.getuid(), os.getgid()
    # pytest's temporary directories are private (0700): as root, the processes that read
    # the passwd-file run as root too, instead of opening the directories to everyone.
    auth_user = "root" if os.getuid() == 0 else me
    return f"""
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 1
mail_location = maildir:{base}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  inet_listener pop3 {{
    port = 0
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
service submission-login {{
  inet_listener submission {{
    port = 0
  }}
}}
service lmtp {{
  unix_listener lmtp {{
    mode = 0666
  }}
}}
service auth {{
  user = {auth_user}
}}
service auth-worker {{
  user = {auth_user}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def _wait_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited with {process.returncode}:\n{_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                if sock.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not answer on port {port}:\n{_tail(log)}")


def _tail(log: Path) -> str:
    return log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"


@contextmanager
def running_dovecot(
    *,
    username: str = "desk",
    password: str = "desk-secret",  # noqa: S107 (a throwaway test server)
) -> Iterator[Dovecot]:
    """Start a private Dovecot in a new temporary directory; stop it and remove it after.

    Precondition: the dovecot binary is installed (check `system.dovecot_path()` first).
    Its own directory rather than pytest's tmp_path: those are private to the test user,
    and Dovecot's unprivileged processes must reach the sockets and the mail.
    """
    binary = dovecot_path()
    if binary is None:
        raise RuntimeError("dovecot is not installed (apt-get install dovecot-imapd)")
    base = Path(tempfile.mkdtemp(prefix="omotenashi-dovecot-"))
    base.chmod(0o755)
    for sub in ("run", "state", "mail", "home"):
        (base / sub).mkdir(mode=0o755)
    if os.getuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for sub in ("mail", "home"):
            os.chown(base / sub, nobody.pw_uid, nobody.pw_gid)
    (base / "passwd").write_text(f"{username}:{{PLAIN}}{password}::::::\n")
    port = free_port()
    config = base / "dovecot.conf"
    config.write_text(_config(base, port))
    log = base / "dovecot.log"
    with open(base / "stderr.log", "wb") as stderr:
        process = subprocess.Popen(
            [binary, "-F", "-c", str(config)], stdout=subprocess.DEVNULL, stderr=stderr
        )
    try:
        _wait_listening(process, port, log)
        yield Dovecot(
            host="127.0.0.1",
            port=port,
            username=username,
            password=password,
            base=base,
            log_path=log,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        shutil.rmtree(base, ignore_errors=True)
