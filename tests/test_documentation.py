"""The docs are manuals: every setting is in the README, every path the developer docs name exists."""

from __future__ import annotations

import importlib
import itertools
import pkgutil
import re
from pathlib import Path

import pytest
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


# --- Paths named by the developer docs exist ------------------------------------------------------
#
# The rule, for docs/developing.md and every services/<name>/README.md:
# - inline code (`…`) and words in fenced code blocks that start with a top-level directory
#   (services/ shared/ umlauf/ tests/ docs/ bench/) are paths from the repository root;
# - except in a service's README, where `tests/…` is the service's own tests directory (or, if
#   that has no such path, the repository's: `tests/browser/`), and where inline code that ends
#   in ``.py`` or ``/`` and has no such prefix is a path from the service's directory too
#   (`app/handlers.py` in services/stats/README.md);
# - a fenced block tagged ``tree`` is a layout: the first line is a directory from the root; on
#   each other line the words before ``#`` are entries (a trailing ``/`` marks a directory). If a
#   line's first entry is a directory, the words after it are inside it, else all are siblings.
#   An entry belongs to the nearest line above it that is less indented and starts with a directory.
#   After ``#`` is a comment, but its words ending in ``.py`` are files too: in the line's directory
#   (or its entries' one), and on a line that is all comment, in the last line's.
# Names with a placeholder (``<name>``, ``*``, ``…``, ``{``, ``$``) are patterns, not paths, and are skipped.

ROOT = Path(__file__).parent.parent
ROOTS = ("services/", "shared/", "umlauf/", "tests/", "docs/", "bench/")
PLACEHOLDERS = ("<", "*", "…", "{", "$")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
INLINE = re.compile(r"`([^`]+)`")  # inline code may wrap to the next line
PATH_WORD = re.compile(r"^[\w./-]+$")


def _documents() -> list[Path]:
    return [ROOT / "docs" / "developing.md", *sorted(ROOT.glob("services/*/README.md"))]


def _is_path(word: str) -> bool:
    return bool(PATH_WORD.match(word)) and not any(mark in word for mark in PLACEHOLDERS)


def _tree_paths(block: str) -> list[str]:
    rows = [line.partition("#") for line in block.splitlines() if line.strip()]
    if not rows:
        return []
    root = rows[0][0].strip()
    paths = [root]
    parents: list[tuple[int, str]] = [(-1, root)]  # (indent, directory), innermost last
    here = root  # the directory the comment's files are in
    for entries, _, comment in rows[1:]:
        if entries.strip():
            indent = len(entries) - len(entries.lstrip())
            while parents[-1][0] >= indent:
                parents.pop()
            parent = parents[-1][1]
            first, *rest = entries.split()
            here = parent + first if first.endswith("/") else parent
            if first.endswith("/"):
                paths.append(here)
                parents.append((indent, here))
                first = ""
            paths += [here + name for name in (first, *rest) if name]
        paths += [here + name for name in (word.strip("(),;:") for word in comment.split()) if name.endswith(".py")]
    return [path for path in paths if _is_path(path)]


def _named_paths(document: Path) -> list[str]:
    """Every repository path ``document`` names, from the root, by the rule above."""
    service_dir = document.parent.relative_to(ROOT).as_posix() + "/" if document.name == "README.md" else None
    return _paths_in(document.read_text(), service_dir)


def _paths_in(text: str, service_dir: str | None) -> list[str]:
    paths: list[str] = []
    for tag, block in FENCE.findall(text):
        if tag == "tree":
            paths += _tree_paths(block)
        else:
            paths += [_from_root(word, service_dir) for word in block.split() if word.startswith(ROOTS)]
    for code in INLINE.findall(FENCE.sub("", text)):
        word = code.strip()
        if word.startswith(ROOTS) or (service_dir and word.endswith((".py", "/")) and word[0] not in "/."):
            paths.append(_from_root(word, service_dir))
    return [path for path in paths if _is_path(path)]


def _from_root(word: str, service_dir: str | None) -> str:
    if service_dir is None or word.startswith(tuple(root for root in ROOTS if root != "tests/")):
        return word
    if word.startswith("tests/") and not (ROOT / service_dir / word).exists():
        return word
    return service_dir + word


def _missing(paths: list[str]) -> list[str]:
    return [path for path in paths if not (ROOT / path.rstrip("/")).exists()]


@pytest.mark.parametrize("document", _documents(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_every_path_the_developer_docs_name_exists(document: Path) -> None:
    assert _named_paths(document), f"{document.name} names no path: the rule no longer finds them"
    missing = _missing(_named_paths(document))
    assert not missing, f"{document.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_every_service_has_a_readme() -> None:
    services_dir = ROOT / "services"
    without = [d.name for d in services_dir.iterdir() if (d / "main.py").exists() and not (d / "README.md").exists()]
    assert not without, f"these services have no README.md: {without}"


def test_the_path_rule_finds_a_wrong_path() -> None:
    """The check can fail: a wrong path in each of the three forms is reported, real ones and patterns not."""
    text = (
        "`services/stats/nowhere.py`, `app/elsewhere.py`, `services/<name>/main.py`, `app/handlers.py`,\n"
        "`tests/unit/fakes.py`, `tests/unit/nothing.py`, `tests/browser/`\n"
        "```tree\nservices/stats/\n  app/  handlers.py absent.py  # comment.py, not (this)\n"
        "                                  # unit_of_work.py\n  main.py\n```\n"
    )
    named = _paths_in(text, service_dir="services/stats/")
    found = {"services/stats/app/handlers.py", "services/stats/main.py", "services/stats/tests/unit/fakes.py"}
    assert found | {"tests/browser/"} <= set(named)
    assert "services/stats/app/unit_of_work.py" in named
    assert _missing(named) == [
        "services/stats/app/absent.py",
        "services/stats/app/comment.py",
        "services/stats/nowhere.py",
        "services/stats/app/elsewhere.py",
        "tests/unit/nothing.py",
    ]
