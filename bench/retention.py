"""Retention over many simulated days: the outbox, inbox and raw mail tables stay bounded.

Ingest's real code on PostgreSQL: each simulated day, a share of the mails is stored
(``store_raw``), parsed and announced by the ``ParseWorker`` (parser in-process), and
published by the ``OutboxRelay`` on the in-process bus to a consumer that records each
event in its inbox. Then both services' :class:`~shared.retention.Retention` runs until
nothing more is due, and at the end of the day every timestamp retention reads is moved
one day back (the code under test writes the real time; aging the rows is how a day passes). The row counts
after each day show growth stopping at the retention windows; without retention every
table would end at the number of mails.
"""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import func, literal_column, select, update

from bench.infra import run_id, temporary_databases
from bench.mailgen import bench_mails
from bench.report import Table
from bench.toy import Side
from services.ingest import main as ingest
from services.ingest.adapters.orm import inbox as ingest_inbox
from services.ingest.adapters.orm import outbox as ingest_outbox
from services.ingest.adapters.orm import raw_messages
from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import store_raw
from services.ingest.app.retention import prune_raw_mail
from services.ingest.app.worker import ParseWorker
from services.ingest.domain.model import ParsedMessage
from services.ingest.domain.parsing import parse_message
from shared.bus import InProcessBus, Subscription
from shared.db import Database
from shared.envelope import Envelope
from shared.migrations import upgrade
from shared.outbox import OutboxRelay
from shared.retention import Retention, RetentionPolicy, prune_inbox, prune_published_outbox

#: Short windows, so that 10,000 mails over 40 days show several windows' worth of pruning.
OUTBOX_DAYS, INBOX_DAYS, RAW_DAYS = 2, 5, 3


async def _parse(raw: bytes, envelope_from: str | None) -> ParsedMessage:
    return parse_message(raw, envelope_from)


async def run(quick: bool) -> Table:
    n, days = (200, 10) if quick else (10_000, 40)
    prefix = f"bench{run_id()}"
    async with temporary_databases([f"{prefix}_ingest", f"{prefix}_consumer"]) as urls:
        ingest_url, consumer_url = urls.values()
        await asyncio.to_thread(upgrade, ingest.MIGRATIONS, ingest_url)
        database, consumer = Database(ingest_url), Side(consumer_url, with_toy=False)
        try:
            await consumer.create()
            counts, elapsed = await _simulate(database, consumer, n, days)
        finally:
            await database.dispose()
            await consumer.database.dispose()
    return _table(n, days, counts, elapsed)


async def _simulate(
    database: Database, consumer: Side, n: int, days: int
) -> tuple[list[tuple[int, int, int, int, int]], float]:
    async def handle(envelope: Envelope) -> None:
        async with consumer.unit_of_work() as uow:
            if await uow.claim("consumer", envelope):
                await uow.commit()

    bus = InProcessBus()
    await bus.start([Subscription("consumer", {"ingest.message.received": handle})])

    def unit_of_work() -> SqlIngestUnitOfWork:
        return SqlIngestUnitOfWork(database)

    worker = ParseWorker(unit_of_work, _parse)
    relay = OutboxRelay(database, ingest_outbox, bus.publish_stored, batch_size=500)
    policy = RetentionPolicy(outbox_days=OUTBOX_DAYS, inbox_days=INBOX_DAYS, batch=1000)
    retention = [
        Retention(
            "ingest",
            [
                prune_published_outbox(database, ingest_outbox, OUTBOX_DAYS),
                prune_inbox(database, ingest_inbox, INBOX_DAYS),
                prune_raw_mail(unit_of_work, RAW_DAYS),
            ],
            policy,
        ),
        Retention("consumer", [prune_inbox(consumer.database, consumer.inbox, INBOX_DAYS)], policy),
    ]
    mails = bench_mails(n, run_id())
    counts: list[tuple[int, int, int, int, int]] = []
    started = time.perf_counter()
    for day in range(days):
        for mail in mails[day * n // days : (day + 1) * n // days]:
            raw = mail.as_bytes()
            await store_raw(StoreRaw(raw, "smtp", envelope_from=str(mail["From"])), unit_of_work())
        while await worker.run_once():
            pass
        while await relay.relay_once():
            pass
        for pruning in retention:
            while await pruning.prune_once():
                pass
        counts.append((day + 1, (day + 1) * n // days, *await _rows(database, consumer)))
        await _a_day_passes(database, consumer)
    await bus.stop()
    return counts, time.perf_counter() - started


async def _a_day_passes(database: Database, consumer: Side) -> None:
    day = literal_column("interval '1 day'")  # PostgreSQL; ingest's UTC type takes no timedelta
    async with database.sessions() as session, session.begin():
        await session.execute(update(ingest_outbox).values(published_at=ingest_outbox.c.published_at - day))
        await session.execute(update(ingest_inbox).values(processed_at=ingest_inbox.c.processed_at - day))
        await session.execute(update(raw_messages).values(parsed_at=raw_messages.c.parsed_at - day))
    async with consumer.database.sessions() as session, session.begin():
        await session.execute(update(consumer.inbox).values(processed_at=consumer.inbox.c.processed_at - day))


async def _rows(database: Database, consumer: Side) -> tuple[int, int, int]:
    async with database.sessions() as session:
        outbox = (await session.execute(select(func.count()).select_from(ingest_outbox))).scalar_one()
        raw = (await session.execute(select(func.count()).select_from(raw_messages))).scalar_one()
    async with consumer.database.sessions() as session:
        inbox = (await session.execute(select(func.count()).select_from(consumer.inbox))).scalar_one()
    return outbox, inbox, raw


def _table(n: int, days: int, counts: list[tuple[int, int, int, int, int]], elapsed: float) -> Table:
    table = Table(
        name="retention",
        title=f"retention: {n:,} mails over {days} simulated days",
        method=(
            f"Ingest on PostgreSQL stores, parses and announces {n // days:,} mails per simulated day; the relay "
            "publishes them in-process to a consumer with an inbox; then retention runs, and the rows' timestamps "
            f"are moved a day back. Windows: published outbox {OUTBOX_DAYS} days, inbox {INBOX_DAYS} days, "
            f"raw mail {RAW_DAYS} days after parsing. Rows at the end of a sample of days."
        ),
        columns=("day", "mails so far", "outbox rows", "inbox rows", "raw mail rows"),
    )
    step = max(1, days // 8)
    for row in counts:
        if row[0] % step == 0 or row[0] == days:
            table.add(*row)
    peak = [max(row[i] for row in counts) for i in (2, 3, 4)]
    table.notes.append(
        f"Peak rows: outbox {peak[0]:,}, inbox {peak[1]:,}, raw mail {peak[2]:,} of {n:,} mails "
        f"(without retention: {n:,} each). {elapsed:.0f} s in all."
    )
    return table
