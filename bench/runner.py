"""Runs the chosen benchmarks in order and writes one table each.

``ingest`` is reported beside the ``roundtrip`` of the same run (the ratio is the
point), so asking for ``ingest`` alone measures a roundtrip first.
"""

from __future__ import annotations

from pathlib import Path

from bench import ingest_report, retention, roundtrip, tickets_queries
from bench.report import Table
from bench.roundtrip import RoundtripResult

BENCHMARKS = ("roundtrip", "ingest", "tickets_queries", "retention")


async def run_all(names: list[str], *, quick: bool, out: Path) -> list[Table]:
    """Run, write and return the tables of the named benchmarks, in the order of :data:`BENCHMARKS`."""
    tables: list[Table] = []
    baseline: RoundtripResult | None = None

    def done(table: Table) -> None:
        table.write(out)
        tables.append(table)
        print(table.markdown(), flush=True)

    if "roundtrip" in names or "ingest" in names:
        table, baseline = await roundtrip.run(quick)
        if "roundtrip" in names:
            done(table)
    if "ingest" in names:
        assert baseline is not None
        done(await ingest_report.run(quick, baseline))
    if "tickets_queries" in names:
        done(await tickets_queries.run(quick))
    if "retention" in names:
        done(await retention.run(quick))
    return tables
