"""Build and send test mail over real SMTP."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib


def donation_mail(
    subject: str = "Spende: Basketballkorb",
    sender: str = "spender@example.org",
    to: str = "info@neudorf.example",
    body: str = "Hallo, ich möchte dem Verein einen Basketballkorb spenden. Viele Grüße",
    *,
    in_reply_to: str | None = None,
    attachment: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Erika Spender <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="example.org")
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if attachment is not None:
        message.add_attachment(attachment, maintype="image", subtype="png", filename="Korb-Foto.png")
    return message


async def send(message: EmailMessage, port: int, host: str = "127.0.0.1") -> None:
    await aiosmtplib.send(message, hostname=host, port=port, timeout=30)


async def rcpt_codes(port: int, recipients: list[str], host: str = "127.0.0.1") -> list[int]:
    """The RCPT answer code for each recipient, in one transaction that is reset (nothing is sent)."""
    async with aiosmtplib.SMTP(hostname=host, port=port, timeout=30) as client:
        await client.mail("anna@example.org")
        codes = []
        for recipient in recipients:
            try:
                codes.append((await client.rcpt(recipient)).code)
            except aiosmtplib.SMTPRecipientRefused as refused:
                codes.append(refused.code)
        await client.rset()
    return codes
