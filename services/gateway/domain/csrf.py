"""Cross-site request forgery checks for state-changing forms.

Two independent checks, both required: the request's ``Origin`` (or, when a
browser sends none, its ``Referer``) names this site, and the form carries a
token the attacker cannot read. Before login the token is a signed
double-submit: the form field is an HMAC of a random cookie value.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from urllib.parse import urlsplit


class CsrfRefused(Exception):
    """The form did not prove it came from this site."""


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_origin(origin: str | None, referer: str | None, allowed: Iterable[str]) -> None:
    """Refuse unless Origin (or, without one, Referer) is an allowed origin."""
    accepted = {a.rstrip("/").lower() for a in allowed}
    if origin is not None:
        if origin.lower() not in accepted:
            raise CsrfRefused(f"foreign origin {origin!r}")
        return
    if referer is None or origin_of(referer) not in accepted:
        raise CsrfRefused("no Origin and no same-site Referer")


def check_token(expected: str | None, submitted: str | None) -> None:
    if not expected or not submitted or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise CsrfRefused("missing or wrong CSRF token")


def login_form_token(cookie_value: str, secret: str) -> str:
    """The token the login form carries for the pre-session cookie ``cookie_value``."""
    return hmac.new(secret.encode(), b"login-csrf:" + cookie_value.encode(), hashlib.sha256).hexdigest()
