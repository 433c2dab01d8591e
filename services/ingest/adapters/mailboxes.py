"""Blocking IMAP (imapclient) and POP3 (poplib) sessions; the poller runs them in a thread.

Both offer the same steps: list what is waiting (with sizes), fetch one message,
remove it (only called after it was stored), finish (IMAP: expunge; POP3: QUIT,
which is when the server really deletes), and wait for new mail (IMAP IDLE when
the server offers it).
"""

from __future__ import annotations

import contextlib
import poplib
import ssl
import threading
import time

from imapclient import IMAPClient
from imapclient.imapclient import DELETED, SEEN

from services.ingest.app.mailbox import Mailbox
from services.ingest.domain.accounts import AfterFetch, MailAccount, Protocol, Security

TIMEOUT = 30.0


def _tls_context(account: MailAccount) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if not account.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def open_mailbox(account: MailAccount) -> Mailbox:
    return ImapMailbox(account) if account.protocol is Protocol.IMAP else Pop3Mailbox(account)


class ImapMailbox:
    def __init__(self, account: MailAccount) -> None:
        self.account = account
        context = _tls_context(account)
        self.client = IMAPClient(
            account.host, port=account.port, ssl=account.security is Security.TLS, ssl_context=context, timeout=TIMEOUT
        )
        if account.security is Security.STARTTLS:
            self.client.starttls(context)
        self.client.login(account.username, account.password)
        self.client.select_folder(account.folder)

    def pending(self) -> list[tuple[str, int]]:
        criteria = ["NOT", "DELETED"] if self.account.after_fetch is AfterFetch.DELETE else ["UNSEEN", "NOT", "DELETED"]
        uids = sorted(self.client.search(criteria))
        if not uids:
            return []
        sizes = self.client.fetch(uids, ["RFC822.SIZE"])
        return [(str(uid), sizes[uid][b"RFC822.SIZE"]) for uid in uids if uid in sizes]

    def fetch(self, key: str) -> bytes:
        uid = int(key)
        return self.client.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"]

    def remove(self, key: str) -> None:
        if self.account.after_fetch is AfterFetch.DELETE:
            self.client.add_flags([int(key)], [DELETED])
            self.client.expunge()
        else:
            self.client.add_flags([int(key)], [SEEN])

    def finish(self) -> None:
        """Each removal was expunged at once: nothing is left to commit."""

    def wait(self, seconds: float, stopping: threading.Event) -> bool:
        """IDLE until the server reports a change or ``seconds`` pass; False if the server has no IDLE."""
        if b"IDLE" not in self.client.capabilities():
            return False
        deadline = time.monotonic() + seconds
        self.client.idle()
        try:
            while not stopping.is_set() and time.monotonic() < deadline:
                if self.client.idle_check(timeout=1):
                    break
        finally:
            self.client.idle_done()
        return True

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.logout()
        with contextlib.suppress(Exception):
            self.client.shutdown()


class Pop3Mailbox:
    def __init__(self, account: MailAccount) -> None:
        context = _tls_context(account)
        if account.security is Security.TLS:
            self.client: poplib.POP3 = poplib.POP3_SSL(account.host, account.port, timeout=TIMEOUT, context=context)
        else:
            self.client = poplib.POP3(account.host, account.port, timeout=TIMEOUT)
        if account.security is Security.STARTTLS:
            self.client.stls(context)
        self.client.user(account.username)
        self.client.pass_(account.password)
        self._numbers: dict[str, int] = {}

    def pending(self) -> list[tuple[str, int]]:
        sizes = {}
        for line in self.client.list()[1]:
            number, size = line.split()
            sizes[int(number)] = int(size)
        found = []
        for line in self.client.uidl()[1]:
            number, uid = line.split()
            self._numbers[uid.decode()] = int(number)
            found.append((uid.decode(), sizes.get(int(number), 0)))
        return found

    def fetch(self, key: str) -> bytes:
        lines = self.client.retr(self._numbers[key])[1]
        return b"\r\n".join(lines) + b"\r\n"

    def remove(self, key: str) -> None:
        self.client.dele(self._numbers[key])

    def finish(self) -> None:
        """QUIT commits the deletions; a session cut off before it deletes nothing."""
        self.client.quit()

    def wait(self, seconds: float, stopping: threading.Event) -> bool:
        return False

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()
