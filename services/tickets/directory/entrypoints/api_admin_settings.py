"""``/api/v1/admin/settings``: the runtime settings (included in the admin router)."""

from __future__ import annotations

from fastapi import APIRouter

from services.tickets.deps import CallerDep, UowDep
from services.tickets.directory.app import runtime_settings, settings_admin
from services.tickets.directory.app.administration import require_admin
from services.tickets.directory.domain.runtime_settings import RuntimeSettings
from services.tickets.patch import patch_of
from services.tickets.problems import documented

router = APIRouter()
SettingsPatch = patch_of(
    RuntimeSettings, "SettingsPatch", doc="The settings to change; omitted ones stay. Checked together with the rest."
)


@router.get("/settings")
async def current(caller: CallerDep, uow: UowDep) -> RuntimeSettings:
    """Every runtime setting with its value now (the default unless an admin changed it)."""
    require_admin(caller)
    async with uow:
        return await runtime_settings.current(uow)


@router.patch("/settings", responses=documented(422))
async def change(body: SettingsPatch, caller: CallerDep, uow: UowDep) -> RuntimeSettings:  # type: ignore[valid-type]
    """Takes effect with the next request on every replica; the audit log keeps old and new values."""
    return await settings_admin.change(uow, caller, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
