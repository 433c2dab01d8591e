"""The caller's identity as it travels between services: signed and short-lived.

The tickets service (which owns agents, customers and permissions) issues it;
the gateway forwards it in the ``X-Umlauf-Identity`` header; other services
(stats) verify the signature and expiry and trust nothing else.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from pydantic import BaseModel, ConfigDict

HEADER = "X-Umlauf-Identity"
_SALT = "umlauf.identity.v1"
MAX_AGE_SECONDS = 300
"""How long a signed identity is accepted; a caller may keep one for less than that."""


class Identity(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str  # "agent" or "customer"
    login: str
    is_admin: bool = False
    readable_queue_ids: list[int] = []
    """Queues whose tickets the caller may read (``ro`` or better)."""


class InvalidIdentity(Exception):
    pass


def sign_identity(identity: Identity, secret: str) -> str:
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps(identity.model_dump(mode="json"))


def verify_identity(token: str, secret: str, max_age_seconds: int = MAX_AGE_SECONDS) -> Identity:
    try:
        data = URLSafeTimedSerializer(secret, salt=_SALT).loads(token, max_age=max_age_seconds)
    except SignatureExpired as exc:
        raise InvalidIdentity("identity expired") from exc
    except BadSignature as exc:
        raise InvalidIdentity("identity signature invalid") from exc
    return Identity.model_validate(data)
