"""Customer users, and whose tickets a customer may see (his own, or his company's)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, delete, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.domain.records import CustomerInfo

cu, cc, ce = directory_tables.customer_users, directory_tables.customer_companies, directory_tables.customer_emails


def customer_query() -> Select[Any]:
    """A customer with the name of his company."""
    return select(cu, cc.c.name.label("company")).outerjoin(cc, cc.c.id == cu.c.company_id)


class CustomerStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_login(self, login: str) -> CustomerInfo | None:
        row = (await self.session.execute(customer_query().where(cu.c.login == login))).first()
        return _info(row) if row else None

    async def by_id(self, customer_id: int) -> CustomerInfo | None:
        row = (await self.session.execute(customer_query().where(cu.c.id == customer_id))).first()
        return _info(row) if row else None

    async def scope(self, customer: CustomerInfo) -> tuple[frozenset[str], frozenset[str]]:
        """(logins, lower-cased addresses) whose tickets the customer sees."""
        people = [customer]
        if customer.sees_company and customer.company_id is not None:
            rows = (await self.session.execute(customer_query().where(cu.c.company_id == customer.company_id))).all()
            people = [_info(r) for r in rows]
        logins = frozenset(p.login for p in people)
        emails = frozenset(e.lower() for p in people for e in (p.email, *p.emails) if e)
        return logins, emails

    async def set_password_hash(self, customer_id: int, password_hash: str) -> None:
        await self.session.execute(update(cu).where(cu.c.id == customer_id).values(password_hash=password_hash))

    async def addresses_taken(self, addresses: list[str], customer_id: int | None = None) -> list[str]:
        """Which of ``addresses`` belong to another customer than ``customer_id``."""
        lowered = [a.lower() for a in addresses]
        query = select(ce.c.address).where(ce.c.address.in_(lowered))
        if customer_id is not None:
            query = query.where(ce.c.customer_id != customer_id)
        return sorted((await self.session.execute(query)).scalars())

    async def set_addresses(self, customer_id: int, addresses: list[str]) -> None:
        """The customer's addresses, the primary first; ``customer_emails`` keeps them unique."""
        await self.session.execute(delete(ce).where(ce.c.customer_id == customer_id))
        unique = list(dict.fromkeys(a.lower() for a in addresses))
        await self.session.execute(
            insert(ce), [{"address": a, "customer_id": customer_id, "position": i} for i, a in enumerate(unique)]
        )
        await self.session.execute(
            update(cu).where(cu.c.id == customer_id).values(email=addresses[0], emails=addresses)
        )


def _info(row: Row[Any]) -> CustomerInfo:
    return CustomerInfo(
        id=row.id,
        login=row.login,
        name=row.name,
        email=row.email,
        emails=tuple(row.emails or ()),
        company_id=row.company_id,
        company=row.company,
        sees_company=row.sees_company,
        valid=row.valid,
        password_hash=row.password_hash,
    )
