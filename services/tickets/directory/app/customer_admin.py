"""Admin operations on customer companies and customer users (portal accounts).

A customer has one or more addresses, the primary first; an address belongs to one
customer only (``customer_emails``), so mail from it finds exactly one account.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.tickets.directory.app.admin_audit import audit, require_admin
from services.tickets.errors import AlreadyExists, Invalid, NotFound
from services.tickets.identity.app import auth
from services.tickets.identity.app.auth import Caller
from services.tickets.unit_of_work import TicketsUnitOfWork


async def create_company(uow: TicketsUnitOfWork, caller: Caller, fields: dict[str, Any]) -> int:
    require_admin(caller)
    async with uow:
        await _name_free(uow, fields["name"], None)
        company_id = await uow.admin.add_company(fields)
        await audit(uow, caller, "customer_company.create", fields["name"], fields)
        await uow.commit()
        return company_id


async def update_company(uow: TicketsUnitOfWork, caller: Caller, company_id: int, changes: dict[str, Any]) -> None:
    require_admin(caller)
    async with uow:
        name = await uow.admin.company_name(company_id)
        if name is None:
            raise NotFound(f"no customer company {company_id}")
        if "name" in changes:
            await _name_free(uow, changes["name"], company_id)
        if changes:
            await uow.admin.update_company(company_id, changes)
        await audit(uow, caller, "customer_company.update", changes.get("name", name), changes)
        await uow.commit()


async def create_customer(uow: TicketsUnitOfWork, caller: Caller, login: str, fields: dict[str, Any]) -> int:
    """``fields``: ``name``, ``emails`` (primary first), ``company_id``, ``sees_company``, ``valid``,
    optionally ``password`` (without one the customer cannot log in until he resets it)."""
    require_admin(caller)
    password = fields.pop("password", None)
    emails = fields.pop("emails")
    async with uow:
        password_hash = await _password_hash(uow, login, password)
        store = uow.customers
        if await store.by_login(login) is not None:
            raise AlreadyExists(f"customer {login!r} exists")
        await _check(uow, None, emails, fields)
        customer_id = await uow.admin.add_customer(login, emails, password_hash, fields)
        await store.set_addresses(customer_id, emails)
        await audit(uow, caller, "customer.create", login, {**fields, "emails": emails})
        await uow.commit()
        return customer_id


async def update_customer(uow: TicketsUnitOfWork, caller: Caller, login: str, changes: dict[str, Any]) -> None:
    """Any of the create fields; a new ``password`` ends the customer's sessions."""
    require_admin(caller)
    password = changes.pop("password", None)
    emails = changes.pop("emails", None)
    async with uow:
        password_hash = await _password_hash(uow, login, password)
        store = uow.customers
        customer = await store.by_login(login)
        if customer is None:
            raise NotFound(f"no customer {login!r}")
        await _check(uow, customer.id, emails or [], changes)
        if changes:
            await uow.admin.update_customer(customer.id, changes)
        if emails:
            await store.set_addresses(customer.id, emails)
        if password_hash:
            await store.set_password_hash(customer.id, password_hash)
            await uow.customer_tokens.revoke_all(customer.id, datetime.now(UTC))
        detail = {**changes, **({"emails": emails} if emails else {}), "password_set": password is not None}
        await audit(uow, caller, "customer.update", login, detail)
        await uow.commit()


async def _name_free(uow: TicketsUnitOfWork, name: str, company_id: int | None) -> None:
    if await uow.admin.company_name_taken(name, company_id):
        raise AlreadyExists(f"customer company {name!r} exists")


async def _check(uow: TicketsUnitOfWork, customer_id: int | None, emails: list[str], fields: dict[str, Any]) -> None:
    if taken := await uow.customers.addresses_taken(emails, customer_id):
        raise AlreadyExists(f"address {', '.join(taken)} belongs to another customer")
    company_id = fields.get("company_id")
    if company_id is not None and await uow.admin.company_name(company_id) is None:
        raise Invalid(f"no customer company {company_id}")


async def _password_hash(uow: TicketsUnitOfWork, login: str, password: str | None) -> str | None:
    if password is None:
        return None
    await auth.require_good_password(uow, login, password)
    return await auth.hash_password(password)
