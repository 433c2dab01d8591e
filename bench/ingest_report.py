"""The ingest table: the same run's roundtrip and ingest side by side, and where the time went."""

from __future__ import annotations

from bench.ingest import CLIENTS, POLL_PAUSE, IngestResult, measure
from bench.mailgen import ATTACHMENT_EVERY
from bench.report import Table, percentile
from bench.roundtrip import RoundtripResult


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
    table.add(
        "SMTP intake alone: hand-over → `250`",
        result.n,
        result.n / result.accepted_after,
        percentile(result.smtp_seconds, 50) * 1000,
        percentile(result.smtp_seconds, 95) * 1000,
    )
    table.add("tickets created (must equal messages)", result.tickets, "", "", "")
    cpu = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in result.cpu_seconds.items())
    table.notes.append(f"CPU time of each service's process over the run (start-up included): {cpu}.")
    return table


async def run(quick: bool, roundtrip: RoundtripResult) -> Table:
    return report(await measure(50 if quick else 2000), roundtrip)
