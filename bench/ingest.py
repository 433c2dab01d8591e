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
from bench.mailgen import bench_mails, title

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
    smtp_seconds: list[float]
    """Per message, from handing it to the client to the ``250``."""
    accepted_after: float
    """Seconds from the first connection to the last ``250``."""
    cpu_seconds: dict[str, float]
    """CPU time each service's process used, start-up included."""

    @property
    def throughput(self) -> float:
        return self.n / self.elapsed


async def measure(n: int) -> IngestResult:
    tag = run_id()
    mails = bench_mails(n, tag)
    titles = [title(tag, i) for i in range(n)]
    accepted: dict[str, float] = {}
    smtp_seconds: list[float] = []
    seen: dict[str, float] = {}
    async with distributed() as cluster, cluster.api() as api:

        async def client(indices: range) -> None:
            async with aiosmtplib.SMTP(hostname="127.0.0.1", port=cluster.smtp_port, timeout=60) as smtp:
                for i in indices:
                    handed = time.perf_counter()
                    await smtp.send_message(mails[i])
                    accepted[titles[i]] = time.perf_counter()
                    smtp_seconds.append(accepted[titles[i]] - handed)

        start = time.perf_counter()
        watcher = asyncio.create_task(_watch(cluster, api, set(titles), seen))
        await asyncio.gather(*(client(range(k, n, CLIENTS)) for k in range(CLIENTS)))
        await asyncio.wait_for(watcher, timeout=max(120.0, n * 0.5))
        tickets = sum(1 for item in await _listing(api) if item["title"].startswith(f"Bench {tag} "))
        cpu = cluster.cpu_seconds()
    return IngestResult(
        n=n,
        elapsed=max(seen.values()) - start,
        latencies=[seen[t] - accepted[t] for t in titles],
        tickets=tickets,
        mail_bytes=sum(len(bytes(m)) for m in mails),
        smtp_seconds=smtp_seconds,
        accepted_after=max(accepted.values()) - start,
        cpu_seconds=cpu,
    )


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
