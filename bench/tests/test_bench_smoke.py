"""Each benchmark in quick mode: it runs end to end and its table holds plausible figures.

Not a timed test: the sizes are tiny and the machine is shared; this only proves that
``make bench`` works and that the figures are computed from something real.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.runner import run_all

pytestmark = pytest.mark.timeout(600)


def rows(markdown: str) -> dict[str, list[str]]:
    """The table's rows by their first cell, without the header and the rule."""
    found: dict[str, list[str]] = {}
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("|---"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            found[cells[0]] = cells[1:]
    return found


def number(cell: str) -> float:
    return float(cell.replace(",", ""))


async def test_roundtrip_quick(tmp_path: Path, amqp_url: str) -> None:
    [table] = await run_all(["roundtrip"], quick=True, out=tmp_path)
    written = (tmp_path / "roundtrip.md").read_text()
    assert written == table.markdown()
    assert "nproc=" in written
    figures = {name: number(cells[0]) for name, cells in rows(written).items() if name != "metric"}
    assert figures["events in the burst"] == 100
    assert (
        figures["events in the burst"] + figures["events one at a time"]
        == figures["rows in the consumer's table (must equal both)"]
    )
    assert figures["throughput (events/s)"] > 0
    assert 0 < figures["latency p50 (ms)"] <= figures["latency p95 (ms)"]
    assert 0 < figures["idle latency p50 (ms)"] <= figures["idle latency p95 (ms)"]


async def test_ingest_quick_beside_its_roundtrip(tmp_path: Path, amqp_url: str) -> None:
    await run_all(["ingest"], quick=True, out=tmp_path)
    assert not (tmp_path / "roundtrip.md").exists()  # measured for the ratio, not reported on its own
    table = rows((tmp_path / "ingest.md").read_text())
    roundtrip = table["roundtrip: outbox → RabbitMQ → inbox"]
    ingest = table["ingest: SMTP `250` → visible in the API"]
    for messages, per_second, p50, p95 in (map(number, roundtrip), map(number, ingest)):
        assert messages > 0 and per_second > 0
        assert 0 < p50 <= p95
    assert number(ingest[0]) == 50
    assert number(table["tickets created (must equal messages)"][0]) == 50
    assert 0 < number(table["ingest ÷ roundtrip"][1])


async def test_tickets_queries_quick(tmp_path: Path) -> None:
    await run_all(["tickets_queries"], quick=True, out=tmp_path)
    table = rows((tmp_path / "tickets_queries.md").read_text())
    assert "2,000 tickets with 6,000 articles" in (tmp_path / "tickets_queries.md").read_text()
    for read in ("queue view, first page", "ticket with all articles", "full-text search, a rare word"):
        requests, _hits, p50, p95, *_ = table[read]
        assert number(requests) == 50
        assert 0 < number(p50) <= number(p95)
    assert 0 < number(table["full-text search, a rare word"][1]) < 2000
    assert number(table["full-text search, a common word"][0]) == 12
    assert number(table["full-text search, a common word"][1]) >= 1000  # the count stops at 1,000 (an estimate)


async def test_retention_quick_keeps_every_table_below_the_mail_count(tmp_path: Path) -> None:
    [table] = await run_all(["retention"], quick=True, out=tmp_path)
    found = rows(table.markdown())
    last = found["10"]  # day 10 of 10: 200 mails
    assert number(last[0]) == 200
    outbox, inbox, raw = (number(cell) for cell in last[1:])
    assert (outbox, inbox, raw) == (40, 100, 60)  # 2, 5 and 3 days of 20 mails
