"""The HTML alternative of an agent's mail, built from its text (never from anyone's HTML).

Every line is escaped; blank lines separate paragraphs, line breaks stay line
breaks, and lines quoted with ``>`` become (nested) ``<blockquote>``. The result
goes through nh3 with an allow-list of those few tags and no attributes at all,
so it can carry no script, style, link or remote resource whatever the text says.
"""

from __future__ import annotations

import html
import re

import nh3

_QUOTE = re.compile(r"^[ \t]*>[ ]?")
_TAGS = {"p", "br", "blockquote"}


def _is_quoted(line: str) -> bool:
    return _QUOTE.match(line) is not None


def _blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _is_quoted(lines[i]):
            quoted = []
            while i < len(lines) and _is_quoted(lines[i]):
                quoted.append(_QUOTE.sub("", lines[i], count=1))
                i += 1
            out.append("<blockquote>" + "".join(_blocks(quoted)) + "</blockquote>")
        elif lines[i].strip():
            paragraph = []
            while i < len(lines) and lines[i].strip() and not _is_quoted(lines[i]):
                paragraph.append(html.escape(lines[i].rstrip(), quote=False))
                i += 1
            out.append("<p>" + "<br>".join(paragraph) + "</p>")
        else:
            i += 1
    return out


def html_from_text(text: str) -> str:
    """A small HTML document saying what ``text`` says."""
    body = "\n".join(_blocks(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    clean = nh3.clean(body, tags=_TAGS, attributes={}, url_schemes=set(), strip_comments=True)
    return f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{clean}\n</body></html>\n'
