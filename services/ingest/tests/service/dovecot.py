"""A real Dovecot (IMAP and POP3) on free loopback ports, with a throwaway config in a temp dir.

Nothing under /etc or /var is touched: base_dir, state_dir, logs and the maildir
live in the temp dir. Run as root, Dovecot insists on unprivileged users for its
login processes and for mail access, so those are Debian's ``dovenull``,
``dovecot`` and ``nobody``; run as anyone else, everything is that user. TLS
(IMAPS, POP3S and STARTTLS) uses a self-signed certificate made by the test.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.ingest.tests.service.certificates import self_signed
from tests.support import free_port

DOVECOT = "/usr/sbin/dovecot"
USER, PASSWORD = "verein", "geheim"

_CONFIG = """
protocols = imap pop3
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap_port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    address = 127.0.0.1
    port = {pop3_port}
  }}
  inet_listener pop3s {{
    address = 127.0.0.1
    port = {pop3s_port}
  }}
}}
service anvil {{
  chroot =
}}
"""


@dataclass
class Dovecot:
    root: Path
    imap_port: int
    pop3_port: int
    imaps_port: int
    pop3s_port: int
    uid: int
    gid: int

    @property
    def maildir(self) -> Path:
        return self.root / "mail" / USER

    def deliver(self, raw: bytes) -> Path:
        """Drop a message into the maildir's new/ as a local delivery agent would."""
        for sub in ("new", "cur", "tmp"):
            (self.maildir / sub).mkdir(parents=True, exist_ok=True)
        for path in (self.root / "mail", self.maildir, *(self.maildir / s for s in ("new", "cur", "tmp"))):
            os.chown(path, self.uid, self.gid)
        name = f"{time.time():.6f}.{uuid.uuid4().hex}.umlauf-test"
        temporary = self.maildir / "tmp" / name
        temporary.write_bytes(raw)
        os.chown(temporary, self.uid, self.gid)
        return temporary.rename(self.maildir / "new" / name)

    def messages(self) -> list[Path]:
        """Messages still on the server (new/ and cur/), whatever their flags."""
        return sorted(
            p for sub in ("new", "cur") if (self.maildir / sub).exists() for p in (self.maildir / sub).iterdir()
        )


def _users() -> dict[str, object]:
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return dict(
            internal_user=me.pw_name, internal_group=me.pw_name, login_user=me.pw_name, uid=me.pw_uid, gid=me.pw_gid
        )
    nobody = pwd.getpwnam("nobody")
    return dict(
        internal_user="dovecot", internal_group="dovecot", login_user="dovenull", uid=nobody.pw_uid, gid=nobody.pw_gid
    )


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), 0.2).close()
        return True
    except OSError:
        return False


@pytest.fixture
def dovecot() -> Iterator[Dovecot]:
    root = Path(tempfile.mkdtemp(prefix="umlauf-dovecot-"))
    root.chmod(0o755)  # the mail user must reach the maildir
    users = _users()
    ports = free_port(), free_port(), free_port(), free_port()
    server = Dovecot(root, *ports, int(users["uid"]), int(users["gid"]))  # type: ignore[call-overload]
    self_signed(root)
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    (root / "mail").mkdir()
    (root / "home").mkdir()
    for path in (root / "mail", root / "home"):
        os.chown(path, server.uid, server.gid)
    config = root / "dovecot.conf"
    config.write_text(
        _CONFIG.format(
            root=root,
            imap_port=server.imap_port,
            pop3_port=server.pop3_port,
            imaps_port=server.imaps_port,
            pop3s_port=server.pop3s_port,
            mail_uid=server.uid,
            mail_gid=server.gid,
            **{k: users[k] for k in ("internal_user", "internal_group", "login_user")},
        )
    )
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 10
        while not all(_listening(port) for port in ports):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                raise RuntimeError(f"dovecot did not start: {process.stdout.read() if process.stdout else ''} {log}")
            time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
