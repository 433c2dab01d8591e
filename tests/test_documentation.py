"""The README is the operator's manual: every setting must be documented there."""

from __future__ import annotations

import importlib
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


def test_readme_gives_the_two_commands() -> None:
    assert "make up" in README and "make test" in README
