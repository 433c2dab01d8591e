"""Admin: the mail accounts ingest polls (list with their last error and next attempt, create, edit, delete).

Ingest decides who may (administrators); passwords go one way only, ingest never shows them.
"""

from __future__ import annotations

from typing import Any

from services.gateway.entrypoints.admin_resource import AdminResource
from services.gateway.presentation import admin_forms
from services.gateway.presentation.forms import Fields


class MailAccounts(AdminResource):
    name = "accounts"
    template = "admin/accounts.html"
    backend = "ingest"
    api = "accounts"
    new_values = {"protocol": "imap", "security": "tls", "port": "993", "folder": "INBOX", "after_fetch": "delete"}
    new_values |= {"poll_interval": "60", "verify_tls": "on", "enabled": "on"}
    deletable = True

    def body(self, fields: Fields, creating: bool) -> dict[str, Any]:
        return admin_forms.account(fields, creating)


router = MailAccounts().router()
