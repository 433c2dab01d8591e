"""Value shapes used by several contracts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Attachment(BaseModel):
    """A file carried inside an event (base64, since events are JSON)."""

    model_config = ConfigDict(frozen=True)

    filename: str
    content_type: str = "application/octet-stream"
    size: int = Field(ge=0)
    content_b64: str
    content_id: str | None = None
    inline: bool = False


class Header(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    value: str


class OutboundMail(BaseModel):
    """A mail the tickets service wants sent; notify delivers it and reports back.

    ``message_id`` is chosen by the sender of the event so that the ticket can
    recognise replies (``In-Reply-To``) before the mail has even left.
    """

    model_config = ConfigDict(frozen=True)

    from_address: str
    from_name: str | None = None
    to: list[str]
    cc: list[str] = []
    bcc: list[str] = []
    subject: str
    body_text: str
    body_html: str | None = None
    message_id: str
    in_reply_to: str | None = None
    references: list[str] = []
    attachments: list[Attachment] = []
    auto_submitted: str | None = Field(
        default=None,
        description="'auto-replied' or 'auto-generated' for automatic mail; None for a person's mail.",
    )
