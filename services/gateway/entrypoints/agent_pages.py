"""Finding tickets (search, locked by me, watched) and opening a phone ticket."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters.tickets_actions import Refused
from services.gateway.entrypoints.actions import read_form
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm
from services.gateway.presentation.forms import FormInvalid, phone_ticket
from services.gateway.presentation.labels import N_
from services.gateway.presentation.notices import REFUSAL_MESSAGES
from services.gateway.presentation.search_form import NotADay, SearchForm, api_params
from services.gateway.presentation.views import paginate

router = APIRouter()


async def _listing(
    request: Request,
    gateway: Gateway,
    session: AgentSession,
    heading: str,
    params: dict[str, Any],
    page: int,
) -> Response:
    """A page of matching tickets, paged by number."""
    token = session.tickets_token
    context: dict[str, Any] = {"heading": heading, "tickets": None, "query": params}
    if params:
        size = gateway.options.page_size
        found = await gateway.actions.search(token, {**params, "limit": size, "offset": (max(page, 1) - 1) * size})
        pagination = paginate(page, size, found.total)
        if pagination.page != max(page, 1):  # asked past the end: show the last page
            found = await gateway.actions.search(token, {**params, "limit": size, "offset": pagination.offset})
        context.update(tickets=found.items, total=found.total, pagination=pagination, query_string=urlencode(params))
    return gateway.renderer.page(request, "search.html", context, session=session)


@router.get("/search")
async def search(
    request: Request, gateway: GatewayDep, session: AgentSession, form: Annotated[SearchForm, Query()]
) -> Response:
    """Full text with filters (queue, state, created/changed/closed days, escalated), paged by cursor:
    "next page" carries the API's ``next_cursor``, so tickets arriving meanwhile shift nothing."""
    token = session.tickets_token
    filled = form.filled()
    context: dict[str, Any] = {
        "heading": N_("Search"),
        "tickets": None,
        "form": True,
        "query": filled,
        "queues": await gateway.tickets.queues(token),
        "states": await gateway.actions.states(token),
    }
    status_code = 200
    try:
        if params := api_params(filled, gateway.renderer.zone):
            cursor = {"cursor": form.cursor} if form.cursor else {}
            found = await gateway.actions.search(token, {**params, **cursor, "limit": gateway.options.page_size})
            context.update(
                tickets=found.items,
                total=found.total,
                first_url=f"?{urlencode(filled)}" if form.cursor else None,
                next_url=f"?{urlencode({**filled, 'cursor': found.next_cursor})}" if found.next_cursor else None,
            )
    except NotADay as bad:
        context["error"], status_code = (N_("Not a valid date"), bad.value), 422
    except Refused as exc:  # the form shows why, with what was filled in
        context["error"], status_code = (REFUSAL_MESSAGES[exc.status], exc.detail), exc.status
    return gateway.renderer.page(request, "search.html", context, session=session, status_code=status_code)


@router.get("/locked")
async def locked(request: Request, gateway: GatewayDep, session: AgentSession, page: int = 1) -> Response:
    params = {"locked": "true", "owner": session.agent.login}
    return await _listing(request, gateway, session, N_("Locked by me"), params, page)


@router.get("/watched")
async def watched(request: Request, gateway: GatewayDep, session: AgentSession, page: int = 1) -> Response:
    return await _listing(request, gateway, session, N_("Watched"), {"watched": "true"}, page)


async def _phone_form(
    request: Request,
    gateway: Gateway,
    session: AgentSession,
    values: dict[str, str] | None = None,
    error: tuple[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    targets = await gateway.actions.queue_targets(session.tickets_token, "create")
    context = {"targets": targets, "values": values or {"priority": "3"}, "error": error}
    return gateway.renderer.page(request, "phone.html", context, session=session, status_code=status_code)


@router.get("/phone-ticket")
async def phone_form(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
    return await _phone_form(request, gateway, session)


@router.post("/phone-ticket")
async def phone_create(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
    fields, uploads = await read_form(form)
    try:
        number = await gateway.actions.create(session.tickets_token, phone_ticket(fields, uploads))
    except FormInvalid as exc:
        return await _phone_form(request, gateway, session, fields, (exc.message, ""), 422)
    except Refused as exc:
        refusal = (REFUSAL_MESSAGES[exc.status], exc.detail)
        return await _phone_form(request, gateway, session, fields, refusal, exc.status)
    return RedirectResponse(f"/tickets/{number}", status_code=303)
