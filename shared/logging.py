"""JSON log lines that carry the event id and correlation id of the work at hand."""

from __future__ import annotations

import contextvars
import json
import logging
import sys
from datetime import UTC, datetime

event_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("event_id", default=None)
correlation_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("correlation_id", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        if (event_id := event_id_var.get()) is not None:
            line["event_id"] = event_id
        if (correlation_id := correlation_id_var.get()) is not None:
            line["correlation_id"] = correlation_id
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str = "INFO", json_lines: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if json_lines:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
