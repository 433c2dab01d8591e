"""Password reset by mail, for agents and customers.

The request always looks the same from outside (202), so it tells nobody whether an
account exists. The token is random, stored as sha256, lives ``RESET_VALID`` and works
once; a successful reset ends the account's sessions and its other open resets. At most
``MAX_REQUESTS`` mails per account and ``REQUEST_WINDOW``: more requests are dropped silently.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime, timedelta

from services.tickets.errors import Invalid
from services.tickets.identity.app.auth import hash_password, hash_token, require_good_password
from services.tickets.identity.domain.records import Account
from services.tickets.unit_of_work import TicketsUnitOfWork
from shared.contracts import new_event
from shared.contracts.common import OutboundMail
from shared.contracts.tickets import MailRequestedV1

RESET_VALID = timedelta(hours=1)
REQUEST_WINDOW = timedelta(hours=1)
MAX_REQUESTS = 3
PURPOSE = "password_reset"


def _mail(account: Account, sender: tuple[str, str], token: str) -> OutboundMail:
    address, display_name = sender
    body = (
        f"Hello {account.name or account.login},\n\n"
        f"someone asked to reset the password of the account {account.login!r}.\n"
        f"To choose a new password, enter this code on the password reset page within "
        f"{int(RESET_VALID.total_seconds() // 60)} minutes:\n\n    {token}\n\n"
        "If it was not you, ignore this mail; your password stays as it is.\n"
    )
    return OutboundMail(
        from_address=address,
        from_name=display_name or None,
        to=[account.email],
        subject="Password reset",
        body_text=body,
        message_id=f"<reset.{uuid.uuid4().hex}@{address.rpartition('@')[2]}>",
        auto_submitted="auto-generated",
    )


async def request(uow: TicketsUnitOfWork, login_or_email: str) -> None:
    now = datetime.now(UTC)
    async with uow:
        resets = uow.password_resets
        account = await resets.account(login_or_email)
        if (
            account is None
            or not account.email
            or await resets.requested_since(account, now - REQUEST_WINDOW) >= MAX_REQUESTS
        ):
            return
        sender = await resets.sender()
        if sender is None:
            return  # no system address to send from: nothing can reach the account
        token = secrets.token_urlsafe(32)
        await resets.add(account, hash_token(token), now, now + RESET_VALID)
        event = MailRequestedV1(mail=_mail(account, sender, token), purpose=PURPOSE)
        uow.emit(new_event(event, source="tickets", key=f"account:{account.kind}:{account.id}"))
        await uow.commit()


async def confirm(uow: TicketsUnitOfWork, token: str, new_password: str) -> None:
    """A new password for the token's account; its sessions end. A bad token is a 422."""
    now = datetime.now(UTC)
    async with uow:
        resets = uow.password_resets
        taken = await resets.take(hash_token(token), now)
        account = await resets.account_by_id(*taken) if taken else None
        if account is None:
            raise Invalid("the reset code is wrong, used or expired")
        await require_good_password(uow, account.login, new_password)
        await resets.set_password(account, await hash_password(new_password))
        await resets.end_all(account, now)
        await resets.end_sessions(account, now)
        await uow.commit()
