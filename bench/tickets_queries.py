"""Reads of the tickets service on a large database, through its own HTTP app.

The database is migrated with the service's Alembic migrations, gets the Neudorf
demo and the bulk-loaded tickets and articles (:mod:`bench.tickets_load`); then
the full-text index is built from them (``rebuild_search_index``). Requests go
through the service's FastAPI app in this process (``httpx.ASGITransport``: no
network, no gateway) with a real API token of ``admin``, one after the other, so
each timing is one request's own.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from fastapi import FastAPI

from bench.infra import run_id, temporary_databases
from bench.report import Table, percentile
from bench.tickets_load import ARTICLES_PER_TICKET, load
from bench.vocabulary import COMMON, RARE
from services.tickets.admin import create_api_token, load_demo, rebuild_search_index
from services.tickets.main import MIGRATIONS, build
from services.tickets.settings import TicketsSettings
from shared.db import Database
from shared.migrations import upgrade

PAGE_SIZE = 25  # the gateway's queue view
WARM_UP = 10

Request = Callable[[int], Awaitable[httpx.Response]]


@dataclass(frozen=True)
class Read:
    name: str
    target_ms: float
    """Issue 3's target for p95 on a 2-core machine."""
    timings: list[float]
    hits: list[int]
    """``total`` of each answer of a list or search (empty for single tickets), to show what was found."""


@dataclass(frozen=True)
class QueriesResult:
    tickets: int
    load_seconds: float
    index_seconds: float
    reads: list[Read]


async def measure(tickets: int, requests: int) -> QueriesResult:
    name = f"bench{run_id()}_tickets"
    async with temporary_databases([name]) as urls:
        url = urls[name]
        settings = TicketsSettings(tickets_database_url=url)
        await asyncio.to_thread(upgrade, MIGRATIONS, url)
        database = Database(url)
        try:
            await load_demo(database, settings)
            token = await create_api_token(database, "admin")
            started = time.perf_counter()
            numbers = await load(url, tickets)
            loaded = time.perf_counter()
            await rebuild_search_index(database)
            indexed = time.perf_counter()
            reads = await _time_reads(build(settings, database).app, token, numbers, requests)
            if not any(read.name.endswith("rare word") and max(read.hits) < tickets for read in reads):
                raise RuntimeError("searching for a rare word found every ticket: does the API ignore ?q=?")
            return QueriesResult(tickets, loaded - started, indexed - loaded, reads)
        finally:
            await database.dispose()


async def _time_reads(app: FastAPI, token: str, numbers: list[str], requests: int) -> list[Read]:
    rng = random.Random(3)
    transport = httpx.ASGITransport(app=app)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=transport, base_url="http://tickets", headers=headers) as client:
        queues = [str(q["id"]) for q in (await _ok(client.get("/api/v1/queues"))).json()["items"]]

        def listing(**params: str | int) -> Awaitable[httpx.Response]:
            return client.get("/api/v1/tickets", params={"limit": PAGE_SIZE, **params})

        def ticket(_: int) -> Awaitable[httpx.Response]:
            return client.get(f"/api/v1/tickets/{rng.choice(numbers)}")

        def part_of_a_number(_: int) -> Awaitable[httpx.Response]:
            number = rng.choice(numbers)
            return listing(q=number[-9:-1])  # the daily counter without the check digit, as someone dictates it

        second_pages = [
            (queue, cursor)
            for queue in queues
            if (cursor := (await _ok(listing(queue=queue))).json().get("next_cursor")) is not None
        ]
        if not second_pages:
            raise RuntimeError("no queue has a second page: too few tickets loaded")

        def next_page(i: int) -> Awaitable[httpx.Response]:
            queue, cursor = second_pages[i % len(second_pages)]
            return listing(queue=queue, cursor=cursor)

        return [
            await _timed("queue view, first page", 50, lambda i: listing(queue=queues[i % len(queues)]), requests),
            await _timed("queue view, next page by cursor", 50, next_page, requests),
            await _timed("ticket with all articles", 50, ticket, requests),
            await _timed("full-text search, a rare word", 200, lambda _: listing(q=rng.choice(RARE)), requests),
            await _timed("search by part of a ticket number", 200, part_of_a_number, requests),
            # The worst case, at about a second each: fewer requests keep the run near ten minutes.
            await _timed(
                "full-text search, a common word", 200, lambda _: listing(q=rng.choice(COMMON)), requests // 4
            ),
        ]


async def _timed(name: str, target_ms: float, request: Request, count: int) -> Read:
    for i in range(WARM_UP):
        await _ok(request(i))
    timings, hits = [], []
    for i in range(count):
        started = time.perf_counter()
        response = await _ok(request(i))
        timings.append(time.perf_counter() - started)
        if "total" in (body := response.json()):
            hits.append(body["total"])
    return Read(name, target_ms, timings, hits)


async def _ok(pending: Awaitable[httpx.Response]) -> httpx.Response:
    response = await pending
    if response.status_code != 200:
        raise RuntimeError(f"{response.request.url} answered {response.status_code}: {response.text[:500]}")
    return response


def report(result: QueriesResult) -> Table:
    table = Table(
        name="tickets_queries",
        title="tickets_queries: reads on a large tickets database",
        method=(
            f"PostgreSQL, the tickets service's migrations, the Neudorf demo and {result.tickets:,} tickets with "
            f"{result.tickets * ARTICLES_PER_TICKET:,} articles loaded by COPY ({result.load_seconds:.0f} s; "
            f"`rebuild_search_index` built the full-text index from them in {result.index_seconds:.0f} s). "
            f"Requests through the service's FastAPI app in-process (`httpx.ASGITransport`, API token of `admin`, "
            f"who reads every queue), one at a time after {WARM_UP} warm-up requests. Queue view: "
            f"`GET /api/v1/tickets?queue=ID&limit={PAGE_SIZE}`, the queues in turn, and its second page by the first "
            f"page's `next_cursor`; ticket: "
            f"`GET /api/v1/tickets/NUMBER`, random tickets; search: `GET /api/v1/tickets?q=WORD&limit={PAGE_SIZE}`, "
            f"a random word that is in a few articles, or one that is in nearly all (the worst case); "
            f"part of a number: eight digits from "
            f"inside a random ticket's number (trigram index). "
            f"Hits: the answer's `total`, median. Targets from issue 3."
        ),
        columns=("read", "requests", "hits", "p50 (ms)", "p95 (ms)", "target p95 (ms)", "met"),
    )
    for read in result.reads:
        p95 = percentile(read.timings, 95) * 1000
        table.add(
            read.name,
            len(read.timings),
            percentile(read.hits, 50) if read.hits else "–",
            percentile(read.timings, 50) * 1000,
            p95,
            read.target_ms,
            "yes" if p95 <= read.target_ms else "no",
        )
    return table


async def run(quick: bool) -> Table:
    return report(await measure(2_000 if quick else 100_000, 50 if quick else 200))
