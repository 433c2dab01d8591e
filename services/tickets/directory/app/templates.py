"""Standard answers (OTRS "templates"): named texts with variables, assigned to queues.

An ``answer`` is rendered as the queue's salutation, the text and the queue's
signature — what a reply would say; a ``forward`` adds only the signature; a
``note`` is the text alone (notes are internal and not signed). Administration
is for ``rw`` in ``admin``, audit-logged like every admin change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from services.tickets.directory.app.administration import _audit, require_admin
from services.tickets.directory.domain import templates as texts
from services.tickets.directory.domain.records import StoredTemplate
from services.tickets.errors import AlreadyExists, Invalid, NotFound
from services.tickets.identity.app.auth import Caller
from services.tickets.ticketing.domain.articles import NewAttachment
from services.tickets.unit_of_work import TicketsUnitOfWork


class TemplateKind(StrEnum):
    ANSWER = "answer"
    NOTE = "note"
    FORWARD = "forward"


def compose(kind: TemplateKind, text: str, salutation: str, signature: str) -> str:
    if kind is TemplateKind.ANSWER:
        return texts.compose(salutation, text, signature)
    if kind is TemplateKind.FORWARD:
        return texts.compose(text, signature)
    return texts.compose(text)


async def create(
    uow: TicketsUnitOfWork,
    caller: Caller,
    *,
    name: str,
    kind: TemplateKind,
    body: str,
    queue_ids: list[int],
    attachments: list[NewAttachment],
) -> int:
    require_admin(caller)
    async with uow:
        store = uow.templates
        if await store.id_by_name(name) is not None:
            raise AlreadyExists(f"template {name!r} exists")
        known = await uow.directory.existing_queue_ids(queue_ids)
        if missing := sorted(set(queue_ids) - known):
            raise Invalid(f"no queue with id {missing[0]}")
        template_id = await store.add(name, kind.value, body, datetime.now(UTC))
        await store.set_queues(template_id, queue_ids)
        for attachment in attachments:
            await store.attach(template_id, attachment)
        await _audit(
            uow,
            caller,
            "template.create",
            name,
            {"kind": kind.value, "queues": sorted(set(queue_ids)), "attachments": [a.filename for a in attachments]},
        )
        await uow.commit()
        return template_id


async def delete(uow: TicketsUnitOfWork, caller: Caller, template_id: int) -> None:
    require_admin(caller)
    async with uow:
        name = await uow.templates.remove(template_id)
        if name is None:
            raise NotFound(f"no template {template_id}")
        await _audit(uow, caller, "template.delete", name, {})
        await uow.commit()


async def for_queue(uow: TicketsUnitOfWork, caller: Caller, queue_id: int) -> list[StoredTemplate]:
    """The templates usable in a queue the caller may read (404 for any other queue)."""
    if queue_id not in caller.readable_queue_ids:
        raise NotFound(f"no queue {queue_id}")
    async with uow:
        return await uow.templates.listed([queue_id])


async def attachments_for(uow: TicketsUnitOfWork, template_id: int, queue_id: int) -> list[NewAttachment]:
    """A reply with a template takes its files (in the reply's open unit of work); only a template
    of the ticket's queue (404 otherwise)."""
    store = uow.templates
    template = await store.get(template_id)
    if template is None or queue_id not in template.queue_ids:
        raise NotFound(f"no template {template_id} for this ticket's queue")
    return await store.attachment_contents(template_id)


async def render(
    uow: TicketsUnitOfWork, caller: Caller, number: str, template_id: int
) -> tuple[StoredTemplate, str, str]:
    """The template for that ticket: (template, full text, text without the signature).

    Only a template of the ticket's queue, on a readable ticket. A reply is signed
    when it is sent, so a reply's ``body_text`` is the text without the signature.
    """
    async with uow:
        return await _render(uow, caller, number, template_id)


async def _render(
    uow: TicketsUnitOfWork, caller: Caller, number: str, template_id: int
) -> tuple[StoredTemplate, str, str]:
    ticket = await uow.tickets.brief(number, caller.readable_queue_ids)
    if ticket is None:
        raise NotFound(f"no ticket {number}")
    template = await uow.templates.get(template_id)
    if template is None or ticket.queue_id not in template.queue_ids:
        raise NotFound(f"no template {template_id} for this ticket's queue")
    queue = await uow.directory.queue(ticket.queue_id)
    assert queue is not None
    customer = ticket.customer_email or ""
    variables = {
        "ticket": texts.TicketVars(ticket.number, ticket.title),
        "customer": texts.CustomerVars(customer, await uow.directory.customer_name_for(customer)),
        "queue": texts.QueueVars(queue.name),
    }
    parts = (texts.render(x or "", **variables) for x in (template.body, queue.salutation, queue.signature))
    body, salutation, signature = parts
    kind = TemplateKind(template.kind)
    return template, compose(kind, body, salutation, signature), compose(kind, body, salutation, "")
