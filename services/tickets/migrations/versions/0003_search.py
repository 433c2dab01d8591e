"""full-text search: search_docs (PostgreSQL tsvector) or search_fts (SQLite FTS5)

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ARTICLE_TEXT = (
    "coalesce(a.subject, '') || ' ' || coalesce(a.from_address, '') || ' ' || coalesce(a.body_text, '') || ' ' || "
    "coalesce((SELECT string_agg(f.filename, ' ') FROM attachments f WHERE f.article_id = a.id), '')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.create_table(
            "search_docs",
            sa.Column("ticket_id", sa.BigInteger(), nullable=False),
            sa.Column("article_id", sa.BigInteger(), nullable=False),
            sa.Column("document", postgresql.TSVECTOR(), nullable=False),
            sa.PrimaryKeyConstraint("ticket_id", "article_id", name="pk_search_docs"),
        )
        op.create_index("ix_search_docs_document", "search_docs", ["document"], postgresql_using="gin")
        op.execute(
            "INSERT INTO search_docs (ticket_id, article_id, document) "
            "SELECT id, 0, to_tsvector('german', title) || to_tsvector('english', title) FROM tickets"
        )
        op.execute(
            "INSERT INTO search_docs (ticket_id, article_id, document) "
            f"SELECT a.ticket_id, a.id, to_tsvector('german', {ARTICLE_TEXT}) || "
            f"to_tsvector('english', {ARTICLE_TEXT}) FROM articles a"
        )
        return
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(ticket_id UNINDEXED, article_id UNINDEXED, body)")
    _backfill_sqlite()


def _backfill_sqlite() -> None:
    """Existing tickets of an embedded install; stems as the service computes them."""
    from services.tickets.ticketing.adapters.fts_terms import index_text

    bind = op.get_bind()
    rows = [(t, 0, title) for t, title in bind.execute(sa.text("SELECT id, title FROM tickets"))]
    rows += list(
        bind.execute(
            sa.text(
                f"SELECT a.ticket_id, a.id, {ARTICLE_TEXT} FROM articles a".replace(
                    "string_agg(f.filename, ' ')", "group_concat(f.filename, ' ')"
                )
            )
        )
    )
    for ticket_id, article_id, body in rows:
        bind.execute(
            sa.text("INSERT INTO search_fts (ticket_id, article_id, body) VALUES (:t, :a, :b)"),
            {"t": ticket_id, "a": article_id, "b": index_text(body or "")},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_table("search_docs")
    else:
        op.execute("DROP TABLE search_fts")
