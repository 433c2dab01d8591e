"""Admin: system addresses, our mail addresses, and the queue new mail to each one opens tickets in."""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource, Call, find, form_values
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields


class SystemAddresses(AdminResource):
    name = "addresses"
    template = "admin/addresses.html"
    backend = "tickets"
    api = "system-addresses"
    new_values = {"valid": "on"}

    async def values(self, call: Call, key: str) -> dict[str, str]:
        return form_values(find(await call("GET", self.api), "id", key))

    async def choices(self, call: Call) -> dict[str, Any]:
        queues = sorted(await call("GET", "queues"), key=lambda q: q["name"])
        return {"queues": [(str(q["id"]), q["name"]) for q in queues]}

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return admin_forms.system_address(fields, creating)


router = SystemAddresses().router()
