"""``umlauf up`` as a real process for end-to-end tests."""

from __future__ import annotations

import email
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy
from pathlib import Path

import httpx

from tests.e2e.system import Process, clean_env, run_cli, umlauf, wait_ready
from tests.support import free_port


@dataclass
class Embedded:
    url: str
    smtp_port: int
    var_dir: Path
    token: str
    process: Process
    env: dict[str, str]
    workdir: Path

    def api(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=f"{self.url}/api/v1", headers={"Authorization": f"Bearer {self.token}"}, timeout=20
        )

    async def login(self, login: str) -> httpx.AsyncClient:
        """An API client for a demo agent, logged in with the demo password."""
        client = httpx.AsyncClient(base_url=f"{self.url}/api/v1", timeout=20)
        response = await client.post("/auth/login", json={"login": login, "password": f"neudorf-{login}"})
        assert response.status_code == 200, response.text
        client.headers["Authorization"] = f"Bearer {response.json()['token']}"
        return client

    def outbox(self) -> list[email.message.EmailMessage]:
        folder = self.var_dir / "outbox"
        files = sorted(folder.glob("*.eml")) if folder.exists() else []
        return [email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in files]


@contextmanager
def start_embedded(workdir: Path, smtp_port: int | None = None, **settings: str) -> Iterator[Embedded]:
    """``umlauf up --demo`` in ``workdir`` on free ports, with an admin API token;
    ``settings`` are extra ``UMLAUF_*`` variables."""
    gateway_port, smtp_port = free_port(), smtp_port or free_port()
    env = clean_env(
        UMLAUF_VAR_DIR=str(workdir / "var"),
        UMLAUF_GATEWAY_PORT=str(gateway_port),
        UMLAUF_SMTP_PORT=str(smtp_port),
        UMLAUF_SMTP_MAX_MESSAGE_SIZE=str(2 * 1024 * 1024),
        **settings,
    )
    process = Process("umlauf up", umlauf("up", "--demo"), env, workdir, workdir / "up.log")
    process.start()
    url = f"http://127.0.0.1:{gateway_port}"
    try:
        wait_ready(url, process)
        token = run_cli(env, workdir, "token", "create", "admin").strip().splitlines()[-1]
        yield Embedded(url, smtp_port, workdir / "var", token, process, env, workdir)
    finally:
        process.stop()
