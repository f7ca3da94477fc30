"""Who is using the dashboard, and what they may see: sign-in, roles and the province scope.

One configuration file (EGOV_AUTH, default .streamlit/auth.toml; docs/SECURITY.md) chooses the mode:

- open (no file): one local user, administrator over every province; the sidebar says so;
- oidc: Streamlit's own st.login / st.user against an on-site OpenID Connect provider ([auth] in
  .streamlit/secrets.toml); the signed-in e-mail is looked up in the file's [users] table;
- proxy: a reverse proxy that has already authenticated the user passes the user name (and optionally
  groups) in headers it sets itself; read from st.context.headers, only when this mode is configured;
- password: scrypt-hashed passwords in the file's [users] table and a sign-in form.

A user has a role (executive, analyst, presenter, administrator) and a province scope (DOPA codes, or
None for every province). The role decides which pages the navigation offers (ROLE_PAGES) and what
the user may do (PERMISSIONS); the scope is applied by egov.read_cache to every read (its `cached`
wrapper calls current_scope()), so no page can forget it.

Outside a Streamlit server (the ETL, tests, the benchmark) there is no user to limit: current_scope()
is None. Inside a server, a run without a resolved user sees nothing (fail closed).

Logged to the "egov.audit" logger: sign-ins, failed sign-ins, denied access and uploads, with the
user's name and role, never a password, a filter value or a search text.

`python -m egov.auth hash` prints the hash of a password for the [users] table.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import ipaddress
import logging
import os
import secrets
import threading
import time
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = Path(".streamlit") / "auth.toml"
MODES = ("open", "oidc", "proxy", "password")
ROLES = ("executive", "analyst", "presenter", "administrator")

# page slug (dashboard.py's PageDef.slug) -> the roles that see it in the navigation
ANALYTIC = ("overview", "provinces", "ministries", "agency", "underuse", "feedback", "savings", "roadshows", "briefing")
ROLE_PAGES: dict[str, tuple[str, ...]] = {
    "executive": ANALYTIC,
    "analyst": ANALYTIC,
    "presenter": ("briefing",),
    "administrator": ANALYTIC + ("data",),
}
# action -> the roles allowed to do it
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "upload": ("administrator",),  # check and load files into the warehouse (Data page)
    "warehouse_log": ("administrator",),  # the load history and rejected rows (raw values of every province)
}

SESSION_USER = "_egov_user"  # the User resolved for this run
SESSION_IDENT = "_egov_ident"  # password mode: the user name signed in in this session
SESSION_SEEN = "_egov_seen"  # the identity whose sign-in was already logged in this session
PASSWORD_MAX = 1024  # characters hashed at most (a huge "password" is refused, not hashed)
FAILURES_ALLOWED, FAILURE_WINDOW = 5, 300.0  # failed sign-ins per user name per window (seconds)

audit = logging.getLogger("egov.audit")


def _configure_audit() -> None:
    """The audit log goes to $EGOV_AUDIT_LOG (a file, appended) or to stderr (the server's log), at INFO,
    unless the deployment has already given the logger a handler."""
    if audit.handlers:
        return
    path = os.environ.get("EGOV_AUDIT_LOG")
    handler = logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    audit.addHandler(handler)
    audit.setLevel(logging.INFO)


_configure_audit()


class ConfigError(ValueError):
    """The sign-in configuration cannot be used: the dashboard then lets nobody in."""


class Denied(PermissionError):
    """The current user may not do this."""


@dataclass(frozen=True)
class User:
    name: str  # as shown on screen
    ident: str  # the login: user name, e-mail or proxy user
    role: str
    provinces: frozenset[str] | None = None  # None: every province
    mode: str = "open"

    @property
    def scope(self) -> tuple[str, ...] | None:
        """The provinces this user may see, sorted; None for every province."""
        return None if self.provinces is None else tuple(sorted(self.provinces))

    def may(self, action: str) -> bool:
        return self.role in PERMISSIONS.get(action, ())

    def sees(self, slug: str) -> bool:
        return slug in ROLE_PAGES.get(self.role, ())


LIBRARY = User(name="library", ident="library", role="administrator", mode="library")  # no Streamlit server


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


# ---- the configuration -----------------------------------------------------------------------------

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


# ---- passwords -------------------------------------------------------------------------------------

SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2 ** 14, 8, 1, 32


def _b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


def hash_password(password: str, *, salt: bytes | None = None, n: int = SCRYPT_N) -> str:
    """'scrypt$n$r$p$salt$hash' (base64) of the password, with a fresh random salt."""
    if not password:
        raise ValueError("empty password")
    if len(password) > PASSWORD_MAX:
        raise ValueError(f"a password is at most {PASSWORD_MAX} characters")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN)
    return f"scrypt${n}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


_DUMMY_HASH = hash_password("not a password", salt=b"\0" * 16)  # spends the same time on unknown users


def verify_password(password: str, stored: str | None) -> bool:
    """True when password matches the stored hash (compared in constant time); False for anything
    malformed, never an exception."""
    try:
        if not isinstance(password, str) or not password or len(password) > PASSWORD_MAX:
            return False
        kind, n, r, p, salt, digest = str(stored).split("$")
        n, r, p = int(n), int(r), int(p)
        if kind != "scrypt" or not (2 <= n <= 2 ** 20 and 1 <= r <= 32 and 1 <= p <= 16):
            return False
        want = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt, validate=True), n=n, r=r, p=p,
                             dklen=len(want), maxmem=256 * 1024 * 1024)
        return hmac.compare_digest(got, want)
    except (ValueError, TypeError, MemoryError):
        return False


# Attempts per user name in the last FAILURE_WINDOW seconds: an attempt is counted *before* its password
# is verified, under the lock, so concurrent sign-ins (scrypt releases the GIL) cannot verify more than
# FAILURES_ALLOWED passwords per name per window. A successful sign-in forgets the name's attempts.
# Names in the [users] table are kept until their attempts expire (their number is bounded by the
# file); made-up names live in a table of at most STRANGERS_MAX names, the least recently tried
# evicted one at a time, so no number of made-up names can lift the throttle on a real one.
STRANGERS_MAX = 10_000
_attempts: dict[str, collections.deque] = {}  # names in the [users] table
_strangers: collections.OrderedDict[str, collections.deque] = collections.OrderedDict()  # any other name
_attempts_lock = threading.Lock()


def _claim_attempt(ident: str, known: bool, now: float) -> bool:
    """Count one sign-in attempt for ident now; False (nothing counted) when the name already has
    FAILURES_ALLOWED attempts in the window."""
    table = _attempts if known else _strangers
    with _attempts_lock:
        times = table.get(ident)
        if times is None:
            times = table[ident] = collections.deque()
        while times and now - times[0] >= FAILURE_WINDOW:
            times.popleft()
        if not known:
            _strangers.move_to_end(ident)
            while len(_strangers) > STRANGERS_MAX:
                _strangers.popitem(last=False)
        if len(times) >= FAILURES_ALLOWED:
            return False
        times.append(now)
        return True


def _forget_attempts(ident: str) -> None:
    with _attempts_lock:
        _attempts.pop(ident, None)
        _strangers.pop(ident, None)


def check_password(cfg: Config, username: str, password: str, now: float | None = None) -> User | None:
    """The user when the name and password match the [users] table; None otherwise (unknown name,
    wrong password, or FAILURES_ALLOWED attempts for this name in the window already). Each outcome is
    logged."""
    now = time.monotonic() if now is None else now
    ident = str(username or "").strip().lower()[:200]
    entry = cfg.users.get(ident)
    if not _claim_attempt(ident, entry is not None, now):
        audit.warning("sign-in refused for %r: too many failed attempts", ident)
        return None
    ok = verify_password(password, entry.password if entry else _DUMMY_HASH) and entry is not None
    if not ok:
        audit.warning("failed sign-in for %r (password mode)", ident)
        return None
    _forget_attempts(ident)
    user = _user(entry, ident, "password")
    audit.info("sign-in: %s (role %s, provinces %s, password mode)", ident, user.role, _scope_text(user))
    return user


# ---- who is it: pure functions of the configuration and what the request carries --------------------

def _user(entry: Entry, ident: str, mode: str) -> User:
    return User(name=entry.name or ident, ident=ident, role=entry.role, provinces=entry.provinces, mode=mode)


def _scope_text(user: User) -> str:
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
        return _user(cfg.users[key], key, mode)
    for g in groups:
        if g in cfg.groups:
            return _user(cfg.groups[g], key, mode)
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


# ---- the current session ---------------------------------------------------------------------------

def _in_session() -> bool:
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

        return get_script_run_ctx(suppress_warning=True) is not None
    except Exception:  # noqa: BLE001 - no Streamlit at all
        return False


def _in_server() -> bool:
    try:
        from streamlit import runtime

        return runtime.exists()
    except Exception:  # noqa: BLE001
        return False


def _st_user_info() -> dict:
    import streamlit as st

    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no [auth] section: nobody is signed in
        return {}


def _headers() -> Mapping[str, str]:
    import streamlit as st

    try:
        return st.context.headers
    except Exception:  # noqa: BLE001
        return {}


def _ip() -> str | None:
    import streamlit as st

    try:
        return st.context.ip_address
    except Exception:  # noqa: BLE001
        return None


def resolve() -> tuple[User | None, str]:
    """(user, reason) for this session, from the configuration and what this session carries, without
    drawing anything: the open user, the proxy's headers, st.user, or the password sign-in kept in the
    session (re-read from the configuration each run, so a removed user is out at their next click)."""
    import streamlit as st

    cfg = load_config()
    if cfg.error:
        return None, "configuration error"
    if cfg.mode == "open":
        return open_user(cfg), ""
    if cfg.mode == "proxy":
        return from_proxy(cfg, _headers(), _ip())
    if cfg.mode == "oidc":
        return from_oidc(cfg, _st_user_info())
    ident = st.session_state.get(SESSION_IDENT)
    if not ident:
        return None, "not signed in"
    user = lookup(cfg, ident)
    return user, "" if user else f"{ident!r} is no longer in the user table"


def current_user() -> User | None:
    """The user of this run (resolved by gate() at the top of the entry script, or now); LIBRARY outside
    a Streamlit server; None (sees nothing) in a server thread that belongs to no session."""
    if not _in_session():
        return None if _in_server() else LIBRARY
    import streamlit as st

    user = st.session_state.get(SESSION_USER)
    if isinstance(user, User):
        return user
    user, _ = resolve()
    return user


def benchmark_min() -> int:
    """k: a region or nation benchmark shown to a province-scoped user rests on at least k agencies (or
    responses) outside their provinces, or is suppressed (egov.read_cache.benchmark_floor)."""
    return load_config().benchmark_min


def current_scope() -> tuple[str, ...] | None:
    """The provinces the current user may see (None: every province; (): none at all)."""
    user = current_user()
    return () if user is None else user.scope


def require(action: str) -> User:
    """The current user, when they may do action; Denied (logged) otherwise."""
    user = current_user()
    if user is None or not user.may(action):
        audit.warning("denied %s to %s", action, _who(user))
        raise Denied(action)
    return user


def _who(user: User | None) -> str:
    return "nobody (not signed in)" if user is None else f"{user.ident} (role {user.role}, {user.mode} mode)"


def in_scope(df, column: str = "province_code"):
    """The rows of df in the current user's provinces (widget choices; the queries enforce it anyway)."""
    scope = current_scope()
    return df if scope is None else df[df[column].isin(scope)]


# ---- what the entry script draws ---------------------------------------------------------------------

def gate(lang: str, slugs: Iterable[str] = ()) -> User | None:
    """Resolve the user of this run and keep it in the session; None when there is no user yet, after
    drawing the sign-in (password, oidc) or the no-access message. The caller then shows nothing else.

    slugs: the URL paths of the app's pages. The sign-in answers at each of them (not only at /signin),
    so a link such as /provinces?p=50 keeps its address and parameters while the person signs in, and
    the rerun after the sign-in opens that page."""
    import streamlit as st

    from egov.i18n import t

    st.session_state.pop(SESSION_USER, None)
    cfg = load_config()
    user, reason = resolve()
    if user is not None:
        st.session_state[SESSION_USER] = user
        seen = (user.ident, user.role, user.scope)
        if cfg.mode in ("oidc", "proxy") and st.session_state.get(SESSION_SEEN) != seen:
            st.session_state[SESSION_SEEN] = seen
            audit.info("sign-in: %s (role %s, provinces %s, %s mode)", user.ident, user.role, _scope_text(user),
                       user.mode)
        return user

    def signin() -> None:
        st.title(t("auth.title", lang))
        if cfg.error:
            st.error(t("auth.config_error", lang))
        elif cfg.mode == "password" and not st.session_state.get(SESSION_IDENT):
            _password_form(cfg, lang)
        elif cfg.mode == "oidc" and not _st_user_info().get("is_logged_in"):
            st.info(t("auth.oidc_prompt", lang))
            if st.button(t("auth.sign_in", lang), type="primary", key="auth_login"):
                st.login(cfg.oidc_provider) if cfg.oidc_provider else st.login()
        else:
            audit.warning("no access: %s (%s mode)", reason, cfg.mode)
            st.error(t("auth.no_access", lang))
            _sign_out_button(cfg, lang, st)

    title = t("auth.title", lang)
    st.navigation([st.Page(signin, title=title, url_path="signin", default=True)]
                  + [st.Page(signin, title=title, url_path=s) for s in dict.fromkeys(slugs) if s and s != "signin"],
                  position="hidden").run()
    return None


def _password_form(cfg: Config, lang: str) -> None:
    import streamlit as st

    from egov.i18n import t

    with st.form("auth_form", clear_on_submit=True):
        username = st.text_input(t("auth.username", lang), max_chars=200, key="auth_username")
        password = st.text_input(t("auth.password", lang), type="password", max_chars=PASSWORD_MAX,
                                 key="auth_password")
        submitted = st.form_submit_button(t("auth.sign_in", lang), type="primary")
    if submitted:
        user = check_password(cfg, username, password)
        if user is None:
            st.error(t("auth.failed", lang))
            return
        st.session_state[SESSION_IDENT] = user.ident
        st.rerun()


def _sign_out_button(cfg: Config, lang: str, host) -> None:
    import streamlit as st

    from egov.i18n import t

    if cfg.mode == "password" and st.session_state.get(SESSION_IDENT):
        host.button(t("auth.sign_out", lang), key="auth_logout", on_click=sign_out)
    elif cfg.mode == "oidc" and _st_user_info().get("is_logged_in"):
        if host.button(t("auth.sign_out", lang), key="auth_logout"):
            sign_out()
            st.logout()


def sign_out() -> None:
    import streamlit as st

    user = st.session_state.get(SESSION_USER)
    audit.info("sign-out: %s", _who(user if isinstance(user, User) else None))
    for k in (SESSION_IDENT, SESSION_USER, SESSION_SEEN):
        st.session_state.pop(k, None)


def sidebar(user: User, lang: str) -> None:
    """Who is signed in, with a sign-out button; in open mode, a notice that nobody signs in."""
    import streamlit as st

    from egov.i18n import t

    if user.mode == "open":
        st.sidebar.caption(t("auth.open_notice", lang))
        return
    provs = t("auth.all_provinces", lang) if user.provinces is None else t(
        "auth.n_provinces", lang, n=len(user.provinces))
    st.sidebar.caption(t("auth.who", lang, name=user.name, role=t(f"auth.role_{user.role}", lang), provinces=provs))
    _sign_out_button(load_config(), lang, st.sidebar)


def pages_for(user: User, pages: list) -> list:
    """The PageDefs (anything with a .slug) this user's role sees, in order."""
    return [p for p in pages if user.sees(p.slug)]


def check_page(slug: str) -> None:
    """Stop a page the current user's role does not see (the navigation never offers it; this guards a
    page run some other way) with the no-access message."""
    user = current_user()
    if user is not None and (user.mode == "library" or user.sees(slug)):
        return
    import streamlit as st

    from egov.i18n import t

    audit.warning("denied page %s to %s", slug, _who(user))
    st.error(t("auth.no_access", _lang()))
    st.stop()


def _lang() -> str:
    from egov.i18n import current_lang  # imported when needed, as everywhere here: `python -m egov.auth` stays light

    return current_lang()


# ---- command line ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """python -m egov.auth hash: read a password twice (not echoed) and print its hash."""
    import argparse
    import getpass
    import sys

    ap = argparse.ArgumentParser(prog="python -m egov.auth", description=main.__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("hash", help="print the hash of a password for the [users] table of the auth file")
    sub.add_parser("check", help="check the auth file (EGOV_AUTH or .streamlit/auth.toml) and print its mode")
    args = ap.parse_args(argv)
    if args.cmd == "check":
        cfg = load_config()
        if cfg.error:
            print(f"error: {cfg.error}", file=sys.stderr)
            return 2
        print(f"{cfg.path or 'no file'}: mode {cfg.mode}, {len(cfg.users)} user(s), {len(cfg.groups)} group(s)")
        if cfg.mode == "proxy" and server_rewrites_addresses():
            print("warning: start streamlit with FORWARDED_ALLOW_IPS set empty (FORWARDED_ALLOW_IPS= streamlit run "
                  "...), or proxy mode lets nobody in (docs/SECURITY.md)", file=sys.stderr)
        return 0
    if sys.stdin.isatty():
        pw, again = getpass.getpass("password: "), getpass.getpass("again: ")
        if pw != again:
            print("the two passwords differ", file=sys.stderr)
            return 2
    else:
        pw = sys.stdin.readline().rstrip("\n")
    try:
        print(hash_password(pw))
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
