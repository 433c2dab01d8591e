"""Ingest's use cases: keep a raw message before saying 250, then announce it once.

Storing and announcing are two transactions on purpose (the Zulip pattern): the
SMTP answer waits only for a cheap insert, and a message stored before a crash
is parsed and announced by the next worker that runs.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from services.ingest.app.events import message_received
from services.ingest.app.unit_of_work import IngestUnitOfWork
from services.ingest.domain.dedup import dedup_key
from services.ingest.domain.model import ParsedMessage, RawMessage, RawStatus
from services.ingest.domain.routing import NO_SPAM_CHECK, Source, SpamPolicy, route


async def store_raw(
    uow: IngestUnitOfWork,
    raw: bytes,
    *,
    envelope_from: str | None,
    envelope_to: list[str],
    source: str,
    unless_known: bool = False,
    account_id: int | None = None,
    trusted: bool = False,
    queue: str | None = None,
) -> uuid.UUID | None:
    """Commit the raw bytes; after this returns, the message cannot be lost.

    With ``unless_known`` (imports and mail accounts, which may fetch the same
    message again) bytes stored before are skipped and None is returned.
    ``account_id``, ``trusted`` and ``queue`` say where it came from, as routing
    will need to know when it is announced.
    """
    sha256 = hashlib.sha256(raw).hexdigest()
    message = RawMessage(
        id=uuid.uuid4(),
        received_at=datetime.now(UTC),
        source=source,
        envelope_from=envelope_from,
        envelope_to=envelope_to,
        raw=raw,
        attempts=0,
        account_id=account_id,
        trusted=trusted,
        queue=queue,
    )
    async with uow:
        if unless_known and await uow.raw_messages.has_bytes(sha256):
            return None
        await uow.raw_messages.add(message, sha256=sha256)
        await uow.commit()
    return message.id


async def claim_next(uow: IngestUnitOfWork, lease: timedelta) -> RawMessage | None:
    """Lease the oldest stored message to this worker; the attempt is counted even if we crash."""
    async with uow:
        message = await uow.raw_messages.claim_next(datetime.now(UTC), lease)
        await uow.commit()
    return message


async def announce(
    uow: IngestUnitOfWork,
    message: RawMessage,
    parsed: ParsedMessage,
    status: RawStatus = RawStatus.PARSED,
    spam: SpamPolicy = NO_SPAM_CHECK,
) -> RawStatus | None:
    """Route the message, record the outcome and emit ``ingest.message.received`` in one transaction.

    A second copy of an announced message is kept as a duplicate and not announced;
    a message a filter ignores is kept with its decisions and not announced.
    Returns None when another worker finished the message first.
    """
    key = dedup_key(parsed.message_id, message.raw)
    now = datetime.now(UTC)
    async with uow:
        first = await uow.raw_messages.first_copy(key)
        if first is not None and first != message.id:
            status, values = RawStatus.DUPLICATE, {"duplicate_of": first}
        else:
            account = await uow.raw_messages.account_name(message.account_id) if message.account_id else None
            source = Source(trusted=message.trusted, account=account, account_queue=message.queue)
            outcome = route(parsed.headers, parsed.text_body, source, spam, await uow.filters.enabled())
            values = {"dedup_key": key, "decisions": [asdict(step) for step in outcome.steps]}
            if outcome.route.ignore:
                status = RawStatus.IGNORED
            else:
                event = message_received(message, parsed, outcome)
                uow.emit(event)
                values["event_id"] = event.id
        finished = await uow.raw_messages.finish(
            message.id,
            status=status,
            message_id=parsed.message_id,
            parse_problems=parsed.problems,
            parsed_at=now,
            **values,
        )
        if not finished:
            return None
        await uow.commit()
    return status
