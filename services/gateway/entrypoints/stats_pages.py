"""The statistics page: tickets per queue and day for a date range, and the same as CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from services.gateway.adapters.stats_client import tickets_per_queue
from services.gateway.entrypoints.context import GatewayDep
from services.gateway.entrypoints.web import AgentSession
from services.gateway.presentation.views import day_table

router = APIRouter()
First = Annotated[date | None, Query(alias="from")]
Last = Annotated[date | None, Query(alias="to")]
_DEFAULT_DAYS = 7


def _range(first: date | None, last: date | None) -> tuple[date, date]:
    """The asked range; by default the last week (UTC days, as stats counts them)."""
    last = last or datetime.now(UTC).date()
    first = first or last - timedelta(days=_DEFAULT_DAYS - 1)
    return (first, last) if first <= last else (last, first)


@router.get("/stats")
async def stats_page(
    request: Request, gateway: GatewayDep, session: AgentSession, first: First = None, last: Last = None
) -> Response:
    first, last = _range(first, last)
    report = await tickets_per_queue(gateway.identities, gateway.stats_http, session.tickets_token, first, last)
    context = {"first": first, "last": last, "table": day_table(report.json()["rows"])}
    return gateway.renderer.page(request, "stats.html", context, session=session)


@router.get("/stats/tickets-per-queue.csv")
async def stats_csv(gateway: GatewayDep, session: AgentSession, first: First = None, last: Last = None) -> Response:
    first, last = _range(first, last)
    report = await tickets_per_queue(gateway.identities, gateway.stats_http, session.tickets_token, first, last, "csv")
    filename = f"tickets-per-queue_{first.isoformat()}_{last.isoformat()}.csv"
    return Response(
        report.content,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"},
    )
