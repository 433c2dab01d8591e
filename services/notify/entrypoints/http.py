"""The mail log over HTTP: ``GET /api/v1/notify/mails?ticket_id=``.

Only mails of queues in the caller's signed identity are listed, so the
bookkeeper never sees a board mail, not even its subject.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Query

from services.notify import queries
from shared.db import Database
from shared.identity import Identity
from shared.problems import identity_dependency, install_problem_handlers


def create_app(database: Database, secret_key: str) -> FastAPI:
    app = FastAPI(title="Umlauf notify", version="1")
    install_problem_handlers(app)
    router = APIRouter(prefix="/api/v1/notify")
    current_identity = identity_dependency(secret_key)

    @router.get("/mails", response_model=queries.MailList)
    async def list_mails(
        identity: Annotated[Identity, Depends(current_identity)],
        ticket_id: Annotated[int | None, Query(ge=1)] = None,
    ) -> queries.MailList:
        return await queries.list_mails(database, readable_queue_ids=identity.readable_queue_ids, ticket_id=ticket_id)

    app.include_router(router)
    return app
