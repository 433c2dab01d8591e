"""The admin audit log: one row per admin change, written in the change's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.directory.adapters import tables as directory_tables


class AuditLog:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, actor: str, action: str, subject: str, detail: dict[str, Any], at: datetime) -> None:
        await self.session.execute(
            insert(directory_tables.audit_log).values(
                actor=actor, action=action, subject=subject, detail=detail, created_at=at
            )
        )
