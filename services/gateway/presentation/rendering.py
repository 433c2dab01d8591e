"""HTML pages: Jinja2 templates with the request's language, times in the UI time zone."""

from __future__ import annotations

import gettext
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from babel.numbers import format_decimal
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from services.gateway.domain.sessions import Session
from services.gateway.presentation.labels import customer_state, label
from services.gateway.presentation.language import choose_language

TEMPLATES = Path(__file__).parent.parent / "templates"


class Renderer:
    def __init__(self, translations: dict[str, gettext.NullTranslations], default_language: str, timezone: str) -> None:
        self._translations = translations
        self._default_language = default_language
        self.zone = ZoneInfo(timezone)
        self._env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def language(self, request: Request, session: Session | None) -> str:
        return choose_language(
            session.agent.language if session else None,
            request.headers.get("accept-language"),
            self._default_language,
            set(self._translations),
        )

    def page(
        self,
        request: Request,
        template: str,
        context: dict[str, Any] | None = None,
        *,
        session: Session | None = None,
        status_code: int = 200,
    ) -> HTMLResponse:
        language = self.language(request, session)
        translation = self._translations[language]

        def gettext(message: str, **variables: Any) -> str:
            text = translation.gettext(message)
            return text % variables if variables else text

        def when(value: datetime | str | None, style: str = "medium") -> str:
            if not value:
                return ""
            if isinstance(value, str):
                value = datetime.fromisoformat(value)
            return format_datetime(value, format=style, tzinfo=self.zone, locale=language)

        def number(value: float | int | None) -> str:
            return "" if value is None else format_decimal(value, locale=language)

        html = self._env.get_template(template).render(
            _=gettext,
            label=lambda value: label(value, translation.gettext),
            customer_state=lambda state_type: customer_state(state_type, translation.gettext),
            ngettext=translation.ngettext,
            lang=language,
            when=when,
            number=number,
            session=session,
            agent=session.agent if session and session.kind == "agent" else None,
            customer=session.agent if session and session.kind == "customer" else None,
            csrf_token=session.csrf_token if session else None,
            path=request.url.path,
            **(context or {}),
        )
        return HTMLResponse(html, status_code=status_code)
