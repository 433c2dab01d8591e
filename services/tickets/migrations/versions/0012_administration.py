"""administration: customer companies, customer addresses, out-of-office, runtime settings, TOTP replay

- ``customer_companies`` replaces the free ``customer_users.company`` string by a row
  (``company_id``); each distinct string becomes a company.
- ``customer_emails``: every address of a customer, unique across customers (lower case).
- ``agents.out_of_office_*``; ``agent_totp.last_step`` (the last accepted TOTP time step);
  ``runtime_settings`` (what an admin changes without a restart).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "customer_companies",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("country", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_companies")),
        sa.UniqueConstraint("name", name=op.f("uq_customer_companies_name")),
    )
    op.create_table(
        "customer_emails",
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("customer_id", Id, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer_users.id"],
            name=op.f("fk_customer_emails_customer_id_customer_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("address", name=op.f("pk_customer_emails")),
    )
    op.create_index(op.f("ix_customer_emails_customer_id"), "customer_emails", ["customer_id"])
    op.create_table(
        "runtime_settings",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_runtime_settings")),
    )
    with op.batch_alter_table("agents") as batch:
        batch.add_column(sa.Column("out_of_office_from", sa.Date(), nullable=True))
        batch.add_column(sa.Column("out_of_office_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("out_of_office_note", sa.String(length=400), nullable=True))
    with op.batch_alter_table("agent_totp") as batch:
        batch.add_column(sa.Column("last_step", sa.BigInteger(), nullable=True))
    with op.batch_alter_table("customer_users") as batch:
        batch.add_column(sa.Column("company_id", Id, nullable=True))
        batch.create_foreign_key(
            op.f("fk_customer_users_company_id_customer_companies"), "customer_companies", ["company_id"], ["id"]
        )
    _move_data()
    with op.batch_alter_table("customer_users") as batch:
        batch.drop_column("company")


def _move_data() -> None:
    """Companies from the distinct strings; every known address once (the first customer keeps it)."""
    connection = op.get_bind()
    users = sa.table(
        "customer_users",
        sa.column("id", Id),
        sa.column("email", sa.String),
        sa.column("emails", sa.JSON),
        sa.column("company", sa.String),
        sa.column("company_id", Id),
    )
    companies = sa.table(
        "customer_companies", sa.column("id", Id), sa.column("name", sa.String), sa.column("valid", sa.Boolean)
    )
    emails = sa.table(
        "customer_emails",
        sa.column("address", sa.String),
        sa.column("customer_id", Id),
        sa.column("position", sa.Integer),
    )
    rows = connection.execute(
        sa.select(users.c.id, users.c.email, users.c.emails, users.c.company).order_by(users.c.id)
    )
    taken: set[str] = set()
    for customer_id, email, more, company in rows.all():
        if company:
            found = connection.execute(sa.select(companies.c.id).where(companies.c.name == company)).scalar()
            if found is None:
                found = connection.execute(
                    sa.insert(companies).values(name=company, valid=True).returning(companies.c.id)
                ).scalar_one()
            connection.execute(sa.update(users).where(users.c.id == customer_id).values(company_id=found))
        addresses = [a.lower() for a in (email, *(more or ())) if a]
        for position, address in enumerate(dict.fromkeys(addresses)):
            if address not in taken:
                taken.add(address)
                connection.execute(
                    sa.insert(emails).values(address=address, customer_id=customer_id, position=position)
                )


def downgrade() -> None:
    with op.batch_alter_table("customer_users") as batch:
        batch.add_column(sa.Column("company", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    connection.execute(
        sa.text(
            "UPDATE customer_users SET company = "
            "(SELECT name FROM customer_companies WHERE customer_companies.id = customer_users.company_id)"
        )
    )
    with op.batch_alter_table("customer_users") as batch:
        batch.drop_constraint(op.f("fk_customer_users_company_id_customer_companies"), type_="foreignkey")
        batch.drop_column("company_id")
    with op.batch_alter_table("agent_totp") as batch:
        batch.drop_column("last_step")
    with op.batch_alter_table("agents") as batch:
        batch.drop_column("out_of_office_note")
        batch.drop_column("out_of_office_until")
        batch.drop_column("out_of_office_from")
    op.drop_table("runtime_settings")
    op.drop_index(op.f("ix_customer_emails_customer_id"), table_name="customer_emails")
    op.drop_table("customer_emails")
    op.drop_table("customer_companies")
