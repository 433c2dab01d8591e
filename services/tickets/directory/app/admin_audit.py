"""What every admin operation starts and ends with: the admin check and the audit entry."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from services.tickets.errors import Forbidden
from services.tickets.identity.app.auth import Caller
from services.tickets.unit_of_work import TicketsUnitOfWork


def require_admin(caller: Caller) -> None:
    if not caller.permissions.is_admin:
        raise Forbidden("this needs rw in the admin group")


async def audit(uow: TicketsUnitOfWork, caller: Caller, action: str, subject: str, detail: dict[str, Any]) -> None:
    """An audit entry in the transaction of the change it records."""
    await uow.audit.add(f"agent:{caller.agent.login}", action, subject, detail, datetime.now(UTC))
