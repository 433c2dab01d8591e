"""Where mail goes: an SMTP relay (aiosmtplib) or, without one, ``var/outbox/*.eml``.

Both raise :class:`~services.notify.domain.delivery.DeliveryFailed`, marked
temporary for 4xx replies and connection trouble, permanent for 5xx.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

import aiosmtplib

from services.notify.domain.delivery import Delivered, DeliveryFailed


class SmtpTransport:
    name = "smtp"

    def __init__(
        self,
        host: str,
        port: int,
        *,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 60,
    ) -> None:
        self.host, self.port = host, port
        self.username, self.password = username, password
        self.starttls, self.timeout = starttls, timeout

    async def send(self, raw: bytes, *, sender: str, recipients: list[str], mail_id: uuid.UUID) -> Delivered:
        client = aiosmtplib.SMTP(
            hostname=self.host,
            port=self.port,
            timeout=self.timeout,
            start_tls=self.starttls,
            username=self.username,
            password=self.password,
        )
        try:
            async with client:
                refused, reply = await client.sendmail(sender, recipients, raw)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            temporary = any(400 <= r.code < 500 for r in exc.recipients)
            raise DeliveryFailed(_refusals(exc.recipients), temporary=temporary) from exc
        except aiosmtplib.SMTPAuthenticationError as exc:
            # A configuration problem: keep the mail until the operator fixes it (or give-up time).
            raise DeliveryFailed(f"{exc.code} {exc.message}", temporary=True) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise DeliveryFailed(f"{exc.code} {exc.message}", temporary=exc.code < 500) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise DeliveryFailed(f"connection: {exc!r}", temporary=True) from exc
        if refused:
            reply = f"{reply}; refused: " + "; ".join(f"{a}: {r.code} {r.message}" for a, r in refused.items())
        return Delivered(self.name, reply)


def _refusals(refusals: list[aiosmtplib.SMTPRecipientRefused]) -> str:
    return "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in refusals)


class FileTransport:
    """Writes ``<var>/outbox/<timestamp>-<mail id>.eml``: a temporary file renamed in place, never half a mail."""

    name = "file"

    def __init__(self, var_dir: Path) -> None:
        self.directory = var_dir / "outbox"

    async def send(self, raw: bytes, *, sender: str, recipients: list[str], mail_id: uuid.UUID) -> Delivered:
        try:
            path = await asyncio.to_thread(self._write, raw, mail_id)
        except OSError as exc:
            raise DeliveryFailed(f"writing the mail failed: {exc!r}", temporary=True) from exc
        return Delivered(self.name, path.name)

    def _write(self, raw: bytes, mail_id: uuid.UUID) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        target = self.directory / f"{stamp}-{mail_id}.eml"
        fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(raw)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target
