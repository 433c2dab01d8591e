"""``/api/v1/customer``: the customer portal's API. Customer tokens only; a customer sees his own
tickets (or his company's, when his account says so) and only the articles meant for him."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from services.tickets.deps import SessionDep, SettingsDep, TokenDep, UowDep
from services.tickets.errors import NotFound
from services.tickets.identity.app import customer_auth
from services.tickets.identity.app.customer_auth import CustomerCaller
from services.tickets.identity.entrypoints.api_auth import LoginIn
from services.tickets.problems import documented
from services.tickets.ticketing.app import portal
from services.tickets.ticketing.domain.numbering import generator_for
from services.tickets.ticketing.entrypoints import schemas_in as body
from services.tickets.ticketing.entrypoints.api_actions import attachments_in
from services.tickets.ticketing.entrypoints.api_tickets import file_response
from services.tickets.ticketing.queries import customer_view
from services.tickets.ticketing.queries.schemas import CustomerOut, CustomerTicketDetail, CustomerTicketPage

router = APIRouter(prefix="/api/v1/customer", tags=["customer portal"], responses=documented(401, 422))


async def get_customer(token: TokenDep, uow: UowDep) -> CustomerCaller:
    return await customer_auth.authenticate(uow, token)


CustomerDep = Annotated[CustomerCaller, Depends(get_customer)]
NOT_FOUND = documented(404)


class CustomerLoginOut(BaseModel):
    token: str
    expires_at: datetime
    customer: CustomerOut


class PortalTicketIn(BaseModel):
    title: str = Field(min_length=1, max_length=500)
    body_text: str = Field(min_length=1, max_length=body.MAX_TEXT)
    attachments: list[body.AttachmentIn] = Field(default=[], max_length=20)


class PortalAnswerIn(BaseModel):
    body_text: str = Field(min_length=1, max_length=body.MAX_TEXT)
    attachments: list[body.AttachmentIn] = Field(default=[], max_length=20)


class PortalCreatedOut(BaseModel):
    number: str


def _out(caller: CustomerCaller) -> CustomerOut:
    c = caller.customer
    return CustomerOut(login=c.login, name=c.name, email=c.email, company=c.company)


@router.post("/auth/login", responses=documented(429))
async def login(credentials: LoginIn, uow: UowDep) -> CustomerLoginOut:
    token, expires_at = await customer_auth.login(uow, credentials.login, credentials.password)
    caller = await customer_auth.authenticate(uow, token)
    return CustomerLoginOut(token=token, expires_at=expires_at, customer=_out(caller))


@router.post("/auth/logout", status_code=204)
async def logout(token: TokenDep, uow: UowDep, _: CustomerDep) -> Response:
    await customer_auth.logout(uow, token)
    return Response(status_code=204)


@router.get("/auth/me")
async def me(caller: CustomerDep) -> CustomerOut:
    return _out(caller)


@router.get("/tickets")
async def tickets(
    caller: CustomerDep,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> CustomerTicketPage:
    return await customer_view.tickets(session, caller, limit, offset)


@router.post("/tickets", status_code=201)
async def open_ticket(
    request: PortalTicketIn, caller: CustomerDep, uow: UowDep, settings: SettingsDep
) -> PortalCreatedOut:
    numbering = generator_for(settings.ticket_number_generator, settings.system_id)
    files = attachments_in(request.attachments, settings.smtp_max_message_size)
    number = await portal.open_ticket(
        uow, caller, numbering, title=request.title, body_text=request.body_text, attachments=files
    )
    return PortalCreatedOut(number=number)


@router.get("/tickets/{number}", responses=NOT_FOUND)
async def ticket(number: str, caller: CustomerDep, session: SessionDep) -> CustomerTicketDetail:
    found = await customer_view.ticket(session, caller, number)
    if found is None:
        raise NotFound(f"no ticket {number}")
    return found


@router.post("/tickets/{number}/answer", responses=NOT_FOUND)
async def answer(
    number: str,
    request: PortalAnswerIn,
    caller: CustomerDep,
    uow: UowDep,
    session: SessionDep,
    settings: SettingsDep,
) -> CustomerTicketDetail:
    files = attachments_in(request.attachments, settings.smtp_max_message_size)
    await portal.answer(uow, caller, number, request.body_text, files)
    found = await customer_view.ticket(session, caller, number)
    assert found is not None
    return found


@router.get(
    "/tickets/{number}/attachments/{attachment_id}",
    response_class=Response,
    responses={**NOT_FOUND, 200: {"content": {"application/octet-stream": {}}}},
)
async def download(
    number: str, attachment_id: Annotated[int, Path(ge=1, le=2**62)], caller: CustomerDep, session: SessionDep
) -> Response:
    found = await customer_view.attachment(session, caller, number, attachment_id)
    if found is None:
        raise NotFound(f"no attachment {attachment_id} on ticket {number}")
    return file_response(found)
