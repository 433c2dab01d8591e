"""Admin: queues (list, create, edit: parent, group, sender address, follow-up policy and state, salutation,
signature, unlock timeout, escalation targets; the auto-responses have a page of their own)."""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource, Call, ListView, find, form_values
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields


class Queues(AdminResource):
    name = "queues"
    template = "admin/queues.html"
    backend = "tickets"
    api = "queues"
    new_values = {"follow_up_policy": "reopen", "follow_up_state": "open", "unlock_timeout_minutes": "0"}

    async def items(self, call: Call, view: ListView) -> list[dict[str, Any]]:
        return sorted(await call("GET", self.api), key=lambda q: q["name"])

    async def values(self, call: Call, key: str) -> dict[str, str]:
        """The stored queue; its full name split into the parent and its own name."""
        found = find(await call("GET", self.api), "id", key)
        parent, _, own = found["name"].rpartition("::")
        return form_values(found) | {"parent": parent, "name": own}

    async def choices(self, call: Call) -> dict[str, Any]:
        queues = sorted(queue["name"] for queue in await call("GET", self.api))
        groups = await call("GET", "groups")
        states = await call("GET", "follow-up-states")
        return {"queues": queues, "groups": groups, "policies": admin_forms.FOLLOW_UP_POLICIES, "states": states}

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return admin_forms.queue(fields)


router = Queues().router()
