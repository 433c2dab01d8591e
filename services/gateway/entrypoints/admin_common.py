"""What the admin pages share: the admin form's round trip to a backend, and a refusal shown beside the form."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Response
from fastapi.responses import RedirectResponse

from services.gateway.adapters.tickets_actions import Refused
from services.gateway.presentation.forms import FormInvalid
from services.gateway.presentation.labels import N_

Error = tuple[str, str]
Show = Callable[[dict[str, str], Error, int], Awaitable[Response]]

REFUSALS = {
    403: N_("Only administrators may change this."),
    404: N_("Not found, or you may not see it."),
    409: N_("This name is taken already."),
    422: N_("Some values are not valid."),
}


async def submit(call: Callable[[], Awaitable[Any]], fields: dict[str, str], done: str, show: Show) -> Response:
    """Send the form to the backend; on success back to ``done``, else the form again with the reason."""
    try:
        await call()
    except FormInvalid as exc:
        return await show(fields, (exc.message, ""), 422)
    except Refused as exc:
        return await show(fields, (REFUSALS[exc.status], exc.detail), exc.status)
    return RedirectResponse(done, status_code=303)


def form_fields(form: Any) -> dict[str, str]:
    return {key: value for key, value in form.items() if isinstance(value, str) and key != "csrf_token"}
