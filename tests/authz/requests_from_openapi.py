"""Turn an OpenAPI document into concrete requests aimed at one foreign ticket.

Every operation gets its path parameters filled with the foreign ticket's number,
article, attachment and queue, and a request body that satisfies the schema (so
that authorization, not validation, decides the answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    number: str
    article_id: int
    attachment_id: int
    queue_id: int
    queue: str


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # the template, e.g. /api/v1/tickets/{number}
    url: str
    params: dict[str, Any]
    body: Any

    @property
    def touches_target(self) -> bool:
        return bool(re.search(r"\{(number|attachment_id|article_id|queue_id|id)\}", self.path))


def calls(document: dict[str, Any], target: Target) -> list[Call]:
    result = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            params = _parameters(operation, target)
            url = _fill_path(path, target)
            body = _body(document, operation, target)
            result.append(Call(method.upper(), path, url, params, body))
    return result


def _fill_path(path: str, target: Target) -> str:
    values = {
        "number": target.number,
        "attachment_id": target.attachment_id,
        "article_id": target.article_id,
        "queue_id": target.queue_id,
        "id": target.attachment_id,
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), 1)), path)


def _parameters(operation: dict[str, Any], target: Target) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        name = parameter["name"]
        if name == "q":
            params[name] = "Zebrafink"
        elif name == "queue":
            params[name] = target.queue_id
        elif parameter.get("required"):
            params[name] = _example(parameter.get("schema", {}), name, target, {})
    return params


def _body(document: dict[str, Any], operation: dict[str, Any], target: Target) -> Any:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return None
    return _example(schema, "", target, document)


OVERRIDES: dict[str, Any] = {
    "body_text": "Ich war hier.",
    "subject": "Test",
    "title": "Test",
    "state": "closed successful",
    "priority": 5,
    "owner": "kassenpruefer",
    "responsible": "kassenpruefer",
    "login": "kassenpruefer",
    "password": "falsch",
    "current_password": "falsch",
    "new_password": "ein-neues-langes-passwort",
    "visible_for_customer": True,
    "take_over": True,
    "lock": True,
    "kind": "normal",
    "origin": "phone",
    "customer_email": "dritter@example.org",
    "content_type": "text/plain",
    "filename": "notiz.txt",
}


def _example(schema: dict[str, Any], name: str, target: Target, document: dict[str, Any]) -> Any:
    if "$ref" in schema:
        schema = _resolve(document, schema["$ref"])
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in schema:
            options = [s for s in schema[combinator] if s.get("type") != "null"]
            return _example(options[0] if options else {}, name, target, document)
    special = {
        "queue": target.queue,
        "into": target.number,
        "article_id": target.article_id,
        "number": target.number,
        "numbers": [target.number],
        "target": target.number,
        "other": target.number,
    }
    if name in special:
        return special[name]
    if name in OVERRIDES:
        return OVERRIDES[name]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        required = set(schema.get("required", []))
        return {
            key: _example(sub, key, target, document)
            for key, sub in schema.get("properties", {}).items()
            if key in required or key in special or key in OVERRIDES
        }
    if kind == "array":
        return [_example(schema.get("items", {}), name.rstrip("s"), target, document)]
    if "enum" in schema:
        return schema["enum"][0]
    if "examples" in schema:
        return schema["examples"][0]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    if schema.get("format") == "date-time":
        return "2030-01-01T12:00:00Z"
    if schema.get("format") == "date":
        return "2026-01-01"
    if "content_b64" in name or name.endswith("_b64"):
        return "SGFsbG8="
    return "x"


def _resolve(document: dict[str, Any], ref: str) -> dict[str, Any]:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node
