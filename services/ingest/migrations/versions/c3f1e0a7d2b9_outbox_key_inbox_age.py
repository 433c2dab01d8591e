"""outbox.key for the relay, an index for inbox retention

Revision ID: c3f1e0a7d2b9
Revises: 78e664e94b5b
"""

from __future__ import annotations

from shared.migrations import add_outbox_key_and_inbox_age, drop_outbox_key_and_inbox_age

revision = "c3f1e0a7d2b9"
down_revision = "78e664e94b5b"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_outbox_key_and_inbox_age()


def downgrade() -> None:
    drop_outbox_key_and_inbox_age()
