"""The ticket zoom's forms: one POST route per action, each a thin adapter to the tickets API.

Every form carries the CSRF token and the ticket version the agent saw (sent as
``If-Match``). Success redirects (POST-redirect-GET); a refusal shows the zoom
again with the reason beside the form, and a stale version says so plainly.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData, UploadFile

from services.gateway.adapters.tickets_actions import Refused
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm
from services.gateway.entrypoints.zoom import render_zoom
from services.gateway.presentation.forms import ACTIONS, API_CALLS, Builder, FormInvalid, Upload, version
from services.gateway.presentation.notices import LOCKED, REFUSAL_MESSAGES, STALE, Notice

router = APIRouter()


async def read_form(form: FormData) -> tuple[dict[str, str], list[Upload]]:
    """The form's text fields, and its chosen files (an empty file input sends a nameless part)."""
    fields = {key: value for key, value in form.multi_items() if isinstance(value, str)}
    uploads = [
        Upload(value.filename, value.content_type or "", await value.read())
        for value in form.getlist("attachments")
        if isinstance(value, UploadFile) and value.filename
    ]
    return fields, uploads


def explain(action: str, refusal: Refused) -> Notice:
    """What to tell the agent: a stale version and a lock held by someone else are worth their own words.

    Tickets names both by the problem's ``code``, and the lock's holder in ``locked_by``.
    """
    if refusal.code == "stale-version":
        return Notice(action, STALE)
    if refusal.code == "locked-by-other" and refusal.locked_by:
        return Notice(action, LOCKED, refusal.detail, {"agent": refusal.locked_by})
    return Notice(action, REFUSAL_MESSAGES[refusal.status], refusal.detail)


def _target(action: str, number: str, answer: Any) -> str:
    """Where the browser goes after a done action (tickets answers None when the agent cannot follow)."""
    if answer is None:
        return "/queues"
    if action == "split":
        return f"/tickets/{number}#links"  # the child shows among the links
    if action == "merge":
        return f"/tickets/{answer['number']}"  # the ticket that absorbed this one
    return f"/tickets/{number}"


async def perform(
    request: Request, gateway: Gateway, session: AgentSession, form: FormData, number: str, action: str, build: Builder
) -> Response:
    fields, uploads = await read_form(form)
    seen = version(fields)
    try:
        body = build(fields, uploads, gateway.renderer.zone)
        method, path = API_CALLS.get(action, ("POST", action))
        answer = await gateway.actions.act(session.tickets_token, number, path, body, seen, method)
    except FormInvalid as exc:
        return await render_zoom(request, gateway, session, number, Notice(action, exc.message), 422)
    except Refused as exc:
        return await render_zoom(request, gateway, session, number, explain(action, exc), exc.status)
    return RedirectResponse(_target(action, number, answer), status_code=303)


def _route(action: str, build: Builder) -> None:
    async def route(
        request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm, number: str
    ) -> Response:
        return await perform(request, gateway, session, form, number, action, build)

    router.post(f"/tickets/{{number}}/{action}", name=f"ticket_{action}")(route)


for _action, _build in ACTIONS.items():
    _route(_action, _build)
