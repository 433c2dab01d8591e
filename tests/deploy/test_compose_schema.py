"""deploy/compose.yaml against the Compose Specification's JSON Schema.

The schema is the one ``check-jsonschema`` vendors (``--builtin-schema
vendor.compose-spec``), loaded from the installed package: no network at test time.
"""

from __future__ import annotations

import copy
import json
from importlib.resources import files
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(files("check_jsonschema").joinpath("builtin_schemas/vendor/compose-spec.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, document: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]


def test_compose_file_is_valid_against_the_compose_specification(
    validator: Draft202012Validator, compose: dict[str, Any]
) -> None:
    assert _errors(validator, compose) == []


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("service", "depends_on", {"postgres": {"condition": "service_started_eventually"}}),
        ("service", "healthcheck", {"test": ["CMD", "true"], "intervall": "5s"}),
        ("service", "restart_policy", "always"),
        ("top", "service", {}),
    ],
)
def test_the_schema_rejects_mistakes_a_person_makes(
    validator: Draft202012Validator, compose: dict[str, Any], where: str, key: str, value: Any
) -> None:
    """The validation has teeth: a misspelt key or an unknown condition fails."""
    broken = copy.deepcopy(compose)
    target = broken["services"]["tickets"] if where == "service" else broken
    target[key] = value
    with pytest.raises(ValidationError):
        validator.validate(broken)
