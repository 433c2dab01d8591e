"""customers log in: customer_users.password_hash, sees_company, and customer_tokens

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("customer_users") as batch:
        batch.add_column(sa.Column("password_hash", sa.String(length=200)))
        batch.add_column(sa.Column("sees_company", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "customer_tokens",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("customer_id", Id, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer_users.id"],
            name=op.f("fk_customer_tokens_customer_id_customer_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_customer_tokens_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("customer_tokens")
    with op.batch_alter_table("customer_users") as batch:
        batch.drop_column("sees_company")
        batch.drop_column("password_hash")
