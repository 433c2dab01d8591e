"""One admin resource as pages: a list with a form for a new one, an edit form, and (where the API
has it) delete — each a round trip to a backend's admin API with the admin's own credentials.

The backend decides who may (administrators only) and validates the values; its refusal
is shown beside the form. A resource says only what differs: its API path, how a stored
item becomes form fields and a form an API body, and what the form needs to choose from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Protocol
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Request, Response

from services.gateway.domain.sessions import Session
from services.gateway.entrypoints.admin_common import Error, form_fields, submit
from services.gateway.entrypoints.context import Gateway, GatewayDep
from services.gateway.entrypoints.web import AgentSession, VerifiedForm
from services.gateway.presentation.forms import Fields

# A login, a role name or a numeric id; never a path of its own ("..", "a/b": no slash, no leading dot).
Key = Annotated[str, Path(max_length=200, pattern=r"^[\w@+ -][\w.@+ -]*$")]


class Call(Protocol):
    """The backend's admin API, bound to the session: ``call("GET", "agents")``."""

    def __call__(self, method: str, path: str, **kwargs: Any) -> Awaitable[Any]: ...


def form_values(found: dict[str, Any]) -> dict[str, str]:
    """A stored item as form fields: flags as checkbox values, None as empty."""
    return {k: "on" if v is True else "" if v is False or v is None else str(v) for k, v in found.items()}


def quoted(key: str) -> str:
    return quote(key, safe="")


def find(items: list[dict[str, Any]], field: str, key: str) -> dict[str, Any]:
    """The item whose ``field`` is ``key``, for APIs that list but have no GET of one item."""
    for item in items:
        if str(item[field]) == key:
            return item
    raise HTTPException(404)


@dataclass(frozen=True)
class ListView:
    """What the list page was asked for: its query (``q``, ``page``) and the rows a page holds."""

    query: Mapping[str, str]
    page_size: int

    @property
    def page(self) -> int:
        number = self.query.get("page", "1")
        return max(int(number), 1) if number.isdigit() else 1


async def find_paged(call: Call, api: str, field: str, key: str, q: str | None = None) -> dict[str, Any]:
    """The item of a paged list (``{total, items}``) whose ``field`` is ``key``, looked for page by page."""
    offset, size = 0, 500
    while True:
        found = await call("GET", api, params={"limit": size, "offset": offset} | ({"q": q} if q else {}))
        for item in found["items"]:
            if str(item[field]) == key:
                return item
        offset += size
        if offset >= found["total"]:
            raise HTTPException(404)


class AdminResource:
    """The defaults fit a REST collection ``{api}`` with ``GET/PATCH/DELETE {api}/{key}``."""

    name: str  # the page's path below /admin
    template: str
    backend: Literal["ingest", "tickets"]
    api: str
    new_values: ClassVar[dict[str, str]] = {}
    editable: ClassVar[bool] = True
    deletable: ClassVar[bool] = False

    def call(self, gateway: Gateway, session: Session) -> Call:
        send = gateway.admin.ingest if self.backend == "ingest" else gateway.admin.tickets
        return lambda method, path, **kwargs: send(method, path, session.tickets_token, **kwargs)

    async def items(self, call: Call, view: ListView) -> Any:
        """The list page's items (a paged API answers a page of them)."""
        return await call("GET", self.api)

    async def values(self, call: Call, key: str) -> dict[str, str]:
        """The stored item as the edit form's fields."""
        return form_values(await call("GET", f"{self.api}/{quoted(key)}"))

    async def choices(self, call: Call) -> dict[str, Any]:
        """What the form offers to choose from (groups, roles, …), for the template."""
        return {}

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        raise NotImplementedError

    async def create(self, call: Call, fields: Fields) -> None:
        await call("POST", self.api, json=self.body(fields, creating=True))

    async def update(self, call: Call, key: str, fields: Fields) -> None:
        await call("PATCH", f"{self.api}/{quoted(key)}", json=self.body(fields, creating=False))

    async def delete(self, call: Call, key: str) -> None:
        await call("DELETE", f"{self.api}/{quoted(key)}")

    async def page(
        self,
        request: Request,
        gateway: Gateway,
        session: Session,
        key: str | None = None,
        values: dict[str, str] | None = None,
        error: Error | None = None,
        status_code: int = 200,
    ) -> Response:
        """The list and the form for a new item, or (with ``key``) the edit form."""
        call = self.call(gateway, session)
        view = ListView(request.query_params, gateway.options.page_size)
        items = await self.items(call, view) if key is None else None
        if values is None and key is not None:
            values = await self.values(call, key)
        context = {"items": items, "key": key, "values": values or self.new_values, "error": error, "view": view}
        context |= {"home": f"/admin/{self.name}"} | await self.choices(call)
        return gateway.renderer.page(request, self.template, context, session=session, status_code=status_code)

    def router(self) -> APIRouter:
        """The pages' routes; every POST checks Origin and CSRF token (``VerifiedForm``)."""
        home = f"/admin/{self.name}"
        router = APIRouter(prefix=home)

        @router.get("")
        async def listing(request: Request, gateway: GatewayDep, session: AgentSession) -> Response:
            return await self.page(request, gateway, session)

        @router.post("")
        async def create(request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm) -> Response:
            fields = form_fields(form)

            async def show(values: dict[str, str], error: Error, status: int) -> Response:
                return await self.page(request, gateway, session, None, values, error, status)

            return await submit(lambda: self.create(self.call(gateway, session), fields), fields, home, show)

        if self.editable:

            @router.get("/{key}")
            async def edit_form(request: Request, gateway: GatewayDep, session: AgentSession, key: Key) -> Response:
                return await self.page(request, gateway, session, key)

            @router.post("/{key}")
            async def edit(
                request: Request, gateway: GatewayDep, session: AgentSession, form: VerifiedForm, key: Key
            ) -> Response:
                fields = form_fields(form)

                async def show(values: dict[str, str], error: Error, status: int) -> Response:
                    return await self.page(request, gateway, session, key, values, error, status)

                return await submit(lambda: self.update(self.call(gateway, session), key, fields), fields, home, show)

        if self.deletable:

            @router.post("/{key}/delete")
            async def delete(
                request: Request, gateway: GatewayDep, session: AgentSession, _form: VerifiedForm, key: Key
            ) -> Response:
                async def show(values: dict[str, str], error: Error, status: int) -> Response:
                    return await self.page(request, gateway, session, None, None, error, status)

                return await submit(lambda: self.delete(self.call(gateway, session), key), {}, home, show)

        return router
