"""Customers log in to the portal: the same token scheme as agents, in their own table."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from services.tickets.directory.app import runtime_settings
from services.tickets.directory.domain.records import CustomerInfo
from services.tickets.errors import TooManyAttempts, Unauthenticated
from services.tickets.identity.app.auth import TOUCH_EVERY, hash_token, password_ok, rehashed
from services.tickets.unit_of_work import TicketsUnitOfWork


@dataclass(frozen=True)
class CustomerCaller:
    customer: CustomerInfo
    logins: frozenset[str]
    emails: frozenset[str]
    """Whose tickets the customer sees: by customer login or by customer address."""


async def login(uow: TicketsUnitOfWork, login_name: str, password: str) -> tuple[str, datetime]:
    now = datetime.now(UTC)
    throttle_key = f"customer:{login_name}"
    async with uow:
        failures = uow.login_failures
        settings = await runtime_settings.current(uow)
        if (await failures.get(throttle_key, now)).blocked_until(now, settings.throttle) is not None:
            raise TooManyAttempts("too many failed logins for this account; try again later")
        customer = await uow.customers.by_login(login_name)
        if (
            not await password_ok(customer.password_hash if customer else None, password)
            or customer is None
            or not customer.valid
        ):
            await failures.put(
                throttle_key, (await failures.get(throttle_key, now)).after_failure(now, settings.throttle)
            )
            await uow.commit()
            raise Unauthenticated("wrong login or password")
        await failures.clear(throttle_key)
        if customer.password_hash and (new_hash := await rehashed(customer.password_hash, password)):
            await uow.customers.set_password_hash(customer.id, new_hash)
        token, expires_at = secrets.token_urlsafe(32), now + settings.session_max
        await uow.customer_tokens.add(hash_token(token), customer.id, "session", now, expires_at)
        await uow.commit()
    return token, expires_at


async def logout(uow: TicketsUnitOfWork, token: str) -> None:
    async with uow:
        await uow.customer_tokens.revoke(hash_token(token), datetime.now(UTC))
        await uow.commit()


async def authenticate(uow: TicketsUnitOfWork, token: str) -> CustomerCaller:
    now = datetime.now(UTC)
    async with uow:
        store = uow.customer_tokens
        stored = await store.find(hash_token(token))
        idle = (await runtime_settings.current(uow)).session_idle
        if stored is None or stored.revoked or stored.expires_at <= now or stored.last_used_at + idle <= now:
            raise Unauthenticated("invalid or expired token")
        customers = uow.customers
        customer = await customers.by_id(stored.owner_id)
        if customer is None or not customer.valid:
            raise Unauthenticated("customer disabled")
        logins, emails = await customers.scope(customer)
        if now - stored.last_used_at >= TOUCH_EVERY:
            await store.touch(stored.id, now)
            await uow.commit()
    return CustomerCaller(customer=customer, logins=logins, emails=emails)
