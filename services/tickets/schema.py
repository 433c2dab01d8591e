"""All tables of the tickets service on their one metadata: what migrations compare against."""

from __future__ import annotations

from services.tickets.directory.adapters import tables as directory_tables
from services.tickets.identity.adapters import tables as identity_tables
from services.tickets.tables import metadata
from services.tickets.ticketing.adapters import tables as ticket_tables

__all__ = ["directory_tables", "identity_tables", "metadata", "ticket_tables"]
