"""Bus adapter for ``identity.mail.requested``: a mail about an account (a password reset), no ticket."""

from __future__ import annotations

from collections.abc import Callable

from services.notify.app.handlers import MailRequest, queue_mails
from services.notify.app.unit_of_work import NotifyUnitOfWork
from services.notify.domain.model import Purpose
from services.notify.settings import NotifySettings
from shared.contracts.tickets import MailRequestedV1
from shared.envelope import Envelope
from shared.handlers import ContractHandler


def account_requests(event: MailRequestedV1) -> list[MailRequest]:
    return [MailRequest(event.mail, Purpose.ACCOUNT, ticket_id=None, queue_id=None)]


def make_account_mail_handler(
    uow_factory: Callable[[], NotifyUnitOfWork], settings: NotifySettings, wake: Callable[[], None]
) -> ContractHandler:
    async def on_mail_requested(event: MailRequestedV1, envelope: Envelope) -> None:
        await queue_mails(envelope, account_requests(event), uow_factory=uow_factory, settings=settings, wake=wake)

    return on_mail_requested
