"""From what ingest read to the event it announces."""

from __future__ import annotations

import base64
from dataclasses import asdict

from services.ingest.domain.model import ParsedMessage, RawMessage
from services.ingest.domain.recipients import delivered_to
from services.ingest.domain.routing import Outcome, Route
from shared.contracts import new_event
from shared.contracts.common import Attachment, Header
from shared.contracts.ingest import Decision, MessageReceivedV1, Routing
from shared.envelope import Envelope

SOURCE = "ingest"
IMPORT_SOURCE = "import"
"""``StoreRaw.source`` of ``umlauf import``: what it stores is announced as imported."""


def _routing(route: Route) -> Routing:
    return Routing(
        queue=route.queue,
        priority=route.priority,
        state=route.state,
        type=route.type,
        title=route.title,
        customer=route.customer,
        owner=route.owner,
        tags=list(route.tags),
        spam=route.spam,
    )


def message_received(raw: RawMessage, parsed: ParsedMessage, outcome: Outcome) -> Envelope:
    """``ingest.message.received``; without a readable From, the envelope sender stands in.

    The headers are those routing kept (control headers of an untrusted source are gone).
    Mail fetched from an account has no SMTP envelope: its recipient comes from the
    delivering MTA's header (``domain/recipients.py``), so tickets can route by recipient.
    """
    payload = MessageReceivedV1(
        raw_message_id=raw.id,
        received_at=raw.received_at,
        envelope_from=raw.envelope_from,
        envelope_to=raw.envelope_to or (delivered_to(parsed.headers) if raw.account_id else []),
        from_address=parsed.sender.address if parsed.sender else (raw.envelope_from or ""),
        from_name=parsed.sender.name if parsed.sender else None,
        reply_to=parsed.reply_to,
        to=parsed.to,
        cc=parsed.cc,
        subject=parsed.subject,
        message_id=parsed.message_id,
        in_reply_to=parsed.in_reply_to,
        references=parsed.references,
        date=parsed.date,
        text_body=parsed.text_body,
        html_body=parsed.html_body,
        attachments=[
            Attachment(
                filename=a.filename,
                content_type=a.content_type,
                size=len(a.content),
                content_b64=base64.b64encode(a.content).decode("ascii"),
                content_id=a.content_id,
                inline=a.inline,
            )
            for a in parsed.attachments
        ],
        headers=[Header(name=name, value=value) for name, value in outcome.headers],
        auto_submitted=parsed.auto_submitted,
        is_bounce=parsed.is_bounce,
        is_list=parsed.is_list,
        parse_problems=parsed.problems,
        routing=_routing(outcome.route),
        decisions=[Decision(**asdict(step)) for step in outcome.steps],
        imported=raw.source == IMPORT_SOURCE,
        import_state=raw.import_state,
    )
    return new_event(payload, source=SOURCE, key=str(raw.id))
