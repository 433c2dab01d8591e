"""The README is the operator's manual: every setting must be documented there."""

from __future__ import annotations

import importlib
import itertools
import pkgutil
from pathlib import Path

from pydantic_settings import BaseSettings

import services
from shared.settings import Settings

README = (Path(__file__).parent.parent / "README.md").read_text()


def _settings_classes() -> list[type[BaseSettings]]:
    """shared.Settings and every service's own settings class."""
    classes: list[type[BaseSettings]] = [Settings]
    for module in pkgutil.iter_modules(services.__path__):
        for leaf in ("settings", "config"):
            try:
                settings_module = importlib.import_module(f"services.{module.name}.{leaf}")
            except ModuleNotFoundError:
                continue
            classes += _declared_settings(settings_module)
    return classes


def _declared_settings(settings_module: object) -> list[type[BaseSettings]]:
    classes = []
    for value in vars(settings_module).values():
        if isinstance(value, type) and issubclass(value, BaseSettings) and value is not BaseSettings:
            if value.__module__ == settings_module.__name__:
                classes.append(value)
    return classes


def test_every_setting_is_in_the_readme() -> None:
    missing = []
    for cls in _settings_classes():
        prefix = cls.model_config.get("env_prefix", "")
        for name in cls.model_fields:
            variable = f"{prefix}{name}".upper()
            if f"`{variable}`" not in README:
                missing.append(variable)
    assert not missing, f"document these in README.md's Configuration table: {missing}"


def _groups() -> dict[str, str]:
    """The Configuration section's tables by the first word of their title (``Shared``, ``Ingest``, …)."""
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    blocks = [block for block in section.split("\n\n") if block.strip()]
    groups: dict[str, str] = {}
    for title, table in itertools.pairwise(blocks):
        if title.endswith(":") and table.startswith("| variable |"):
            groups[title.split()[0].rstrip(":").lower()] = title + "\n" + table
    return groups


def test_each_setting_is_documented_with_the_service_that_owns_it() -> None:
    groups = _groups()
    misplaced = []
    for cls in _settings_classes():
        owner = "shared" if cls is Settings else cls.__module__.split(".")[1]
        own = set(cls.model_fields) - (set(Settings.model_fields) if issubclass(cls, Settings) else set())
        prefix = cls.model_config.get("env_prefix", "")
        misplaced += [
            f"{prefix}{name}".upper()
            for name in own
            if f"`{prefix}{name}`".upper() not in groups.get(owner, "").upper()
        ]
    assert not misplaced, f"document these in their service's table of README.md's Configuration: {misplaced}"


def test_readme_gives_the_two_commands() -> None:
    assert "make up" in README and "make test" in README
