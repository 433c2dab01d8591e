"""The house rules that keep the services easy to change, checked on the source itself.

- A service never imports another service, and ``shared/`` imports no service.
- No ``app/`` package imports SQLAlchemy or an adapter: storage goes through the
  unit of work, whose Protocol lives in ``app/`` and whose SQL version in ``adapters/``.
- Every service has one ``bootstrap.py`` that wires its handlers.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SERVICES = sorted(p.name for p in (ROOT / "services").iterdir() if (p / "main.py").exists())


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _sources(folder: Path) -> Iterator[Path]:
    return (p for p in folder.rglob("*.py") if "tests" not in p.relative_to(folder).parts)


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_imports_no_other_service(service: str) -> None:
    others = tuple(f"services.{other}" for other in SERVICES if other != service)
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _sources(ROOT / "services" / service)
        for name in _imports(path)
        if name.startswith(others)
    ]
    assert found == []


def test_shared_imports_no_service() -> None:
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in _sources(ROOT / "shared")
        for name in _imports(path)
        if name.startswith("services")
    ]
    assert found == []


def _app_packages() -> list[Path]:
    return sorted(p for p in (ROOT / "services").rglob("app") if p.is_dir() and "tests" not in p.parts)


def test_every_service_has_app_packages_to_check() -> None:
    assert {p.relative_to(ROOT / "services").parts[0] for p in _app_packages()} == set(SERVICES)


@pytest.mark.parametrize("package", _app_packages(), ids=lambda p: str(p.relative_to(ROOT)))
def test_an_app_package_reaches_storage_only_through_the_unit_of_work(package: Path) -> None:
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in package.rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] == "sqlalchemy" or ".adapters" in name
    ]
    assert found == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_wires_its_handlers_in_one_bootstrap(service: str) -> None:
    assert (ROOT / "services" / service / "bootstrap.py").is_file()
