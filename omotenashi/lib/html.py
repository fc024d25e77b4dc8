"""Sanitising untrusted HTML (email bodies, portal input) and turning it into plain text."""

from __future__ import annotations

import html
import re

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "*": {"lang", "dir"},
}
# Remote images would tell a tracker the agent opened the mail; only inline (cid:) and
# data: images stay, and links can only be web or mail links.
URL_SCHEMES = {"http", "https", "mailto", "cid", "data"}


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        if value.startswith("cid:") or value.startswith("data:image/"):
            return value
        return None
    if attribute == "href" and value.lower().startswith("data:"):
        return None
    return value


def sanitize_html(raw: str) -> str:
    """Return HTML that is safe to render inside an agent's or guest's page."""
    return nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style", "title", "head"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


_BLOCK_BREAK = re.compile(r"(?i)<\s*(br|/p|/div|/li|/tr|/h[1-6]|/blockquote|hr)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*\n+")


def html_to_text(raw: str) -> str:
    """Plain text of an HTML fragment, keeping paragraph breaks (for search and email)."""
    cleaned = nh3.clean(
        raw,
        tags={"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr"},
        clean_content_tags={"script", "style", "title", "head"},
        attributes={},
    )
    text = _BLOCK_BREAK.sub("\n", cleaned)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _SPACES.sub(" ", text)
    lines = [line.strip() for line in text.splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


_URL = re.compile(r"(https?://[^\s<>\"']+)")


def text_to_html(text: str) -> str:
    """Safe HTML for plain text: escaped, paragraphs and line breaks kept, links clickable."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    rendered = []
    for para in paragraphs:
        escaped = html.escape(para)
        escaped = _URL.sub(r'<a href="\1" rel="noopener noreferrer nofollow">\1</a>', escaped)
        rendered.append("<p>" + escaped.replace("\n", "<br>") + "</p>")
    return "\n".join(rendered)
