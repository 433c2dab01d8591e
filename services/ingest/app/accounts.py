"""Administrators' commands on mail accounts: each one transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.ingest.app.unit_of_work import IngestUnitOfWork
from services.ingest.domain.accounts import AfterFetch, MailAccount, Protocol, check


async def create_account(values: dict[str, Any], uow: IngestUnitOfWork) -> int:
    check(Protocol(values["protocol"]), AfterFetch(values["after_fetch"]))
    async with uow:
        account_id = await uow.accounts.add(values, datetime.now(UTC))
        await uow.commit()
    return account_id


async def change_account(account_id: int, values: dict[str, Any], uow: IngestUnitOfWork) -> None:
    async with uow:
        current: MailAccount = await uow.accounts.get(account_id)
        check(
            Protocol(values.get("protocol", current.protocol)),
            AfterFetch(values.get("after_fetch", current.after_fetch)),
        )
        await uow.accounts.change(account_id, values, datetime.now(UTC))
        await uow.commit()


async def delete_account(account_id: int, uow: IngestUnitOfWork) -> None:
    async with uow:
        await uow.accounts.remove(account_id)
        await uow.commit()
