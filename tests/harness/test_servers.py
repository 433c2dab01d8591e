"""Where the test servers come from (``tests/servers.py``)."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

from tests import servers


def _never() -> bool:
    raise AssertionError("Docker was asked although the answer did not matter")


def test_a_configured_url_wins_and_docker_is_not_asked() -> None:
    assert servers.choose("postgresql+asyncpg://db/x", containers_allowed=True, docker_answers=_never) == "configured"


def test_containers_when_docker_answers() -> None:
    assert servers.choose(None, containers_allowed=True, docker_answers=lambda: True) == "container"


def test_local_servers_without_docker_or_when_containers_are_off() -> None:
    assert servers.choose(None, containers_allowed=True, docker_answers=lambda: False) == "local"
    assert servers.choose("", containers_allowed=False, docker_answers=_never) == "local"


def test_docker_answers_is_false_where_no_daemon_listens(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'no-docker.sock'}")
    assert servers.docker_answers() is False


def test_provide_keeps_configured_urls_and_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(servers.DATABASE_ENV, "postgresql+asyncpg://u@db.example/postgres")
    monkeypatch.setenv(servers.AMQP_ENV, "amqp://u:p@mq.example/")
    with ExitStack() as stack:
        assert servers.provide(stack) == {servers.DATABASE_ENV: "configured", servers.AMQP_ENV: "configured"}
    assert servers.database_url() == "postgresql+asyncpg://u@db.example/postgres"
    assert servers.amqp_url() == "amqp://u:p@mq.example/"


def test_without_configuration_the_local_servers_are_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(servers.DATABASE_ENV, raising=False)
    monkeypatch.delenv(servers.AMQP_ENV, raising=False)
    monkeypatch.setenv("UMLAUF_TEST_CONTAINERS", "0")
    with ExitStack() as stack:
        assert set(servers.provide(stack).values()) == {"local"}
    assert servers.database_url() == servers.LOCAL_DATABASE_URL
    assert servers.amqp_url() == servers.LOCAL_AMQP_URL
