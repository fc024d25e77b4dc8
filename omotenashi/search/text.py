"""Text normalisation, tokenisation, query parsing and snippets for ticket search.

Framework-free and shared by both database backends, so SQLite FTS5 and PostgreSQL see
exactly the same tokens (docs/decisions/0006-search-tokens-and-japanese.md):

- Text is folded here, not in the database: NFKC (full-width letters, half-width kana),
  case folding, Latin diacritics removed (é -> e, å -> a, ß -> ss), so "resume" finds
  "résumé" on PostgreSQL without the unaccent extension.
- A token is a run of letters and digits. Punctuation separates tokens, so the index holds
  only plain words joined by single spaces: both engines' tokenizers split that text the
  same way, and no user input ever reaches a query parser unquoted.
- Han, Hiragana and Katakana runs have no spaces between words; they are indexed as
  overlapping bigrams plus the run's last character (CJK bigram indexing, as Lucene's
  CJKAnalyzer does), and a Japanese query becomes a phrase of its bigrams.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

# Bump when the folding or tokenising below changes: `reindex_search --stale` rebuilds
# documents written with an older version.
TEXT_VERSION = 1

# Tokens longer than this are base64 blobs, hashes or URLs run together: noise that only
# grows the index. Dropped on both sides (index and query), so behaviour stays symmetric.
MAX_TOKEN_CHARS = 48
# Shortest last token that still gets a prefix match while typing; a one-letter prefix
# would expand to a large share of the vocabulary.
MIN_PREFIX_CHARS = 2
MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 16
MAX_TOKENS_PER_CLAUSE = 32

_CJK = "\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)")
_WORD = re.compile(r"[^\W_]+")
_HAS_CJK = re.compile(f"[{_CJK}]")
_COMBINING_LATIN = re.compile("[\u0300-\u036f]")
# Letters that carry their diacritic inside the code point (no NFKD decomposition).
_EXTRA_FOLDS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "\u0131": "i", "æ": "ae", "œ": "oe", "þ": "th"}
)
_NUMBER = re.compile(r"^\s*#?\s*(\d{1,18})\s*$")


def fold(text: str) -> str:
    """Search form of `text`: compatibility-normalised, case-folded, Latin accents removed.

    Only the combining marks U+0300-U+036F are dropped, so Japanese voicing marks survive
    (が stays が) while é, å, ö and ç lose theirs.
    """
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    stripped = _COMBINING_LATIN.sub("", decomposed).translate(_EXTRA_FOLDS)
    return unicodedata.normalize("NFC", stripped)


def _cjk_tokens(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    # Bigrams find any substring of two or more characters; the trailing unigram lets a
    # one-character query (prefix-matched) find the run's last character too.
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def _is_cjk(word: str) -> bool:
    return bool(word) and bool(re.fullmatch(f"[{_CJK}]+", word))


def tokens(text: str) -> list[str]:
    """Index tokens of already folded text, in order (positions matter for phrases)."""
    if not _HAS_CJK.search(text):
        # Most text has no CJK: one C-level findall instead of a Python loop per word.
        return [word for word in _WORD.findall(text) if len(word) <= MAX_TOKEN_CHARS]
    out: list[str] = []
    for match in _TOKEN.finditer(text):
        cjk, word = match.groups()
        if cjk:
            out.extend(_cjk_tokens(cjk))
        elif len(word) <= MAX_TOKEN_CHARS:
            out.append(word)
    return out


def index_text(text: str) -> str:
    """What is stored in the index for `text`: its tokens joined by single spaces."""
    return " ".join(tokens(fold(text)))


# --- queries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clause:
    """Index tokens that must occur next to each other, in order (one token: a plain term).

    `prefix`: the last token also matches longer tokens (type-ahead, or one CJK character).
    `words`: the folded surface words, for highlighting (Latin words and CJK runs).
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedQuery:
    """Every clause must match (AND). `number` is set when the query is a ticket number."""

    clauses: tuple[Clause, ...] = ()
    number: int | None = None
    words: frozenset[str] = field(default_factory=frozenset)
    prefixes: frozenset[str] = field(default_factory=frozenset)
    cjk: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.clauses and self.number is None


def _clause(chunk: str, *, allow_prefix: bool) -> Clause | None:
    tokens_: list[str] = []
    words: list[str] = []
    last_cjk_length = 0  # length of the CJK run that ends the chunk; 0 when it ends in a word
    for match in _TOKEN.finditer(fold(chunk)):
        cjk, word = match.groups()
        if cjk:
            # A query run is matched by its bigrams only: the index's trailing unigram
            # exists for one-character queries and would break the phrase.
            tokens_.extend(_cjk_tokens(cjk)[:-1] if len(cjk) > 1 else [cjk])
            words.append(cjk)
            last_cjk_length = len(cjk)
        elif len(word) <= MAX_TOKEN_CHARS:
            tokens_.append(word)
            words.append(word)
            last_cjk_length = 0
    if not tokens_:
        return None
    # An over-long phrase (a pasted paragraph) keeps its first tokens, still as a phrase.
    truncated = len(tokens_) > MAX_TOKENS_PER_CLAUSE
    tokens_ = tokens_[:MAX_TOKENS_PER_CLAUSE]
    # A lone CJK character can only be found as the start of a bigram; a Latin word is
    # prefix-matched only while it is being typed; a CJK bigram phrase already matches
    # inside longer runs and needs no prefix.
    prefix = not truncated and (
        last_cjk_length == 1
        or (allow_prefix and last_cjk_length == 0 and len(tokens_[-1]) >= MIN_PREFIX_CHARS)
    )
    return Clause(tokens=tuple(tokens_), prefix=prefix, words=tuple(words))


def parse_query(raw: str) -> ParsedQuery:
    """A safe query from what a person typed. Never raises on odd input.

    Double-quoted text is a phrase; an unbalanced quote is ignored. Operators of either
    engine (AND, OR, NOT, NEAR, *, -, ^, :, parentheses) are just words or separators.
    The last word gets a prefix match unless the text ends with a space or a quote, so
    results follow the person while they type. "#123" or "123" also names ticket 123.
    """
    text = raw[:MAX_QUERY_CHARS]
    number_match = _NUMBER.match(text)
    number = int(number_match.group(1)) if number_match else None

    chunks: list[tuple[str, bool]] = []  # (text, is_quoted_phrase)
    position = 0
    for match in re.finditer(r'"([^"]*)"', text):
        chunks.extend((piece, False) for piece in text[position : match.start()].split())
        chunks.append((match.group(1), True))
        position = match.end()
    chunks.extend((piece, False) for piece in text[position:].replace('"', " ").split())
    typing = bool(text) and not text[-1].isspace() and not text.endswith('"')

    clauses: list[Clause] = []
    for index, (chunk, quoted) in enumerate(chunks):
        is_last = index == len(chunks) - 1
        clause = _clause(chunk, allow_prefix=typing and is_last and not quoted)
        if clause is not None and clause not in clauses:
            clauses.append(clause)
    clauses = clauses[:MAX_CLAUSES]

    words: set[str] = set()
    prefixes: set[str] = set()
    cjk: list[str] = []
    for clause in clauses:
        for i, word in enumerate(clause.words):
            if _is_cjk(word):
                cjk.append(word)
            elif clause.prefix and i == len(clause.words) - 1:
                prefixes.add(word)
            else:
                words.add(word)
    return ParsedQuery(
        clauses=tuple(clauses),
        number=number,
        words=frozenset(words),
        prefixes=frozenset(prefixes),
        cjk=tuple(dict.fromkeys(cjk)),
    )


# --- snippets ------------------------------------------------------------------------------

SNIPPET_CHARS = 180


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return fold(char)


def _folded_with_map(raw: str) -> tuple[str, list[int]]:
    """Folded text and, for each folded character, the index of the raw character it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(raw):
        folded = char.casefold() if char.isascii() else _fold_char(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def _match_spans(raw: str, query: ParsedQuery) -> list[tuple[int, int]]:
    """Raw-text spans of the query's words, prefixes and CJK strings, sorted, not overlapping."""
    folded, origin = _folded_with_map(raw)
    spans: list[tuple[int, int]] = []
    for match in _TOKEN.finditer(folded):
        cjk, word = match.groups()
        if word and (word in query.words or any(word.startswith(p) for p in query.prefixes)):
            spans.append((origin[match.start()], origin[match.end() - 1] + 1))
        elif cjk:
            for needle in query.cjk:
                start = cjk.find(needle)
                while start != -1:
                    begin = match.start() + start
                    spans.append((origin[begin], origin[begin + len(needle) - 1] + 1))
                    start = cjk.find(needle, start + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged


def _window(text: str, spans: Sequence[tuple[int, int]], width: int) -> tuple[int, int]:
    if not spans:
        return 0, min(len(text), width)
    first = spans[0][0]
    start = max(0, first - width // 3)
    # Start at a word boundary so the snippet does not begin mid-word.
    if start > 0:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space != -1 and first - space < width // 2 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > spans[0][1] else end
    return start, end


def _render(text: str, spans: Sequence[tuple[int, int]], start: int, end: int) -> str:
    parts: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for begin, stop in spans:
        if stop <= start or begin >= end:
            continue
        begin, stop = max(begin, start), min(stop, end)
        parts.append(html.escape(text[cursor:begin]))
        parts.append(f"<mark>{html.escape(text[begin:stop])}</mark>")
        cursor = stop
    parts.append(html.escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return "".join(parts)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def snippet(texts: Sequence[str], query: ParsedQuery, *, width: int = SNIPPET_CHARS) -> str:
    """HTML excerpt of the first text that contains a query word, matches in <mark>.

    Everything but the <mark> tags is escaped, so the result is safe to insert into a page.
    Without any match (the hit came from the subject or the guest), the start of the first
    text is shown.
    """
    cleaned = [_clean(text) for text in texts if text and text.strip()]
    for text in cleaned:
        spans = _match_spans(text, query)
        if spans:
            start, end = _window(text, spans, width)
            return _render(text, spans, start, end)
    if not cleaned:
        return ""
    start, end = _window(cleaned[0], [], width)
    return _render(cleaned[0], [], start, end)


def iter_chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
