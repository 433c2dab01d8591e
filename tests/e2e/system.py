"""Start Umlauf as real OS processes for end-to-end tests and talk to it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


def clean_env(**overrides: str) -> dict[str, str]:
    """The test's environment without any UMLAUF_* of the caller, plus overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UMLAUF_")}
    env.update({"UMLAUF_LOG_JSON": "false", **overrides})
    return env


def umlauf(*args: str) -> list[str]:
    return [sys.executable, "-m", "umlauf.cli", *args]


@dataclass
class Process:
    """One ``umlauf`` process with its log file."""

    name: str
    args: list[str]
    env: dict[str, str]
    cwd: Path
    log_path: Path
    popen: subprocess.Popen[bytes] | None = None
    restarts: int = field(default=0)

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.popen = subprocess.Popen(self.args, env=self.env, cwd=self.cwd, stdout=log, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, like a crashed node."""
        assert self.popen is not None
        self.popen.kill()
        self.popen.wait(10)

    def stop(self) -> None:
        if self.popen and self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def wait_ready(url: str, process: Process, within: float = 180.0) -> None:
    """Wait for ``/readyz`` to answer 200; fail with the process log if it dies.

    Generous: with parallel test workers, several systems start at once on two cores.
    """
    deadline = time.monotonic() + within
    last = ""
    while time.monotonic() < deadline:
        if process.popen is not None and process.popen.poll() is not None:
            raise AssertionError(f"{process.name} exited with {process.popen.returncode}:\n{process.log()[-5000:]}")
        try:
            response = httpx.get(f"{url}/readyz", timeout=2)
            if response.status_code == 200:
                return
            last = response.text
        except httpx.HTTPError as exc:
            last = repr(exc)
        time.sleep(0.3)
    raise AssertionError(f"{process.name} not ready at {url}: {last}\n{process.log()[-5000:]}")


def run_cli(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(umlauf(*args), env=env, cwd=cwd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise AssertionError(f"umlauf {' '.join(args)} failed: {done.stdout}\n{done.stderr}")
    return done.stdout
