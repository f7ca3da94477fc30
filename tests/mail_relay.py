"""A local SMTP relay for the digest tests (aiosmtpd, in a thread of the test process), with STARTTLS on a
self-signed certificate made by the openssl command line, and an optional login.

    relay = Relay(tls=cert_pair, users={"dashboard": "s3cret"}).start()
    ... relay.received -> [Received(mail_from, rcpt_tos, data, tls, login)]
    relay.stop()
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def self_signed(folder: Path) -> tuple[Path, Path]:
    """(cert.pem, key.pem) for localhost and 127.0.0.1, valid for two days."""
    cert, key = folder / "relay-cert.pem", folder / "relay-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    tls: bool
    login: str | None

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)


class Relay:
    def __init__(self, tls: tuple[Path, Path] | None = None, users: dict[str, str] | None = None):
        self.received: list[Received] = []
        self.logins: list[tuple[str, bool]] = []  # (user, accepted)
        self.port = free_port()
        self._lock = threading.Lock()
        kwargs = {}
        if tls:
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(tls[0]), str(tls[1]))
            kwargs.update(tls_context=ctx, require_starttls=True)
        if users is not None:
            kwargs.update(authenticator=self._authenticate(users), auth_required=True, auth_require_tls=bool(tls))
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, users: dict[str, str]):
        def check(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and users.get(auth_data.login.decode()) == auth_data.password.decode())
            with self._lock:
                self.logins.append((auth_data.login.decode() if isinstance(auth_data, LoginPassword) else "?", ok))
            # handled=False: the server answers 535 (its default, True, means "answered already")
            return AuthResult(success=ok, handled=False, auth_data=auth_data.login.decode() if ok else None)

        return check

    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data if isinstance(session.auth_data, str) else None
        with self._lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content
                                          or envelope.content), session.ssl is not None, login))
        return "250 Message accepted for delivery"

    def start(self) -> "Relay":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
