"""``/api/v1/admin/system-addresses``: our mail addresses and the queue each one leads to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from services.tickets.deps import CallerDep, SessionDep, UowDep
from services.tickets.directory.app import system_addresses
from services.tickets.directory.app.administration import require_admin
from services.tickets.directory.queries import admin_view
from services.tickets.directory.queries.admin_view import SystemAddressOut
from services.tickets.patch import patch_of
from services.tickets.problems import documented
from services.tickets.ticketing.entrypoints.schemas_in import Address
from services.tickets.ticketing.queries.schemas import CreatedId

router = APIRouter()
Id = Annotated[int, Path(ge=1, le=2**62)]


class SystemAddressIn(BaseModel):
    address: Address
    display_name: str = Field(default="", max_length=200)
    queue_id: int = Field(ge=1, le=2**62, description="New mail to this address opens tickets in this queue.")
    valid: bool = Field(default=True, description="Mail to an invalid address goes to the default queue.")


SystemAddressPatch = patch_of(SystemAddressIn, "SystemAddressPatch", doc="Any field; omitted fields stay.")


@router.get("/system-addresses")
async def all_addresses(caller: CallerDep, session: SessionDep) -> list[SystemAddressOut]:
    require_admin(caller)
    return await admin_view.system_addresses(session)


@router.post("/system-addresses", status_code=201, responses=documented(409))
async def create(body: SystemAddressIn, caller: CallerDep, uow: UowDep) -> CreatedId:
    return CreatedId(id=await system_addresses.create(uow, caller, body.model_dump()))


@router.patch("/system-addresses/{address_id}", status_code=204, responses=documented(404, 409))
async def change(address_id: Id, body: SystemAddressPatch, caller: CallerDep, uow: UowDep) -> Response:  # type: ignore[valid-type]
    await system_addresses.change(uow, caller, address_id, body.model_dump(exclude_unset=True))  # type: ignore[attr-defined]
    return Response(status_code=204)
