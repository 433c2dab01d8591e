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
from services.gateway.entrypoints.zoom import REFUSAL_MESSAGES
from services.gateway.forms import FormInvalid, phone_ticket
from services.gateway.labels import N_
from services.gateway.views import paginate

router = APIRouter()
Text = Annotated[str, Query(max_length=500)]


async def _listing(
    request: Request,
    gateway: Gateway,
    session: AgentSession,
    heading: str,
    params: dict[str, Any],
    page: int,
    form: bool = False,
) -> Response:
    """A page of matching tickets (none asked for: the search form alone)."""
    token = session.tickets_token
    context: dict[str, Any] = {"heading": heading, "tickets": None, "form": form, "query": params}
    if params:
        size = gateway.options.page_size
        found = await gateway.actions.search(token, {**params, "limit": size, "offset": (max(page, 1) - 1) * size})
        pagination = paginate(page, size, found.total)
        if pagination.page != max(page, 1):  # asked past the end: show the last page
            found = await gateway.actions.search(token, {**params, "limit": size, "offset": pagination.offset})
        context.update(tickets=found.items, pagination=pagination, query_string=urlencode(params))
    if form:
        context["queues"] = await gateway.tickets.queues(token)
        context["states"] = await gateway.actions.states(token)
    return gateway.renderer.page(request, "search.html", context, session=session)


@router.get("/search")
async def search(
    request: Request,
    gateway: GatewayDep,
    session: AgentSession,
    q: Text = "",
    queue: Text = "",
    state: Text = "",
    page: int = 1,
) -> Response:
    """Full text with optional queue and state filters."""
    params = {name: value for name, value in (("q", q), ("queue", queue), ("state", state)) if value.strip()}
    return await _listing(request, gateway, session, N_("Search"), params, page, form=True)


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
