"""Who is using the dashboard, and what they may see: the session's user and its province scope. What the
entry script draws for it (the sign-in page, the sidebar's who-and-sign-out, the no-access stop) is
egov/signin.py; this module draws nothing, so the read layer can ask it.

One configuration file (EGOV_AUTH, default .streamlit/auth.toml; docs/SECURITY.md, egov/auth_config.py)
chooses the mode:

- open (no file): one local user, administrator over every province; the sidebar says so;
- oidc: Streamlit's own st.login / st.user against an on-site OpenID Connect provider ([auth] in
  .streamlit/secrets.toml); the signed-in e-mail is looked up in the file's [users] table;
- proxy: a reverse proxy that has already authenticated the user passes the user name (and optionally
  groups) in headers it sets itself; read from st.context.headers, only when this mode is configured;
- password: scrypt-hashed passwords in the file's [users] table and a sign-in form (egov/passwords.py).

Who a request is (egov/identity.py) is a pure function of the configuration and what the request
carries; this module reads that from the session. A user has a role (executive, analyst, presenter,
administrator) and a province scope (DOPA codes, or None for every province): egov/roles.py. The role
decides which pages the navigation offers (ROLE_PAGES) and what the user may do (PERMISSIONS); the scope
is applied by egov.read_cache to every read (its `cached` wrapper calls current_scope()), so no page can
forget it.

Outside a Streamlit server (the ETL, tests, the benchmark) there is no user to limit: current_scope()
is None. Inside a server, a run without a resolved user sees nothing (fail closed).

Logged to the audit log (egov/audit.py): sign-ins, failed sign-ins, denied access and uploads, with the
user's name and role, never a password, a filter value or a search text.

`python -m egov.auth hash` prints the hash of a password for the [users] table.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Mapping

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from egov.audit import audit
from egov.auth_config import load_config
from egov.identity import from_oidc, from_proxy, lookup, open_user, server_rewrites_addresses
from egov.passwords import hash_password
from egov.roles import LIBRARY, Denied, User

SESSION_USER = "_egov_user"  # the User resolved for this run
SESSION_IDENT = "_egov_ident"  # password mode: the user name signed in in this session
SESSION_SEEN = "_egov_seen"  # the identity whose sign-in was already logged in this session


# ---- the current session ---------------------------------------------------------------------------

def _in_session() -> bool:
    return get_script_run_ctx(suppress_warning=True) is not None


def _in_server() -> bool:
    return runtime.exists()


def st_user_info() -> dict:
    """st.user of an OpenID Connect sign-in as a dict; empty when nobody is signed in that way."""
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001 - no [auth] section: nobody is signed in
        return {}


def _headers() -> Mapping[str, str]:
    try:
        return st.context.headers
    except Exception:  # noqa: BLE001
        return {}


def _ip() -> str | None:
    try:
        return st.context.ip_address
    except Exception:  # noqa: BLE001
        return None


def resolve() -> tuple[User | None, str]:
    """(user, reason) for this session, from the configuration and what this session carries, without
    drawing anything: the open user, the proxy's headers, st.user, or the password sign-in kept in the
    session (re-read from the configuration each run, so a removed user is out at their next click)."""
    cfg = load_config()
    if cfg.error:
        return None, "configuration error"
    if cfg.mode == "open":
        return open_user(cfg), ""
    if cfg.mode == "proxy":
        return from_proxy(cfg, _headers(), _ip())
    if cfg.mode == "oidc":
        return from_oidc(cfg, st_user_info())
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
        audit.warning("denied %s to %s", action, who(user))
        raise Denied(action)
    return user


def who(user: User | None) -> str:
    """The user as the audit log names them."""
    return "nobody (not signed in)" if user is None else f"{user.ident} (role {user.role}, {user.mode} mode)"


def in_scope(df, column: str = "province_code"):
    """The rows of df in the current user's provinces (widget choices; the queries enforce it anyway)."""
    scope = current_scope()
    return df if scope is None else df[df[column].isin(scope)]


# ---- command line ------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """python -m egov.auth hash: read a password twice (not echoed) and print its hash."""
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
