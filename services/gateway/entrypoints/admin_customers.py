"""Admin: customer users and customer companies (paged lists with a search, create, edit incl. valid)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from services.gateway.entrypoints.admin_resource import AdminResource, Call, ListView, find_paged, form_values
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields

COMPANY_CHOICES = 500  # the most companies tickets lists at once; the form's list offers these


class Paged(AdminResource):
    """A list tickets answers a page at a time (``{total, items}``), searched with ``q``."""

    async def items(self, call: Call, view: ListView) -> dict[str, Any]:
        q = view.query.get("q", "").strip()
        params = {"limit": view.page_size, "offset": (view.page - 1) * view.page_size} | ({"q": q} if q else {})
        found = await call("GET", self.api, params=params)
        pages = max(1, -(-found["total"] // view.page_size))
        return found | {"q": q, "page": view.page, "pages": pages}


class Companies(Paged):
    name = "companies"
    template = "admin/companies.html"
    backend = "tickets"
    api = "customer-companies"
    new_values = {"valid": "on"}

    async def values(self, call: Call, key: str) -> dict[str, str]:
        return form_values(await find_paged(call, self.api, "id", key))

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return admin_forms.company(fields, creating)


class Customers(Paged):
    name = "customers"
    template = "admin/customers.html"
    backend = "tickets"
    api = "customers"
    new_values = {"valid": "on"}

    async def values(self, call: Call, key: str) -> dict[str, str]:
        found = await find_paged(call, self.api, "login", key, q=key)
        return form_values(found) | {"emails": "\n".join(found["emails"])}

    async def choices(self, call: Call) -> dict[str, Any]:
        companies = await call("GET", "customer-companies", params={"limit": COMPANY_CHOICES})
        return {"companies": [(str(c["id"]), c["name"]) for c in companies["items"]]}

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return admin_forms.customer(fields, creating)


router = APIRouter()
router.include_router(Customers().router())
router.include_router(Companies().router())
