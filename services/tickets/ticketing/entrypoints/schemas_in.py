"""Request bodies of the ticket actions."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from services.tickets.ticketing.domain.articles import NewAttachment

MAX_TEXT = 1_000_000
# One plain address; no display names, no lists, nothing that could become a second header or recipient.
Address = Annotated[str, Field(max_length=320, pattern=r"^[^@\s<>,;:\"()\[\]\\]+@[^@\s<>,;:\"()\[\]\\]+$")]


class AttachmentIn(BaseModel):
    filename: str = Field(min_length=1, max_length=255)
    content_type: str = Field(default="application/octet-stream", max_length=200, pattern=r"^[\w.+-]+/[\w.+-]+$")
    content_b64: str = Field(description="The file, base64-encoded.")

    @field_validator("content_b64")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("not valid base64") from exc
        return value

    def to_domain(self) -> NewAttachment:
        return NewAttachment(self.filename, self.content_type, base64.b64decode(self.content_b64))


class NoteIn(BaseModel):
    subject: str = Field(default="", max_length=500)
    body_text: str = Field(min_length=1, max_length=MAX_TEXT)
    visible_for_customer: bool = False
    attachments: list[AttachmentIn] = Field(default=[], max_length=50)


class ReplyIn(BaseModel):
    to: list[Address] = Field(default=[], max_length=50, description="Default: the ticket's customer.")
    cc: list[Address] = Field(default=[], max_length=50)
    subject: str | None = Field(default=None, max_length=500, description="Default: 'Re: <title>'; the hook is added.")
    body_text: str = Field(min_length=1, max_length=MAX_TEXT)
    attachments: list[AttachmentIn] = Field(default=[], max_length=50)
    template_id: int | None = Field(
        default=None, ge=1, le=2**62, description="A standard answer of the ticket's queue: its files are attached."
    )


class ForwardIn(BaseModel):
    to: list[Address] = Field(min_length=1, max_length=50)
    cc: list[Address] = Field(default=[], max_length=50)
    body_text: str = Field(default="", max_length=MAX_TEXT, description="Written above the forwarded article.")
    article_id: int | None = Field(default=None, ge=1, le=2**62, description="Default: the newest article.")
    visible_for_customer: bool = False


class TagsIn(BaseModel):
    tags: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(min_length=1, max_length=50)


class MoveIn(BaseModel):
    queue: str = Field(min_length=1, max_length=400, description="Queue name or id", examples=["Materialwart"])


class LockIn(BaseModel):
    take_over: bool = Field(default=False, description="Take a lock held by another agent (needs rw).")


class StateIn(BaseModel):
    state: str = Field(min_length=1, max_length=100, examples=["pending reminder"])
    pending_until: AwareDatetime | None = Field(default=None, description="Required for pending states.")


class PriorityIn(BaseModel):
    priority: int = Field(ge=1, le=5)


class OwnerIn(BaseModel):
    owner: str = Field(min_length=1, max_length=200, description="The new owner's login.")


class ResponsibleIn(BaseModel):
    responsible: str = Field(min_length=1, max_length=200, description="The responsible agent's login.")


class TitleIn(BaseModel):
    title: str = Field(min_length=1, max_length=500)


class SplitIn(BaseModel):
    article_id: int = Field(ge=1, le=2**62)
    queue: str | None = Field(default=None, max_length=400, description="Default: the same queue.")
    title: str | None = Field(default=None, max_length=500, description="Default: the article's subject.")


class MergeIn(BaseModel):
    into: str = Field(min_length=1, max_length=40, description="Number of the ticket that absorbs this one.")


class TicketIn(BaseModel):
    origin: str = Field(
        default="phone",
        pattern="^(phone|internal|email)$",
        description="A phone call, an internal matter, or a mail to the customer (email-out).",
    )
    queue: str = Field(min_length=1, max_length=400, examples=["Allgemein"])
    title: str = Field(min_length=1, max_length=500)
    body_text: str = Field(min_length=1, max_length=MAX_TEXT)
    customer_email: Address | None = None
    priority: int = Field(default=3, ge=1, le=5)
    attachments: list[AttachmentIn] = Field(default=[], max_length=50)


class BulkIn(BaseModel):
    """Changes applied to every ticket, in this order: lock/unlock, state, priority, owner, note,
    add tags, remove tags, move, merge (last: a merged ticket takes no more changes)."""

    numbers: list[str] = Field(min_length=1, max_length=500)
    lock: bool | None = Field(default=None, description="true: lock to the caller; false: unlock.")
    state: StateIn | None = None
    priority: PriorityIn | None = None
    owner: OwnerIn | None = None
    note: NoteIn | None = None
    add_tags: TagsIn | None = None
    remove_tags: TagsIn | None = None
    move: MoveIn | None = None
    merge: MergeIn | None = Field(default=None, description="Merge every ticket into this one (needs rw on both).")


class LinkIn(BaseModel):
    number: str = Field(min_length=1, max_length=40, description="The other ticket.")
    type: str = Field(default="normal", pattern="^(normal|child)$", description="'child': the other becomes our child.")


class TypeIn(BaseModel):
    type: str = Field(min_length=1, max_length=100, examples=["Unclassified"])


class CustomerIn(BaseModel):
    customer_email: Address
