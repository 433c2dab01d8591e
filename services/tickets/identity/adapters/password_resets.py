"""Password reset tokens (stored as sha256) and the accounts they can reset."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.identity.domain.records import Account

r = identity_tables.password_resets


class PasswordResets:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def account(self, login_or_email: str) -> Account | None:
        """A valid agent, else a valid customer, whose login or address this is."""
        wanted = login_or_email.strip()
        for kind, table in (("agent", directory_tables.agents), ("customer", directory_tables.customer_users)):
            matches = or_(table.c.login == wanted, func.lower(table.c.email) == wanted.lower())
            row = (
                await self.session.execute(
                    select(table.c.id, table.c.login, table.c.email, table.c.name)
                    .where(matches, table.c.valid.is_(True))
                    .order_by(table.c.id)
                    .limit(1)
                )
            ).first()
            if row is not None:
                return Account(kind, row.id, row.login, row.email, row.name)
        return None

    async def account_by_id(self, kind: str, account_id: int) -> Account | None:
        table = directory_tables.agents if kind == "agent" else directory_tables.customer_users
        row = (await self.session.execute(select(table).where(table.c.id == account_id))).first()
        return Account(kind, row.id, row.login, row.email, row.name) if row and row.valid else None

    async def requested_since(self, account: Account, since: datetime) -> int:
        query = select(func.count()).where(r.c.account == account.kind, r.c.account_id == account.id)
        return (await self.session.execute(query.where(r.c.created_at >= since))).scalar_one()

    async def add(self, account: Account, token_hash: str, now: datetime, expires_at: datetime) -> None:
        values = dict(account=account.kind, account_id=account.id, created_at=now, expires_at=expires_at)
        await self.session.execute(insert(r).values(token_hash=token_hash, **values))

    async def take(self, token_hash: str, now: datetime) -> tuple[str, int] | None:
        """Use a live token once: (account kind, id), or None when unknown, used or expired."""
        result = await self.session.execute(
            update(r)
            .where(r.c.token_hash == token_hash, r.c.used_at.is_(None), r.c.expires_at > now)
            .values(used_at=now)
            .returning(r.c.account, r.c.account_id)
        )
        row = result.first()
        return (row.account, row.account_id) if row else None

    async def end_all(self, account: Account, now: datetime) -> None:
        """Every other open reset of the account ends with a successful one."""
        await self.session.execute(
            update(r)
            .where(r.c.account == account.kind, r.c.account_id == account.id, r.c.used_at.is_(None))
            .values(used_at=now)
        )

    async def set_password(self, account: Account, password_hash: str) -> None:
        table = directory_tables.agents if account.kind == "agent" else directory_tables.customer_users
        await self.session.execute(update(table).where(table.c.id == account.id).values(password_hash=password_hash))

    async def end_sessions(self, account: Account, now: datetime) -> None:
        """All sessions of the account end (an agent's API tokens stay: they are not logins)."""
        table, owner = (
            (identity_tables.auth_tokens, "agent_id")
            if account.kind == "agent"
            else (identity_tables.customer_tokens, "customer_id")
        )
        await self.session.execute(
            update(table)
            .where(table.c[owner] == account.id, table.c.kind == "session", table.c.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    async def sender(self) -> tuple[str, str] | None:
        """The first valid system address and its display name: where account mail comes from."""
        a = directory_tables.system_addresses
        query = select(a.c.address, a.c.display_name).where(a.c.valid.is_(True)).order_by(a.c.id).limit(1)
        row = (await self.session.execute(query)).first()
        return (row.address, row.display_name) if row else None
