"""The state a customer's follow-up sets: the queue's ``follow_up_state`` (OTRS's ``PostMaster::FollowUpState``)."""

from __future__ import annotations

from services.tickets.directory.domain.records import QueueInfo
from services.tickets.ticketing.domain.states import OPEN, State, StateType
from services.tickets.unit_of_work import TicketsUnitOfWork


async def of_queue(uow: TicketsUnitOfWork, queue: QueueInfo) -> State:
    """The queue's follow-up state; ``open`` when it no longer names a state of type open."""
    state = await uow.tickets.state_by_name(queue.follow_up_state)
    return state if state is not None and state.type is StateType.OPEN else OPEN
