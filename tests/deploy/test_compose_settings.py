"""Compose and the settings: every variable is a real setting, secrets come from deploy/.env."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shared.settings import Settings
from tests.deploy.conftest import DEPLOY, INTERPOLATION, interpolate, served_name, setting_env_names
from umlauf.compose import SETTINGS

Services = dict[str, dict[str, Any]]


def test_only_real_umlauf_settings_are_set(services: Services) -> None:
    """A misspelt variable is silently ignored by pydantic-settings; catch it here."""
    known = setting_env_names()
    for name, service in services.items():
        unknown = {k for k in service.get("environment", {}) if k.startswith("UMLAUF_")} - known
        assert not unknown, f"{name}: {sorted(unknown)}"


def test_secrets_are_required_from_the_env_file_not_written_in(compose: dict[str, Any]) -> None:
    required = {m["name"] for m in INTERPOLATION.finditer(json.dumps(compose)) if m["op"] == ":?"}
    assert {"UMLAUF_SECRET_KEY", "RABBITMQ_PASSWORD", "POSTGRES_PASSWORD"} <= required
    example = dict(line.split("=", 1) for line in (DEPLOY / ".env.example").read_text().splitlines() if "=" in line)
    referenced = {m["name"] for m in INTERPOLATION.finditer(json.dumps(compose))}
    assert referenced <= set(example), "document every variable in deploy/.env.example"
    assert all(example[name] == "" for name in required), ".env.example must not ship a usable secret"


def test_settings_accept_every_service_environment(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """pydantic-settings parses each container's environment (types, booleans, ports)."""
    values = {"UMLAUF_SECRET_KEY": "k" * 32, "RABBITMQ_PASSWORD": "r" * 16, "POSTGRES_PASSWORD": "p" * 16}
    for service in services.values():
        with monkeypatch.context() as env:
            for key, value in service.get("environment", {}).items():
                env.setenv(key, interpolate(str(value), values))
            # the served service parses its own settings too (ports, relay, spam flags)
            settings = SETTINGS[served]() if (served := served_name(service)) else Settings()
        if served:
            assert settings.database_url(served).endswith(f"/umlauf_{served}")
            assert settings.secret_key == "k" * 32


def test_rabbitmq_users_config_is_json_after_interpolation(compose: dict[str, Any]) -> None:
    content = compose["configs"]["rabbitmq-users"]["content"]
    users = json.loads(interpolate(content, {"RABBITMQ_PASSWORD": "0123abcd"}))
    (user,) = users["users"]
    assert user == {"name": "umlauf", "password": "0123abcd", "tags": ["administrator"]}
    assert users["permissions"][0]["user"] == "umlauf"


def test_every_dollar_is_a_compose_interpolation() -> None:
    """``$VAR`` or a typo like ``${VAR:?}`` without braces would reach the container verbatim."""
    text = (DEPLOY / "compose.yaml").read_text()
    stray = INTERPOLATION.sub("", text).replace("$$", "")
    assert "$" not in stray
