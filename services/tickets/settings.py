"""The tickets service's settings: ticket numbers, follow-ups, archiving, the demo's defaults."""

from __future__ import annotations

from pydantic import Field

from shared.settings import Settings


class TicketsSettings(Settings):
    """The shared settings plus tickets' own; each field is an ``UMLAUF_<NAME>`` variable.

    ``smtp_max_message_size``, ``spam_queue`` and ``default_language`` are read by another service
    too (ingest, gateway): one variable, so both agree.
    """

    tickets_port: int = Field(default=8082, description="HTTP port of tickets when served alone.")
    system_id: int = Field(default=10, ge=0, le=99, description="System id inside ticket numbers.")
    ticket_number_generator: str = Field(default="DateChecksum", description="DateChecksum, Date or AutoIncrement.")
    ticket_hook: str = Field(default="Ticket#", description="The hook before the number in subjects.")
    follow_up_by_body_number: bool = Field(
        default=False,
        description="A mail whose subject and In-Reply-To/References match no ticket follows up the ticket "
        "whose hook and number (ours) are in its text body.",
    )
    archive_after_days: int = Field(
        default=0, ge=0, description="Archive closed tickets this many days after they were closed; 0: never."
    )
    smtp_max_message_size: int = Field(
        default=25 * 1024 * 1024, description="Larger mail is refused; also the limit of attachments sent by API."
    )
    spam_queue: str = Field(default="Spam", description="The queue the demo and a first install create for spam.")
    default_language: str = Field(default="de", description="Language of the first administrator and demo agents.")

    @property
    def port(self) -> int:
        return self.tickets_port
