"""Each benchmark in quick mode: it runs end to end and its table holds plausible figures.

Not a timed test: the sizes are tiny and the machine is shared; this only proves that
``make bench`` works and that the figures are computed from something real.
"""

from __future__ import annotations

from pathlib import Path

from bench.runner import run_all


def figures(markdown: str) -> dict[str, float]:
    """The table's ``| metric | value |`` rows as numbers."""
    rows: dict[str, float] = {}
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[1] and cells[1][0].isdigit():
            rows[cells[0]] = float(cells[1].replace(",", ""))
    return rows


async def test_roundtrip_quick(tmp_path: Path, amqp_url: str) -> None:
    [table] = await run_all(["roundtrip"], quick=True, out=tmp_path)
    written = (tmp_path / "roundtrip.md").read_text()
    assert written == table.markdown()
    assert "nproc=" in written
    rows = figures(written)
    assert rows["events"] == rows["rows in the consumer's table"] == 100
    assert rows["throughput (events/s)"] > 0
    assert 0 < rows["latency p50 (ms)"] <= rows["latency p95 (ms)"]
    assert 0 < rows["idle latency p50 (ms), one event at a time"] <= rows["idle latency p95 (ms), one event at a time"]
