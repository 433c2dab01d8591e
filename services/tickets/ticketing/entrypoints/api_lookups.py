"""Lists the UI needs for its forms: states, priorities, target queues, possible owners."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from services.tickets.deps import CallerDep, SessionDep
from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import NotFound
from services.tickets.problems import documented
from services.tickets.ticketing.queries import lookups
from services.tickets.ticketing.queries.schemas import AgentChoice, PriorityOut, QueueChoice, StateOut

router = APIRouter(prefix="/api/v1", tags=["lookups"], responses=documented(401, 422))


@router.get("/states")
async def states(_: CallerDep, session: SessionDep) -> list[StateOut]:
    return await lookups.states(session)


@router.get("/priorities")
async def priorities(_: CallerDep, session: SessionDep) -> list[PriorityOut]:
    return await lookups.priorities(session)


@router.get("/queue-targets")
async def queue_targets(
    caller: CallerDep, session: SessionDep, permission: Annotated[Permission, Query()] = Permission.MOVE_INTO
) -> list[QueueChoice]:
    """Queues the caller may move tickets into (``move_into``) or create them in (``create``)."""
    return await lookups.target_queues(session, caller.permissions, permission)


@router.get("/queues/{queue_id}/owners", responses=documented(404))
async def owners(
    queue_id: Annotated[int, Path(ge=1, le=2**62)], caller: CallerDep, session: SessionDep
) -> list[AgentChoice]:
    """Agents who may own tickets in a queue the caller may read."""
    if queue_id not in caller.readable_queue_ids:
        raise NotFound(f"no queue {queue_id}")
    return await lookups.owners_for(session, queue_id)
