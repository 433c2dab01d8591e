"""TOTP secrets sealed with Fernet under a key derived from the service's secret key.

Changing the secret key makes the stored secrets unreadable: those agents then cannot
pass the second factor until an administrator removes it (delete the ``agent_totp`` row).
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken


class SecretBox:
    def __init__(self, secret_key: str) -> None:
        digest = hashlib.sha256(b"umlauf.tickets.totp:" + secret_key.encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))

    def seal(self, secret: str) -> str:
        return self._fernet.encrypt(secret.encode()).decode("ascii")

    def open(self, sealed: str) -> str | None:
        """The secret, or None when it was sealed under another secret key."""
        try:
            return self._fernet.decrypt(sealed.encode("ascii")).decode()
        except InvalidToken:
            return None
