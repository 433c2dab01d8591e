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

from services.ingest.app.commands import StoreRaw
from services.ingest.app.events import message_received
from services.ingest.app.unit_of_work import IngestUnitOfWork
from services.ingest.domain.dedup import dedup_key
from services.ingest.domain.model import ParsedMessage, RawMessage, RawStatus
from services.ingest.domain.routing import NO_SPAM_CHECK, Source, SpamPolicy, route


async def store_raw(command: StoreRaw, uow: IngestUnitOfWork) -> uuid.UUID | None:
    """Commit the raw bytes; after this returns, the message cannot be lost.

    None when ``command.unless_known`` and these bytes were stored before.
    """
    sha256 = hashlib.sha256(command.raw).hexdigest()
    message = RawMessage(
        id=uuid.uuid4(),
        received_at=datetime.now(UTC),
        source=command.source,
        envelope_from=command.envelope_from,
        envelope_to=command.envelope_to,
        raw=command.raw,
        attempts=0,
        account_id=command.account_id,
        trusted=command.trusted,
        queue=command.queue,
        import_state=command.import_state,
    )
    async with uow:
        if command.unless_known and await uow.raw_messages.has_bytes(sha256):
            return None
        await uow.raw_messages.add(message, sha256=sha256)
        await uow.commit()
    return message.id


async def claim_next(lease: timedelta, uow: IngestUnitOfWork) -> RawMessage | None:
    """Lease the oldest stored message to this worker; the attempt is counted even if we crash."""
    async with uow:
        message = await uow.raw_messages.claim_next(datetime.now(UTC), lease)
        await uow.commit()
    return message


async def announce(
    message: RawMessage,
    parsed: ParsedMessage,
    uow: IngestUnitOfWork,
    *,
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
