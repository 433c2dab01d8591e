"""Presentation helpers without I/O: the queue tree, pagination, and mail HTML for the sandbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from math import ceil
from typing import Any
from urllib.parse import urlsplit

import nh3

from services.gateway.adapters.tickets_models import Article, Queue

# The mail's own document inside the sandboxed iframe: nothing may load but inline
# styles and embedded (data:) images, so a remote image cannot tell the sender it was read.
_MAIL_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


@dataclass
class QueueNode:
    queue: Queue
    label: str
    children: list[QueueNode] = field(default_factory=list)


def queue_tree(queues: list[Queue]) -> list[QueueNode]:
    """Queues nested under their parents, sorted by name.

    A queue whose parent the agent may not see becomes a root and keeps its full
    name (``Vorstand::Schatzmeister``), so nothing about the hidden parent is shown
    beyond what the name itself says.
    """
    by_id = {queue.id: queue for queue in queues}
    nodes: dict[int, QueueNode] = {}
    roots: list[QueueNode] = []
    for queue in sorted(queues, key=lambda q: q.name.casefold()):
        nested = queue.parent_id is not None and queue.parent_id in by_id
        nodes[queue.id] = QueueNode(queue, queue.name.rsplit("::", 1)[-1] if nested else queue.name)
    for queue in sorted(queues, key=lambda q: q.name.casefold()):
        if queue.parent_id is not None and queue.parent_id in nodes:
            nodes[queue.parent_id].children.append(nodes[queue.id])
        else:
            roots.append(nodes[queue.id])
    return roots


@dataclass(frozen=True)
class Pagination:
    page: int
    pages: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def previous(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def next(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None

    @property
    def first_item(self) -> int:
        return min(self.offset + 1, self.total)

    @property
    def last_item(self) -> int:
        return min(self.offset + self.size, self.total)


def paginate(page: int, size: int, total: int) -> Pagination:
    pages = max(1, ceil(total / size))
    return Pagination(page=min(max(page, 1), pages), pages=pages, size=size, total=total)


def _keep_inline_sources(element: str, attribute: str, value: str) -> str | None:
    """Drop remote image and media sources; keep embedded ``data:``/``cid:`` ones and links."""
    if attribute in ("src", "srcset", "background", "poster"):
        return value if urlsplit(value.strip()).scheme in ("data", "cid") else None
    return value


def mail_document(body_html: str) -> str:
    """A complete HTML document for ``<iframe sandbox srcdoc>``: sanitized, under its own strict CSP."""
    clean = nh3.clean(
        body_html,
        attribute_filter=_keep_inline_sources,
        url_schemes=nh3.ALLOWED_URL_SCHEMES | {"data", "cid"},
        link_rel="noopener noreferrer nofollow",
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_MAIL_CSP}">'
        '<meta name="referrer" content="no-referrer">'
        "</head><body>" + clean + "</body></html>"
    )


@dataclass(frozen=True)
class DayTable:
    """Counts per day (rows) and queue (columns), with totals; only days and queues that have any."""

    queues: list[str]
    days: list[tuple[str, list[int], int]]
    totals: list[int]
    total: int


def day_table(rows: list[dict[str, Any]]) -> DayTable:
    queues = sorted({row["queue"] for row in rows}, key=str.casefold)
    column = {name: index for index, name in enumerate(queues)}
    by_day: dict[str, list[int]] = {}
    for row in rows:
        by_day.setdefault(row["day"], [0] * len(queues))[column[row["queue"]]] += row["count"]
    days = [(day, counts, sum(counts)) for day, counts in sorted(by_day.items())]
    totals = [sum(counts[i] for _, counts, _ in days) for i in range(len(queues))]
    return DayTable(queues, days, totals, sum(totals))


def quoted_reply(articles: list[Article]) -> str:
    """The reply's starting text, as OTRS has it: room to write above the customer's last message, quoted."""
    last = next((a for a in reversed(articles) if a.sender_type == "customer" and a.body_text), None)
    if last is None:
        return ""
    return "\n\n" + "\n".join(f"> {line}" if line else ">" for line in last.body_text.splitlines())


def safe_next(target: str | None, default: str = "/queues") -> str:
    """A redirect target after login that stays on this site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
