"""The full-text index: PostgreSQL ``tsvector`` (German + English) or SQLite FTS5 (stemmed in Python).

One row per article (subject, body, sender, attachment names) and one for the
title (``article_id`` 0), written in the same transaction as the article. The
tables are created by migration 0003, per dialect, and are not in the metadata.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, literal, literal_column, select, text, union
from sqlalchemy.ext.asyncio import AsyncSession

from services.tickets.ticketing.adapters import fts_terms
from services.tickets.ticketing.adapters import tables as ticket_tables

TITLE = 0
_PG_VECTOR = "to_tsvector('german', :body) || to_tsvector('english', :body)"
_PG_QUERY = "(websearch_to_tsquery('german', :q) || websearch_to_tsquery('english', :q))"
_ARTICLE_TEXT = (
    "coalesce(a.subject, '') || ' ' || coalesce(a.from_address, '') || ' ' || coalesce(a.body_text, '') || ' ' || "
    "coalesce((SELECT {agg} FROM attachments f WHERE f.article_id = a.id), '')"
)


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

    async def rebuild(self) -> int:
        """Index every title and article again from the tables (after a bulk load); return the row count."""
        if self.is_pg:
            text_sql = _ARTICLE_TEXT.format(agg="string_agg(f.filename, ' ')")
            await self.session.execute(text("TRUNCATE search_docs"))
            titles = await self.session.execute(
                text(
                    "INSERT INTO search_docs (ticket_id, article_id, document) "
                    "SELECT id, 0, to_tsvector('german', title) || to_tsvector('english', title) FROM tickets"
                )
            )
            articles = await self.session.execute(
                text(
                    "INSERT INTO search_docs (ticket_id, article_id, document) SELECT a.ticket_id, a.id, "
                    f"to_tsvector('german', {text_sql}) || to_tsvector('english', {text_sql}) FROM articles a"
                )
            )
            await self.session.execute(text("ANALYZE search_docs"))
            return titles.rowcount + articles.rowcount  # type: ignore[attr-defined]
        await self.session.execute(text("DELETE FROM search_fts"))
        rows = [(r.id, TITLE, r.title) for r in await self.session.execute(text("SELECT id, title FROM tickets"))]
        text_sql = _ARTICLE_TEXT.format(agg="group_concat(f.filename, ' ')")
        rows += list(await self.session.execute(text(f"SELECT a.ticket_id, a.id, {text_sql} FROM articles a")))
        for ticket_id, article_id, body in rows:
            await self.put(ticket_id, article_id, body or "")
        return len(rows)


def matching(dialect: str, query: str) -> ColumnElement[bool]:
    """A condition on ``tickets.id``: some article or the title of the ticket matches ``query``.

    On PostgreSQL it is a correlated ``EXISTS`` rather than ``id IN (…)``: the planner
    can then either collect the few tickets of a rare word from the GIN index, or walk
    the tickets newest first and probe each one's documents by primary key until a page
    is full — the only cheap way when a word is in nearly every ticket.

    A query that looks like part of a number or address (:func:`substring_term`) also
    finds tickets whose number, customer address or a sender contains it; those few
    tickets come from the trigram indexes (PostgreSQL) or a scan with ``LIKE`` (SQLite).
    """
    term = substring_term(query)
    if dialect == "postgresql":
        if term is None:
            return exists(
                _pg_documents(query).where(literal_column("search_docs.ticket_id") == ticket_tables.tickets.c.id)
            )
        return ticket_tables.tickets.c.id.in_(union(_pg_documents(query), *_containing(term)))
    fts = fts_terms.fts5_query(query)
    found = [] if fts is None else [_sqlite_documents(fts)]
    found += _containing(term) if term is not None else []
    if not found:
        return literal(False)
    return ticket_tables.tickets.c.id.in_(union(*found) if len(found) > 1 else found[0])


def _pg_documents(query: str) -> Select[Any]:
    return (
        select(literal_column("search_docs.ticket_id"))
        .select_from(text("search_docs"))
        .where(text(f"search_docs.document @@ {_PG_QUERY}").bindparams(q=query))
    )


def _sqlite_documents(fts: str) -> Select[Any]:
    return (
        select(literal_column("ticket_id"))
        .select_from(text("search_fts"))
        .where(text("search_fts MATCH :q").bindparams(q=fts))
    )


_IDENTIFIER = re.compile(r"\S*[\d@._-]\S*")
MIN_SUBSTRING = 3
"""Trigram indexes need three characters; shorter parts would match nearly everything."""


def substring_term(query: str) -> str | None:
    """The query as a substring to look for, when it is one word with a digit, ``@``, ``.``, ``-``
    or ``_`` (``1000123``, ``baeckerei-neudorf``, ``@example.org``); None for ordinary words."""
    term = query.strip()
    if len(term) < MIN_SUBSTRING or not _IDENTIFIER.fullmatch(term):
        return None
    return term


def _containing(term: str) -> list[Select[Any]]:
    """Ids of tickets whose number, customer address or some sender contains ``term`` (addresses in any case)."""
    t, a = ticket_tables.tickets, ticket_tables.articles
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return [
        select(t.c.id).where(t.c.number.like(pattern, escape="\\")),  # digits: case does not matter
        select(t.c.id).where(t.c.customer_email.ilike(pattern, escape="\\")),
        select(a.c.ticket_id).where(a.c.from_address.ilike(pattern, escape="\\")),
    ]
