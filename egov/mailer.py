"""Mail out of a closed network: the on-site SMTP relay and who receives what, from one TOML file.

    [smtp]
    host = "relay.ega.local"        # required
    port = 25                       # default 25 (587 is usual with STARTTLS)
    starttls = false                # true: STARTTLS before anything else is said; the relay's certificate
                                    # is verified (cafile = a private CA's bundle; else the system's)
    cafile = "/etc/egov/relay-ca.pem"
    username = "dashboard"          # optional: log in (only after STARTTLS, unless allow_plain_login)
    password_file = "/etc/egov/smtp-password"   # or the environment variable EGOV_SMTP_PASSWORD
    allow_plain_login = false       # log in without TLS (a relay on this machine only)
    timeout = 30

    [mail]
    sender = "EGA dashboard <dashboard@ega.local>"   # required
    admin = ["dba@ega.local"]       # told when the monthly job does not send the digests
    lang = "th"                     # "th" (default) or "en": the digests' language
    dashboard_url = "https://dashboard.ega.local/"   # optional: a link in each digest

    [recipients]                    # DOPA code (or a name the ETL understands) -> addresses
    "65" = ["office@phitsanulok.example"]
    "64" = ["office@sukhothai.example", "deputy@sukhothai.example"]

`load(path)` checks every field and says which one is wrong (Invalid); `send(config, messages)` sends
through one SMTP session; `write_eml(messages, folder)` is --dry-run: each message as a .eml file.
"""

from __future__ import annotations

import base64
import email.policy
import os
import re
import smtplib
import ssl
import tomllib
from dataclasses import dataclass, field
from email.header import Header
from email.message import EmailMessage
from email.utils import formatdate, getaddresses, make_msgid, parseaddr
from pathlib import Path

from egov.report import write_atomic
from etl.normalize import Invalid as NotAProvince
from etl.normalize import match_province

PASSWORD_ENV = "EGOV_SMTP_PASSWORD"
_ADDRESS = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+$")


class Invalid(ValueError):
    """The mail configuration cannot be used (the message names the file and the field)."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    starttls: bool = False
    cafile: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    allow_plain_login: bool = False
    timeout: float = 30.0


@dataclass(frozen=True)
class Config:
    path: Path
    smtp: Smtp
    sender: str
    admin: tuple[str, ...] = ()
    lang: str = "th"
    dashboard_url: str | None = None
    recipients: dict[str, tuple[str, ...]] = field(default_factory=dict)  # DOPA code -> addresses


def _addresses(value, where: str) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(x, str) for x in items):
        raise Invalid(f"{where}: a list of e-mail addresses")
    out = []
    for name, addr in getaddresses(items):
        if not _ADDRESS.match(addr or ""):
            raise Invalid(f"{where}: {addr or name!r} is not an e-mail address")
        out.append(addr)
    return tuple(dict.fromkeys(out))


def load(path: Path | str) -> Config:
    """The mail configuration at path, checked."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise Invalid(f"{path}: cannot be read ({e.strerror or e})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise Invalid(f"{path}: not valid TOML ({e})") from None
    s, m, r = raw.get("smtp") or {}, raw.get("mail") or {}, raw.get("recipients") or {}
    if not isinstance(s, dict) or not isinstance(m, dict) or not isinstance(r, dict):
        raise Invalid(f"{path}: [smtp], [mail] and [recipients] must be tables")
    host = s.get("host")
    if not isinstance(host, str) or not host.strip():
        raise Invalid(f"{path}: [smtp] host is required")
    port = s.get("port", 25)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise Invalid(f"{path}: [smtp] port must be a number from 1 to 65535")
    for key in ("starttls", "allow_plain_login"):
        if not isinstance(s.get(key, False), bool):
            raise Invalid(f"{path}: [smtp] {key} must be true or false")
    password = None
    if s.get("password") is not None:
        raise Invalid(f"{path}: [smtp] password does not belong in this file: use password_file or ${PASSWORD_ENV}")
    if s.get("password_file"):
        pw_path = Path(s["password_file"])
        try:
            password = pw_path.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as e:
            raise Invalid(f"{path}: [smtp] password_file {pw_path} cannot be read ({e.strerror or e})") from None
    elif os.environ.get(PASSWORD_ENV):
        password = os.environ[PASSWORD_ENV]
    username = s.get("username") or None
    if username and password is None:
        raise Invalid(f"{path}: [smtp] username {username!r} has no password (password_file or ${PASSWORD_ENV})")
    smtp = Smtp(host=host.strip(), port=port, starttls=s.get("starttls", False), cafile=s.get("cafile") or None,
                username=username, password=password, allow_plain_login=s.get("allow_plain_login", False),
                timeout=float(s.get("timeout", 30)))
    if smtp.username and not smtp.starttls and not smtp.allow_plain_login:
        raise Invalid(f"{path}: [smtp] a login without STARTTLS sends the password in clear: set starttls = true "
                      "(or allow_plain_login = true for a relay on this machine)")
    sender = m.get("sender")
    if not isinstance(sender, str) or not _ADDRESS.match(parseaddr(sender)[1] or ""):
        raise Invalid(f"{path}: [mail] sender must be an e-mail address")
    lang = m.get("lang", "th")
    if lang not in ("th", "en"):
        raise Invalid(f"{path}: [mail] lang must be \"th\" or \"en\"")
    recipients: dict[str, tuple[str, ...]] = {}
    for key, value in r.items():
        try:
            code = match_province(key)
        except NotAProvince:
            code = None
        if code is None:
            raise Invalid(f"{path}: [recipients] {key!r} is not a province")
        if code in recipients:
            raise Invalid(f"{path}: [recipients] province {code} is listed twice ({key!r})")
        recipients[code] = _addresses(value, f"{path}: [recipients] {key!r}")
    url = m.get("dashboard_url") or None
    if url is not None and not re.match(r"^https?://[^\s\"<>]+$", str(url)):
        raise Invalid(f"{path}: [mail] dashboard_url must be an http(s) address")
    return Config(path=path, smtp=smtp, sender=sender, admin=_addresses(m.get("admin", []), f"{path}: [mail] admin"),
                  lang=lang, dashboard_url=url, recipients=dict(sorted(recipients.items())))


# ---- the messages ---------------------------------------------------------------------------------------

class _Policy(email.policy.EmailPolicy):
    """The standard policy, except a non-ASCII Subject is folded by email.header.Header: the standard
    folder (Python 3.11) drops the space at a fold between encoded words, so "สรุปประจำเดือน ธ.ค. 2559"
    arrived as "สรุปประจำเดือนธ.ค. 2559". Header puts the spaces inside the encoded words."""

    def _fold(self, name, value, refold_binary=False):
        if name.lower() == "subject" and not str(value).isascii():
            return f"{name}: " + Header(str(value), "utf-8", header_name=name).encode(linesep=self.linesep) + self.linesep
        return super()._fold(name, value, refold_binary)


POLICY = _Policy()


def new_message(sender: str, to, subject: str, lang: str) -> EmailMessage:
    """An empty message with its headers set (the body is the caller's)."""
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=(parseaddr(sender)[1].rpartition("@")[2] or None))
    msg["Content-Language"] = lang
    return msg


# ---- sending -------------------------------------------------------------------------------------------

class SendError(RuntimeError):
    """The relay could not be reached or refused a message."""


def _tls_context(smtp: Smtp) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=smtp.cafile) if smtp.cafile else ssl.create_default_context()


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """AUTH PLAIN with the name and password in UTF-8 (RFC 4616; smtplib's own login encodes them as ASCII
    and, refused, tries every other mechanism in turn); smtplib's login when the relay offers no PLAIN."""
    offered = client.esmtp_features.get("auth", "").upper().split() if client.has_extn("auth") else []
    if "PLAIN" not in offered:
        if not (user + password).isascii():
            raise smtplib.SMTPException("a non-ASCII login needs AUTH PLAIN, which the relay does not offer")
        client.login(user, password)
        return
    token = base64.b64encode(b"\0" + user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
    code, resp = client.docmd("AUTH", "PLAIN " + token)
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, resp)


def send(config: Config, messages: list[EmailMessage]) -> list[str]:
    """Send messages through the relay in one session; the Message-IDs sent. A refused message stops the
    run (SendError); the ones before it have gone."""
    smtp = config.smtp
    sent = []
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout) as client:
            client.ehlo()
            if smtp.starttls:
                client.starttls(context=_tls_context(smtp))
                client.ehlo()
            if smtp.username:
                _login(client, smtp.username, smtp.password or "")
            for msg in messages:
                client.send_message(msg)
                sent.append(str(msg["Message-ID"]))
    except (smtplib.SMTPException, OSError, ssl.SSLError, UnicodeError) as e:
        raise SendError(f"{smtp.host}:{smtp.port}: {type(e).__name__}: {e}") from e
    return sent


def eml_name(stem: str) -> str:
    return re.sub(r"[^\w.-]", "_", stem) + ".eml"


def write_eml(messages: list[tuple[str, EmailMessage]], folder: Path) -> list[Path]:
    """--dry-run: each (file stem, message) as folder/stem.eml, as it would be sent (with LF line ends)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for stem, msg in messages:
        path = folder / eml_name(stem)
        write_atomic(path, msg.as_bytes())
        out.append(path)
    return out
