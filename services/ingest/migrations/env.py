"""Alembic environment of the ingest service."""

from services.ingest.adapters.orm import metadata
from shared.migrations import run_env

run_env(metadata)
