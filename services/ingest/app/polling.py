"""The account poller: one task per enabled mail account, restarted when its settings change.

A message is removed from the server only after ``store`` returned, that is
after the raw bytes were committed; a poller cut off between fetching and
storing leaves the message where it was, and the next poll fetches it again
(storing skips bytes it already holds). A poll that fails is recorded on the
account and tried again after a growing pause (``domain.accounts.backoff``).

With several replicas, each account is polled by one of them at a time: a
poller leases the account before each poll, for longer than a poll and its IDLE
wait can take, and gives its leases back when it stops. A replica that dies
holds its accounts until the lease runs out; then another one takes over.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from services.ingest.app.mailbox import Mailbox
from services.ingest.app.unit_of_work import UnitOfWorkFactory
from services.ingest.domain.accounts import AccountNotFound, MailAccount, backoff
from shared.loops import run_loop

log = logging.getLogger(__name__)

Store = Callable[[bytes, MailAccount], Awaitable[object]]


class AccountPoller:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        store: Store,
        *,
        max_message_size: int,
        refresh: float = 2.0,
        batch: int = 100,
        open_mailbox: Callable[[MailAccount], Mailbox],
    ) -> None:
        self.uow = uow
        self.store = store
        self.max_message_size = max_message_size
        self.refresh = refresh
        self.batch = batch
        self.open_mailbox = open_mailbox
        self.owner = uuid.uuid4().hex
        self.lease_margin = timedelta(minutes=2)
        """A lease lasts the poll interval (the longest IDLE wait) plus this."""
        self._stopping = threading.Event()
        self._tasks: dict[int, tuple[datetime, asyncio.Task[None]]] = {}

    async def run(self) -> None:
        """Keep one polling task per enabled account until cancelled."""
        try:
            await run_loop(
                self._reconcile, name="mail account poller", interval=self.refresh, backoff=lambda _: self.refresh
            )
        finally:
            self._stopping.set()
            for _, task in self._tasks.values():
                task.cancel()
            await asyncio.gather(*(task for _, task in self._tasks.values()), return_exceptions=True)
            self._tasks.clear()
            await self._release()

    async def _release(self) -> None:
        try:
            async with self.uow() as uow:
                await uow.accounts.release(self.owner)
                await uow.commit()
        except Exception:
            log.warning("could not give back the mail account leases; they run out by themselves")

    async def _reconcile(self) -> None:
        async with self.uow() as uow:
            wanted = await uow.accounts.versions()
        for account_id, (version, task) in list(self._tasks.items()):
            if wanted.get(account_id) != version or task.done():
                task.cancel()
                del self._tasks[account_id]
        for account_id, version in wanted.items():
            if account_id not in self._tasks:
                task = asyncio.create_task(self._poll_forever(account_id), name=f"ingest-account-{account_id}")
                self._tasks[account_id] = (version, task)

    async def _poll_forever(self, account_id: int) -> None:
        async with self.uow() as uow:
            account = await uow.accounts.get(account_id)
        if account.next_attempt_at and account.next_attempt_at > datetime.now(UTC):  # a back-off before a restart
            await asyncio.sleep((account.next_attempt_at - datetime.now(UTC)).total_seconds())

        async def failed(exc: Exception, failures: int) -> None:
            if isinstance(exc, AccountNotFound):
                raise exc  # deleted: the next reconcile forgets this task
            await self._failed(account_id, exc, failures)

        await run_loop(
            lambda: self._poll_leased(account_id),
            name=f"mail account {account_id}",
            interval=account.poll_interval,
            backoff=backoff,
            on_error=failed,
        )

    async def _poll_leased(self, account_id: int) -> bool:
        """One poll if this replica holds the account's lease; True if it already waited (IDLE)."""
        account = await self._leased(account_id)
        if account is None:  # another replica polls it
            return False
        return await self.poll(account)

    async def _leased(self, account_id: int) -> MailAccount | None:
        async with self.uow() as uow:
            account = await uow.accounts.get(account_id)
            now = datetime.now(UTC)
            until = now + timedelta(seconds=account.poll_interval) + self.lease_margin
            if not await uow.accounts.lease(account_id, self.owner, now, until):
                return None
            await uow.commit()
        return account

    async def poll(self, account: MailAccount) -> bool:
        """Fetch, store, then remove each waiting message; then IDLE if offered. True if it waited."""
        mailbox = await asyncio.to_thread(self.open_mailbox, account)
        try:
            stored = 0
            for key, size in (await asyncio.to_thread(mailbox.pending))[: self.batch]:
                if size > self.max_message_size:
                    log.warning(
                        "account %s: message %s (%d bytes) is over the size limit; left", account.name, key, size
                    )
                    continue
                raw = await asyncio.to_thread(mailbox.fetch, key)
                await self.store(raw, account)
                await asyncio.to_thread(mailbox.remove, key)
                stored += 1
            await asyncio.to_thread(mailbox.finish)
            async with self.uow() as uow:
                await uow.accounts.record_success(account.id, datetime.now(UTC))
                await uow.commit()
            if stored:
                log.info("account %s: %d messages stored", account.name, stored)
            if stored == self.batch:
                return True  # more are waiting: poll again at once
            return await asyncio.to_thread(mailbox.wait, account.poll_interval, self._stopping)
        finally:
            await asyncio.to_thread(mailbox.close)

    async def _failed(self, account_id: int, exc: Exception, failures: int) -> None:
        now = datetime.now(UTC)
        next_attempt = now + timedelta(seconds=backoff(failures))
        log.warning("mail account %d failed (%r); next attempt at %s", account_id, exc, next_attempt)
        async with self.uow() as uow:
            await uow.accounts.record_failure(account_id, f"{exc!r}", failures, now, next_attempt)
            await uow.commit()
