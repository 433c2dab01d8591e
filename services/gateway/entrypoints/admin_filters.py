"""Admin: the postmaster filters ingest runs on each inbound mail, by position (list, create, edit, delete)."""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource, Call, ListView, form_values, quoted
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields


class PostmasterFilters(AdminResource):
    name = "filters"
    template = "admin/filters.html"
    backend = "ingest"
    api = "filters"
    new_values = {"position": "0", "enabled": "on"}
    deletable = True

    async def items(self, call: Call, view: ListView) -> list[dict[str, Any]]:
        return sorted(await call("GET", self.api), key=lambda f: (f["position"], f["id"]))

    async def values(self, call: Call, key: str) -> dict[str, str]:
        """A stored filter as the form's fields: its actions flat, its conditions as lines."""
        found = await call("GET", f"{self.api}/{quoted(key)}")
        actions = found.get("actions") or {}
        values = form_values({name: actions.get(name) for name in (*admin_forms.FILTER_ACTIONS, "priority")})
        values |= form_values({"ignore": bool(actions.get("ignore"))})
        values["tags"] = ", ".join(actions.get("tags") or [])
        values["matches"] = admin_forms.matches_text(found.get("matches") or [])
        values |= form_values({k: found.get(k) for k in ("name", "position", "enabled", "stop")})
        return values

    async def choices(self, call: Call) -> dict[str, Any]:
        return {"matches_text": admin_forms.matches_text}

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return admin_forms.postmaster_filter(fields)


router = PostmasterFilters().router()
