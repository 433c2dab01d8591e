"""The HTML alternative of an agent's mail, from its text."""

from __future__ import annotations

from services.tickets.ticketing.domain.mail_html import html_from_text


def _body(html: str) -> str:
    return html.split("<body>\n", 1)[1].split("\n</body>", 1)[0]


def test_paragraphs_line_breaks_and_nested_quotes():
    text = "Hallo,\n\nerste Zeile\r\nzweite\n\n> zitiert\n>> tiefer\n> wieder\nDanach"
    assert _body(html_from_text(text)) == (
        "<p>Hallo,</p>\n<p>erste Zeile<br>zweite</p>\n"
        "<blockquote><p>zitiert</p><blockquote><p>tiefer</p></blockquote><p>wieder</p></blockquote>\n"
        "<p>Danach</p>"
    )


def test_markup_in_the_text_is_text():
    html = _body(html_from_text('<script>alert(1)</script> <a href="javascript:x">a</a> & <img src=//t.example/p>'))
    assert html == (
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;a href="javascript:x"&gt;a&lt;/a&gt; &amp; '
        "&lt;img src=//t.example/p&gt;</p>"
    )


def test_a_document_with_its_charset_and_nothing_else():
    html = html_from_text("")
    assert html.startswith('<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>')
    assert _body(html) == ""
