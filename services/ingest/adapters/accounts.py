"""Reading and writing mail accounts; commits belong to the unit of work."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.ingest.adapters.orm import mail_accounts
from services.ingest.adapters.secrets import PasswordBox
from services.ingest.domain.accounts import (
    AccountNameTaken,
    AccountNotFound,
    AfterFetch,
    MailAccount,
    Protocol,
    Security,
)

a = mail_accounts.c


class AccountRepository:
    def __init__(self, session: AsyncSession, passwords: PasswordBox) -> None:
        self.session = session
        self.passwords = passwords

    async def add(self, values: dict[str, Any], now: datetime) -> int:
        values = self._sealed(values)
        try:
            result = await self.session.execute(
                insert(mail_accounts).values(updated_at=now, failures=0, **values).returning(a.id)
            )
        except IntegrityError as exc:
            raise AccountNameTaken(f"an account named {values['name']!r} exists") from exc
        return result.scalar_one()

    async def get(self, account_id: int) -> MailAccount:
        row = (await self.session.execute(select(mail_accounts).where(a.id == account_id))).first()
        if row is None:
            raise AccountNotFound(f"no mail account {account_id}")
        return self._account(row)

    async def change(self, account_id: int, values: dict[str, Any], now: datetime) -> None:
        """Change settings; the failure count starts again, since the new settings may work."""
        try:
            result = await self.session.execute(
                update(mail_accounts)
                .where(a.id == account_id)
                .values(updated_at=now, failures=0, next_attempt_at=None, **self._sealed(values))
            )
        except IntegrityError as exc:
            raise AccountNameTaken(f"an account named {values.get('name')!r} exists") from exc
        if result.rowcount != 1:
            raise AccountNotFound(f"no mail account {account_id}")

    async def remove(self, account_id: int) -> None:
        result = await self.session.execute(delete(mail_accounts).where(a.id == account_id))
        if result.rowcount != 1:
            raise AccountNotFound(f"no mail account {account_id}")

    async def versions(self) -> dict[int, datetime]:
        """Enabled accounts and when each was last changed (the poller's view)."""
        rows = await self.session.execute(select(a.id, a.updated_at).where(a.enabled.is_(True)))
        return {row.id: row.updated_at for row in rows}

    async def lease(self, account_id: int, owner: str, now: datetime, until: datetime) -> bool:
        """Hold the account for ``owner`` until ``until``; False while another poller holds it."""
        result = await self.session.execute(
            update(mail_accounts)
            .where(
                a.id == account_id,
                or_(a.lease_owner.is_(None), a.lease_owner == owner, a.lease_until.is_(None), a.lease_until < now),
            )
            .values(lease_owner=owner, lease_until=until)
        )
        return result.rowcount == 1

    async def release(self, owner: str) -> None:
        """Let other pollers take over what ``owner`` held (on a clean stop)."""
        await self.session.execute(
            update(mail_accounts).where(a.lease_owner == owner).values(lease_owner=None, lease_until=None)
        )

    async def record_success(self, account_id: int, now: datetime) -> None:
        await self.session.execute(
            update(mail_accounts)
            .where(a.id == account_id)
            .values(last_success_at=now, failures=0, next_attempt_at=None)
        )

    async def record_failure(
        self, account_id: int, error: str, failures: int, now: datetime, retry_at: datetime
    ) -> None:
        """Keep the error for the admin, with the failures in a row and when the poller tries again."""
        await self.session.execute(
            update(mail_accounts)
            .where(a.id == account_id)
            .values(last_error=error[:2000], last_error_at=now, failures=failures, next_attempt_at=retry_at)
        )

    def _sealed(self, values: dict[str, Any]) -> dict[str, Any]:
        values = dict(values)
        if "password" in values:
            values["password_encrypted"] = self.passwords.seal(values.pop("password"))
        return values

    def _account(self, row: Row[Any]) -> MailAccount:
        return MailAccount(
            id=row.id,
            name=row.name,
            protocol=Protocol(row.protocol),
            host=row.host,
            port=row.port,
            security=Security(row.security),
            username=row.username,
            password=self.passwords.open(row.password_encrypted),
            folder=row.folder,
            after_fetch=AfterFetch(row.after_fetch),
            queue=row.queue,
            trusted=row.trusted,
            verify_tls=row.verify_tls,
            enabled=row.enabled,
            poll_interval=row.poll_interval,
            next_attempt_at=row.next_attempt_at,
        )
