"""Who is it: pure functions of the sign-in configuration and what the request carries (the reverse
proxy's headers, st.user of an OpenID Connect sign-in, the [users] and [groups] tables)."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping

from egov.auth_config import Config, Entry
from egov.roles import User


def user_of(entry: Entry, ident: str, mode: str) -> User:
    return User(name=entry.name or ident, ident=ident, role=entry.role, provinces=entry.provinces, mode=mode)


def scope_text(user: User) -> str:
    return "all" if user.provinces is None else ",".join(sorted(user.provinces))


def split_groups(value: str | None) -> list[str]:
    """A groups header: comma, semicolon or space separated ('a, b;c d')."""
    return [g for g in (value or "").replace(";", ",").replace(" ", ",").split(",") if g]


def lookup(cfg: Config, ident: str, groups: Iterable[str] = (), mode: str | None = None) -> User | None:
    """The user named ident: their [users] row, else the first of their groups found in [groups] (in the
    order the header lists them). None when neither knows them."""
    mode = mode or cfg.mode
    key = str(ident or "").strip().lower()
    if not key:
        return None
    if key in cfg.users:
        return user_of(cfg.users[key], key, mode)
    for g in groups:
        if g in cfg.groups:
            return user_of(cfg.groups[g], key, mode)
    return None


LOOPBACK = ("127.0.0.1", "::1")  # what st.context.ip_address reports as None


def _trusted(ip: str | None, proxies: Iterable[str]) -> bool:
    """Whether the connection's address (None: this machine's loopback) is one of the trusted proxies."""
    try:
        nets = [ipaddress.ip_network(p, strict=False) for p in proxies]
        addrs = [ipaddress.ip_address(a) for a in (LOOPBACK if ip is None else (ip,))]
    except ValueError:
        return False
    return any(a in n for a in addrs for n in nets if a.version == n.version)


def server_rewrites_addresses(environ: Mapping[str, str] | None = None) -> bool:
    """True when the server replaces the connection's address with one read from X-Forwarded-For.
    Streamlit runs on uvicorn, which does so for connections from FORWARDED_ALLOW_IPS (by default
    127.0.0.1 and ::1, i.e. the proxy itself): the address st.context then reports is whatever the
    proxy (or a client, in the proxy's X-Forwarded-For) says the end user is, and tells nothing about
    who connected. Proxy mode needs the real peer: start the server with FORWARDED_ALLOW_IPS set and empty."""
    environ = os.environ if environ is None else environ
    return environ.get("FORWARDED_ALLOW_IPS") is None or environ["FORWARDED_ALLOW_IPS"].strip() != ""


def _values(headers: Mapping[str, str], name: str) -> list[str]:
    """Every value of a header (st.context.headers.get_all), in the order received."""
    get_all = getattr(headers, "get_all", None)
    if get_all is not None:
        return [str(v) for v in get_all(name)]
    v = headers.get(name)
    return [] if v is None else [str(v)]


def from_proxy(cfg: Config, headers: Mapping[str, str] | None, ip: str | None,
               rewrites: bool | None = None) -> tuple[User | None, str]:
    """(user, reason) from the headers the reverse proxy set. ip: st.context.ip_address, the
    connection's address (None for this machine's loopback); only connections from cfg.trusted_proxies
    are believed, and only when the server reports the real peer (rewrites: server_rewrites_addresses(),
    read from the environment when None). An identity header sent more than once (a proxy that appends
    to what the client sent) or a user header holding a list is refused: which value the proxy set
    cannot be told, so neither is believed."""
    rewrites = server_rewrites_addresses() if rewrites is None else rewrites
    if rewrites:
        return None, ("the server takes the client address from X-Forwarded-For (FORWARDED_ALLOW_IPS is not "
                      "set empty), so the proxy cannot be recognised")
    if not _trusted(ip, cfg.trusted_proxies):
        return None, f"connection from {ip or 'loopback'}, not a trusted proxy"
    headers = headers or {}
    users = _values(headers, cfg.user_header)
    if len(users) > 1:
        return None, f"{cfg.user_header} sent {len(users)} times"
    ident = (users[0] if users else "").strip()
    if not ident:
        return None, f"no {cfg.user_header} header"
    if "," in ident:
        return None, f"{cfg.user_header} holds a list, not one user"
    groups = []
    if cfg.groups_header:
        values = _values(headers, cfg.groups_header)
        if len(values) > 1:
            return None, f"{cfg.groups_header} sent {len(values)} times"
        groups = split_groups(values[0] if values else None)
    user = lookup(cfg, ident, groups)
    return user, "" if user else f"{ident!r} is not in the user or group tables"


def _verified(value) -> bool:
    """An email_verified claim that says yes (a JSON true; some providers send the string "true")."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def from_oidc(cfg: Config, info: Mapping | None) -> tuple[User | None, str]:
    """(user, reason) from st.user: the configured claim (e-mail by default) looked up in [users].
    An e-mail claim is believed only when the provider says it verified the address (email_verified):
    anyone may register Boss@EGA.or.th at a provider that lets users type their own address. Where the
    provider sends no email_verified, map users by subject (claim = "sub") instead."""
    info = info or {}
    if not info.get("is_logged_in"):
        return None, "not signed in"
    ident = str(info.get(cfg.oidc_claim) or "").strip()
    if not ident:
        return None, f"the identity has no {cfg.oidc_claim} claim"
    if cfg.oidc_claim == "email" and cfg.oidc_verified_email and not _verified(info.get("email_verified")):
        return None, f"the e-mail {ident!r} is not verified by the provider (email_verified)"
    groups = info.get("groups") or []
    user = lookup(cfg, ident, groups if isinstance(groups, list) else split_groups(str(groups)))
    if user and info.get("name") and user.name == user.ident:
        user = User(name=str(info["name"]), ident=user.ident, role=user.role, provinces=user.provinces,
                    mode=user.mode)
    return user, "" if user else f"{ident!r} is not in the user table"


def open_user(cfg: Config) -> User:
    """The one local user of open mode: administrator over every province unless [open] says otherwise."""
    e = cfg.open_user
    return User(name=e.name or "local", ident="local", role=e.role, provinces=e.provinces, mode="open")
