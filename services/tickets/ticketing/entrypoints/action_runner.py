"""One FastAPI dependency that runs an action on the ticket of the path and answers with it.

Every action route needs the same things: the caller, the uow, a read session for
the answer, the response (for the ``ETag``) and the ``If-Match`` header. :data:`RunDep`
bundles them, so a route only builds its action: ``return await run(action)``. Because
``If-Match`` is a parameter of the dependency, it is documented for every route using it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header, Response
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.deps import CallerDep, SessionDep, UowDep
from services.tickets.errors import Invalid
from services.tickets.identity.app.auth import Caller
from services.tickets.problems import documented
from services.tickets.ticketing.app.actions import Action, apply
from services.tickets.ticketing.queries import tickets as ticket_queries
from services.tickets.ticketing.queries.schemas import TicketDetail
from services.tickets.unit_of_work import TicketsUnitOfWork

RESPONSES: dict[int | str, dict[str, Any]] = {
    204: {"description": "Done, and the ticket is now in a queue the caller may not read"},
    **documented(403, 404, 409),
}
IfMatch = Annotated[
    str | None,
    Header(description='The ticket\'s ETag, e.g. "3"', max_length=20, pattern=r'^\s*(\*|(W/)?"?\d{1,9}"?)\s*$'),
]
_ETAG = re.compile(r'^(?:W/)?"?(\d{1,9})"?$')


def expected_version(if_match: str | None) -> int | None:
    """The version named by ``If-Match``; None for no header or ``*`` (any version)."""
    if if_match is None or if_match.strip() == "*":
        return None
    match = _ETAG.match(if_match.strip())
    if match is None:
        raise Invalid('If-Match must be the ticket\'s ETag, e.g. "3"')
    return int(match.group(1))


@dataclass(frozen=True)
class ActionRunner:
    """Runs actions on ticket ``number`` for ``caller``, checked against the version the caller saw."""

    number: str
    caller: Caller
    uow: TicketsUnitOfWork
    session: AsyncSession
    response: Response
    expected_version: int | None

    async def __call__(self, action: Action, *, answer_with: str | None = None) -> TicketDetail:
        """Run ``action``; answer with the ticket (or ``answer_with``, e.g. a merge's target) and its ETag.

        A ticket the caller can no longer read (moved away) answers 204: done, nothing to show.
        """
        version = await apply(self.uow, self.caller, self.number, self.expected_version, action)
        shown = answer_with or self.number
        detail = await ticket_queries.ticket_detail(self.session, self.caller.readable_queue_ids, shown)
        if detail is None:
            return Response(status_code=204, headers={"ETag": f'"{version}"'})  # type: ignore[return-value]
        self.response.headers["ETag"] = f'"{detail.version}"'
        return detail


def action_runner(
    number: str,
    caller: CallerDep,
    uow: UowDep,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> ActionRunner:
    return ActionRunner(number, caller, uow, session, response, expected_version(if_match))


RunDep = Annotated[ActionRunner, Depends(action_runner)]
