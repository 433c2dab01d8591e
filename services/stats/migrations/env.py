"""Alembic environment of the stats service."""

from services.stats.adapters.orm import metadata
from shared.migrations import run_env

run_env(metadata)
