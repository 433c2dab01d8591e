"""Account passwords encrypted at rest (Fernet), keyed from ``UMLAUF_SECRET_KEY``.

Changing the secret key makes stored passwords unreadable: the accounts then
fail with a clear error until an administrator enters the passwords again.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class PasswordBox:
    def __init__(self, secret_key: str) -> None:
        digest = hashlib.sha256(b"umlauf.ingest.accounts:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, password: str) -> str:
        return self._fernet.encrypt(password.encode()).decode("ascii")

    def open(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode()
        except InvalidToken as exc:
            raise ValueError("the stored password cannot be decrypted (was UMLAUF_SECRET_KEY changed?)") from exc
