"""The sign-in configuration: EGOV_AUTH or .streamlit/auth.toml (docs/SECURITY.md), parsed and checked;
re-read when the file changes. A file that cannot be used lets nobody in."""

from __future__ import annotations

import ipaddress
import os
import threading
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from egov.audit import audit
from egov.roles import ROLES

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = Path(".streamlit") / "auth.toml"
MODES = ("open", "oidc", "proxy", "password")


class ConfigError(ValueError):
    """The sign-in configuration cannot be used: the dashboard then lets nobody in."""


@dataclass(frozen=True)
class Entry:
    """One row of the [users] or [groups] table."""

    role: str
    provinces: frozenset[str] | None = None
    name: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class Config:
    mode: str = "open"
    path: Path | None = None
    users: dict[str, Entry] = field(default_factory=dict)  # keys lower-cased
    groups: dict[str, Entry] = field(default_factory=dict)
    open_user: Entry = Entry(role="administrator")
    oidc_provider: str | None = None
    oidc_claim: str = "email"
    oidc_verified_email: bool = True  # an e-mail claim counts only with email_verified true
    user_header: str = "X-Forwarded-User"
    groups_header: str | None = None
    benchmark_min: int = 5  # [scope] benchmark_min: agencies / responses outside a scope a benchmark needs
    trusted_proxies: tuple[str, ...] = ()  # proxy mode: the addresses (or networks) the proxy connects from
    error: str | None = None  # set: nobody gets in


def config_path() -> Path:
    """EGOV_AUTH, or .streamlit/auth.toml; a relative path is taken from the repository root."""
    p = Path(os.environ.get("EGOV_AUTH") or DEFAULT_CONFIG)
    return p if p.is_absolute() else ROOT / p


def _entry(where: str, raw, *, password: bool) -> Entry:
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{where}: expected a table")
    unknown = set(raw) - {"role", "provinces", "name", "password"}
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {sorted(unknown)}")
    role = raw.get("role")
    if role not in ROLES:
        raise ConfigError(f"{where}: role must be one of {', '.join(ROLES)}")
    provs = raw.get("provinces")
    if provs is not None:
        if isinstance(provs, str):
            provs = [provs]
        if (not isinstance(provs, list) or not provs
                or not all(isinstance(p, str) and p.isascii() and p.isdigit() and len(p) == 2 for p in provs)):
            raise ConfigError(f"{where}: provinces must be a non-empty list of two-digit DOPA codes, "
                              "or left out for every province")
        if role == "administrator":
            raise ConfigError(f"{where}: an administrator covers every province (leave provinces out)")
        provs = frozenset(provs)
    pw = raw.get("password")
    if pw is not None and not (password and isinstance(pw, str) and pw.startswith("scrypt$")):
        raise ConfigError(f"{where}: password must be a hash from `python -m egov.auth hash`")
    name = raw.get("name")
    return Entry(role=role, provinces=provs, name=str(name) if name else None, password=pw)


def parse_config(data: Mapping, path: Path | None = None) -> Config:
    """The configuration from a parsed TOML document; ConfigError when it cannot be used."""
    mode = data.get("mode", "open")
    if mode not in MODES:
        raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    users = {str(k).strip().lower(): _entry(f"[users.{k!r}]", v, password=mode == "password")
             for k, v in (data.get("users") or {}).items()}
    groups = {str(k): _entry(f"[groups.{k!r}]", v, password=False) for k, v in (data.get("groups") or {}).items()}
    kw: dict = {}
    if "open" in data:
        kw["open_user"] = _entry("[open]", data["open"], password=False)
    oidc, proxy = data.get("oidc") or {}, data.get("proxy") or {}
    if oidc.get("provider"):
        kw["oidc_provider"] = str(oidc["provider"])
    if oidc.get("claim"):
        kw["oidc_claim"] = str(oidc["claim"])
    if "require_verified_email" in oidc:
        if not isinstance(oidc["require_verified_email"], bool):
            raise ConfigError("[oidc] require_verified_email must be true or false")
        kw["oidc_verified_email"] = oidc["require_verified_email"]
    if proxy.get("user_header"):
        kw["user_header"] = str(proxy["user_header"])
    if proxy.get("groups_header"):
        kw["groups_header"] = str(proxy["groups_header"])
    if "trusted_proxies" in proxy:
        kw["trusted_proxies"] = _networks(proxy["trusted_proxies"])
    k = (data.get("scope") or {}).get("benchmark_min")
    if k is not None:
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise ConfigError("[scope] benchmark_min must be a whole number, 1 or more")
        kw["benchmark_min"] = k
    if mode == "password":
        missing = [k for k, e in users.items() if not e.password]
        if missing:
            raise ConfigError(f"password mode: no password for {missing}")
    if mode in ("oidc", "proxy", "password") and not users and not groups:
        raise ConfigError(f"{mode} mode: no [users] (or [groups]) table: nobody could get in")
    if mode == "proxy" and "trusted_proxies" not in kw:
        raise ConfigError("proxy mode: [proxy] trusted_proxies must list the address(es) the proxy connects "
                          'from, e.g. ["127.0.0.1"]')
    return Config(mode=mode, path=path, users=users, groups=groups, **kw)


def _networks(raw) -> tuple[str, ...]:
    """[proxy] trusted_proxies: a non-empty list of IP addresses or networks ("127.0.0.1", "10.1.2.0/24")."""
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise ConfigError("[proxy] trusted_proxies must be a non-empty list of IP addresses or networks")
    for x in raw:
        try:
            ipaddress.ip_network(str(x), strict=False)
        except ValueError:
            raise ConfigError(f"[proxy] trusted_proxies: {x!r} is not an IP address or network") from None
    return tuple(str(x) for x in raw)


_config_cache: dict = {}
_config_lock = threading.Lock()


def load_config(path: Path | None = None) -> Config:
    """The configuration at path (config_path()); open mode when there is no file; a Config with error
    set (nobody gets in) when the file cannot be read or used. Re-read when the file changes."""
    path = path or config_path()
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return Config(mode="open", path=None)
    except OSError as e:
        return Config(mode="password", path=path, error=f"{path}: {e}")
    key = (str(path), st_.st_mtime_ns, st_.st_size)
    with _config_lock:
        if key in _config_cache:
            return _config_cache[key]
    try:
        cfg = parse_config(tomllib.loads(path.read_text(encoding="utf-8")), path)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ConfigError) as e:
        audit.error("sign-in configuration %s cannot be used: %s", path, e)
        cfg = Config(mode="password", path=path, error=str(e))
    with _config_lock:
        _config_cache.clear()
        _config_cache[key] = cfg
    return cfg
