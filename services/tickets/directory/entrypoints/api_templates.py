"""Standard answers: the templates of a queue, one rendered for a ticket, and their administration."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, SessionDep, UowDep
from services.tickets.directory.adapters.template_store import TemplateStore
from services.tickets.directory.app import templates
from services.tickets.directory.app.administration import require_admin
from services.tickets.directory.app.templates import TemplateKind
from services.tickets.directory.domain.records import StoredTemplate
from services.tickets.problems import documented
from services.tickets.ticketing.entrypoints.schemas_in import AttachmentIn
from services.tickets.ticketing.queries.schemas import CreatedId

router = APIRouter(prefix="/api/v1", tags=["templates"], responses=documented(401, 404, 422))
TemplateId = Annotated[int, Path(ge=1, le=2**62)]
QueueId = Annotated[int, Field(ge=1, le=2**62)]


class TemplateAttachmentOut(BaseModel):
    id: int
    filename: str
    content_type: str
    size: int


class TemplateOut(BaseModel):
    id: int
    name: str
    kind: TemplateKind
    body: str = Field(description="As written, with its {{ variables }}.")
    queue_ids: list[int]
    attachments: list[TemplateAttachmentOut]


class RenderedOut(BaseModel):
    id: int
    name: str
    kind: TemplateKind
    text: str = Field(description="For an answer: the queue's salutation, the text and the queue's signature.")
    unsigned: str = Field(description="The text without the signature: the `body_text` of a reply, which is signed.")
    attachments: list[TemplateAttachmentOut]


class TemplateIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    kind: TemplateKind = TemplateKind.ANSWER
    body: str = Field(max_length=100_000)
    queue_ids: list[QueueId] = Field(default=[], max_length=1000)
    attachments: list[AttachmentIn] = Field(default=[], max_length=20)


def _files(template: StoredTemplate) -> list[TemplateAttachmentOut]:
    return [TemplateAttachmentOut(id=i, filename=f, content_type=c, size=s) for i, f, c, s in template.attachments]


def _out(template: StoredTemplate) -> TemplateOut:
    return TemplateOut(
        id=template.id,
        name=template.name,
        kind=TemplateKind(template.kind),
        body=template.body,
        queue_ids=template.queue_ids,
        attachments=_files(template),
    )


@router.get("/queues/{queue_id}/templates")
async def queue_templates(queue_id: TemplateId, caller: CallerDep, uow: UowDep) -> list[TemplateOut]:
    """The templates assigned to a queue the caller may read."""
    return [_out(t) for t in await templates.for_queue(uow, caller, queue_id)]


@router.get("/tickets/{number}/templates/{template_id}/render")
async def render(
    number: Annotated[str, Path(max_length=40)], template_id: TemplateId, caller: CallerDep, uow: UowDep
) -> RenderedOut:
    template, text, unsigned = await templates.render(uow, caller, number, template_id)
    return RenderedOut(
        id=template.id,
        name=template.name,
        kind=TemplateKind(template.kind),
        text=text,
        unsigned=unsigned,
        attachments=_files(template),
    )


@router.get("/admin/templates", tags=["admin"], responses=documented(403))
async def admin_templates(caller: CallerDep, session: SessionDep) -> list[TemplateOut]:
    require_admin(caller)
    return [_out(t) for t in await TemplateStore(session).listed()]


@router.post("/admin/templates", status_code=201, tags=["admin"], responses=documented(403, 409))
async def create_template(body: TemplateIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    template_id = await templates.create(
        uow,
        caller,
        name=body.name,
        kind=body.kind,
        body=body.body,
        queue_ids=body.queue_ids,
        attachments=[a.to_domain() for a in body.attachments],
    )
    return CreatedId(id=template_id)


@router.delete("/admin/templates/{template_id}", status_code=204, tags=["admin"], responses=documented(403))
async def delete_template(template_id: TemplateId, caller: CallerDep, uow: UowDep) -> Response:
    await templates.delete(uow, caller, template_id)
    return Response(status_code=204)
