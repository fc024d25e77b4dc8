"""HTML validity of rendered pages, checked by the Nu Html Checker (vnu.jar, the W3C validator).

`validate({name: html, ...})` writes the documents to a temporary folder, runs the checker
once over all of them (one Java start-up, a few seconds) and returns the errors of each
document. Warnings are returned apart: they are advice, not conformance errors.

The jar and Java are system parts (scripts/install-test-deps.sh installs both); a test that
validates asks for them with `require_checker()`.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from omotenashi.testing import system

# Generous: a cold JVM on a loaded two-core machine, over a few dozen pages.
CHECK_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class Problem:
    document: str
    kind: str  # "error" or "info" (a warning: subType "warning")
    message: str
    line: int | None
    extract: str

    def __str__(self) -> str:
        where = f":{self.line}" if self.line else ""
        return f"{self.document}{where}: {self.message}  [{self.extract.strip()}]"


def require_checker() -> tuple[str, str]:
    """(java, vnu.jar), or skip / fail the calling test (see omotenashi.testing.system)."""
    java = system.java_path()
    jar = system.vnu_jar_path()
    system.require(
        "java", java is not None, "bash scripts/install-test-deps.sh (default-jre-headless)"
    )
    system.require(
        "vnu.jar", jar is not None, "bash scripts/install-test-deps.sh (fetches vnu-jar)"
    )
    assert java is not None and jar is not None
    return java, jar


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in name)


def validate(
    documents: dict[str, str], *, java: str, jar: str
) -> tuple[list[Problem], list[Problem]]:
    """Check every document; returns (errors, warnings) over all of them."""
    with tempfile.TemporaryDirectory(prefix="omotenashi-html-") as folder:
        paths: dict[str, str] = {}
        for name, html in documents.items():
            path = Path(folder) / f"{_safe(name)}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.resolve().as_uri()] = name
        result = subprocess.run(
            [
                java,
                "-Xss2m",
                "-jar",
                jar,
                "--format",
                "json",
                "--stdout",
                "--also-check-css",
                *[Path(u.removeprefix("file://")).as_posix() for u in paths],
            ],
            capture_output=True,
            text=True,
            timeout=CHECK_TIMEOUT_SECONDS,
            check=False,
        )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(
            f"vnu.jar gave no report (exit {result.returncode}): {result.stderr[-2000:]}"
        ) from exc
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for message in report.get("messages", []):
        url = str(message.get("url", ""))
        document = next(
            (name for uri, name in paths.items() if url.endswith(uri.removeprefix("file://"))), url
        )
        problem = Problem(
            document=document,
            kind=str(message.get("type")),
            message=str(message.get("message", "")),
            line=message.get("lastLine"),
            extract=str(message.get("extract", "")),
        )
        if message.get("type") == "error" or message.get("subType") == "fatal":
            errors.append(problem)
        elif message.get("type") == "non-document-error":
            raise RuntimeError(f"vnu.jar could not check {document}: {problem.message}")
        else:
            warnings.append(problem)
    return errors, warnings
