"""Text preparation shared by every engine model.

Framework-free and deterministic. Two forms of a text matter here:

- `normalize(text)`: what a model reads. NFKC (full-width letters and half-width kana
  become their usual forms), e-mail addresses, URLs and long numbers replaced by
  placeholders (they identify a guest or an order, never an intent, and would make two
  tickets about the same thing look different), whitespace collapsed.
- `head(text, max_units)`: the start of a normalised text, for the embedding models whose
  cost grows with length. A unit is a whitespace-separated word, or one character of a
  script written without spaces (Japanese, Chinese), which is roughly one model token.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Order, ticket and phone numbers: five digits or more (a year or a room number stays).
_LONG_NUMBER = re.compile(r"\b\d[\d\s./-]{3,}\d\b")
_SPACE = re.compile(r"\s+")
# Scripts written without spaces between words: each character counts as one unit.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_UNIT = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+"
)

URL_TOKEN = "<url>"  # noqa: S105 (a placeholder, not a secret)
EMAIL_TOKEN = "<email>"  # noqa: S105 (a placeholder, not a secret)
NUMBER_TOKEN = "<number>"  # noqa: S105 (a placeholder, not a secret)


@lru_cache(maxsize=256)
def normalize(text: str) -> str:
    """The form every model reads. Idempotent: normalize(normalize(t)) == normalize(t).

    Cached (a pure function): the language detector, the encoders, every triage model and
    the feelings lexicons read the same message in turn."""
    text = unicodedata.normalize("NFKC", text)
    text = _URL.sub(URL_TOKEN, text)
    text = _EMAIL.sub(EMAIL_TOKEN, text)
    text = _LONG_NUMBER.sub(
        lambda m: NUMBER_TOKEN if sum(c.isdigit() for c in m.group()) >= 5 else m.group(), text
    )
    return _SPACE.sub(" ", text).strip()


def head(text: str, max_units: int) -> str:
    """The first `max_units` units (words, or characters of unspaced scripts) of `text`.

    Precondition: `text` is normalised (single spaces). Returns `text` itself when short.
    """
    if max_units <= 0:
        return ""
    for count, match in enumerate(_UNIT.finditer(text), start=1):
        if count > max_units:
            return text[: match.start()].rstrip()
    return text


def unit_count(text: str) -> int:
    """Number of units (see `head`) in `text`."""
    return sum(1 for _ in _UNIT.finditer(text))


def has_unspaced_script(text: str) -> bool:
    return _UNSPACED.search(text) is not None


def text_key(*parts: str) -> str:
    """A stable hex digest of `parts` (cache keys, deterministic splits)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()
