"""mail log, auto-reply rate limit, outbox, inbox

Revision ID: 0001
Revises:
Create Date: 2026-11-28 22:07:44.550672
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from shared.migrations import create_messaging_tables, drop_messaging_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "auto_reply_limits",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("last_reply_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )
    op.create_table(
        "mails",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("purpose", sa.String(length=30), nullable=False),
        sa.Column("ticket_id", sa.BigInteger(), nullable=True),
        sa.Column("article_id", sa.BigInteger(), nullable=True),
        sa.Column("queue_id", sa.Integer(), nullable=True),
        sa.Column("envelope_from", sa.String(length=320), nullable=False, comment="'' is the null sender"),
        sa.Column("recipients", sa.JSON(), nullable=False, comment="SMTP envelope recipients, Bcc included"),
        sa.Column("to", sa.JSON(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("message_id", sa.String(length=998), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("server_reply", sa.Text(), nullable=True),
        sa.Column("transport", sa.String(length=20), nullable=True),
        sa.Column(
            "raw", sa.LargeBinary(), nullable=True, comment="The message as sent; NULL when suppressed or unbuildable"
        ),
        sa.Column("source_event_id", sa.Uuid(), nullable=False),
        sa.Column("correlation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mails_due", "mails", ["status", "next_attempt_at"], unique=False)
    op.create_index("ix_mails_ticket", "mails", ["ticket_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_mails_ticket", table_name="mails")
    op.drop_index("ix_mails_due", table_name="mails")
    op.drop_table("mails")
    op.drop_table("auto_reply_limits")
    drop_messaging_tables()
