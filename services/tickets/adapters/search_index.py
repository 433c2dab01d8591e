"""The full-text index: PostgreSQL ``tsvector`` (German + English) or SQLite FTS5 (stemmed in Python).

One row per article (subject, body, sender, attachment names) and one for the
title (``article_id`` 0), written in the same transaction as the article. The
tables are created by migration 0003, per dialect, and are not in the metadata.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, literal, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.adapters import fts_terms, orm

TITLE = 0
_PG_VECTOR = "to_tsvector('german', :body) || to_tsvector('english', :body)"


class SearchIndex:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.is_pg = session.bind.dialect.name == "postgresql"

    async def put(self, ticket_id: int, article_id: int, body: str) -> None:
        """Index ``body`` for that article (or the title with ``TITLE``), replacing what was there."""
        params = {"ticket_id": ticket_id, "article_id": article_id}
        if self.is_pg:
            await self.session.execute(
                text(
                    f"INSERT INTO search_docs (ticket_id, article_id, document) VALUES (:ticket_id, :article_id, "
                    f"{_PG_VECTOR}) ON CONFLICT (ticket_id, article_id) DO UPDATE SET document = EXCLUDED.document"
                ),
                {**params, "body": body},
            )
            return
        await self.session.execute(
            text("DELETE FROM search_fts WHERE ticket_id = :ticket_id AND article_id = :article_id"), params
        )
        await self.session.execute(
            text("INSERT INTO search_fts (ticket_id, article_id, body) VALUES (:ticket_id, :article_id, :body)"),
            {**params, "body": fts_terms.index_text(body)},
        )

    async def move(self, source_id: int, target_id: int) -> None:
        """A merge: the source's articles are found under the target now (its title stays its own)."""
        table = "search_docs" if self.is_pg else "search_fts"
        await self.session.execute(
            text(f"UPDATE {table} SET ticket_id = :target WHERE ticket_id = :source AND article_id <> {TITLE}"),
            {"source": source_id, "target": target_id},
        )


def matching(dialect: str, query: str) -> ColumnElement[bool]:
    """A condition on ``tickets.id``: some article or the title of the ticket matches ``query``."""
    if dialect == "postgresql":
        ids = (
            select(literal_column("ticket_id"))
            .select_from(text("search_docs"))
            .where(
                text(
                    "document @@ (websearch_to_tsquery('german', :q) || websearch_to_tsquery('english', :q))"
                ).bindparams(q=query)
            )
        )
    else:
        fts = fts_terms.fts5_query(query)
        if fts is None:
            return literal(False)
        ids = (
            select(literal_column("ticket_id"))
            .select_from(text("search_fts"))
            .where(text("search_fts MATCH :q").bindparams(q=fts))
        )
    return orm.tickets.c.id.in_(ids)
