"""Markdown is rendered safely: whatever an author writes, no script reaches a page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from omotenashi.knowledge.markdown import markdown_to_text, render_markdown


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)


def elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<a href="javascript:alert(1)">x</a>',
        "![x](javascript:alert(1))",
        "<iframe src='https://evil.example'></iframe>",
        "<svg onload=alert(1)>",
    ],
)
def test_hostile_markdown_never_renders_active_content(source: str) -> None:
    found = elements(render_markdown(source))
    assert not {"script", "iframe", "svg", "object", "embed"} & set(found.tags)
    assert not [name for name, _ in found.attributes if name.startswith("on")]
    for name, value in found.attributes:
        if name in ("href", "src"):
            assert not value.strip().lower().startswith(("javascript:", "data:")), value


def test_raw_html_is_shown_as_text_not_interpreted() -> None:
    html = render_markdown("Use <b>bold</b> tags")
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_commonmark_tables_and_strikethrough_render() -> None:
    html = render_markdown("| a | b |\n|---|:-:|\n| 1 | 2 |\n\n~~old~~ **new** `code`")
    assert "<table>" in html and "<td>1</td>" in html
    assert "<s>old</s>" in html or "<del>old</del>" in html
    assert "<strong>new</strong>" in html and "<code>code</code>" in html


def test_links_are_kept_with_safe_rel() -> None:
    html = render_markdown("[docs](https://example.org/vpn)")
    assert 'href="https://example.org/vpn"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_code_language_class_is_kept_but_not_arbitrary_classes() -> None:
    assert 'class="language-python"' in render_markdown("```python\nprint(1)\n```")
    odd = elements(render_markdown('```x"onmouseover=alert(1)\nprint(1)\n```'))
    assert ("class", 'language-x"onmouseover=alert(1)') not in odd.attributes
    assert not [name for name, _ in odd.attributes if name.startswith("on")]


def test_plain_text_keeps_the_words() -> None:
    assert markdown_to_text("# Title\n\nSome **bold** text.") == "Title\n\nSome bold text."
