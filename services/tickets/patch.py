"""PATCH bodies derived from create bodies, so that a field added to one is changeable in the other."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model


def patch_of(model: type[BaseModel], name: str, *, doc: str) -> type[BaseModel]:
    """``model`` with every field optional and the same constraints; an omitted field stays as it is.

    An unknown field is refused (422), not silently dropped. The handler takes
    ``body.model_dump(exclude_unset=True)``: only what the client sent. A field
    whose create type does not allow null refuses an explicit null (422), so "clear" is only
    possible where the create body allows null too.
    """
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        optional = copy.copy(info)
        optional.default = None
        optional.default_factory = None
        fields[field_name] = (info.annotation, optional)
    return create_model(name, __config__=ConfigDict(extra="forbid"), __doc__=doc, **fields)
