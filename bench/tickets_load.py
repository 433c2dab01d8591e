"""Bulk-loads tickets and articles into a migrated tickets database with PostgreSQL's COPY.

Rows are built for the service's own tables (:mod:`services.tickets.ticketing.adapters.tables`),
column by column, so a renamed or new required column makes COPY fail loudly
instead of loading something else. The mix is plausible for a help desk in use for years:
most tickets closed, a third of the tickets in the inbox queue, three articles
per ticket (the customer's mail, the agent's answer, an internal note), each
with a few rare words besides the common ones (:mod:`bench.vocabulary`).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy import Table
from sqlalchemy.engine import make_url

from bench.vocabulary import RARE, text_of
from services.tickets.ticketing.adapters import tables as ticket_tables

ARTICLES_PER_TICKET = 3
RARE_PER_ARTICLE = 3
CHUNK = 20_000
STATE_WEIGHTS = {"closed successful": 60, "closed unsuccessful": 10, "open": 15, "new": 10, "pending reminder": 5}
SPAN = timedelta(days=730)


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def load(url: str, tickets: int, *, seed: int = 7) -> list[str]:
    """Insert ``tickets`` tickets with three articles each; return the ticket numbers."""
    connection = await asyncpg.connect(asyncpg_dsn(url))
    try:
        queue_ids = [r["id"] for r in await connection.fetch("SELECT id FROM queues ORDER BY id")]
        states = {r["name"]: r["id"] for r in await connection.fetch("SELECT id, name FROM ticket_states")}
        admin = await connection.fetchval("SELECT id FROM agents WHERE login = 'admin'")
        rows = _Rows(random.Random(seed), queue_ids, states, admin, tickets)
        numbers: list[str] = []
        for start in range(0, tickets, CHUNK):
            chunk = [rows.ticket(i + 1) for i in range(start, min(tickets, start + CHUNK))]
            numbers += [t["number"] for t in chunk]
            await _copy(connection, ticket_tables.tickets, chunk)
            await _copy(connection, ticket_tables.articles, [a for t in chunk for a in rows.articles(t)])
        for table in (ticket_tables.tickets, ticket_tables.articles):
            await connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
            )
            await connection.execute(f"ANALYZE {table.name}")
        return numbers
    finally:
        await connection.close()


async def _copy(connection: asyncpg.Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    columns = [column.name for column in table.columns]
    await connection.copy_records_to_table(
        table.name, records=[tuple(row.get(c) for c in columns) for row in rows], columns=columns
    )


class _Rows:
    def __init__(
        self, rng: random.Random, queue_ids: list[int], states: dict[str, int], admin: int, total: int
    ) -> None:
        self.rng = rng
        # The inbox (the first queue) gets a third of all tickets, the others share the rest.
        self.queue_weights = [(len(queue_ids) - 1) // 2 or 1] + [1] * (len(queue_ids) - 1)
        self.queue_ids = queue_ids
        self.state_ids = [states[name] for name in STATE_WEIGHTS]
        self.state_weights = list(STATE_WEIGHTS.values())
        self.admin = admin
        self.bodies = [text_of(rng, rng.choice((300, 800, 2_000))) for _ in range(500)]
        self.now = datetime.now(UTC)
        self.total = total

    def ticket(self, ticket_id: int) -> dict[str, Any]:
        # Ids grow with time, as they do in a real system; spread over two years.
        created = self.now - SPAN * (1 - ticket_id / self.total) - timedelta(seconds=self.rng.randrange(3600))
        return {
            "id": ticket_id,
            "number": f"{created:%Y%m%d}10{ticket_id:07d}",
            "title": f"Anfrage {ticket_id}: {self.rng.choice(self.bodies)[:60]}",
            "queue_id": self.rng.choices(self.queue_ids, self.queue_weights)[0],
            "state_id": self.rng.choices(self.state_ids, self.state_weights)[0],
            "priority": self.rng.choice((2, 3, 3, 3, 4)),
            "type_name": "Unclassified",
            "customer_email": f"kunde{ticket_id % 5000}@example.org",
            "owner_id": self.admin,
            "locked": False,
            "created_at": created,
            "changed_at": created + timedelta(hours=2),
            "version": ARTICLES_PER_TICKET,
        }

    def articles(self, ticket: dict[str, Any]) -> Iterator[dict[str, Any]]:
        first = (ticket["id"] - 1) * ARTICLES_PER_TICKET + 1
        kinds = (("customer", "email", True), ("agent", "email", True), ("agent", "note", False))
        for k, (sender, channel, visible) in enumerate(kinds):
            yield {
                "id": first + k,
                "ticket_id": ticket["id"],
                "sender_type": sender,
                "channel": channel,
                "visible_for_customer": visible,
                "from_address": ticket["customer_email"] if sender == "customer" else "info@neudorf.example",
                "to": json.dumps(["info@neudorf.example"]),
                "cc": "[]",
                "subject": ticket["title"],
                "body_text": f"{self.rng.choice(self.bodies)}\n{' '.join(self.rng.sample(RARE, RARE_PER_ARTICLE))}",
                "message_id": f"<{ticket['id']}.{k}@bench.example>",
                "references": "[]",
                "created_at": ticket["created_at"] + timedelta(minutes=30 * k),
                "created_by": "customer" if sender == "customer" else "admin",
            }
