"""RabbitMQ → PostgreSQL round trip through our own plumbing, nothing of a service.

A producer commits one event per unit of work into the outbox of one database;
:class:`shared.outbox.OutboxRelay` publishes it on :class:`shared.rabbit.RabbitBus`;
a consumer on its own connection claims the event in the inbox of a second database
and inserts a row into a toy table, in one transaction. Latency is from the
producer's commit to the consumer's commit (one process, one clock). This is the
ceiling the services' event flow is compared with.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass

from sqlalchemy import func, insert, select

from bench.infra import TEST_AMQP_URL, delete_topology, run_id, temporary_databases
from bench.report import Table as ReportTable
from bench.report import percentile
from bench.toy import Side
from shared.bus import Subscription
from shared.envelope import Envelope
from shared.outbox import OutboxRelay
from shared.rabbit import RabbitBus
from shared.settings import Settings
from tests.support import wait_until

CONSUMER = "sink"
EVENT_TYPE = "bench.ping"
PRODUCERS = 4


@dataclass(frozen=True)
class RoundtripResult:
    n: int
    elapsed: float
    """Seconds from the first commit to the last consumed event."""
    latencies: list[float]
    """Commit to consumed, for each event of the burst."""
    idle_latencies: list[float]
    """Commit to consumed, one event at a time on an otherwise idle system."""
    rows: int
    """Rows in the consumer's toy table afterwards (must equal ``n`` plus the idle events)."""

    @property
    def throughput(self) -> float:
        return self.n / self.elapsed


async def measure(n: int, *, amqp_url: str = TEST_AMQP_URL) -> RoundtripResult:
    """Send ``n`` events through outbox, relay, RabbitMQ, inbox; everything is created and removed here."""
    prefix = f"bench{run_id()}"
    settings = Settings(amqp_url=amqp_url, exchange=f"{prefix}.events")
    async with temporary_databases([f"{prefix}_producer", f"{prefix}_consumer"]) as urls:
        producer, consumer = (Side(url, with_toy=(i == 1)) for i, url in enumerate(urls.values()))
        try:
            await producer.create()
            await consumer.create()
            return await _run(n, settings, producer, consumer)
        finally:
            await producer.database.dispose()
            await consumer.database.dispose()
            await delete_topology(amqp_url, prefix, [CONSUMER])


async def _run(n: int, settings: Settings, producer: Side, consumer: Side) -> RoundtripResult:
    committed: dict[uuid.UUID, float] = {}
    consumed: dict[uuid.UUID, float] = {}
    waiting: dict[uuid.UUID, asyncio.Future[None]] = {}
    assert consumer.received is not None
    received = consumer.received

    async def handle(envelope: Envelope) -> None:
        async with consumer.unit_of_work() as uow:
            if not await uow.claim(CONSUMER, envelope):
                return
            await uow.session.execute(insert(received).values(event_id=envelope.id))
            await uow.commit()
        consumed[envelope.id] = time.perf_counter()
        if (future := waiting.pop(envelope.id, None)) is not None:
            future.set_result(None)

    async def commit_one(event_id: uuid.UUID) -> float:
        envelope = Envelope(id=event_id, type=EVENT_TYPE, version=1, source="bench", correlation_id=event_id, data={})
        async with producer.unit_of_work() as uow:
            uow.emit(envelope)
            await uow.commit()
        return time.perf_counter()

    async def producer_task(count: int) -> None:
        for _ in range(count):
            event_id = uuid.uuid4()
            committed[event_id] = await commit_one(event_id)

    async def one_at_a_time() -> float:
        """An idle system's latency: the next event is committed only when the last one arrived."""
        event_id = uuid.uuid4()
        waiting[event_id] = asyncio.get_running_loop().create_future()
        at = await commit_one(event_id)
        await asyncio.wait_for(waiting[event_id], 30)
        return consumed[event_id] - at

    consuming, publishing = RabbitBus(settings), RabbitBus(settings)
    await consuming.start([Subscription(CONSUMER, {EVENT_TYPE: handle})])
    await publishing.start([])
    relay = asyncio.create_task(OutboxRelay(producer.database, producer.outbox, publishing.publish_stored).run())
    try:
        share = [n // PRODUCERS + (1 if i < n % PRODUCERS else 0) for i in range(PRODUCERS)]
        await asyncio.gather(*(producer_task(count) for count in share))
        await wait_until(lambda: len(consumed) >= n, within=max(60.0, n / 10), interval=0.01)
        burst_end = max(consumed.values())
        idle = [await one_at_a_time() for _ in range(max(20, n // 10))]
    finally:
        relay.cancel()
        await asyncio.gather(relay, return_exceptions=True)
        await publishing.stop()
        await consuming.stop()
    async with consumer.database.sessions() as session:
        rows = (await session.execute(select(func.count()).select_from(received))).scalar_one()
    latencies = [consumed[event_id] - at for event_id, at in committed.items()]
    elapsed = burst_end - min(committed.values())
    return RoundtripResult(n=n, elapsed=elapsed, latencies=latencies, idle_latencies=idle, rows=rows)


def report(result: RoundtripResult) -> ReportTable:
    table = ReportTable(
        name="roundtrip",
        title="roundtrip: outbox → RabbitMQ → inbox, PostgreSQL to PostgreSQL",
        method=(
            f"{result.n} events committed one per transaction by {PRODUCERS} concurrent producers into an outbox; "
            "`OutboxRelay` publishes them (persistent, confirmed) on `RabbitBus`; the consumer claims each in its "
            "inbox and inserts a row in a second database in one transaction. Latency: producer's commit → "
            "consumer's commit, including the wait behind the burst; idle latency: "
            f"{max(20, result.n // 10)} more events, each committed after the previous one arrived. "
            "Producers, relay and consumer share one process."
        ),
        columns=("metric", "value"),
    )
    table.add("events in the burst", result.n)
    table.add("events one at a time", len(result.idle_latencies))
    table.add("rows in the consumer's table (must equal both)", result.rows)
    table.add("elapsed, first commit → last consumed (s)", result.elapsed)
    table.add("throughput (events/s)", result.throughput)
    table.add("latency p50 (ms)", percentile(result.latencies, 50) * 1000)
    table.add("latency p95 (ms)", percentile(result.latencies, 95) * 1000)
    table.add("idle latency p50 (ms)", percentile(result.idle_latencies, 50) * 1000)
    table.add("idle latency p95 (ms)", percentile(result.idle_latencies, 95) * 1000)
    return table


async def run(quick: bool) -> tuple[ReportTable, RoundtripResult]:
    result = await measure(100 if quick else 2000)
    return report(result), result
