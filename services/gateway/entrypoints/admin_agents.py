"""Admin: agents (list, create, edit incl. valid, language and out-of-office) and the roles each one has."""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource, Call, find, form_values, quoted
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields


class Agents(AdminResource):
    name = "agents"
    template = "admin/agents.html"
    backend = "tickets"
    api = "agents"
    new_values = {"language": "de"}

    async def values(self, call: Call, key: str) -> dict[str, str]:
        found = find(await call("GET", self.api), "login", key)
        values = form_values({k: found.get(k) for k in ("login", "name", "email", "language", "valid")})
        absence = found.get("out_of_office") or {}
        values |= form_values({f"ooo_{k}": absence.get(k) for k in ("from", "until", "note")})
        return values | {f"role:{role}": "on" for role in found["roles"]}

    async def choices(self, call: Call) -> dict[str, Any]:
        return {"roles": [role["name"] for role in await call("GET", "roles")]}

    async def _set_roles(self, call: Call, login: str, wanted: set[str], held: set[str]) -> None:
        for role in sorted(wanted - held):
            await call("POST", f"{self.api}/{quoted(login)}/roles", json={"role": role})
        for role in sorted(held - wanted):
            await call("DELETE", f"{self.api}/{quoted(login)}/roles/{quoted(role)}")

    async def create(self, call: Call, fields: Fields) -> None:
        body = admin_forms.agent(fields, creating=True)
        await call("POST", self.api, json=body)
        await self._set_roles(call, body["login"], admin_forms.checked(fields, "role"), set())

    async def update(self, call: Call, key: str, fields: Fields) -> None:
        body = admin_forms.agent(fields, creating=False)
        held = set(find(await call("GET", self.api), "login", key)["roles"])
        await call("PATCH", f"{self.api}/{quoted(key)}", json=body)
        await self._set_roles(call, key, admin_forms.checked(fields, "role"), held)


router = Agents().router()
