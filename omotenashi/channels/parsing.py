"""Turning raw RFC 5322 bytes into what the desk needs, without ever raising on bad mail.

Framework-free (no Django): pure functions over bytes, testable on their own. Mail in the
wild has missing, wrong and unknown charsets, raw 8-bit headers, broken MIME structure and
hostile HTML; every step here falls back to something readable instead of failing. HTML
is *not* sanitised here: the ticket services sanitise every body they store.

We parse with the `compat32` policy on purpose: the modern policy parses header values
lazily and some malformed address headers raise deep inside it, while compat32 keeps raw
strings that we decode ourselves with explicit fallbacks.
"""

from __future__ import annotations

import codecs
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import message_from_bytes
from email.header import decode_header
from email.message import Message
from email.parser import BytesHeaderParser
from email.policy import Compat32
from email.utils import getaddresses, parsedate_to_datetime

from omotenashi.lib.html import html_to_text

SYNTHETIC_ID_DOMAIN = "synthetic.omotenashi.invalid"
# Bodies longer than this are cut (with a note) so a huge mail still becomes a ticket;
# the ticket services refuse bodies over one million characters.
MAX_BODY_CHARS = 900_000
MAX_ADDRESSES = 50


class _RawHeaders(Compat32):
    """compat32, but header values come back exactly as received (folding, raw 8-bit bytes).

    Stock compat32 replaces raw 8-bit header bytes with U+FFFD before we can see them; we
    want the bytes, to decode them as UTF-8 or Windows-1252 ourselves.
    """

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


_POLICY = _RawHeaders()

# --- charsets -----------------------------------------------------------------------------

# Labels mail clients use for a charset, mapped to the Python codecs to try, best first.
# Supersets first: Outlook labels cp932 text "shift_jis" and cp1252 text "iso-8859-1".
_CHARSET_CANDIDATES: dict[str, tuple[str, ...]] = {
    "shift_jis": ("cp932", "shift_jis_2004"),
    "shift-jis": ("cp932", "shift_jis_2004"),
    "sjis": ("cp932",),
    "x-sjis": ("cp932",),
    "ms_kanji": ("cp932",),
    "windows-31j": ("cp932",),
    "cp932": ("cp932",),
    "iso-2022-jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004", "iso2022_jp_2"),
    "csiso2022jp": ("iso2022_jp", "iso2022_jp_ext"),
    "euc-jp": ("euc_jp", "euc_jis_2004"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "x-gbk": ("gb18030",),
    "ks_c_5601-1987": ("cp949",),
    "euc-kr": ("cp949",),
    "big5": ("big5hkscs", "cp950"),
    "tis-620": ("cp874",),
    "iso-8859-11": ("cp874",),
    "iso-8859-9": ("cp1254",),
}
# Labels for text that is really "some Western 8-bit encoding": mislabelled UTF-8 is far
# more common than real Latin-1 text that happens to form valid UTF-8 sequences.
_WESTERN = {
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin1",
    "latin-1",
    "iso_8859-1",
    "windows-1252",
    "cp1252",
    "iso-8859-15",
    "ansi_x3.4-1968",
}
_UNKNOWN = {"", "unknown", "unknown-8bit", "x-unknown", "8bit", "default", "x-user-defined", "none"}


def _usable_codec(name: str) -> str | None:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Only text encodings: "rot13", "zlib" or "base64" as a charset label is an attack or garbage.
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _candidates(charset: str | None) -> list[str]:
    label = (charset or "").strip().strip("\"'").lower()
    if label in _UNKNOWN or label in _WESTERN:
        names = ["utf-8", "cp1252"]
    else:
        names = [*_CHARSET_CANDIDATES.get(label, (label,)), "utf-8"]
        if _usable_codec(names[0]) is None:  # a made-up label: treat as unknown 8-bit
            names.append("cp1252")
    usable = [c for c in (_usable_codec(n) for n in names) if c]
    return list(dict.fromkeys(usable))


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Text from bytes in a declared (possibly wrong, unknown or missing) charset. Never raises."""
    candidates = _candidates(charset)
    for name in candidates:
        try:
            return data.decode(name)
        except (UnicodeError, LookupError, ValueError, TypeError):
            continue
    for name in candidates:
        try:
            return data.decode(name, errors="replace")
        except (UnicodeError, LookupError, ValueError, TypeError):
            continue
    return data.decode("latin-1")  # maps every byte: the last resort cannot fail


def _fix_surrogates(value: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes: decode them for real."""
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return decode_bytes(value.encode("utf-8", "surrogateescape"), None)


_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def decode_header_value(value: object) -> str:
    """A header's text: RFC 2047 words decoded, raw 8-bit decoded, whitespace folded."""
    if value is None:
        return ""
    raw = _fix_surrogates(str(value))
    text = raw
    if _ENCODED_WORD.search(raw):
        try:
            parts = []
            for chunk, charset in decode_header(raw):
                if isinstance(chunk, str):
                    parts.append(chunk)
                elif charset is None:
                    parts.append(chunk.decode("utf-8", errors="replace"))
                else:
                    parts.append(decode_bytes(chunk, charset))
            text = "".join(parts)
        except Exception:  # a broken encoded word: show it as written rather than fail
            text = raw
    text = re.sub(r"[\r\n]+[ \t]*", " ", text)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).strip()


# --- message ids --------------------------------------------------------------------------

_MSGID = re.compile(r"<([^<>\s]{1,900})>")


def parse_message_ids(value: object) -> list[str]:
    """Message-IDs in a header, normalised to `<id>`; bare ids (broken clients) are wrapped."""
    text = _fix_surrogates(str(value or ""))
    found = [f"<{m}>" for m in _MSGID.findall(text)]
    if not found:
        bare = text.strip()
        if bare and " " not in bare and "@" in bare and len(bare) <= 900:
            found = [f"<{bare.strip('<>')}>"]
    return list(dict.fromkeys(found))


# Headers added on the way to us; they differ between deliveries of the same message.
_TRACE_HEADERS = {
    "received",
    "return-path",
    "delivered-to",
    "x-original-to",
    "status",
    "x-status",
    "x-keywords",
    "x-uid",
    "content-length",
    "lines",
    "x-envelope-from",
    "x-envelope-to",
}


def synthetic_message_id(raw: bytes) -> str:
    """A stable id for mail without one: a hash of the message minus its delivery trace.

    Line endings are normalised so the copy fetched over IMAP (CRLF) and the one piped in
    by the MTA (LF) give the same id.
    """
    data = raw.replace(b"\r\n", b"\n")
    head, sep, body = data.partition(b"\n\n")
    kept: list[bytes] = []
    keep = True
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t"):
            if keep:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower().decode("latin-1")
        keep = name not in _TRACE_HEADERS and not line.startswith(b"From ")
        if keep:
            kept.append(line)
    digest = hashlib.sha256(b"\n".join(kept) + sep + body).hexdigest()
    return f"<{digest}@{SYNTHETIC_ID_DOMAIN}>"


def is_synthetic_message_id(message_id: str) -> bool:
    return message_id.endswith(f"@{SYNTHETIC_ID_DOMAIN}>")


def header_summary(raw: bytes) -> tuple[str, bool, str, str]:
    """(message id, synthetic?, subject, from) from the header block only: cheap, never raises."""
    try:
        headers = BytesHeaderParser(policy=_POLICY).parsebytes(raw)
        ids = parse_message_ids(headers.get("Message-ID", ""))
        subject = decode_header_value(headers.get("Subject", ""))
        sender = decode_header_value(headers.get("From", ""))
    except Exception:
        ids, subject, sender = [], "", ""
    if ids:
        return ids[0], False, subject, sender
    return synthetic_message_id(raw), True, subject, sender


# --- the parsed message ---------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    data: bytes
    content_id: str = ""
    inline: bool = False


@dataclass
class ParsedEmail:
    message_id: str
    message_id_synthetic: bool
    subject: str
    from_name: str
    from_address: str
    to: list[tuple[str, str]]
    cc: list[tuple[str, str]]
    reply_to: list[tuple[str, str]]
    in_reply_to: list[str]
    references: list[str]
    date: datetime | None
    body_text: str
    body_html: str
    attachments: list[ParsedAttachment] = field(default_factory=list)
    automated_reason: str = ""
    defects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def thread_ids(self) -> list[str]:
        """Ids this message answers, most recent first (In-Reply-To, then References backwards)."""
        return list(dict.fromkeys([*self.in_reply_to, *reversed(self.references)]))


def _addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    values = [str(v) for v in (msg.get_all(name) or [])]
    if not values:
        return []
    try:
        pairs = getaddresses([_fix_surrogates(v) for v in values])
    except Exception:
        pairs = []
    result: list[tuple[str, str]] = []
    for display, address in pairs:
        address = address.strip().strip("<>").strip()
        if "@" not in address or " " in address or len(address) > 254:
            continue
        result.append((decode_header_value(display).strip("\"' "), address.lower()))
        if len(result) >= MAX_ADDRESSES:
            break
    return result


_AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", "X-Mail-Autoreply")
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_DAEMON_LOCALPARTS = {"mailer-daemon", "postmaster"}


def automated_reason(msg: Message, from_address: str) -> str:
    """Why this mail was written by a machine (auto-reply, bounce, list), or "" for a person.

    Answering such mail is how two robots end up mailing each other forever (RFC 3834).
    """
    auto_submitted = str(msg.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return f"Auto-Submitted: {auto_submitted}"
    precedence = str(msg.get("Precedence", "")).strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in _AUTO_HEADERS:
        if msg.get(name) is not None:
            return f"{name} header"
    suppress = str(msg.get("X-Auto-Response-Suppress", "")).strip()
    if suppress:
        return f"X-Auto-Response-Suppress: {suppress}"
    if any(str(v).strip() == "<>" for v in msg.get_all("Return-Path") or []):
        return "Return-Path <> (a bounce)"
    if from_address.split("@", 1)[0] in _DAEMON_LOCALPARTS:
        return f"sent by {from_address.split('@', 1)[0]}"
    if msg.get("X-Failed-Recipients") is not None:
        return "X-Failed-Recipients header (a bounce)"
    if msg.get_content_type() in (
        "multipart/report",
        "message/delivery-status",
        "message/disposition-notification",
    ):
        report = str(msg.get_param("report-type") or "").lower()
        return f"{msg.get_content_type()} {report}".strip() + " (a delivery or read report)"
    return ""


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def _part_text(part: Message, *, html: bool) -> str:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if not isinstance(data, bytes):
        payload = part.get_payload()
        data = payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""
    charset = part.get_content_charset()
    if charset is None and html:
        match = _META_CHARSET.search(data[:4096])
        charset = match.group(1).decode("ascii") if match else None
    text = decode_bytes(data, charset).replace("\r\n", "\n").replace("\r", "\n")
    # NUL is never text, and PostgreSQL refuses it in a text column.
    return text.replace("\x00", "")


def _filename(part: Message, content_type: str, index: int) -> str:
    try:
        name = part.get_filename()
    except Exception:
        name = None
    name = decode_header_value(name) if name else ""
    if not name:
        ext = mimetypes.guess_extension(content_type) or ".bin"
        stem = "forwarded-message" if content_type == "message/rfc822" else f"attachment-{index}"
        name = f"{stem}{ext}"
    return name


def _part_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner_msg = inner[0] if isinstance(inner, list) and inner else None
        if isinstance(inner_msg, Message):
            try:
                return inner_msg.as_bytes()
            except Exception:
                return inner_msg.as_string().encode("utf-8", "surrogateescape")
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


@dataclass
class _Bodies:
    texts: list[str] = field(default_factory=list)
    htmls: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)


def _walk(part: Message, out: _Bodies, depth: int = 0) -> None:
    if depth > 30:  # a message nested this deep is an attack on the parser, not mail
        return
    content_type = part.get_content_type()
    if part.is_multipart() and content_type != "message/rfc822":
        payload = part.get_payload()
        if not isinstance(payload, list):
            return
        # multipart/alternative too: collect both the text and the HTML, the caller chooses.
        for sub in payload:
            if isinstance(sub, Message):
                _walk(sub, out, depth + 1)
        return
    disposition = (part.get_content_disposition() or "").lower()
    has_name = bool(
        part.get_param("name") or part.get_param("filename", header="content-disposition")
    )
    content_id = str(part.get("Content-ID", "")).strip().strip("<>").strip()
    if content_type in ("text/plain", "text/html") and disposition != "attachment" and not has_name:
        if content_type == "text/html":
            out.htmls.append(_part_text(part, html=True))
        else:
            out.texts.append(_part_text(part, html=False))
        return
    index = len(out.attachments) + 1
    out.attachments.append(
        ParsedAttachment(
            filename=_filename(part, content_type, index),
            content_type=content_type,
            data=_part_bytes(part),
            content_id=decode_header_value(content_id)[:255],
            inline=disposition == "inline" or (bool(content_id) and disposition != "attachment"),
        )
    )


_BODY_TAG = re.compile(r"<body[^>]*>(.*?)(</body>|$)", re.IGNORECASE | re.DOTALL)


def _html_fragment(html: str) -> str:
    """The body of an HTML document (several alternatives may each be a whole document)."""
    match = _BODY_TAG.search(html)
    return match.group(1) if match else html


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + "\n\n[… message shortened: it was longer than the desk stores …]"


def _date(msg: Message) -> datetime | None:
    value = msg.get("Date")
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(str(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return moment if moment.tzinfo is not None else None


def parse_email(raw: bytes) -> ParsedEmail:
    """Everything the desk needs from a raw message. Never raises on malformed input."""
    msg = message_from_bytes(raw, policy=_POLICY)
    defects = [type(d).__name__ for d in msg.defects]
    ids = parse_message_ids(msg.get("Message-ID", ""))
    message_id, synthetic = (ids[0], False) if ids else (synthetic_message_id(raw), True)
    senders = _addresses(msg, "From") or _addresses(msg, "Sender") or _addresses(msg, "Reply-To")
    from_name, from_address = senders[0] if senders else ("", "")

    bodies = _Bodies()
    try:
        _walk(msg, bodies)
    except Exception as exc:  # the structure is beyond repair: keep what we have and say so
        defects.append(f"body: {type(exc).__name__}: {exc}")
    text = "\n\n".join(t.strip("\n") for t in bodies.texts if t.strip())
    html = "\n".join(_html_fragment(h) for h in bodies.htmls if h.strip())
    if html and not text:
        text = html_to_text(html)
    html, text = _cut(html, MAX_BODY_CHARS), _cut(text.replace("\r\n", "\n"), MAX_BODY_CHARS)

    return ParsedEmail(
        message_id=message_id,
        message_id_synthetic=synthetic,
        subject=decode_header_value(msg.get("Subject", "")),
        from_name=from_name,
        from_address=from_address,
        to=_addresses(msg, "To"),
        cc=_addresses(msg, "Cc"),
        reply_to=_addresses(msg, "Reply-To"),
        in_reply_to=parse_message_ids(msg.get("In-Reply-To", "")),
        references=parse_message_ids(" ".join(str(v) for v in msg.get_all("References") or [])),
        date=_date(msg),
        body_text=text,
        body_html=html,
        attachments=bodies.attachments,
        automated_reason=automated_reason(msg, from_address),
        defects=defects,
        headers={k: decode_header_value(v)[:500] for k, v in msg.items()[:100]},
    )
