"""Every interface string is translated into each interface language, and the pages render in them.

The catalogs are the gettext .po files in omotenashi/locale (the .mo files are build output).
English is the source language: its catalog may leave msgstr empty, gettext then shows the msgid.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from omotenashi.accounts.models import Agent
from omotenashi.channels.tracking import tracking_url
from omotenashi.customers.models import Guest
from omotenashi.testing.fixtures import login, make_ticket
from omotenashi.testing.system import require
from omotenashi.tickets.models import Queue

PACKAGE_DIR = Path(django_settings.BASE_DIR)
LOCALE_DIR = PACKAGE_DIR / "locale"
SOURCE_LANGUAGE = "en"
TRANSLATED_LANGUAGES = ("nl", "fr", "sv", "de", "ja")
ALL_LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATED_LANGUAGES)

# Python-format (%(name)s, %(n)d, %s), brace-format ({name}) and template ({{ name }}) placeholders.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\{\s*[\w.]+\s*\}\}|\{\w*\}")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")

ROUTING_PROMISE = "We route your message to the right people; you never have to pick a department."

EntryKey = tuple[str | None, str, str | None]


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def _key(entry: polib.POEntry) -> EntryKey:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def _keys(catalog: polib.POFile) -> set[EntryKey]:
    return {_key(e) for e in _live_entries(catalog)}


def _translations(entry: polib.POEntry) -> list[str]:
    """Every msgstr of an entry (all plural forms for a plural entry)."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def _live_entries(catalog: polib.POFile) -> Iterator[polib.POEntry]:
    return (e for e in catalog if not e.obsolete and e.msgid)


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_string_is_translated_and_not_fuzzy(language: str) -> None:
    catalog = _catalog(language)
    assert len(list(_live_entries(catalog))) > 0, f"{language}: empty catalog"
    untranslated = [
        e.msgid for e in _live_entries(catalog) if not all(t.strip() for t in _translations(e))
    ]
    fuzzy = [e.msgid for e in _live_entries(catalog) if "fuzzy" in e.flags]
    assert untranslated == [], f"{language}: untranslated: {untranslated}"
    assert fuzzy == [], f"{language}: fuzzy (check the text, then drop the flag): {fuzzy}"


def test_english_catalog_has_no_fuzzy_entries() -> None:
    # English may leave msgstr empty (the msgid is the text), but a fuzzy guess would be used as-is.
    fuzzy = [e.msgid for e in _live_entries(_catalog(SOURCE_LANGUAGE)) if "fuzzy" in e.flags]
    assert fuzzy == []


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_placeholders_and_tags_survive_translation(language: str) -> None:
    problems: list[str] = []
    for entry in _live_entries(_catalog(language)):
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        wanted = set().union(*(PLACEHOLDER.findall(s) for s in sources))
        wanted_tags = sorted(HTML_TAG.findall(entry.msgid))
        for text in _translations(entry):
            if not text:  # English only: the msgid is shown
                continue
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {text!r}")
            if sorted(HTML_TAG.findall(text)) != wanted_tags:
                problems.append(f"HTML tags differ: {entry.msgid!r} -> {text!r}")
    assert problems == [], f"{language}: " + "\n".join(problems)


def test_every_catalog_has_the_same_messages() -> None:
    keys = {language: _keys(_catalog(language)) for language in ALL_LANGUAGES}
    reference = keys[SOURCE_LANGUAGE]
    for language in TRANSLATED_LANGUAGES:
        missing, extra = reference - keys[language], keys[language] - reference
        assert keys[language] == reference, f"{language} vs en: missing {missing}, extra {extra}"


def test_catalogs_hold_every_string_of_the_code(
    tmp_path: Path, settings: Any, monkeypatch: Any
) -> None:
    """Extract the strings afresh (what `makemessages` would find) and compare with the catalogs.

    Extraction runs on a copy of the omotenashi package, because makemessages writes temporary
    files next to the templates it reads; the working tree stays untouched.
    """
    has_gettext = shutil.which("xgettext") is not None and shutil.which("msgmerge") is not None
    require("gettext", has_gettext, "apt-get install gettext")
    copy = tmp_path / "omotenashi"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po")
    shutil.copytree(PACKAGE_DIR, copy, ignore=skip)
    fresh_locale = copy / "locale"
    fresh_locale.mkdir(exist_ok=True)
    settings.LOCALE_PATHS = [fresh_locale]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["nl"], ignore_patterns=["*/tests/*"], verbosity=0)

    extracted = _keys(polib.pofile(str(fresh_locale / "nl" / "LC_MESSAGES" / "django.po")))
    assert len(extracted) > 0
    for language in ALL_LANGUAGES:
        missing = sorted(extracted - _keys(_catalog(language)), key=str)
        assert missing == [], f"{language}: stale, run makemessages and translate: {missing}"


# --- Pages render in every language ------------------------------------------------------


@pytest.fixture
def compiled_catalogs(tmp_path: Path, settings: Any) -> None:
    """Compile the current .po files into a private locale folder, so the pages use today's text.

    The committed .mo files may be missing or older than the .po files (they are build output).
    Changing LOCALE_PATHS makes Django drop its cached translations.
    """
    for language in ALL_LANGUAGES:
        target = tmp_path / "locale" / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        _catalog(language).save_as_mofile(str(target / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]


def _text(language: str, msgid: str) -> str:
    """What a page shows for msgid in language (the msgid itself where English leaves it empty)."""
    entry = _catalog(language).find(msgid)
    assert entry is not None, f"{msgid!r} not in the {language} catalog"
    return entry.msgstr or msgid


def _assert_page(client: Client, url: str, language: str, msgids: list[str]) -> None:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, f"{url} in {language}: {response.status_code}"
    body = html.unescape(response.content.decode())
    for msgid in msgids:
        expected = _text(language, msgid)
        assert expected in body, f"{url} in {language}: {expected!r} not shown"
        if language != SOURCE_LANGUAGE:
            assert expected != msgid


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_guest_pages_render_in_each_language(
    client: Client, language: str, compiled_catalogs: None, carol: Guest, it_queue: Queue
) -> None:
    _assert_page(client, reverse("accounts:login"), language, ["Sign in to the agent workspace."])
    _assert_page(
        client, reverse("channels:portal_home"), language, ["Follow your requests", "Language"]
    )
    _assert_page(client, reverse("channels:portal_new"), language, [ROUTING_PROMISE])
    # The tracking page speaks the guest's own language, whatever the browser says.
    carol.language = language
    carol.save(update_fields=["language"])
    ticket = make_ticket(requester=carol, queue=it_queue)
    track = tracking_url(ticket_id=ticket.pk, guest_id=carol.pk, absolute=False)
    _assert_page(client, track, language, ["What happens next", "Who has it"])


@pytest.mark.parametrize("language", ALL_LANGUAGES)
def test_agent_pages_render_in_each_language(
    client: Client,
    language: str,
    compiled_catalogs: None,
    alice: Agent,
    carol: Guest,
    it_queue: Queue,
) -> None:
    ticket = make_ticket(requester=carol, queue=it_queue, subject="Headset crackles")
    login(client, alice)
    _assert_page(client, reverse("tickets:inbox"), language, ["Skip to content", "Queues"])
    _assert_page(
        client,
        reverse("tickets:detail", args=[ticket.pk]),
        language,
        ["Guest and ticket details", "History"],
    )
    _assert_page(client, reverse("search:page") + "?q=headset", language, ["Search tickets"])
