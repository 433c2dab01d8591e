"""``umlauf ingest pipe``: a message from an MTA's pipe transport, on standard input.

The message is stored like one that came over SMTP; the running service's parse
worker announces it. Exit codes follow sysexits.h, as MTAs expect: 0 stored,
75 (EX_TEMPFAIL) when it could not be stored — the MTA keeps it and retries —
and 65 (EX_DATAERR) for a message over the size limit, which the MTA bounces.
"""

from __future__ import annotations

import logging
from typing import BinaryIO

from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.commands import StoreRaw
from services.ingest.app.handlers import store_raw
from services.ingest.settings import IngestSettings
from shared.db import Database

log = logging.getLogger(__name__)

EX_OK = 0
EX_DATAERR = 65
EX_TEMPFAIL = 75


async def pipe(
    settings: IngestSettings,
    stream: BinaryIO,
    *,
    envelope_from: str | None = None,
    envelope_to: list[str] | None = None,
) -> int:
    """Store one message read from ``stream``; return the exit code for the MTA."""
    limit = settings.smtp_max_message_size
    raw = stream.read(limit + 1)
    if len(raw) > limit:
        log.error("message larger than %d bytes refused", limit)
        return EX_DATAERR
    if raw.startswith(b"From "):  # the mbox separator line some pipe transports prepend
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    database = Database(settings.database_url("ingest"))
    try:
        command = StoreRaw(raw, "pipe", envelope_from=envelope_from, envelope_to=envelope_to or [])
        stored = await store_raw(command, SqlIngestUnitOfWork(database))
    except Exception:
        log.exception("could not store the message; the MTA should retry")
        return EX_TEMPFAIL
    finally:
        await database.dispose()
    log.info("stored message %s", stored)
    return EX_OK
