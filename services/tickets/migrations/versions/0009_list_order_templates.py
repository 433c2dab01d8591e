"""ticket list: an index per sort order (newest, changed, priority); standard answers (templates)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Time = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_index("ix_tickets_created", "tickets", [sa.text("created_at DESC"), sa.text("id DESC")])
    op.create_index("ix_tickets_changed", "tickets", [sa.text("changed_at DESC"), sa.text("id DESC")])
    op.create_index(
        "ix_tickets_priority", "tickets", [sa.text("priority DESC"), sa.text("created_at DESC"), sa.text("id DESC")]
    )
    op.create_table(
        "standard_templates",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", Time, nullable=False),
        sa.Column("changed_at", Time, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_templates")),
        sa.UniqueConstraint("name", name=op.f("uq_standard_templates_name")),
    )
    op.create_table(
        "standard_template_queues",
        sa.Column("template_id", Id, nullable=False),
        sa.Column("queue_id", Id, nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["standard_templates.id"],
            name=op.f("fk_standard_template_queues_template_id_standard_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["queue_id"], ["queues.id"], name=op.f("fk_standard_template_queues_queue_id_queues"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("template_id", "queue_id", name=op.f("pk_standard_template_queues")),
    )
    op.create_table(
        "standard_template_attachments",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("template_id", Id, nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["standard_templates.id"],
            name=op.f("fk_standard_template_attachments_template_id_standard_templates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blobs.sha256"], name=op.f("fk_standard_template_attachments_sha256_blobs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_template_attachments")),
    )
    op.create_index(
        op.f("ix_standard_template_attachments_template_id"), "standard_template_attachments", ["template_id"]
    )


def downgrade() -> None:
    op.drop_table("standard_template_attachments")
    op.drop_table("standard_template_queues")
    op.drop_table("standard_templates")
    for name in ("ix_tickets_priority", "ix_tickets_changed", "ix_tickets_created"):
        op.drop_index(name, table_name="tickets")
