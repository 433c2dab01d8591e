"""The port the sender delivers through; ``adapters/transport.py`` has the SMTP relay and the file drop."""

from __future__ import annotations

import uuid
from typing import Protocol

from services.notify.domain.delivery import Delivered


class Transport(Protocol):
    """Raises :class:`~services.notify.domain.delivery.DeliveryFailed` when the mail did not go."""

    name: str

    async def send(self, raw: bytes, *, sender: str, recipients: list[str], mail_id: uuid.UUID) -> Delivered: ...
