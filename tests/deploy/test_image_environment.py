"""The image's environment, rebuilt without Docker: what the Dockerfile does, step by step.

The build context is assembled as Docker would (the Dockerfile's COPY sources less what
``.dockerignore`` excludes), ``uv sync --frozen --no-dev`` installs it from uv's cache,
and the result must run ``umlauf migrate``: it proves that the lock installs, that no
runtime import needs a dev-only package, and that migrations ship in the image.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from shared.settings import SERVICES
from tests.deploy.conftest import REPO, docker_ignored
from tests.deploy.test_dockerfile import instructions

UV = Path(sys.executable).with_name("uv")


def _context_sources() -> list[str]:
    copies = [a for k, a in instructions((REPO / "Dockerfile").read_text()) if k == "COPY" and "--from=" not in a]
    return sorted({s for a in copies for s in a.split()[:-1] if not s.startswith("--")})


def _assemble_context(target: Path) -> None:
    for source in _context_sources():
        path = REPO / source
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            relative = file.relative_to(REPO).as_posix()
            if not docker_ignored(relative):
                (target / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(file, target / relative)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{' '.join(args)}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_the_image_environment_installs_from_the_lock_and_migrates(tmp_path: Path) -> None:
    app = tmp_path / "app"
    _assemble_context(app)
    assert not list(app.rglob("tests")), "tests must stay out of the image"
    # uv's cache (UV_CACHE_DIR, if set) stays: --offline installs from what `make install` fetched.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("UV_PROJECT", "VIRTUAL_ENV", "UMLAUF_"))}
    env.update(UV_COMPILE_BYTECODE="0", UV_PYTHON_DOWNLOADS="never", UV_PYTHON=sys.executable)

    _run([str(UV), "sync", "--frozen", "--no-dev", "--offline", "--no-install-project"], app, env)
    _run([str(UV), "sync", "--frozen", "--no-dev", "--offline"], app, env)

    python = app / ".venv" / "bin" / "python"
    dev_only = _run([str(python), "-c", "import importlib.util as u; print(bool(u.find_spec('pytest')))"], app, env)
    assert dev_only.strip() == "False", "--no-dev must leave the test tools out"
    migrated = _run([str(app / ".venv" / "bin" / "umlauf"), "migrate"], app, {**env, "UMLAUF_VAR_DIR": str(tmp_path)})
    assert [line for line in migrated.splitlines() if line.startswith("migrated")] == [
        f"migrated {name}" for name in SERVICES
    ]
