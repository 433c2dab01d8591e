"""Admin: roles (list, create) and what each allows in each group (ro, move_into, … rw)."""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource, Call, find, quoted
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields


class Roles(AdminResource):
    name = "roles"
    template = "admin/roles.html"
    backend = "tickets"
    api = "roles"

    async def values(self, call: Call, key: str) -> dict[str, str]:
        found = find(await call("GET", self.api), "name", key)
        grants = found["groups"].items()
        return {f"grant:{group}:{permission}": "on" for group, permissions in grants for permission in permissions}

    async def choices(self, call: Call) -> dict[str, Any]:
        return {"groups": await call("GET", "groups"), "permissions": admin_forms.PERMISSIONS}

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return {"name": fields.get("name", "").strip()}

    async def update(self, call: Call, key: str, fields: Fields) -> None:
        """The ticked boxes replace the role's grants."""
        await call("PUT", f"{self.api}/{quoted(key)}/groups", json={"groups": admin_forms.role_grants(fields)})


router = Roles().router()
