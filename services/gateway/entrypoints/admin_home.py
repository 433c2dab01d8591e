"""Admin: the overview of the admin pages (what each one is for)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from services.gateway.entrypoints.context import GatewayDep
from services.gateway.entrypoints.web import AgentSession

router = APIRouter()


@router.get("/admin")
async def overview(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    """Links only, no data: the pages behind them ask their backend, which decides. Shown to administrators."""
    if not session.agent.is_admin:
        raise HTTPException(403)
    return gateway.renderer.page(request, "admin/index.html", session=session)
