"""Where the PostgreSQL and RabbitMQ of the tests come from.

1. ``UMLAUF_TEST_DATABASE_URL`` / ``UMLAUF_TEST_AMQP_URL``, when set, are used as they are;
2. else, when a Docker daemon answers, testcontainers starts each server for the run;
3. else the local servers (PostgreSQL and RabbitMQ on 127.0.0.1, default ports);
   a test that needs one that does not answer stops the run with a message.

The choice is made once, in the process that starts the run (with pytest-xdist the
controller): it writes the URLs to the environment, which the workers inherit.
``UMLAUF_TEST_CONTAINERS=0`` keeps Docker out of it (``make test-fast`` needs no server).
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from contextlib import ExitStack
from typing import Literal
from urllib.parse import urlparse

import pytest

DATABASE_ENV = "UMLAUF_TEST_DATABASE_URL"
AMQP_ENV = "UMLAUF_TEST_AMQP_URL"
LOCAL_DATABASE_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
LOCAL_AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/"
POSTGRES_IMAGE = "postgres:17.6-bookworm"  # as deploy/compose.yaml
RABBITMQ_IMAGE = "rabbitmq:4.2.4-management"

Source = Literal["configured", "container", "local"]


def choose(configured: str | None, *, containers_allowed: bool, docker_answers: Callable[[], bool]) -> Source:
    """Where one server comes from; ``docker_answers`` is asked only when it matters."""
    if configured:
        return "configured"
    if containers_allowed and docker_answers():
        return "container"
    return "local"


def docker_answers() -> bool:
    """True when a Docker daemon answers a ping (``DOCKER_HOST`` or the default socket)."""
    try:
        import docker

        client = docker.from_env(timeout=3)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def provide(stack: ExitStack) -> dict[str, Source]:
    """Choose both servers, start containers where chosen (stopped when ``stack`` closes),
    and publish the URLs in the environment; return where each came from."""
    allowed = os.environ.get("UMLAUF_TEST_CONTAINERS", "1") != "0"
    answers: list[bool] = []

    def cached_docker_answers() -> bool:
        if not answers:
            answers.append(docker_answers())
        return answers[0]

    sources: dict[str, Source] = {}
    for env, start in ((DATABASE_ENV, _start_postgres), (AMQP_ENV, _start_rabbitmq)):
        sources[env] = choose(os.environ.get(env), containers_allowed=allowed, docker_answers=cached_docker_answers)
        if sources[env] == "container":
            os.environ[env] = start(stack)
    return sources


def database_url() -> str:
    return os.environ.get(DATABASE_ENV) or LOCAL_DATABASE_URL


def amqp_url() -> str:
    return os.environ.get(AMQP_ENV) or LOCAL_AMQP_URL


def require_postgres() -> str:
    """The database server's URL; stops the run with what to start if it does not answer."""
    return _require(database_url(), 5432, "PostgreSQL", DATABASE_ENV)


def require_rabbitmq() -> str:
    return _require(amqp_url(), 5672, "RabbitMQ", AMQP_ENV)


def answers(url: str, default_port: int) -> bool:
    """True when the server at ``url`` accepts a TCP connection."""
    parsed = urlparse(url.replace("+asyncpg", ""))
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), 2).close()
        return True
    except OSError:
        return False


def _require(url: str, default_port: int, what: str, env: str) -> str:
    if not answers(url, default_port):
        pytest.exit(
            f"{what} is not reachable at {url}. Start it (see README, 'Tests'), start Docker for "
            f"testcontainers, or point {env} at one.",
            returncode=3,
        )
    return url


def _start_postgres(stack: ExitStack) -> str:
    from testcontainers.community.postgres import PostgresContainer

    container = stack.enter_context(PostgresContainer(POSTGRES_IMAGE, driver="asyncpg"))
    return container.get_connection_url()


def _start_rabbitmq(stack: ExitStack) -> str:
    from testcontainers.community.rabbitmq import RabbitMqContainer

    container = stack.enter_context(RabbitMqContainer(RABBITMQ_IMAGE))
    host, port = container.get_container_host_ip(), container.get_exposed_port(container.port)
    return f"amqp://{container.username}:{container.password}@{host}:{port}/"
