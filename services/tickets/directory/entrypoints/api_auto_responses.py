"""``/api/v1/admin/queues/{queue_id}/auto-responses``: a queue's auto-responses by kind."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, UowDep
from services.tickets.directory.app import auto_responses
from services.tickets.problems import documented
from services.tickets.ticketing.domain.auto_responses import AutoResponse, AutoResponseKind

router = APIRouter(prefix="/api/v1/admin", tags=["admin"], responses=documented(401, 403, 404, 422))
QueueId = Annotated[int, Path(ge=1, le=2**62)]


class AutoResponseText(BaseModel):
    subject: str = Field(
        default="",
        max_length=1_000,
        pattern=r"^[^\r\n]*$",
        description="Template; empty: the inbound mail's subject. The ticket hook and number are added.",
    )
    body: str = Field(
        min_length=1,
        max_length=20_000,
        description="Template, between the queue's salutation and signature. Never quotes the sender's text.",
    )


class AutoResponses(BaseModel):
    """One text per kind; ``null`` (or left out): the queue sends no auto-response of that kind."""

    new: AutoResponseText | None = Field(default=None, description="A mail opened a new ticket.")
    follow_up: AutoResponseText | None = Field(default=None, description="A mail followed up an open ticket.")
    reject: AutoResponseText | None = Field(
        default=None, description="A follow-up to a closed ticket that the queue's policy rejects (article kept)."
    )
    new_after_closed: AutoResponseText | None = Field(
        default=None, description="A follow-up to a closed ticket became a new ticket linked to the old one."
    )

    @classmethod
    def of(cls, responses: dict[AutoResponseKind, AutoResponse]) -> AutoResponses:
        return cls(**{k.value: AutoResponseText(subject=r.subject, body=r.body) for k, r in responses.items()})

    def to_domain(self) -> dict[AutoResponseKind, AutoResponse]:
        return {
            kind: AutoResponse(text.subject, text.body)
            for kind in AutoResponseKind
            if (text := getattr(self, kind.value)) is not None
        }


@router.get("/queues/{queue_id}/auto-responses")
async def get_auto_responses(queue_id: QueueId, caller: CallerDep, uow: UowDep) -> AutoResponses:
    return AutoResponses.of(await auto_responses.of_queue(uow, caller, queue_id))


@router.put("/queues/{queue_id}/auto-responses")
async def put_auto_responses(queue_id: QueueId, body: AutoResponses, caller: CallerDep, uow: UowDep) -> AutoResponses:
    """Replace all of the queue's auto-responses (audit-logged); a text that does not render is a 422."""
    await auto_responses.replace(uow, caller, queue_id, body.to_domain())
    return body
