"""Customer users, and whose tickets a customer may see (his own, or his company's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.adapters import orm

cu = orm.customer_users


@dataclass(frozen=True)
class CustomerInfo:
    id: int
    login: str
    name: str
    email: str
    emails: tuple[str, ...]
    company: str | None
    sees_company: bool
    valid: bool
    password_hash: str | None


class CustomerStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_login(self, login: str) -> CustomerInfo | None:
        row = (await self.session.execute(select(cu).where(cu.c.login == login))).first()
        return _info(row) if row else None

    async def by_id(self, customer_id: int) -> CustomerInfo | None:
        row = (await self.session.execute(select(cu).where(cu.c.id == customer_id))).first()
        return _info(row) if row else None

    async def scope(self, customer: CustomerInfo) -> tuple[frozenset[str], frozenset[str]]:
        """(logins, lower-cased addresses) whose tickets the customer sees."""
        people = [customer]
        if customer.sees_company and customer.company:
            rows = (await self.session.execute(select(cu).where(cu.c.company == customer.company))).all()
            people = [_info(r) for r in rows]
        logins = frozenset(p.login for p in people)
        emails = frozenset(e.lower() for p in people for e in (p.email, *p.emails) if e)
        return logins, emails

    async def set_password_hash(self, customer_id: int, password_hash: str) -> None:
        await self.session.execute(update(cu).where(cu.c.id == customer_id).values(password_hash=password_hash))


def _info(row: Row[Any]) -> CustomerInfo:
    return CustomerInfo(
        id=row.id,
        login=row.login,
        name=row.name,
        email=row.email,
        emails=tuple(row.emails or ()),
        company=row.company,
        sees_company=row.sees_company,
        valid=row.valid,
        password_hash=row.password_hash,
    )
