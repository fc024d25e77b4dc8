"""The parser on its own: charsets, headers, structure, automatic-mail detection. No database."""

# Typographic dashes and quotes are the expected decoded text, not typos.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from omotenashi.channels.parsing import (
    decode_bytes,
    decode_header_value,
    header_summary,
    is_synthetic_message_id,
    parse_email,
    parse_message_ids,
    synthetic_message_id,
)


def test_multipart_alternative_prefers_html_keeps_text_and_collects_inline_image(eml):
    parsed = parse_email(eml("multipart_alternative"))
    assert parsed.from_name == "Ingrid Lindström"
    assert parsed.from_address == "ingrid.lindstrom@example.com"
    assert (
        "<b>VPN</b>" in parsed.body_html and 'src="cid:image001.png@01DB8C3A"' in parsed.body_html
    )
    assert parsed.body_text.startswith("Hej,\n\nSince Monday my VPN drops every hour.")
    assert "Med vänliga hälsningar" in parsed.body_text
    files = {a.filename: a for a in parsed.attachments}
    assert (
        files["image001.png"].content_id == "image001.png@01DB8C3A" and files["image001.png"].inline
    )
    assert files["image001.png"].data.startswith(b"\x89PNG")
    assert files["vpn-log.pdf"].data.startswith(b"%PDF") and not files["vpn-log.pdf"].inline
    assert parsed.cc == [("Peter de Vries", "peter@example.com")]
    assert parsed.automated_reason == ""


@pytest.mark.parametrize(
    ("name", "subject", "sender", "snippet"),
    [
        (
            "iso_8859_1",
            "Problème de connexion à l'intranet",
            "François Léger",
            "Où dois-je m'adresser ?",
        ),
        ("shift_jis", "ノートパソコンの画面が映りません", "山田太郎", "再起動しても直りません"),
        ("iso_2022_jp", "ログインできません", "鈴木花子", "パスワードを再設定していただけますか"),
        (
            "rfc2047_subject",
            "Hjälp: mitt lösenord har gått ut 🔑",
            "Åsa Åväll",
            "jag kommer inte in",
        ),
        ("raw_8bit_headers", "Bestellung über 3 Geräte – Rückfrage", "José Müller", "drei Geräte"),
        ("raw_8bit_latin1_headers", "Vraag over de factuur van café", "Zoë Bakker", "het café"),
        ("text_no_charset", "Printer on floor 3", "", "“paper jam”"),
        ("wrong_charset", "Scherm flikkert", "Noor Jansen", "update – vooral ’s ochtends"),
        ("unknown_charset", "Badge not working", "Kim Park", "room 2.14 – the reader"),
    ],
)
def test_charsets_and_encoded_headers_decode_to_readable_text(eml, name, subject, sender, snippet):
    parsed = parse_email(eml(name))
    assert parsed.subject == subject
    assert parsed.from_name == sender
    assert snippet in parsed.body_text
    assert "\ufffd" not in parsed.body_text + parsed.subject + parsed.from_name


def test_html_only_mail_gets_a_text_version(eml):
    parsed = parse_email(eml("html_only"))
    assert "<strong>4471</strong>" in parsed.body_html
    assert parsed.body_text.splitlines()[1] == "Ma commande 4471 n'est toujours pas livrée."


def test_long_lines_forwarded_message_and_rfc2231_filename(eml):
    parsed = parse_email(eml("long_lines_forward"))
    assert len(parsed.body_text) > 80_000
    names = [a.filename for a in parsed.attachments]
    assert names == ["räkning 2025.csv", "forwarded-message.eml"]
    assert b"Disk /dev/sda1 is 97% full." in parsed.attachments[1].data


def test_garbage_never_raises_and_keeps_what_it_can(eml):
    parsed = parse_email(eml("truncated_garbage"))
    assert parsed.from_address == ""  # the From header is binary junk
    assert parsed.message_id == "<garbage-1@example.com>"
    assert parsed.body_text.startswith("Hello wor")
    assert "CloseBoundaryNotFoundDefect" in parsed.defects


@pytest.mark.parametrize(
    "junk", [b"", b"\x00\xff" * 100, b"no headers at all", b"Subject: =?x?q?", b"\r\n\r\n\r\n"]
)
def test_arbitrary_bytes_never_raise(junk):
    parsed = parse_email(junk)
    assert parsed.message_id.startswith("<")
    assert "\x00" not in parsed.body_text + parsed.body_html + parsed.subject


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("bounce", "Auto-Submitted: auto-replied"),
        ("bounce_report_only", "multipart/report delivery-status"),
        ("out_of_office", "Auto-Submitted: auto-replied"),
        ("mailing_list", "Precedence: list"),
    ],
)
def test_automatic_mail_is_recognised_with_its_reason(eml, name, reason):
    assert parse_email(eml(name)).automated_reason.startswith(reason)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("Auto-Submitted: auto-generated", "Auto-Submitted: auto-generated"),
        ("Precedence: bulk", "Precedence: bulk"),
        ("Precedence: junk", "Precedence: junk"),
        ("Precedence: auto_reply", "Precedence: auto_reply"),
        ("X-Autoreply: yes", "X-Autoreply header"),
        ("X-Auto-Response-Suppress: OOF, AutoReply", "X-Auto-Response-Suppress: OOF, AutoReply"),
        ("Return-Path: <>", "Return-Path <>"),
        ("X-Failed-Recipients: gone@example.com", "X-Failed-Recipients"),
    ],
)
def test_each_loop_signal_on_its_own(header, reason):
    raw = f"From: someone@example.com\r\n{header}\r\nSubject: x\r\n\r\nbody\r\n".encode()
    assert parse_email(raw).automated_reason.startswith(reason)


@pytest.mark.parametrize("sender", ["MAILER-DAEMON@example.com", "postmaster@example.com"])
def test_daemon_senders_are_automatic(sender):
    assert parse_email(f"From: {sender}\r\nSubject: x\r\n\r\nbody\r\n".encode()).automated_reason


def test_a_person_with_auto_submitted_no_is_a_person():
    raw = (
        b"From: a@example.com\r\nAuto-Submitted: no\r\nPrecedence: normal\r\n"
        b"Subject: x\r\n\r\nhi\r\n"
    )
    assert parse_email(raw).automated_reason == ""


def test_synthetic_message_id_is_stable_across_line_endings_and_delivery_trace(eml):
    lf = eml("no_message_id").replace(b"\r\n", b"\n")
    crlf = eml("no_message_id")
    traced = (
        b"Return-Path: <lena.holm@example.se>\r\nReceived: from x by y; Mon, 10 Mar 2025\r\n" + crlf
    )
    first = synthetic_message_id(lf)
    assert first == synthetic_message_id(crlf) == synthetic_message_id(traced)
    assert is_synthetic_message_id(first)
    assert synthetic_message_id(crlf.replace(b"Two keys", b"Three keys")) != first
    assert header_summary(crlf)[:2] == (first, True)


def test_message_ids_are_normalised():
    assert parse_message_ids("<a@b> <c@d>\r\n <a@b>") == ["<a@b>", "<c@d>"]
    assert parse_message_ids("bare-id@example.com") == ["<bare-id@example.com>"]
    assert parse_message_ids("no id here") == []


def test_decoding_fallbacks():
    assert decode_bytes("café".encode("cp1252"), "us-ascii") == "café"
    assert decode_bytes("café".encode(), "iso-8859-1") == "café"  # mislabelled UTF-8
    assert decode_bytes(b"abc", "zlib") == "abc"  # a bytes codec is never used as a charset
    assert decode_bytes(b"\x81\x8d", "utf-8") == "\ufffd\ufffd"
    assert decode_header_value("=?utf-8?q?broken") == "=?utf-8?q?broken"
    assert decode_header_value("=?no-such-charset?q?caf=E9?=") == "café"
