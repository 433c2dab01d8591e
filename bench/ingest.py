"""End-to-end ingest in the distributed mode: SMTP in, a ticket visible through the API out.

Four SMTP clients send their share of the mail, each over one connection, one
message after the other; the time of each ``250`` is noted. Meanwhile a watcher
lists the tickets through the gateway's API (newest first) and notes when each
title first appears. A message counts as visible when the API shows it, so a
latency includes up to one polling round (:data:`POLL_PAUSE` plus the listing itself).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import aiosmtplib
import httpx

from bench.cluster import Cluster, distributed
from bench.infra import run_id
from bench.mailgen import ATTACHMENT_EVERY, bench_mails, title
from bench.report import Table, percentile
from bench.roundtrip import RoundtripResult

CLIENTS = 4
POLL_PAUSE = 0.1
PAGE = 200


@dataclass(frozen=True)
class IngestResult:
    n: int
    elapsed: float
    """Seconds from the first SMTP connection to the last ticket seen through the API."""
    latencies: list[float]
    """``250`` to visible, per message."""
    tickets: int
    """Tickets with the run's titles at the end (must equal ``n``: none lost, none twice)."""
    mail_bytes: int

    @property
    def throughput(self) -> float:
        return self.n / self.elapsed


async def measure(n: int) -> IngestResult:
    tag = run_id()
    mails = bench_mails(n, tag)
    titles = [title(tag, i) for i in range(n)]
    accepted: dict[str, float] = {}
    seen: dict[str, float] = {}
    async with distributed() as cluster, cluster.api() as api:

        async def client(indices: range) -> None:
            async with aiosmtplib.SMTP(hostname="127.0.0.1", port=cluster.smtp_port, timeout=60) as smtp:
                for i in indices:
                    await smtp.send_message(mails[i])
                    accepted[titles[i]] = time.perf_counter()

        start = time.perf_counter()
        watcher = asyncio.create_task(_watch(cluster, api, set(titles), seen))
        await asyncio.gather(*(client(range(k, n, CLIENTS)) for k in range(CLIENTS)))
        await asyncio.wait_for(watcher, timeout=max(120.0, n * 0.5))
        tickets = sum(1 for item in await _listing(api) if item["title"].startswith(f"Bench {tag} "))
    latencies = [seen[t] - accepted[t] for t in titles]
    elapsed = max(seen.values()) - start
    return IngestResult(n, elapsed, latencies, tickets, sum(len(bytes(m)) for m in mails))


async def _watch(cluster: Cluster, api: httpx.AsyncClient, wanted: set[str], seen: dict[str, float]) -> None:
    """Note when each wanted title first shows in the API's ticket list, until all have."""
    known: set[str] = set()
    while not wanted <= known:
        cluster.alive()
        offset = 0
        while True:
            page = await _page(api, offset)
            now = time.perf_counter()
            for item in page["items"]:
                if item["title"] not in known:
                    known.add(item["title"])
                    if item["title"] in wanted:
                        seen[item["title"]] = now
            offset += PAGE
            # Newest first: one page is enough unless more arrived since the last round.
            if len(known) >= page["total"] or not page["items"]:
                break
        await asyncio.sleep(POLL_PAUSE)


async def _page(api: httpx.AsyncClient, offset: int) -> dict:  # type: ignore[type-arg]
    response = await api.get("/tickets", params={"limit": PAGE, "offset": offset})
    response.raise_for_status()
    return response.json()


async def _listing(api: httpx.AsyncClient) -> list[dict]:  # type: ignore[type-arg]
    items: list[dict] = []  # type: ignore[type-arg]
    while True:
        page = await _page(api, len(items))
        items += page["items"]
        if len(items) >= page["total"] or not page["items"]:
            return items


def report(result: IngestResult, roundtrip: RoundtripResult) -> Table:
    table = Table(
        name="ingest",
        title="ingest: SMTP to a ticket visible through the API, distributed mode",
        method=(
            f"Five services as five processes on RabbitMQ and PostgreSQL. {result.n} mails "
            f"({result.mail_bytes / result.n / 1024:.0f} KiB on average; bodies of 0.3–30 KB, every "
            f"{ATTACHMENT_EVERY}th with a 20–250 KB attachment) sent by {CLIENTS} SMTP clients at once; latency from "
            f"the `250` to the ticket's first appearance in `GET /api/v1/tickets` through the gateway (polled every "
            f"{POLL_PAUSE * 1000:.0f} ms plus the listing's own time); throughput: messages over the time from the "
            f"first connection to the last ticket visible. Beside it the `roundtrip` of the same run "
            f"({roundtrip.n} bare events); compare the ratio, not the figures of different runs."
        ),
        columns=("path", "messages", "messages/s", "latency p50 (ms)", "latency p95 (ms)"),
    )
    table.add(
        "roundtrip: outbox → RabbitMQ → inbox",
        roundtrip.n,
        roundtrip.throughput,
        percentile(roundtrip.latencies, 50) * 1000,
        percentile(roundtrip.latencies, 95) * 1000,
    )
    table.add(
        "ingest: SMTP `250` → visible in the API",
        result.n,
        result.throughput,
        percentile(result.latencies, 50) * 1000,
        percentile(result.latencies, 95) * 1000,
    )
    table.add("ingest ÷ roundtrip", "", f"{result.throughput / roundtrip.throughput:.3f}", "", "")
    table.add("tickets created (must equal messages)", result.tickets, "", "", "")
    return table


async def run(quick: bool, roundtrip: RoundtripResult) -> Table:
    return report(await measure(50 if quick else 2000), roundtrip)
