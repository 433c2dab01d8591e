"""CSV for analysts, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from services.stats.queries import QueueDayReport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell that would start a formula (CSV injection) is prefixed with an apostrophe."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def report_csv(report: QueueDayReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["day", "queue_id", "queue", "count"])
    for row in report.rows:
        writer.writerow([row.day.isoformat(), row.queue_id, spreadsheet_safe(row.queue), row.count])
    return buffer.getvalue()
