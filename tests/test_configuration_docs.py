"""Every environment variable the code reads is documented in docs/configuration.md, and
every OMOTENASHI_* variable documented there is still read somewhere."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "configuration.md"
SCANNED = [ROOT / "omotenashi", ROOT / "bench", ROOT / "manage.py"]
ENV_READERS = {"env_str", "env_bool", "env_int", "env_list"}
ENVIRON_METHODS = {"get", "setdefault", "pop", "__getitem__"}
# Read by the shell scripts rather than Python (documented all the same).
SHELL_SCANNED = [ROOT / ".ci" / "run", *sorted((ROOT / "scripts").glob("*.sh"))]


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "string" assignments, to resolve os.environ.get(NAME)."""
    found: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def _is_os_environ(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and node.attr == "environ"
        and isinstance(node.value, ast.Name)
        and node.value.id == "os"
    )


def env_names(source: str) -> Iterator[str]:
    """Names of the environment variables a Python source reads."""
    tree = ast.parse(source)
    constants = _constants(tree)

    def resolve(arg: ast.AST) -> str | None:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return arg.value
        if isinstance(arg, ast.Name):
            return constants.get(arg.id)
        return None

    for node in ast.walk(tree):
        name = None
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            called = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if (
                (
                    called in ENV_READERS
                    and not (isinstance(func, ast.Attribute) and _is_os_environ(func.value))
                )
                or (
                    isinstance(func, ast.Attribute)
                    and func.attr in ENVIRON_METHODS
                    and _is_os_environ(func.value)
                )
                or (
                    isinstance(func, ast.Attribute)
                    and func.attr == "getenv"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "os"
                )
            ):
                name = resolve(node.args[0])
        elif isinstance(node, ast.Subscript) and _is_os_environ(node.value):
            name = resolve(node.slice)
        elif isinstance(node, ast.Compare) and any(_is_os_environ(c) for c in node.comparators):
            name = resolve(node.left)
        if name:
            yield name


_SHELL_VAR = re.compile(r"\$\{?([A-Z][A-Z0-9_]*)\b")
# Set by the shell or by the scripts themselves, not configuration.
_SHELL_OWN = {"PATH", "HOME", "PWD", "SECONDS", "BASH_SOURCE", "EUID", "UID", "LINENO", "FUNCNAME"}


def shell_env_names(text: str) -> set[str]:
    assigned = set(re.findall(r"^\s*(?:local\s+|export\s+)?([A-Z][A-Z0-9_]*)=", text, re.M))
    # Variables the script reads from its caller with a default: ${NAME:-...} or ${NAME-...}.
    with_default = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*):?-", text))
    read = set(_SHELL_VAR.findall(text))
    return (with_default | (read - assigned)) - _SHELL_OWN


def code_env_names() -> dict[str, set[str]]:
    """{variable: {files reading it}} across the project."""
    found: dict[str, set[str]] = {}
    files = [
        p for base in SCANNED for p in ([base] if base.is_file() else sorted(base.rglob("*.py")))
    ]
    for path in files:
        if "migrations" in path.parts:
            continue
        for name in env_names(path.read_text(encoding="utf-8")):
            found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    for path in SHELL_SCANNED:
        if path.exists():
            for name in shell_env_names(path.read_text(encoding="utf-8")):
                found.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return found


def documented_names() -> set[str]:
    return set(re.findall(r"`([A-Z][A-Z0-9_]+)`", DOC.read_text(encoding="utf-8")))


def test_every_environment_variable_is_documented() -> None:
    documented = documented_names()
    missing = {
        name: sorted(files) for name, files in code_env_names().items() if name not in documented
    }
    assert missing == {}, f"document these in docs/configuration.md (as `NAME`): {missing}"


def test_documented_project_variables_are_still_read() -> None:
    read = set(code_env_names())
    stale = sorted(n for n in documented_names() if n.startswith("OMOTENASHI_") and n not in read)
    assert stale == [], f"docs/configuration.md documents variables nothing reads: {stale}"


# The extractor must find what it claims to find.


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('DEBUG = env_bool("OMOTENASHI_DEBUG", False)', ["OMOTENASHI_DEBUG"]),
        ('from omotenashi.lib import env\nX = env.env_int("SMTP_PORT", 587)', ["SMTP_PORT"]),
        ('import os\nos.environ.get("A_VAR")', ["A_VAR"]),
        ('import os\nos.environ["B_VAR"]', ["B_VAR"]),
        ('import os\nos.getenv("C_VAR", "x")', ["C_VAR"]),
        ('import os\nos.environ.setdefault("D_VAR", "1")', ["D_VAR"]),
        ('import os\nif "E_VAR" in os.environ:\n    pass', ["E_VAR"]),
        ('import os\nNAME = "F_VAR"\ndef f():\n    return os.environ.get(NAME)', ["F_VAR"]),
        ("import os\nos.environ.get(some_call())", []),
        ('d = {}\nd.get("NOT_ENV")', []),
    ],
)
def test_extractor_finds_environment_reads(source: str, expected: list[str]) -> None:
    assert list(env_names(source)) == expected


def test_shell_extractor_finds_caller_variables() -> None:
    script = (
        "STEP=1\n"
        "echo \"$STEP\" '${Status}'\n"
        'URL="${CELERY_BROKER_URL:-redis://x}"\n'
        '[ "$CI" = true ]\n'
        'for x in "$@"; do :; done\n'
    )
    assert shell_env_names(script) == {"CELERY_BROKER_URL", "CI"}
