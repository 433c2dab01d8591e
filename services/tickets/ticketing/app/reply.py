"""Reply by email: an agent's article that notify sends (``outbound_mail`` on the event).

The Message-ID is ours and chosen here, so the customer's answer threads back by
``In-Reply-To`` before notify has even sent the mail. The mail is multipart text +
HTML, the HTML built from the text (:mod:`services.tickets.ticketing.domain.mail_html`).
"""

from __future__ import annotations

import base64
from datetime import datetime

from services.tickets.directory.app import templates as standard_answers
from services.tickets.directory.domain import templates
from services.tickets.directory.domain.permissions import Permission
from services.tickets.directory.domain.records import QueueInfo
from services.tickets.errors import Invalid
from services.tickets.ticketing.app.actions import Action, ActionContext
from services.tickets.ticketing.app.auto_reply import make_message_id
from services.tickets.ticketing.domain.articles import Article, Channel, NewAttachment, SenderType
from services.tickets.ticketing.domain.delivery import DeliveryStatus
from services.tickets.ticketing.domain.mail_html import html_from_text
from services.tickets.ticketing.domain.numbering import subject_with_hook
from shared.contracts.common import Attachment, OutboundMail


def outgoing_mail(
    *,
    queue: QueueInfo,
    number: str,
    title: str,
    to: list[str],
    cc: list[str],
    subject: str | None,
    body_text: str,
    attachments: list[NewAttachment],
    hook: str,
    in_reply_to: str | None,
    references: list[str],
    actor: str,
    now: datetime,
    greet: bool = True,
    customer_name: str | None = None,
) -> tuple[Article, OutboundMail]:
    """An agent's mail from the queue's address, signed, with the hook and a Message-ID of ours.

    ``greet``: the queue's salutation goes first, unless the text already starts with it
    (a standard answer's ``unsigned`` text has it). A forward to a third party is not greeted.
    """
    if not queue.address:
        raise Invalid(f"queue {queue.name} has no system address to send from")
    variables = {
        "ticket": templates.TicketVars(number, title),
        "customer": templates.CustomerVars(to[0], customer_name or to[0]),
        "queue": templates.QueueVars(queue.name),
    }
    salutation = templates.render(queue.salutation or "", **variables).strip() if greet else ""
    if salutation and body_text.lstrip().startswith(salutation):
        salutation = ""
    signature = templates.render(queue.signature or "", **variables)
    body = templates.compose(salutation, body_text, f"-- \n{signature}" if signature else None)
    article = Article(
        sender_type=SenderType.AGENT,
        channel=Channel.EMAIL,
        created_at=now,
        created_by=actor,
        from_address=queue.address,
        to=to,
        cc=cc,
        subject=subject_with_hook(subject or f"Re: {title}", hook, number),
        body_text=body,
        message_id=make_message_id(number, queue.address),
        in_reply_to=in_reply_to,
        references=references,
        attachments=attachments,
        delivery_status=DeliveryStatus.QUEUED.value,
    )
    mail = OutboundMail(
        from_address=queue.address,
        from_name=queue.address_name or None,
        to=to,
        cc=cc,
        subject=article.subject,
        body_text=body,
        body_html=html_from_text(body),
        message_id=article.message_id or "",
        in_reply_to=in_reply_to,
        references=references,
        attachments=[
            Attachment(
                filename=a.filename,
                content_type=a.content_type,
                size=len(a.content),
                content_b64=base64.b64encode(a.content).decode(),
            )
            for a in attachments
        ],
    )
    return article, mail


def reply(
    *,
    to: list[str],
    cc: list[str],
    subject: str | None,
    body_text: str,
    attachments: list[NewAttachment],
    hook: str,
    template_id: int | None = None,
) -> Action:
    async def run(ctx: ActionContext) -> Article:
        ctx.require(Permission.RW)
        ticket = ctx.ticket
        files = attachments
        if template_id is not None:
            files = [*attachments, *await standard_answers.attachments_for(ctx.uow, template_id, ctx.queue.id)]
        recipients = to or ([ticket.customer_email] if ticket.customer_email else [])
        if not recipients:
            raise Invalid("the ticket has no customer address; name a recipient")
        assert ticket.id is not None
        answered = await ctx.uow.articles.last_customer_mail(ticket.id)
        in_reply_to, references = (answered[0], [*answered[1], answered[0]]) if answered else (None, [])
        article, ctx.outbound = outgoing_mail(
            queue=ctx.queue,
            number=ticket.number,
            title=ticket.title,
            to=recipients,
            cc=cc,
            subject=subject,
            body_text=body_text,
            attachments=files,
            hook=hook,
            customer_name=await ctx.uow.directory.customer_name_for(recipients[0]),
            in_reply_to=in_reply_to,
            references=references,
            actor=ctx.actor,
            now=ctx.now,
        )
        ticket.send_answer(article, ctx.caller.agent.id, ctx.caller.agent.login, ctx.actor)
        return article

    return run
