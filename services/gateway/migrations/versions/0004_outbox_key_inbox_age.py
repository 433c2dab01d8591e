"""outbox.key for the relay, an index for inbox retention

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from shared.migrations import add_outbox_key_and_inbox_age, drop_outbox_key_and_inbox_age

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_key_and_inbox_age()


def downgrade() -> None:
    drop_outbox_key_and_inbox_age()
