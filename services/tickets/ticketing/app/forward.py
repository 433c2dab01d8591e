"""Forward an article by email to someone outside the ticket (a colleague, a supplier).

The mail is an agent's article like a reply (``outbound_mail`` on ``ticket.article.added``,
sent by notify), but it carries the forwarded article's text and attachments, goes to
addresses the agent names, and is hidden from the customer unless asked otherwise.
"""

from __future__ import annotations

from services.tickets.directory.domain.permissions import Permission
from services.tickets.errors import NotFound
from services.tickets.ticketing.app.actions import Action, ActionContext
from services.tickets.ticketing.app.reply import outgoing_mail
from services.tickets.ticketing.domain.articles import Article


def quoted(article: Article, body_text: str) -> str:
    """The agent's text, then the forwarded article with its sender, recipients and subject."""
    header = [
        "---- Forwarded message ----",
        f"From: {article.from_address or ''}",
        f"To: {', '.join(article.to)}",
        *([f"Cc: {', '.join(article.cc)}"] if article.cc else []),
        f"Subject: {article.subject or ''}",
        "",
        article.body_text,
    ]
    return "\n".join([body_text, "", *header] if body_text else header)


def forward(
    *, to: list[str], cc: list[str], body_text: str, article_id: int | None, visible_for_customer: bool, hook: str
) -> Action:
    async def run(ctx: ActionContext) -> Article:
        ctx.require(Permission.RW)
        ticket = ctx.ticket
        assert ticket.id is not None
        chosen = article_id if article_id is not None else await ctx.uow.articles.latest(ticket.id)
        original = await ctx.uow.articles.load(chosen, ticket.id) if chosen is not None else None
        if original is None:
            raise NotFound(f"no article {article_id} on ticket {ticket.number}")
        article, ctx.outbound = outgoing_mail(
            queue=ctx.queue,
            number=ticket.number,
            title=ticket.title,
            to=to,
            cc=cc,
            subject=f"Fwd: {original.subject or ticket.title}",
            body_text=quoted(original, body_text),
            attachments=original.attachments,
            hook=hook,
            in_reply_to=None,
            references=[],
            actor=ctx.actor,
            now=ctx.now,
            greet=False,
        )
        article.visible_for_customer = visible_for_customer
        ticket.forward(article, ctx.actor)
        return article

    return run
