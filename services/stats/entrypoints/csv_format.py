"""CSV for analysts, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io

from services.stats.queries import QueueDayReport, TicketDayReport

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_TICKET_EXTRAS = ("closed", "moved_in", "moved_out")


def spreadsheet_safe(text: str) -> str:
    """A cell that would start a formula (CSV injection) is prefixed with an apostrophe."""
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def report_csv(report: QueueDayReport | TicketDayReport) -> str:
    """The columns of the rows; a ticket report adds ``closed``, ``moved_in``, ``moved_out`` at the end."""
    extras = _TICKET_EXTRAS if isinstance(report, TicketDayReport) else ()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["day", "queue_id", "queue", "count", *extras])
    for row in report.rows:
        values = [getattr(row, name) for name in extras]
        writer.writerow([row.day.isoformat(), row.queue_id, spreadsheet_safe(row.queue), row.count, *values])
    return buffer.getvalue()
