"""``bench.hotspots`` in quick mode runs and reports one compile for all its cached renders."""

from __future__ import annotations

from bench import hotspots


def test_hotspots_quick() -> None:
    table = hotspots.run(quick=True)
    figures = {row[0]: [float(c) for c in row[1:]] for row in table.rows}
    assert set(figures) == {"auto-response render, per ticket", "password verification, per login"}
    assert all(before > 0 and after > 0 for before, after, _ in figures.values())
    assert table.notes == ["template compiles in the cached run: 1"]
