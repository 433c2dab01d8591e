"""``notify.mail.sent`` / ``notify.mail.failed``: the delivery result, recorded where an agent looks.

An article's result goes on the article (``delivery``); an auto-reply is no
article, so its result is a ``SendAutoReply`` history entry on the ticket. The ticket is
only checked to exist, never loaded: a mail burst sends one report per auto-reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.tickets.ticketing.app.intake import CONSUMER
from services.tickets.ticketing.domain.delivery import DeliveryStatus
from services.tickets.ticketing.domain.history import HistoryType
from services.tickets.unit_of_work import UnitOfWorkFactory
from shared.contracts.notify import MailFailedV1, MailSentV1
from shared.envelope import Envelope


@dataclass(frozen=True)
class DeliveryReport:
    unit_of_work: UnitOfWorkFactory

    async def __call__(self, report: MailSentV1 | MailFailedV1, envelope: Envelope) -> None:
        if isinstance(report, MailSentV1):
            status, detail, at = DeliveryStatus.SENT, report.server_reply or "", report.sent_at
        else:
            status = DeliveryStatus.FAILED if report.final else DeliveryStatus.DEFERRED
            detail, at = report.error, report.failed_at
        async with self.unit_of_work() as uow:
            if not await uow.claim(CONSUMER, envelope):
                return
            if report.article_id is not None:
                await uow.articles.record_delivery(report.article_id, status, detail)
            elif (
                report.purpose == "auto_reply"
                and report.ticket_id is not None
                and await uow.tickets.exists(report.ticket_id)
            ):
                note = f"Auto-reply to {', '.join(report.to)} {status.value}" + (f": {detail}" if detail else ".")
                await uow.tickets.add_history(
                    report.ticket_id, HistoryType.SEND_AUTO_REPLY, "system", at, new=status.value, note=note
                )
            await uow.commit()
