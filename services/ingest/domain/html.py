"""HTML bodies: sanitized for display, and plain text derived from them.

Sanitizing (nh3) removes scripts, styles, event handlers and everything not on
the allow-list. Images load only from ``cid:`` (the mail's own inline parts) or
``data:image/…``: a remote image is a read receipt and a tracking pixel, so it
is dropped (an agent can still open the original).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_IMAGE_SOURCE = re.compile(r"^(cid:|data:image/(png|gif|jpe?g|webp);)", re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "hr"}
_SKIP_TAGS = {"script", "style", "head", "title"}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if _IMAGE_SOURCE.match(value.strip()) else None
    if attribute in ("href", "cite") and value.strip().lower().startswith("data:"):
        return None
    return value


def sanitize_html(html: str) -> str:
    """Safe HTML for display: no script, no event handlers, no remote images."""
    return nh3.clean(
        html,
        url_schemes={"http", "https", "mailto", "tel", "cid", "data"},
        attribute_filter=_keep_attribute,
        clean_content_tags={"script", "style", "title"},
    )


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")
        if tag == "li":
            self.chunks.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Readable plain text from HTML, for mail that carries no text part."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    lines = (line.strip() for line in "".join(extractor.chunks).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
