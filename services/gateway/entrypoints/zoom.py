"""The ticket zoom: the ticket, its articles and the OTRS action bar with what each form offers.

Shown again, with the ticket as it is now, when tickets refused an action, so the
agent sees why beside the form instead of an error page. Picking a standard answer
or an article to forward is a plain GET round trip (``?template=``, ``?forward=``):
no script, so the strict CSP stays.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from services.gateway.adapters.admin_client import ServiceUnavailable
from services.gateway.adapters.tickets_actions import Refused
from services.gateway.adapters.tickets_models import RenderedTemplate
from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession
from services.gateway.presentation.notices import NO_SUCH_ARTICLE, TEMPLATE_UNAVAILABLE, Notice
from services.gateway.presentation.views import mail_document, quoted_reply

router = APIRouter()

Id = Annotated[int | None, Query(ge=1, le=2**62)]


async def render_zoom(
    request: Request,
    gateway: Gateway,
    session: Session,
    number: str,
    notice: Notice | None = None,
    status_code: int = 200,
    picked: RenderedTemplate | None = None,
    forward_id: int | None = None,
) -> Response:
    """The zoom; ``picked``: a standard answer filled into the reply form, ``forward_id``: the article to forward."""
    token = session.tickets_token
    actions = gateway.actions
    # Round 1: what needs only the number.
    found, states, priorities, move_targets, create_targets, _ = await _all(
        gateway.tickets.ticket(token, number),
        actions.states(token),
        actions.priorities(token),
        actions.queue_targets(token, "move_into"),
        actions.queue_targets(token, "create"),
        gateway.identities.headers(token),  # kept, so round 2's call to notify need not ask
    )
    # Round 2: what needs the ticket's queue or id.
    queue_id = found.queue_id
    owners, templates, mails = await _all(
        actions.owners(token, queue_id) if queue_id else _nothing(),
        actions.answer_templates(token, queue_id) if queue_id else _nothing(),
        _outgoing_mails(gateway, token, found.id),
    )
    forwarded = next((a for a in found.articles if a.id == forward_id), None)
    if forward_id is not None and forwarded is None and notice is None:
        notice, status_code = Notice("forward", NO_SUCH_ARTICLE), 404
    documents = {a.id: mail_document(a.body_html) for a in found.articles if a.body_html}
    context = {
        "ticket": found,
        "documents": documents,
        "states": states,
        "priorities": priorities,
        "move_targets": [q for q in move_targets if q.id != found.queue_id],
        "create_targets": create_targets,
        "owners": owners,
        "notice": notice,
        "reply_text": picked.unsigned if picked else quoted_reply(found.articles),
        "templates": templates,
        "picked": picked,
        "forwarded": forwarded or (found.articles[-1] if found.articles else None),
        "unfold": "reply" if picked else "forward" if forward_id is not None else None,
        "watching": session.agent.login in found.watchers,
        "mails": mails,
    }
    return gateway.renderer.page(request, "ticket.html", context, session=session, status_code=status_code)


async def _all(*calls: Awaitable[Any]) -> list[Any]:
    """The calls' results, run concurrently; the first failure (in argument order) is raised after all have ended.

    Unlike a bare ``gather``, no call is left running when one fails.
    """
    results = await asyncio.gather(*calls, return_exceptions=True)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


async def _nothing() -> list[Any]:
    return []


async def _outgoing_mails(gateway: Gateway, token: str, ticket_id: int) -> list[dict[str, Any]] | None:
    try:
        return await gateway.admin.outgoing_mails(token, ticket_id)
    except ServiceUnavailable:  # the mail log is a side note: the ticket shows without it
        return None


@router.get("/tickets/{number}")
async def ticket(
    request: Request,
    gateway: GatewayDep,
    session: AgentSession,
    number: str,
    template: Id = None,
    forward: Id = None,
) -> Response:
    """``template``: fill the reply form with that standard answer; ``forward``: forward that article."""
    picked, notice, status_code = None, None, 200
    if template is not None:
        try:
            picked = await gateway.actions.rendered_template(session.tickets_token, number, template)
        except Refused as exc:
            notice, status_code = Notice("reply", TEMPLATE_UNAVAILABLE, exc.detail), exc.status
    return await render_zoom(request, gateway, session, number, notice, status_code, picked, forward)
