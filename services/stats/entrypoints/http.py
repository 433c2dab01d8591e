"""The analyst API: tickets (and articles) per queue and day, as JSON or CSV.

Authorization is decided here, by the owner of the data: the caller's signed
identity lists the queues they may read, and no other queue appears in a row,
a total or a CSV line — admins included (their identity carries their queues).
"""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import Response

from services.stats import queries
from services.stats.domain.projection import Metric
from services.stats.entrypoints.csv_format import report_csv
from shared.db import Database
from shared.identity import Identity
from shared.problems import ProblemError, identity_dependency, install_problem_handlers

ReportFormat = Literal["json", "csv"]


def create_app(database: Database, secret_key: str) -> FastAPI:
    app = FastAPI(title="Umlauf stats", version="1")
    install_problem_handlers(app)
    router = APIRouter(prefix="/api/v1/stats")
    current_identity = identity_dependency(secret_key)

    async def report(metric: Metric, identity: Identity, first: date | None, last: date | None, fmt: str) -> object:
        if first is not None and last is not None and first > last:
            raise ProblemError(422, "'from' is after 'to'")
        ids = identity.readable_queue_ids
        result: queries.QueueDayReport | queries.TicketDayReport
        if metric is Metric.TICKETS_CREATED:
            result = await queries.tickets_per_queue_and_day(database, readable_queue_ids=ids, first=first, last=last)
        else:
            result = await queries.per_queue_and_day(database, metric, readable_queue_ids=ids, first=first, last=last)
        if fmt == "csv":
            return Response(report_csv(result), media_type="text/csv; charset=utf-8")
        return result

    @router.get("/tickets-per-queue", response_model=queries.TicketDayReport)
    async def tickets_per_queue(
        identity: Annotated[Identity, Depends(current_identity)],
        first: Annotated[date | None, Query(alias="from")] = None,
        last: Annotated[date | None, Query(alias="to")] = None,
        fmt: Annotated[ReportFormat, Query(alias="format")] = "json",
    ) -> object:
        """Tickets created (``count``), closed, moved in and out per queue and UTC day (``from``/``to``
        inclusive); ``format=csv`` for a download."""
        return await report(Metric.TICKETS_CREATED, identity, first, last, fmt)

    @router.get("/articles-per-queue", response_model=queries.QueueDayReport)
    async def articles_per_queue(
        identity: Annotated[Identity, Depends(current_identity)],
        first: Annotated[date | None, Query(alias="from")] = None,
        last: Annotated[date | None, Query(alias="to")] = None,
        fmt: Annotated[ReportFormat, Query(alias="format")] = "json",
    ) -> object:
        """Articles added per queue and UTC day (the ticket's queue when the article was added)."""
        return await report(Metric.ARTICLES_ADDED, identity, first, last, fmt)

    app.include_router(router)
    return app
