"""What the deploy tests read: the files under ``deploy/``, the Dockerfile, the settings.

Docker and Kubernetes do not run on our machines, so these files are checked against
the schemas their tools use (vendored by registry packages, never fetched at test
time) and against the code they must fit: setting names, ports, queue names.
"""

from __future__ import annotations

import fnmatch
import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from shared.settings import SERVICES, Settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
KUBERNETES = DEPLOY / "kubernetes"

# "${NAME}", "${NAME:-default}", "${NAME:?message}" as Compose interpolates them.
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?+])?(?P<arg>[^}]*)\}")


def load_yaml_documents(path: Path) -> list[Any]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc is not None]


def setting_env_names() -> set[str]:
    """Every ``UMLAUF_*`` variable the code reads: the shared Settings and each service's own options."""
    for module in sorted(REPO.glob("services/*/config.py")) + sorted(REPO.glob("services/*/settings.py")):
        importlib.import_module(".".join(module.relative_to(REPO).with_suffix("").parts))
    names: set[str] = set()
    pending: list[type[BaseSettings]] = [Settings, *BaseSettings.__subclasses__()]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        prefix = str(cls.model_config.get("env_prefix", ""))
        if prefix.startswith("UMLAUF_"):
            names |= {f"{prefix}{field}".upper() for field in cls.model_fields}
    return names


def interpolate(text: str, values: dict[str, str]) -> str:
    """Resolve Compose interpolation with ``values``, defaults where a value is missing."""

    def replace(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"] or "", match["arg"]
        if name in values:
            return values[name]
        if op.endswith("-"):
            return arg
        raise KeyError(f"{name} has no value and no default")

    return INTERPOLATION.sub(replace, text)


def docker_ignored(path: str) -> bool:
    """Whether ``.dockerignore`` keeps ``path`` (relative, ``/``-separated) out of the build context.

    The last matching pattern decides; a pattern that matches a directory excludes what is inside.
    """
    patterns = [p.strip() for p in (REPO / ".dockerignore").read_text().splitlines()]
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    verdict = False
    for pattern in (p for p in patterns if p and not p.startswith("#")):
        negated, body = pattern.startswith("!"), pattern.removeprefix("!").rstrip("/")
        if any(fnmatch.fnmatchcase(prefix, body) for prefix in prefixes):
            verdict = not negated
    return verdict


def command_of(service: dict[str, Any]) -> list[str]:
    command = service.get("command", [])
    return command.split() if isinstance(command, str) else list(command)


def served_name(service: dict[str, Any]) -> str | None:
    """``ingest`` for a container that runs ``umlauf serve ingest``, else None."""
    command = command_of(service)
    if len(command) == 2 and command[0] == "serve" and command[1] in SERVICES:
        return command[1]
    return None


@pytest.fixture(scope="session")
def compose() -> dict[str, Any]:
    (document,) = load_yaml_documents(DEPLOY / "compose.yaml")
    return document


@pytest.fixture(scope="session")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


@pytest.fixture(scope="session")
def umlauf_services(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The containers that run ``umlauf serve NAME``, by NAME."""
    found = {served_name(s): s for s in services.values() if served_name(s)}
    assert sorted(found) == sorted(SERVICES), "compose must run each service once"
    return found  # type: ignore[return-value]


Manifests = dict[tuple[str, str], dict[str, Any]]


@pytest.fixture(scope="session")
def manifests() -> Manifests:
    """The Kubernetes base as ``kubectl apply -k`` would send it, by (kind, name)."""
    (kustomization,) = load_yaml_documents(KUBERNETES / "kustomization.yaml")
    docs = [doc for name in kustomization["resources"] for doc in load_yaml_documents(KUBERNETES / name)]
    return {(d["kind"], d["metadata"]["name"]): d for d in docs}


def pod_of(workload: dict[str, Any]) -> dict[str, Any]:
    return workload["spec"]["template"]["spec"]


def container_of(workload: dict[str, Any]) -> dict[str, Any]:
    (container,) = pod_of(workload)["containers"]
    return container


def workloads(manifests: Manifests) -> list[dict[str, Any]]:
    return [d for d in manifests.values() if d["kind"] in {"Deployment", "Job"}]
