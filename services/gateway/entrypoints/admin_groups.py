"""Admin: groups (list, create). A group has only its name; what it allows is set per role."""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource, Call, ListView
from services.gateway.presentation.forms import Fields


class Groups(AdminResource):
    name = "groups"
    template = "admin/groups.html"
    backend = "tickets"
    api = "groups"
    editable = False  # tickets has no rename: a group's name is in every grant and queue

    async def items(self, call: Call, view: ListView) -> list[dict[str, Any]]:
        return [{"name": name} for name in await call("GET", self.api)]

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return {"name": fields.get("name", "").strip()}


router = Groups().router()
