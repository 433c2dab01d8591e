"""Runs the chosen benchmarks in order and writes one table each.

``ingest`` is reported beside the ``roundtrip`` of the same run (the ratio is the
point), so asking for ``ingest`` alone measures a roundtrip first.
"""

from __future__ import annotations

from pathlib import Path

from bench import roundtrip
from bench.report import Table

BENCHMARKS = ("roundtrip",)


async def run_all(names: list[str], *, quick: bool, out: Path) -> list[Table]:
    tables: list[Table] = []
    for name in BENCHMARKS:
        if name not in names:
            continue
        if name == "roundtrip":
            table, _ = await roundtrip.run(quick)
        table.write(out)
        tables.append(table)
    return tables
