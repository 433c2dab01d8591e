"""What the admin pages list of customers: companies and customer users, searched and paged."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import Select, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.adapters.customers import customer_query

cc, cu, ce = directory_tables.customer_companies, directory_tables.customer_users, directory_tables.customer_emails


class CompanyOut(BaseModel):
    id: int
    name: str
    street: str | None
    city: str | None
    country: str | None
    url: str | None
    comment: str | None
    valid: bool


class CustomerAdminOut(BaseModel):
    login: str
    name: str
    emails: list[str]
    """The primary address first."""
    company_id: int | None
    company: str | None
    sees_company: bool
    valid: bool
    has_password: bool


class CompanyPage(BaseModel):
    total: int
    items: list[CompanyOut]


class CustomerPage(BaseModel):
    total: int
    items: list[CustomerAdminOut]


def _like(column: Any, text: str) -> Any:
    return func.lower(column).contains(text.lower(), autoescape=True)


async def _page(
    session: AsyncSession, query: Select[Any], order: Any, limit: int, offset: int
) -> tuple[int, list[Any]]:
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = (await session.execute(query.order_by(order).limit(limit).offset(offset))).all()
    return total, list(rows)


async def companies(session: AsyncSession, q: str | None, limit: int, offset: int) -> CompanyPage:
    query = select(cc)
    if q:
        query = query.where(or_(_like(cc.c.name, q), _like(cc.c.city, q)))
    total, rows = await _page(session, query, cc.c.name, limit, offset)
    return CompanyPage(total=total, items=[CompanyOut.model_validate(r._mapping) for r in rows])


async def customers(session: AsyncSession, q: str | None, limit: int, offset: int) -> CustomerPage:
    """``q``: a piece of the login, name, any address or the company name (any case)."""
    query = customer_query()
    if q:
        any_address = exists().where(ce.c.customer_id == cu.c.id, ce.c.address.contains(q.lower(), autoescape=True))
        query = query.where(or_(_like(cu.c.login, q), _like(cu.c.name, q), any_address, _like(cc.c.name, q)))
    total, rows = await _page(session, query, cu.c.login, limit, offset)
    items = [
        CustomerAdminOut(
            login=r.login,
            name=r.name,
            emails=list(r.emails or [r.email]),
            company_id=r.company_id,
            company=r.company,
            sees_company=r.sees_company,
            valid=r.valid,
            has_password=r.password_hash is not None,
        )
        for r in rows
    ]
    return CustomerPage(total=total, items=items)
