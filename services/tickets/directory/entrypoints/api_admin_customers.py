"""``/api/v1/admin/customer-companies`` and ``/api/v1/admin/customers`` (included in the admin router)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, Field, field_validator

from services.tickets.deps import CallerDep, SessionDep, UowDep
from services.tickets.directory.app import customer_admin
from services.tickets.directory.app.administration import require_admin
from services.tickets.directory.queries import admin_customers
from services.tickets.directory.queries.admin_customers import CompanyPage, CustomerPage
from services.tickets.patch import patch_of
from services.tickets.problems import documented
from services.tickets.ticketing.entrypoints.schemas_in import Address
from services.tickets.ticketing.queries.schemas import CreatedId

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**62)]
Search = Annotated[str | None, Query(max_length=200, description="A piece of a name, login or address, any case.")]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]
Optional200 = Field(default=None, max_length=200)


class CompanyIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    street: str | None = Optional200
    city: str | None = Optional200
    country: str | None = Optional200
    url: str | None = Field(default=None, max_length=500)
    comment: str | None = Field(default=None, max_length=5_000)
    valid: bool = True


CompanyPatch = patch_of(CompanyIn, "CompanyPatch", doc="Any field of the create body; omitted fields stay.")


class CustomerFields(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    emails: list[Address] = Field(min_length=1, max_length=20, description="The primary address first.")
    company_id: int | None = Field(default=None, ge=1, le=2**62)
    sees_company: bool = Field(default=False, description="He sees every ticket of his company in the portal.")
    valid: bool = True
    password: str | None = Field(
        default=None, min_length=1, max_length=1000, description="Sets the portal password; his sessions end."
    )

    @field_validator("emails")
    @classmethod
    def _once_each(cls, emails: list[str]) -> list[str]:
        """The same address twice (in any case) is kept once, where it came first."""
        seen: dict[str, str] = {}
        for address in emails:
            seen.setdefault(address.lower(), address)
        return list(seen.values())


class CustomerIn(CustomerFields):
    login: str = Field(min_length=1, max_length=200, pattern=r"^[\w.@+-]+$")


CustomerPatch = patch_of(CustomerFields, "CustomerPatch", doc="Any field of the create body but the login.")


@router.get("/customer-companies")
async def companies(
    caller: CallerDep, session: SessionDep, q: Search = None, limit: Limit = 50, offset: Offset = 0
) -> CompanyPage:
    require_admin(caller)
    return await admin_customers.companies(session, q, limit, offset)


@router.post("/customer-companies", status_code=201, responses=documented(409))
async def create_company(body: CompanyIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    return CreatedId(id=await customer_admin.create_company(uow, caller, body.model_dump()))


@router.patch("/customer-companies/{company_id}", status_code=204, responses=documented(404, 409))
async def update_company(company_id: Id, body: CompanyPatch, caller: CallerDep, uow: UowDep) -> Response:  # type: ignore[valid-type]
    await customer_admin.update_company(uow, caller, company_id, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    return Response(status_code=204)


@router.get("/customers")
async def customers(
    caller: CallerDep, session: SessionDep, q: Search = None, limit: Limit = 50, offset: Offset = 0
) -> CustomerPage:
    require_admin(caller)
    return await admin_customers.customers(session, q, limit, offset)


@router.post("/customers", status_code=201, responses=documented(409))
async def create_customer(body: CustomerIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    fields = body.model_dump(exclude={"login"})
    return CreatedId(id=await customer_admin.create_customer(uow, caller, body.login, fields))


@router.patch("/customers/{login}", status_code=204, responses=documented(404, 409))
async def update_customer(login: str, body: CustomerPatch, caller: CallerDep, uow: UowDep) -> Response:  # type: ignore[valid-type]
    await customer_admin.update_customer(uow, caller, login, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    return Response(status_code=204)
