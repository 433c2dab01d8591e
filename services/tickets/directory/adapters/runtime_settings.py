"""The ``runtime_settings`` table: one row per setting an admin changed."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.directory.domain.runtime_settings import RuntimeSettings

rs = directory_tables.runtime_settings
log = logging.getLogger(__name__)


class RuntimeSettingsStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self) -> RuntimeSettings:
        """The stored settings over the defaults; a row no longer known (a removed setting) is ignored."""
        return _valid(dict((await self.session.execute(select(rs.c.name, rs.c.value))).all()))

    async def store(self, values: dict[str, Any], actor: str, now: datetime) -> None:
        for name, value in values.items():
            await self.session.execute(delete(rs).where(rs.c.name == name))
            await self.session.execute(insert(rs).values(name=name, value=value, changed_at=now, changed_by=actor))


def _valid(stored: dict[str, Any]) -> RuntimeSettings:
    known = {k: v for k, v in stored.items() if k in RuntimeSettings.model_fields}
    try:
        return RuntimeSettings.model_validate(known)
    except ValidationError:  # only a hand-edited table gets here: keep working on the defaults
        log.error("runtime settings in the database are invalid; using the defaults", exc_info=True)
        return RuntimeSettings()
