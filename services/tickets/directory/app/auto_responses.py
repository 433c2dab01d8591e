"""Administration of a queue's auto-responses (``rw`` in ``admin``, audit-logged).

A text that does not render is refused when it is saved (422), so that intake never
has to send one as written.
"""

from __future__ import annotations

from services.tickets.directory.app.administration import _audit, require_admin
from services.tickets.directory.domain import templates
from services.tickets.errors import Invalid, NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind
from services.tickets.unit_of_work import TicketsUnitOfWork


async def _queue_name(uow: TicketsUnitOfWork, queue_id: int) -> str:
    queue = await uow.directory.queue(queue_id)
    if queue is None:
        raise NotFound(f"no queue {queue_id}")
    return queue.name


async def of_queue(uow: TicketsUnitOfWork, caller: Caller, queue_id: int) -> dict[AutoResponseKind, AutoResponse]:
    require_admin(caller)
    async with uow:
        await _queue_name(uow, queue_id)
        return await uow.auto_responses.of_queue(queue_id)


def check(responses: dict[AutoResponseKind, AutoResponse]) -> None:
    """Every subject and body renders with the known variables; :class:`Invalid` names the first that does not."""
    for kind, response in responses.items():
        for part, text in (("subject", response.subject), ("body", response.body)):
            if (problem := templates.problem(text)) is not None:
                raise Invalid(f"the {kind.value} auto-response's {part} does not render: {problem}")


async def replace(
    uow: TicketsUnitOfWork, caller: Caller, queue_id: int, responses: dict[AutoResponseKind, AutoResponse]
) -> None:
    """The queue's auto-responses become ``responses``; a kind left out has none."""
    require_admin(caller)
    check(responses)
    async with uow:
        name = await _queue_name(uow, queue_id)
        store = uow.auto_responses
        before = await store.of_queue(queue_id)
        await store.replace(queue_id, responses)
        changed = sorted(k.value for k in set(before) | set(responses) if before.get(k) != responses.get(k))
        await _audit(
            uow, caller, "queue.auto_responses", name, {"kinds": sorted(k.value for k in responses), "changed": changed}
        )
        await uow.commit()
