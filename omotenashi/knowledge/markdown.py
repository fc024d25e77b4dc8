"""Markdown authoring, rendered safely.

Articles are written in CommonMark (markdown-it-py, with tables and strikethrough). Raw
HTML in the source is not passed through (`html=False`: it is shown as text), and the
rendered HTML is sanitised by nh3 with the same allow-list as every other untrusted HTML
(omotenashi.lib.html), plus heading anchors. Links get rel="noopener noreferrer nofollow";
only web and mail links survive, so a `javascript:` link or an `onerror` attribute cannot
reach a guest's page whatever an author (or a compromised agent account) writes.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

from omotenashi.lib.html import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, html_to_text

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARSER.enable(["table", "strikethrough"])

# Images in articles may come from the web (screenshots hosted by the desk); only http(s).
URL_SCHEMES = {"http", "https", "mailto"}
ATTRIBUTES = {
    **ALLOWED_ATTRIBUTES,
    "code": {"class"},
    "th": {"style", "colspan", "rowspan"},
    "td": {"style", "colspan", "rowspan"},
}
MAX_SOURCE_CHARS = 200_000
_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+-]{1,30}$")
_ALIGN = re.compile(r"^text-align:(left|right|center)$")


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "code" and attribute == "class":
        return value if _LANGUAGE_CLASS.match(value) else None
    if attribute == "style":
        return value if _ALIGN.match(value.replace(" ", "")) else None
    return value


def render_markdown(source: str) -> str:
    """Safe HTML for `source` (CommonMark). Never raises on odd input."""
    rendered = _PARSER.render(source[:MAX_SOURCE_CHARS])
    return nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=_filter_attribute,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def markdown_to_text(source: str) -> str:
    """Plain text of an article (what search reads and what a reply gets)."""
    return html_to_text(render_markdown(source))
