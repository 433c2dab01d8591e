"""The SMTP and LMTP intake (aiosmtpd), run inside the service's own event loop.

The DATA handler stores the raw message and only then answers 250; if storing
fails the sender gets a 451 and tries again later. Mail over the size limit is
refused by aiosmtpd itself with 552 and never reaches the handler. With a
certificate the SMTP intake offers STARTTLS (not required: MTAs fall back to
plain text, and refusing them would lose mail).

LMTP must answer once per recipient after DATA; aiosmtpd's LMTP answers once,
so the LMTP handler takes one recipient per transaction and answers a second
RCPT with 452, which tells the client to send it in the next transaction.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import ssl
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger(__name__)

Store = Callable[[bytes, str | None, list[str]], Awaitable[uuid.UUID | None]]
AcceptRecipient = Callable[[str], Awaitable[bool]]
"""Whether to take mail for a recipient at RCPT (``app.system_addresses.RecipientCheck``)."""


async def accept_every_recipient(address: str) -> bool:
    return True


class IntakeHandler:
    def __init__(self, store: Store, accept_recipient: AcceptRecipient = accept_every_recipient) -> None:
        self.store = store
        self.accept_recipient = accept_recipient

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        try:
            accepted = await self.accept_recipient(address)
        except Exception:
            # A permanent answer would bounce the mail for a passing fault: ask the sender to retry.
            log.exception("could not check the recipient %s", address)
            return "451 4.3.0 Recipient not checked, please try again later"
        if not accepted:
            return f"550 5.1.1 <{address}>: recipient unknown here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        # aiosmtpd reports the null sender of a bounce (MAIL FROM:<>) as "<>"; ours is "".
        sender = "" if envelope.mail_from in (None, "<>") else envelope.mail_from
        try:
            stored = await self.store(raw, sender, list(envelope.rcpt_tos))
        except Exception:
            log.exception("could not store a message from %s", envelope.mail_from)
            return "451 4.3.0 Message not stored, please try again later"
        return f"250 2.0.0 OK queued as {stored}"


class LmtpIntakeHandler(IntakeHandler):
    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if envelope.rcpt_tos:
            return "452 4.5.3 One recipient per LMTP transaction, send the next one again"
        return await super().handle_RCPT(server, session, envelope, address, rcpt_options)


def tls_context(cert: Path | None, key: Path | None) -> ssl.SSLContext | None:
    """The server context for STARTTLS, or None when no certificate is configured."""
    if cert is None or key is None:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


class _LenientSMTP(SMTP):
    """RFC 5321 allows 1,000 characters a line; real mail (HTML generators) sends more.

    aiosmtpd would answer such a message with a permanent 500 and the sender's MTA
    would bounce it; we accept long lines (up to the size limit of the whole mail).
    """

    line_length_limit = 1 << 20


class _LenientLMTP(LMTP):
    line_length_limit = 1 << 20


class SmtpIntake:
    """``serve`` is a background coroutine of the service: listens until cancelled."""

    def __init__(
        self,
        handler: IntakeHandler,
        host: str,
        port: int,
        max_message_size: int,
        *,
        tls: ssl.SSLContext | None = None,
        lmtp: bool = False,
    ) -> None:
        self.handler = handler
        self.host = host
        self.port = port
        self.max_message_size = max_message_size
        self.tls = tls
        self.lmtp = lmtp
        self.hostname = socket.gethostname()

    def _protocol(self) -> SMTP:
        return (_LenientLMTP if self.lmtp else _LenientSMTP)(
            self.handler,
            data_size_limit=self.max_message_size,
            enable_SMTPUTF8=True,
            hostname=self.hostname,
            tls_context=self.tls,
            loop=asyncio.get_running_loop(),
        )

    async def serve(self) -> None:
        server = await asyncio.get_running_loop().create_server(self._protocol, self.host, self.port)
        log.info("%s intake listening on %s:%d", "LMTP" if self.lmtp else "SMTP", self.host, self.port)
        async with server:
            await server.serve_forever()
