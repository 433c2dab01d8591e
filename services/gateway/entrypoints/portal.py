"""The customer portal: a customer's tickets, one ticket with the articles meant for him, answering, a new ticket.

Tickets decides which tickets and articles a customer sees; the portal only shows
what the customer API answers.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters.tickets_actions import Refused
from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.actions import read_form
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.ui import download
from services.gateway.entrypoints.web import CustomerSession, PortalForm
from services.gateway.presentation.forms import FormInvalid, portal_answer, portal_ticket
from services.gateway.presentation.notices import REFUSAL_MESSAGES
from services.gateway.presentation.views import paginate

router = APIRouter(prefix="/portal")


@router.get("")
async def tickets(request: Request, gateway: GatewayDep, session: CustomerSession, page: int = 1) -> Response:
    size = gateway.options.page_size
    found = await gateway.portal.tickets(session.tickets_token, size, (max(page, 1) - 1) * size)
    context = {"tickets": found.items, "pagination": paginate(page, size, found.total)}
    return gateway.renderer.page(request, "portal/tickets.html", context, session=session)


async def _ticket_page(
    request: Request,
    gateway: Gateway,
    session: Session,
    number: str,
    error: tuple[str, str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    found = await gateway.portal.ticket(session.tickets_token, number)
    context: dict[str, Any] = {"ticket": found, "error": error, "values": values or {}}
    return gateway.renderer.page(request, "portal/ticket.html", context, session=session, status_code=status_code)


@router.get("/tickets/{number}")
async def ticket(request: Request, gateway: GatewayDep, session: CustomerSession, number: str) -> Response:
    return await _ticket_page(request, gateway, session, number)


@router.post("/tickets/{number}/answer")
async def answer(
    request: Request, gateway: GatewayDep, session: CustomerSession, form: PortalForm, number: str
) -> Response:
    fields, uploads = await read_form(form)
    try:
        await gateway.portal.answer(session.tickets_token, number, portal_answer(fields, uploads))
    except FormInvalid as exc:
        return await _ticket_page(request, gateway, session, number, (exc.message, ""), fields, 422)
    except Refused as exc:
        return await _ticket_page(
            request, gateway, session, number, (REFUSAL_MESSAGES[exc.status], exc.detail), fields, exc.status
        )
    return RedirectResponse(f"/portal/tickets/{number}", status_code=303)


@router.get("/tickets/{number}/attachments/{attachment_id}")
async def attachment(gateway: GatewayDep, session: CustomerSession, number: str, attachment_id: int) -> Response:
    return download(await gateway.portal.attachment(session.tickets_token, number, attachment_id))


def _new_form(
    request: Request,
    gateway: Gateway,
    session: Session,
    values: dict[str, str] | None = None,
    error: tuple[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    context = {"values": values or {}, "error": error}
    return gateway.renderer.page(request, "portal/new.html", context, session=session, status_code=status_code)


@router.get("/new")
async def new_form(request: Request, gateway: GatewayDep, session: CustomerSession) -> Response:
    return _new_form(request, gateway, session)


@router.post("/new")
async def new_ticket(request: Request, gateway: GatewayDep, session: CustomerSession, form: PortalForm) -> Response:
    fields, uploads = await read_form(form)
    try:
        number = await gateway.portal.open_ticket(session.tickets_token, portal_ticket(fields, uploads))
    except FormInvalid as exc:
        return _new_form(request, gateway, session, fields, (exc.message, ""), 422)
    except Refused as exc:
        return _new_form(request, gateway, session, fields, (REFUSAL_MESSAGES[exc.status], exc.detail), exc.status)
    return RedirectResponse(f"/portal/tickets/{number}", status_code=303)
