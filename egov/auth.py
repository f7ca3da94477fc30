"""Who is using the dashboard, and what they may see: the session's user, its province scope, and the
sign-in the entry script draws.

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
from collections.abc import Iterable, Mapping

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from egov import i18n
from egov.audit import audit
from egov.auth_config import Config, load_config
from egov.i18n import t
from egov.identity import from_oidc, from_proxy, lookup, open_user, scope_text, server_rewrites_addresses
from egov.passwords import PASSWORD_MAX, check_password, hash_password
from egov.roles import LIBRARY, Denied, User

SESSION_USER = "_egov_user"  # the User resolved for this run
SESSION_IDENT = "_egov_ident"  # password mode: the user name signed in in this session
SESSION_SEEN = "_egov_seen"  # the identity whose sign-in was already logged in this session


# ---- the current session ---------------------------------------------------------------------------

def _in_session() -> bool:
    return get_script_run_ctx(suppress_warning=True) is not None


def _in_server() -> bool:
    return runtime.exists()


def _st_user_info() -> dict:
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
    st.session_state.pop(SESSION_USER, None)
    cfg = load_config()
    user, reason = resolve()
    if user is not None:
        st.session_state[SESSION_USER] = user
        seen = (user.ident, user.role, user.scope)
        if cfg.mode in ("oidc", "proxy") and st.session_state.get(SESSION_SEEN) != seen:
            st.session_state[SESSION_SEEN] = seen
            audit.info("sign-in: %s (role %s, provinces %s, %s mode)", user.ident, user.role, scope_text(user),
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
    if cfg.mode == "password" and st.session_state.get(SESSION_IDENT):
        host.button(t("auth.sign_out", lang), key="auth_logout", on_click=sign_out)
    elif cfg.mode == "oidc" and _st_user_info().get("is_logged_in"):
        if host.button(t("auth.sign_out", lang), key="auth_logout"):
            sign_out()
            st.logout()


def sign_out() -> None:
    user = st.session_state.get(SESSION_USER)
    audit.info("sign-out: %s", _who(user if isinstance(user, User) else None))
    for k in (SESSION_IDENT, SESSION_USER, SESSION_SEEN):
        st.session_state.pop(k, None)


def sidebar(user: User, lang: str) -> None:
    """Who is signed in, with a sign-out button; in open mode, a notice that nobody signs in."""
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
    audit.warning("denied page %s to %s", slug, _who(user))
    st.error(t("auth.no_access", i18n.current_lang()))
    st.stop()


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
