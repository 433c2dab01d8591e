"""Ingest's domain errors mapped to problem+json status codes, in one place (the body is ``shared.problems``)."""

from __future__ import annotations

from fastapi import FastAPI

from services.ingest.domain.accounts import AccountNameTaken, AccountNotFound, InvalidAccount
from services.ingest.domain.filters import FilterNameTaken, FilterNotFound
from shared.problems import install_problem_handlers

STATUS: dict[type[Exception], int] = {
    AccountNotFound: 404,
    AccountNameTaken: 409,
    InvalidAccount: 422,
    FilterNotFound: 404,
    FilterNameTaken: 409,
}


def install(app: FastAPI) -> None:
    install_problem_handlers(app, STATUS)
