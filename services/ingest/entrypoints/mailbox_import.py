"""``umlauf import mbox FILE`` and ``umlauf import maildir DIR``.

Each message is stored in its own transaction and announced by the running
service's parse worker, marked as imported: tickets dates it by its own ``Date:``
header and sends no auto-response; ``state`` (``--state closed``) is the state its
new ticket is to be in. Running an import again (after an interruption) skips
messages whose bytes are already stored, so each message is imported once.
"""

from __future__ import annotations

import mailbox
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from services.ingest.adapters.unit_of_work import SqlIngestUnitOfWork
from services.ingest.app.commands import StoreRaw
from services.ingest.app.events import IMPORT_SOURCE
from services.ingest.app.handlers import store_raw
from services.ingest.settings import IngestSettings
from shared.db import Database

Progress = Callable[[int, int], None]
"""Called after each message with (messages done, messages in the mailbox)."""


@dataclass(frozen=True)
class ImportReport:
    imported: int
    skipped: int
    """Already stored by an earlier run."""
    too_large: int
    """Over ``UMLAUF_SMTP_MAX_MESSAGE_SIZE``, as the SMTP intake would refuse them."""


async def import_mbox(
    settings: IngestSettings,
    path: Path,
    *,
    envelope_to: list[str] | None = None,
    progress: Progress | None = None,
    state: str | None = None,
) -> ImportReport:
    return await _import(settings, mailbox.mbox(path, create=False), envelope_to or [], progress, state)


async def import_maildir(
    settings: IngestSettings,
    path: Path,
    *,
    envelope_to: list[str] | None = None,
    progress: Progress | None = None,
    state: str | None = None,
) -> ImportReport:
    return await _import(settings, mailbox.Maildir(path, create=False), envelope_to or [], progress, state)


async def _import(
    settings: IngestSettings,
    box: mailbox.Mailbox,
    envelope_to: list[str],
    progress: Progress | None,
    state: str | None,
) -> ImportReport:
    database = Database(settings.database_url("ingest"))
    imported = skipped = too_large = 0
    try:
        keys = sorted(box.keys()) if isinstance(box, mailbox.Maildir) else list(box.keys())
        for done, key in enumerate(keys, start=1):
            raw = box.get_bytes(key)
            if len(raw) > settings.smtp_max_message_size:
                too_large += 1
            elif await store_raw(
                StoreRaw(raw, IMPORT_SOURCE, envelope_to=envelope_to, unless_known=True, import_state=state),
                SqlIngestUnitOfWork(database),
            ):
                imported += 1
            else:
                skipped += 1
            if progress is not None:
                progress(done, len(keys))
    finally:
        box.close()
        await database.dispose()
    return ImportReport(imported=imported, skipped=skipped, too_large=too_large)
