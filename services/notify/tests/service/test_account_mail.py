"""``identity.mail.requested``: an account's mail (password reset) is sent as an automatic mail without a ticket."""

from __future__ import annotations

from email import message_from_bytes, policy

from services.notify.tests.events import outbound
from shared.contracts import new_event
from shared.contracts.tickets import MailRequestedV1
from tests.support import wait_until


async def test_a_password_reset_mail_is_sent_and_logged_without_a_ticket(any_db_url, start_notify, tmp_path) -> None:
    notify = await start_notify(any_db_url)
    mail = outbound(
        "vorstand@neudorf.example",
        message_id="<reset.1@neudorf.example>",
        subject="Password reset",
        in_reply_to=None,
        references=[],
        auto_submitted="auto-generated",
    )
    await notify.handle(new_event(MailRequestedV1(mail=mail, purpose="password_reset"), source="tickets"))

    async def sent() -> list[dict] | None:
        rows = await notify.mails()
        return rows if rows and rows[0]["status"] == "sent" else None

    [row] = await wait_until(sent, within=10)
    assert row["purpose"] == "account" and row["ticket_id"] is None
    [eml] = sorted((tmp_path / "var" / "outbox").iterdir())
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"].addresses[0].addr_spec == "vorstand@neudorf.example"
    assert message["Auto-Submitted"] == "auto-generated"
    [event] = await notify.events()
    assert event.type == "notify.mail.sent" and event.data["ticket_id"] is None
