import csv
import io
from datetime import date

from services.stats.entrypoints.csv_format import report_csv, spreadsheet_safe
from services.stats.queries import QueueDayReport, QueueDayRow


def test_csv_has_a_header_and_one_line_per_row() -> None:
    report = QueueDayReport(
        rows=[
            QueueDayRow(day=date(2026, 11, 28), queue_id=1, queue="Allgemein", count=3),
            QueueDayRow(day=date(2026, 11, 28), queue_id=5, queue="Abteilung Fußball::Jugend, Senioren", count=1),
        ],
        total=4,
    )
    assert list(csv.reader(io.StringIO(report_csv(report)))) == [
        ["day", "queue_id", "queue", "count"],
        ["2026-11-28", "1", "Allgemein", "3"],
        ["2026-11-28", "5", "Abteilung Fußball::Jugend, Senioren", "1"],
    ]


def test_cells_that_would_start_a_formula_are_defused() -> None:
    assert spreadsheet_safe('=HYPERLINK("http://evil")') == '\'=HYPERLINK("http://evil")'
    assert spreadsheet_safe("+1") == "'+1" and spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("Vorstand::Schatzmeister") == "Vorstand::Schatzmeister"
