"""An admin changes the runtime settings: checked as a whole, stored, audited (old and new values)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from services.tickets.directory.app import runtime_settings
from services.tickets.directory.app.admin_audit import audit, require_admin
from services.tickets.directory.domain.runtime_settings import RuntimeSettings
from services.tickets.errors import Invalid
from services.tickets.identity.app.auth import Caller
from services.tickets.unit_of_work import TicketsUnitOfWork


async def change(uow: TicketsUnitOfWork, caller: Caller, changes: dict[str, Any]) -> RuntimeSettings:
    """Apply ``changes`` (checked together with the rest), audit old and new values."""
    require_admin(caller)
    async with uow:
        before = await uow.runtime_settings.load()
        try:
            after = RuntimeSettings.model_validate({**before.model_dump(), **changes})
        except ValidationError as exc:
            raise Invalid("; ".join(e["msg"] for e in exc.errors())) from exc
        if after.default_queue is not None and (await uow.directory.queue_by_name(after.default_queue)) is None:
            raise Invalid(f"no queue {after.default_queue!r}")
        changed = {k: v for k, v in after.model_dump().items() if getattr(before, k) != v}
        if not changed:
            return after
        await uow.runtime_settings.store(changed, f"agent:{caller.agent.login}", datetime.now(UTC))
        old = before.model_dump()
        await audit(uow, caller, "settings.update", ", ".join(changed), {k: [old[k], v] for k, v in changed.items()})
        await uow.commit()
    runtime_settings.remember(after)
    return after
