"""The dependency rule of docs/architecture.md, checked on every module's imports.

    lib  <-  accounts  <-  customers  <-  tickets  <-  channels, knowledge, search, insights

engine (plain Python) may be used by every layer and itself imports nothing from Django
or the apps. Imports are read with `ast`, so function-local and TYPE_CHECKING imports
count too: a lazy import hides a dependency, it does not remove it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "omotenashi"

# Rank of each domain package; a package may import packages of lower or equal rank.
# The top layer (rank 4) may use one another; nothing below may use them.
LAYERS: dict[str, int] = {
    "lib": 0,
    "engine": 0,
    "accounts": 1,
    "customers": 2,
    "tickets": 3,
    "channels": 4,
    "knowledge": 4,
    "search": 4,
    "insights": 4,
}
# Wiring, the process runner, demo data and test support, outside the layers: they may
# import anything, and no layer may import them (settings are read through django.conf).
COMPOSITION = {
    "settings",
    "urls",
    "api",
    "celery",
    "checks",
    "wsgi",
    "asgi",
    "__main__",
    "__init__",
    "runtime",
    "testing",
    "demo",
    "templates",
    "static",
    "locale",
}
# Wiring that apps may still import: tasks register on the one Celery app.
SHARED_WIRING = {"celery"}
FRAMEWORKS = ("django", "celery", "ninja", "kombu", "template_partials")
# The only modules of lib/ that may touch Django, each with the reason.
LIB_DJANGO_ALLOWED: dict[str, str] = {
    "omotenashi.lib.ratelimit": "counts attempts in Django's cache (shared via REDIS_URL)",
    "omotenashi.lib.rows": "plain SQL rows of the hottest reads into the ORM's own objects",
    "omotenashi.lib.process_cache": "drops a kept value when a transaction commits",
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    target: str  # what it imports, dotted and absolute
    line: int


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(source: str, module: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import in `source` as absolute dotted names (relative ones resolved)."""
    tree = ast.parse(source)
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            # `from omotenashi import tickets` imports the package omotenashi.tickets.
            for alias in node.names:
                yield Import(
                    module,
                    f"{prefix}.{alias.name}" if prefix == "omotenashi" else prefix,
                    node.lineno,
                )


def _domain(dotted: str) -> str | None:
    parts = dotted.split(".")
    if parts[0] != "omotenashi" or len(parts) < 2:
        return None
    return parts[1]


def _is_test_module(module: str) -> bool:
    # Tests of an app may exercise it together with the layers above (a hook that channels
    # registers, say); the rule is about product code.
    return ".tests." in f"{module}." or module.rsplit(".", 1)[-1].startswith("test_")


def violation(imp: Import) -> str | None:
    """Why this import breaks the rule, or None when it is allowed."""
    source = _domain(imp.module)
    if source is None or source in COMPOSITION or _is_test_module(imp.module):
        return None
    top = imp.target.split(".")[0]
    if source in ("engine", "lib") and top in FRAMEWORKS:
        if source == "lib" and imp.module in LIB_DJANGO_ALLOWED:
            return None
        return f"{source}/ must stay framework-free but imports {imp.target}"
    target = _domain(imp.target)
    if target is None:
        return None
    if target in SHARED_WIRING and source not in ("lib", "engine"):
        return None
    if target in COMPOSITION:
        return f"{source}/ imports the wiring module omotenashi.{target} (use django.conf.settings)"
    if source == "engine" and target != "engine":
        if target == "lib" and not any(imp.target.startswith(m) for m in LIB_DJANGO_ALLOWED):
            return None
        return f"engine/ may import only itself and framework-free lib/, not {imp.target}"
    if source == "lib" and target != "lib":
        return f"lib/ is the bottom layer but imports {imp.target}"
    if target not in LAYERS or source not in LAYERS:
        unplaced = target if target not in LAYERS else source
        return f"omotenashi.{unplaced} has no place in LAYERS (add it)"
    if LAYERS[target] > LAYERS[source]:
        return f"{source}/ (layer {LAYERS[source]}) imports {imp.target} (layer {LAYERS[target]})"
    return None


def project_imports() -> Iterator[Import]:
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield from imports_of(
            path.read_text(encoding="utf-8"),
            module_name(path),
            is_package=path.name == "__init__.py",
        )


def test_dependencies_flow_one_way() -> None:
    problems = [
        f"{imp.module}:{imp.line}: {why}" for imp in project_imports() if (why := violation(imp))
    ]
    assert problems == [], "dependency rule broken (docs/architecture.md):\n" + "\n".join(problems)


def test_every_domain_package_has_a_layer() -> None:
    packages = {
        p.name for p in PACKAGE.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))
    }
    unplaced = sorted(packages - set(LAYERS) - COMPOSITION)
    assert unplaced == [], f"add these packages to LAYERS and docs/architecture.md: {unplaced}"


def test_lib_exceptions_are_still_needed() -> None:
    # A listed exception that no longer imports Django should leave the list.
    for module, reason in LIB_DJANGO_ALLOWED.items():
        path = ROOT / (module.replace(".", "/") + ".py")
        assert path.exists(), f"{module} is listed as an exception ({reason}) but does not exist"
        targets = {imp.target.split(".")[0] for imp in imports_of(path.read_text(), module)}
        assert targets & set(FRAMEWORKS), (
            f"{module} no longer imports Django: drop it from LIB_DJANGO_ALLOWED"
        )


# The checker itself must catch what it claims to catch.


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "omotenashi.tickets.services",
            "from omotenashi.channels.services import outbound",
            "layer 3",
        ),
        (
            "omotenashi.tickets.services",
            "def f():\n    from omotenashi.search import backends",
            "layer 3",
        ),
        (
            "omotenashi.tickets.hooks",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from omotenashi.channels.models import OutboundEmail",
            "layer 3",
        ),
        ("omotenashi.customers.models", "from ..tickets.models import Ticket", "layer 2"),
        ("omotenashi.accounts.services", "from omotenashi import customers", "layer 1"),
        ("omotenashi.engine.triage", "import django.conf", "framework-free"),
        ("omotenashi.engine.triage", "from omotenashi.tickets.models import Ticket", "engine/"),
        ("omotenashi.engine.triage", "from omotenashi.lib.ratelimit import hit", "engine/"),
        ("omotenashi.lib.html", "from django.utils.html import escape", "framework-free"),
        ("omotenashi.lib.html", "from omotenashi.accounts.models import Agent", "bottom layer"),
        ("omotenashi.tickets.services", "from omotenashi import settings", "wiring"),
        (
            "omotenashi.tickets.services",
            "from omotenashi.runtime.scheduler import Scheduler",
            "wiring",
        ),
        ("omotenashi.engine.triage", "from omotenashi.celery import app", "wiring"),
        ("omotenashi.tickets.services", "from omotenashi.newthing import x", "no place in LAYERS"),
    ],
)
def test_checker_flags_forbidden_imports(module: str, source: str, expected: str) -> None:
    found = [why for imp in imports_of(source, module) if (why := violation(imp))]
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("omotenashi.channels.services.outbound", "from omotenashi.tickets.models import Ticket"),
        ("omotenashi.search.backends", "from omotenashi.channels.models import InboundEmail"),
        ("omotenashi.tickets.services", "from . import hooks, sla"),
        ("omotenashi.tickets.services", "from omotenashi.engine.language import detect"),
        ("omotenashi.engine.triage", "from omotenashi.lib.businesstime import Calendar"),
        ("omotenashi.lib.ratelimit", "from django.core.cache import cache"),
        ("omotenashi.urls", "from omotenashi.channels import views"),
        ("omotenashi.channels.tasks", "from omotenashi.celery import app"),
        (
            "omotenashi.tickets.tests.test_hooks",
            "from omotenashi.channels.models import OutboundEmail",
        ),
    ],
)
def test_checker_allows_the_permitted_directions(module: str, source: str) -> None:
    assert [violation(imp) for imp in imports_of(source, module)] == [None] * len(
        list(imports_of(source, module))
    )


def test_relative_imports_resolve_from_packages_and_modules() -> None:
    assert [
        i.target for i in imports_of("from .models import Ticket", "omotenashi.tickets.services")
    ] == ["omotenashi.tickets.models"]
    assert [
        i.target
        for i in imports_of("from .models import Ticket", "omotenashi.tickets", is_package=True)
    ] == ["omotenashi.tickets.models"]
    assert [
        i.target for i in imports_of("from ..lib import env", "omotenashi.tickets.services")
    ] == ["omotenashi.lib"]
