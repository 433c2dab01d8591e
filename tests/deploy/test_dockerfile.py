"""The Dockerfile builds one image from the lock file and runs ``umlauf`` as a non-root user."""

from __future__ import annotations

import json
import re
import tomllib

import pytest

from tests.deploy.conftest import REPO, docker_ignored

Instruction = tuple[str, str]


def instructions(text: str) -> list[Instruction]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    logical: list[str] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        pending += " " + stripped.removesuffix("\\").strip() if pending else stripped.removesuffix("\\").strip()
        if not stripped.endswith("\\"):
            logical.append(pending)
            pending = ""
    return [(parts[0].upper(), parts[1] if len(parts) > 1 else "") for parts in (s.split(None, 1) for s in logical)]


@pytest.fixture(scope="module")
def dockerfile() -> list[Instruction]:
    return instructions((REPO / "Dockerfile").read_text())


def _stages(dockerfile: list[Instruction]) -> list[list[Instruction]]:
    stages: list[list[Instruction]] = []
    for keyword, args in dockerfile:
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, args))
    return stages


def test_multi_stage_on_a_pinned_python_311_slim(dockerfile: list[Instruction]) -> None:
    args = dict(a.split("=", 1) for k, a in dockerfile if k == "ARG" and "=" in a)
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", args["PYTHON_IMAGE"])
    stages = _stages(dockerfile)
    assert len(stages) >= 2
    assert all(stage[0][1].startswith("${PYTHON_IMAGE}") for stage in stages if "python" in stage[0][1].lower())


def test_installs_uv_from_pypi_and_syncs_the_frozen_lock_without_dev(dockerfile: list[Instruction]) -> None:
    runs = [a for k, a in dockerfile if k == "RUN"]
    assert any(re.search(r"pip install .*\"uv==\$\{UV_VERSION\}\"", r) for r in runs)
    assert any(re.fullmatch(r"\d+\.\d+\.\d+", a.split("=", 1)[1]) for k, a in dockerfile if a.startswith("UV_VERSION="))
    syncs = [r for r in runs if r.startswith("uv sync")]
    assert syncs and all("--frozen" in s and "--no-dev" in s for s in syncs)


def test_runs_umlauf_as_a_non_root_user(dockerfile: list[Instruction]) -> None:
    final = _stages(dockerfile)[-1]
    users = [a for k, a in final if k == "USER"]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    (entrypoint,) = [a for k, a in final if k == "ENTRYPOINT"]
    assert json.loads(entrypoint) == ["umlauf"]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert "umlauf" in scripts


def test_what_the_build_copies_exists_and_is_not_docker_ignored(dockerfile: list[Instruction]) -> None:
    sources = [
        source
        for keyword, args in dockerfile
        if keyword == "COPY" and "--from=" not in args
        for source in args.split()[:-1]
        if not source.startswith("--")
    ]
    assert {"uv.lock", "pyproject.toml"} <= set(sources)
    for source in sources:
        assert (REPO / source).exists(), source
        assert not docker_ignored(source), f"{source} is excluded by .dockerignore"
    assert all(docker_ignored(p) for p in [".venv", ".git", "var/tickets.db", "services/tickets/tests/x.py"])
