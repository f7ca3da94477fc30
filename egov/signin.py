"""What the entry script draws for sign-in: the sign-in page (password form, OpenID Connect button, the
no-access message) answering at every page's address, who is signed in in the sidebar with a sign-out
button, the pages a role sees, and the stop for a page it does not."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from egov import auth, i18n
from egov.audit import audit
from egov.auth_config import Config, load_config
from egov.i18n import t
from egov.identity import scope_text
from egov.passwords import PASSWORD_MAX, check_password
from egov.roles import User


def gate(lang: str, slugs: Iterable[str] = ()) -> User | None:
    """Resolve the user of this run and keep it in the session; None when there is no user yet, after
    drawing the sign-in (password, oidc) or the no-access message. The caller then shows nothing else.

    slugs: the URL paths of the app's pages. The sign-in answers at each of them (not only at /signin),
    so a link such as /provinces?p=50 keeps its address and parameters while the person signs in, and
    the rerun after the sign-in opens that page."""
    st.session_state.pop(auth.SESSION_USER, None)
    cfg = load_config()
    user, reason = auth.resolve()
    if user is not None:
        st.session_state[auth.SESSION_USER] = user
        seen = (user.ident, user.role, user.scope)
        if cfg.mode in ("oidc", "proxy") and st.session_state.get(auth.SESSION_SEEN) != seen:
            st.session_state[auth.SESSION_SEEN] = seen
            audit.info("sign-in: %s (role %s, provinces %s, %s mode)", user.ident, user.role, scope_text(user),
                       user.mode)
        return user

    def signin() -> None:
        st.title(t("auth.title", lang))
        if cfg.error:
            st.error(t("auth.config_error", lang))
        elif cfg.mode == "password" and not st.session_state.get(auth.SESSION_IDENT):
            _password_form(cfg, lang)
        elif cfg.mode == "oidc" and not auth.st_user_info().get("is_logged_in"):
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
        st.session_state[auth.SESSION_IDENT] = user.ident
        st.rerun()


def _sign_out_button(cfg: Config, lang: str, host) -> None:
    if cfg.mode == "password" and st.session_state.get(auth.SESSION_IDENT):
        host.button(t("auth.sign_out", lang), key="auth_logout", on_click=sign_out)
    elif cfg.mode == "oidc" and auth.st_user_info().get("is_logged_in"):
        if host.button(t("auth.sign_out", lang), key="auth_logout"):
            sign_out()
            st.logout()


def sign_out() -> None:
    user = st.session_state.get(auth.SESSION_USER)
    audit.info("sign-out: %s", auth.who(user if isinstance(user, User) else None))
    for k in (auth.SESSION_IDENT, auth.SESSION_USER, auth.SESSION_SEEN):
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
    user = auth.current_user()
    if user is not None and (user.mode == "library" or user.sees(slug)):
        return
    audit.warning("denied page %s to %s", slug, auth.who(user))
    st.error(t("auth.no_access", i18n.current_lang()))
    st.stop()
