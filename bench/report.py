"""Figures and the Markdown table every benchmark writes.

The machine is shared and noisy, so a table always says when and on how many cores
it was measured; compare ratios within one run rather than figures across runs.
"""

from __future__ import annotations

import math
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100): always one of the measured values."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def cores() -> int:
    """Cores this process may run on (what ``nproc`` prints)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Table:
    """One benchmark's result: a title, a note on method, and rows of (metric, value)."""

    name: str
    title: str
    method: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Paragraphs printed below the table."""
    measured_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def add(self, *cells: object) -> None:
        self.rows.append(tuple(_cell(c) for c in cells))

    def markdown(self) -> str:
        header = f"| {' | '.join(self.columns)} |"
        rule = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(self.columns))) + "|"
        body = [f"| {' | '.join(row)} |" for row in self.rows]
        machine = f"{self.measured_at:%Y-%m-%d %H:%M} UTC, nproc={cores()}, Python {platform.python_version()}"
        notes = [line for note in self.notes for line in ("", note)]
        return "\n".join([f"## {self.title}", "", f"_{machine}_", "", self.method, "", header, rule, *body, *notes, ""])

    def write(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.md"
        path.write_text(self.markdown(), encoding="utf-8")
        return path


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
