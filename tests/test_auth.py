"""egov.auth without a server: the configuration, password hashing, the proxy's headers, st.user, roles."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from egov import auth, auth_config, identity, passwords, roles

ROOT = Path(__file__).resolve().parents[1]


def cfg(text: str, tmp_path: Path) -> auth_config.Config:
    p = tmp_path / "auth.toml"
    p.write_text(text, encoding="utf-8")
    return auth_config.load_config(p)


# ---- the configuration -----------------------------------------------------------------------------

def test_no_file_is_open_mode_with_one_local_administrator(tmp_path):
    c = auth_config.load_config(tmp_path / "missing.toml")
    assert c.mode == "open" and not c.error
    u = identity.open_user(c)
    assert (u.role, u.provinces, u.mode) == ("administrator", None, "open")
    assert u.sees("data") and u.may("upload")


def test_default_path_and_env(monkeypatch):
    monkeypatch.delenv("EGOV_AUTH", raising=False)
    assert auth_config.config_path() == ROOT / ".streamlit" / "auth.toml"
    monkeypatch.setenv("EGOV_AUTH", "conf/x.toml")
    assert auth_config.config_path() == ROOT / "conf" / "x.toml"


def test_open_mode_can_be_a_scoped_kiosk(tmp_path):
    c = cfg('mode = "open"\n[open]\nrole = "presenter"\nprovinces = ["65"]\n', tmp_path)
    u = identity.open_user(c)
    assert (u.role, u.scope) == ("presenter", ("65",))
    assert not u.sees("data") and u.sees("briefing") and not u.may("upload")


@pytest.mark.parametrize("text, words", [
    ('mode = "magic"', "mode must be"),
    ('mode = "proxy"', "nobody could get in"),
    ('mode = "password"\n[users.a]\nrole = "analyst"', "no password"),
    ('mode = "proxy"\n[users.a]\nrole = "boss"', "role must be"),
    ('mode = "proxy"\n[users.a]\nrole = "analyst"', "trusted_proxies must list"),
    ('mode = "proxy"\n[proxy]\ntrusted_proxies = []\n[users.a]\nrole = "analyst"', "non-empty list of IP"),
    ('mode = "proxy"\n[proxy]\ntrusted_proxies = ["nginx.local"]\n[users.a]\nrole = "analyst"', "not an IP"),
    ('mode = "proxy"\n[users.a]\nrole = "analyst"\nprovinces = []', "non-empty list"),
    ('mode = "proxy"\n[users.a]\nrole = "analyst"\nprovinces = ["Chon Buri"]', "two-digit"),
    ('mode = "proxy"\n[users.a]\nrole = "administrator"\nprovinces = ["20"]', "every province"),
    ('mode = "proxy"\n[users.a]\nrole = "analyst"\npassword = "plain"', "password must be a hash"),
    ('mode = "proxy"\n[users.a]\nrole = "analyst"\nwhatever = 1', "unknown key"),
    ('mode = "proxy"\n[users.a', "Expected"),  # not TOML
])
def test_an_unusable_file_lets_nobody_in(tmp_path, text, words, caplog):
    with caplog.at_level(logging.ERROR, "egov.audit"):
        c = cfg(text, tmp_path)
    assert c.error and words.lower() in c.error.lower(), c.error
    assert c.mode != "open"  # never falls back to open
    assert any("cannot be used" in r.getMessage() for r in caplog.records)


def test_config_is_reread_when_the_file_changes(tmp_path):
    p = tmp_path / "auth.toml"
    p.write_text('mode = "oidc"\n[users.a]\nrole = "analyst"\n', encoding="utf-8")
    assert auth_config.load_config(p).users["a"].role == "analyst"
    p.write_text('mode = "oidc"\n[users.a]\nrole = "presenter"\n# longer\n', encoding="utf-8")
    assert auth_config.load_config(p).users["a"].role == "presenter"


# ---- passwords --------------------------------------------------------------------------------------

def test_password_hash_round_trip_and_salt():
    h1, h2 = passwords.hash_password("รหัสผ่าน ลับ 1"), passwords.hash_password("รหัสผ่าน ลับ 1")
    assert h1.startswith("scrypt$16384$8$1$") and h1 != h2  # a fresh salt each time
    assert passwords.verify_password("รหัสผ่าน ลับ 1", h1) and passwords.verify_password("รหัสผ่าน ลับ 1", h2)
    assert not passwords.verify_password("รหัสผ่าน ลับ 2", h1)
    assert "รหัส" not in h1


@pytest.mark.parametrize("stored", [None, "", "plain", "scrypt$1$2", "scrypt$x$8$1$AA==$AA==",
                                    "scrypt$16384$8$1$!!$!!", "md5$16384$8$1$AA==$AA==",
                                    "scrypt$1099511627776$8$1$AA==$AA=="])
def test_malformed_hashes_never_match_nor_raise(stored):
    assert passwords.verify_password("x", stored) is False


def test_empty_or_huge_passwords_are_refused():
    h = passwords.hash_password("secret")
    assert not passwords.verify_password("", h) and not passwords.verify_password("a" * 5000, h)
    with pytest.raises(ValueError):
        passwords.hash_password("")


def test_check_password_logs_and_throttles(tmp_path, caplog):
    c = cfg('mode = "password"\n[users."Somchai"]\nrole = "analyst"\nprovinces = ["20"]\nname = "สมชาย"\n'
            f'password = "{passwords.hash_password("right")}"\n', tmp_path)
    with caplog.at_level(logging.INFO, "egov.audit"):
        u = passwords.check_password(c, " somchai ", "right", now=1000.0)  # names ignore case and spaces
        assert u and (u.name, u.role, u.scope, u.mode) == ("สมชาย", "analyst", ("20",), "password")
        assert passwords.check_password(c, "nobody", "right", now=1000.0) is None
        for i in range(passwords.FAILURES_ALLOWED):
            assert passwords.check_password(c, "somchai", "wrong", now=1001.0 + i) is None
        assert passwords.check_password(c, "somchai", "right", now=1010.0) is None  # throttled
        assert passwords.check_password(c, "somchai", "right", now=1010.0 + passwords.FAILURE_WINDOW) is not None
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "sign-in: somchai" in text and "failed sign-in for 'nobody'" in text and "too many" in text
    assert "right" not in text and "wrong" not in text  # no password is ever logged


def _counting_verify(monkeypatch, gate=None):
    """passwords.verify_password counted (and held at gate, an Event, when given) around the real one."""
    calls, lock, real = [], threading.Lock(), passwords.verify_password

    def verify(password, stored):
        with lock:
            calls.append(password)
        if gate is not None:
            assert gate.wait(30)
        return real(password, stored)

    monkeypatch.setattr(passwords, "verify_password", verify)
    return calls


@pytest.mark.parametrize("threads", [12, 40])
def test_concurrent_sign_ins_verify_at_most_the_allowed_passwords(tmp_path, monkeypatch, threads):
    """The attempt is counted before scrypt runs (it releases the GIL): however many sign-ins race, at
    most FAILURES_ALLOWED passwords per name are checked in a window, exactly."""
    c = cfg(f'mode = "password"\n[users.race{threads}]\nrole = "analyst"\n'
            f'password = "{passwords.hash_password("right", n=2 ** 10)}"\n', tmp_path)
    calls = _counting_verify(monkeypatch)
    start = threading.Barrier(threads)

    def attempt(i):
        start.wait()
        return passwords.check_password(c, f"race{threads}", f"wrong {i}")

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(attempt, range(threads)))
    assert results == [None] * threads
    assert len(calls) == passwords.FAILURES_ALLOWED


def test_a_burst_holding_the_right_password_does_not_sign_in(tmp_path, monkeypatch):
    """19 wrong guesses in flight (held inside the password check), then the right one: refused unchecked."""
    c = cfg('mode = "password"\n[users.burst]\nrole = "administrator"\n'
            f'password = "{passwords.hash_password("right", n=2 ** 10)}"\n', tmp_path)
    gate = threading.Event()
    calls = _counting_verify(monkeypatch, gate)
    with ThreadPoolExecutor(19) as pool:
        wrong = [pool.submit(passwords.check_password, c, "burst", f"guess {i}") for i in range(19)]
        deadline = time.monotonic() + 30
        while len(calls) + sum(f.done() for f in wrong) < 19 and time.monotonic() < deadline:
            time.sleep(0.01)  # every guess is either inside the check or already refused
        assert len(calls) == passwords.FAILURES_ALLOWED
        assert passwords.check_password(c, "burst", "right") is None  # the 20th, the right password
        gate.set()
        assert [f.result() for f in wrong] == [None] * 19
    assert calls == [f"guess {i}" for i in range(19) if f"guess {i}" in calls]  # never "right"
    assert "right" not in calls and len(calls) == passwords.FAILURES_ALLOWED


def test_made_up_names_never_lift_the_throttle_on_a_real_one(tmp_path, monkeypatch):
    """10,002 made-up names after admin's failures: admin stays throttled; the table of made-up names
    stays bounded, evicting the least recently tried one name at a time."""
    right = passwords.hash_password("right", n=2 ** 10)
    c = cfg(f'mode = "password"\n[users.admin2]\nrole = "administrator"\npassword = "{right}"\n', tmp_path)
    monkeypatch.setattr(passwords, "verify_password", lambda pw, stored: pw == "right" and stored == right)
    for i in range(passwords.FAILURES_ALLOWED):
        assert passwords.check_password(c, "admin2", "wrong", now=5000.0 + i) is None
    for i in range(10_002):
        assert passwords.check_password(c, f"made-up-{i}", "x", now=5010.0) is None
    assert passwords.check_password(c, "admin2", "right", now=5011.0) is None  # still throttled
    assert len(passwords._strangers) <= passwords.STRANGERS_MAX
    assert "made-up-0" not in passwords._strangers and "made-up-10001" in passwords._strangers  # oldest out first
    # a made-up name that keeps failing stays throttled while others come and go
    for i in range(passwords.FAILURES_ALLOWED + 3):
        passwords.check_password(c, "made-up-10001", "x", now=5012.0)
    assert len(passwords._strangers["made-up-10001"]) == passwords.FAILURES_ALLOWED
    # the window passes: admin signs in again
    assert passwords.check_password(c, "admin2", "right", now=5004.0 + passwords.FAILURE_WINDOW) is not None


def test_hash_command_line():
    out = subprocess.run([sys.executable, "-m", "egov.auth", "hash"], input="s3cret\n", capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 0, out.stderr
    assert passwords.verify_password("s3cret", out.stdout.strip())


# ---- the reverse proxy ----------------------------------------------------------------------------------

PROXY = '''mode = "proxy"
[proxy]
user_header = "X-Forwarded-User"
groups_header = "X-Forwarded-Groups"
trusted_proxies = ["127.0.0.1"]
[users."anong"]
role = "executive"
[users."somchai"]
role = "analyst"
provinces = ["20", "21"]
[groups."egov-presenters"]
role = "presenter"
provinces = ["65"]
[groups."egov-admins"]
role = "administrator"
'''


class Headers(dict):
    """Case-insensitive like st.context.headers; a list value is a header sent more than once."""

    def get_all(self, key):
        v = next((v for k, v in self.items() if k.lower() == str(key).lower()), None)
        return [] if v is None else list(v) if isinstance(v, list) else [v]

    def get(self, key, default=None):
        values = self.get_all(key)
        return values[0] if values else default


def test_proxy_user_from_the_table(tmp_path):
    c = cfg(PROXY, tmp_path)
    u, why = identity.from_proxy(c, Headers({"x-forwarded-user": "Somchai"}), None, rewrites=False)
    assert (u.ident, u.role, u.scope, u.mode) == ("somchai", "analyst", ("20", "21"), "proxy") and not why


def test_proxy_user_from_groups(tmp_path):
    c = cfg(PROXY, tmp_path)
    u, _ = identity.from_proxy(c, Headers({"X-Forwarded-User": "malee", "X-Forwarded-Groups": "staff, egov-presenters"}),
                           None, rewrites=False)
    assert (u.role, u.scope) == ("presenter", ("65",))
    assert identity.split_groups("a, b;c  d") == ["a", "b", "c", "d"]


@pytest.mark.parametrize("headers, ip, why", [
    ({}, None, "no X-Forwarded-User"),
    ({"X-Forwarded-User": "   "}, None, "no X-Forwarded-User"),
    ({"X-Forwarded-User": "stranger"}, None, "not in the user"),
    ({"X-Forwarded-User": "stranger", "X-Forwarded-Groups": "staff"}, None, "not in the user"),
    ({"X-Forwarded-User": "anong"}, "203.0.113.9", "not a trusted proxy"),
    ({"X-Forwarded-User": "' OR 1=1 --"}, None, "not in the user"),
    # a proxy that appends to what the client sent: which value is the proxy's cannot be told
    ({"X-Forwarded-User": ["anong", "somchai"]}, None, "sent 2 times"),
    ({"X-Forwarded-User": ["somchai", "anong"]}, None, "sent 2 times"),
    ({"X-Forwarded-User": "anong, somchai"}, None, "holds a list"),
    ({"X-Forwarded-User": "malee", "X-Forwarded-Groups": ["egov-admins", "staff"]}, None, "sent 2 times"),
])
def test_proxy_refuses(tmp_path, headers, ip, why):
    u, reason = identity.from_proxy(cfg(PROXY, tmp_path), Headers(headers), ip, rewrites=False)
    assert u is None and why in reason


def test_proxy_trusts_only_the_listed_addresses(tmp_path):
    """None is this machine's loopback (st.context.ip_address); a proxy on another loopback address or in
    a listed network is recognised, and loopback itself only when listed."""
    c = cfg(PROXY.replace('["127.0.0.1"]', '["127.0.0.2", "10.20.0.0/16", "fd00::1"]'), tmp_path)
    h = Headers({"X-Forwarded-User": "anong"})
    for ip in ("127.0.0.2", "10.20.3.4", "fd00::1"):
        assert identity.from_proxy(c, h, ip, rewrites=False)[0].ident == "anong", ip
    for ip in (None, "127.0.0.1", "10.21.0.1", "fd00::2", "not an address"):
        u, why = identity.from_proxy(c, h, ip, rewrites=False)
        assert u is None and "not a trusted proxy" in why, ip


def test_proxy_mode_refuses_while_the_server_rewrites_addresses(tmp_path, monkeypatch):
    """uvicorn replaces the peer with X-Forwarded-For's client for connections from FORWARDED_ALLOW_IPS
    (default 127.0.0.1): the proxy is then not recognisable, and proxy mode lets nobody in (with the
    reason in the log), rather than believe a client's header."""
    c = cfg(PROXY, tmp_path)
    h = Headers({"X-Forwarded-User": "anong"})
    assert identity.server_rewrites_addresses({}) and identity.server_rewrites_addresses({"FORWARDED_ALLOW_IPS": "127.0.0.1"})
    assert not identity.server_rewrites_addresses({"FORWARDED_ALLOW_IPS": ""})
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    u, why = identity.from_proxy(c, h, None)
    assert u is None and "FORWARDED_ALLOW_IPS" in why
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "")
    assert identity.from_proxy(c, h, None)[0].ident == "anong"


def test_proxy_headers_are_ignored_in_other_modes(tmp_path, monkeypatch):
    """Only proxy mode believes the headers: in password (or oidc, or open) mode a forged X-Forwarded-User
    signs nobody in and changes nobody's role."""
    monkeypatch.setattr(auth, "_headers", lambda: Headers({"X-Forwarded-User": "anong"}))
    monkeypatch.setattr(auth, "st_user_info", lambda: {})
    real = auth.load_config
    for text in ('mode = "password"\n[users.anong]\nrole = "administrator"\n'
                 f'password = "{passwords.hash_password("pw")}"\n',
                 'mode = "oidc"\n[users.anong]\nrole = "administrator"\n'):
        monkeypatch.setattr(auth, "load_config", real)
        c = cfg(text, tmp_path)
        monkeypatch.setattr(auth, "load_config", lambda c=c: c)
        assert auth.resolve()[0] is None
    monkeypatch.setattr(auth, "load_config", real)
    c = cfg('mode = "open"\n[open]\nrole = "analyst"\nprovinces = ["20"]\n', tmp_path)
    monkeypatch.setattr(auth, "load_config", lambda: c)
    assert auth.resolve()[0].scope == ("20",)


# ---- OpenID Connect (st.user) ----------------------------------------------------------------------------

# What st.user holds after a Keycloak sign-in (the ID token's claims, as Streamlit passes them on), and
# the same from providers that send email_verified as a string or not at all.
KEYCLOAK_CLAIMS = {"is_logged_in": True, "iss": "https://sso.ega.example/realms/ega", "aud": "egov-dashboard",
                   "sub": "5f0c2a8e-3d1b-4c7e-9a51-0b8c2f7d4e11", "typ": "ID", "azp": "egov-dashboard",
                   "email": "Anong@EGA.or.th", "email_verified": True, "name": "อนงค์",
                   "preferred_username": "anong", "given_name": "อนงค์", "family_name": "ใจดี"}


def test_oidc_lookup_by_email(tmp_path):
    c = cfg('mode = "oidc"\n[users."anong@ega.or.th"]\nrole = "executive"\n', tmp_path)
    u, _ = identity.from_oidc(c, KEYCLOAK_CLAIMS)
    assert (u.name, u.role, u.scope, u.mode) == ("อนงค์", "executive", None, "oidc")
    assert identity.from_oidc(c, {**KEYCLOAK_CLAIMS, "email_verified": "true"})[0].role == "executive"  # Cognito
    assert identity.from_oidc(c, {**KEYCLOAK_CLAIMS, "is_logged_in": False})[0] is None
    assert identity.from_oidc(c, {"is_logged_in": True})[0] is None
    u, why = identity.from_oidc(c, {**KEYCLOAK_CLAIMS, "email": "x@example.org"})
    assert u is None and "not in the user table" in why


@pytest.mark.parametrize("verified", [False, "false", None, "", 0, 1, "yes"])
def test_oidc_unverified_email_gets_no_role(tmp_path, verified):
    """Anyone can put Boss@EGA.or.th on an account at a provider that does not check it: without
    email_verified true (or with it missing) the e-mail signs nobody in, not even through a group."""
    c = cfg('mode = "oidc"\n[users."boss@ega.or.th"]\nrole = "administrator"\n'
            '[groups."egov-admins"]\nrole = "administrator"\n', tmp_path)
    claims = {**KEYCLOAK_CLAIMS, "email": "Boss@EGA.or.th", "groups": ["egov-admins"]}
    if verified is None:
        claims.pop("email_verified")
    else:
        claims["email_verified"] = verified
    u, why = identity.from_oidc(c, claims)
    assert u is None and "not verified" in why
    assert identity.from_oidc(c, {**claims, "email_verified": True})[0].role == "administrator"


def test_oidc_roles_by_subject_need_no_email(tmp_path):
    """claim = "sub": the provider's own identifier, which no user chooses; email_verified is not asked."""
    sub = KEYCLOAK_CLAIMS["sub"]
    c = cfg(f'mode = "oidc"\n[oidc]\nclaim = "sub"\n[users."{sub}"]\nrole = "analyst"\nprovinces = ["65"]\n',
            tmp_path)
    u, _ = identity.from_oidc(c, {**KEYCLOAK_CLAIMS, "email_verified": False})
    assert (u.ident, u.role, u.scope, u.name) == (sub, "analyst", ("65",), "อนงค์")
    assert identity.from_oidc(c, {**KEYCLOAK_CLAIMS, "sub": "someone-else"})[0] is None


def test_oidc_verified_email_can_be_waived_only_explicitly(tmp_path):
    c = cfg('mode = "oidc"\n[oidc]\nrequire_verified_email = false\n[users."anong@ega.or.th"]\nrole = "analyst"\n',
            tmp_path)
    assert identity.from_oidc(c, {**KEYCLOAK_CLAIMS, "email_verified": False})[0].role == "analyst"
    bad = cfg('mode = "oidc"\n[oidc]\nrequire_verified_email = "no"\n[users.a]\nrole = "analyst"\n', tmp_path)
    assert bad.error and "require_verified_email" in bad.error


# ---- roles --------------------------------------------------------------------------------------------

def test_roles_and_pages():
    """Every page of dashboard.py belongs to some role; presenters see only the briefing; only
    administrators see the Data page and may upload or read the load log."""
    import re

    slugs = re.findall(r'PageDef\("pages/\w+\.py", "(\w+)"', (ROOT / "dashboard.py").read_text(encoding="utf-8"))
    assert len(slugs) == 10
    assert set(slugs) == set().union(*roles.ROLE_PAGES.values())
    assert set(roles.ROLE_PAGES) == set(roles.ROLES)
    assert roles.ROLE_PAGES["presenter"] == ("briefing",)
    assert [r for r in roles.ROLES if "data" in roles.ROLE_PAGES[r]] == ["administrator"]
    for action in roles.PERMISSIONS:
        assert [r for r in roles.ROLES if roles.User("x", "x", r).may(action)] == ["administrator"]


def test_outside_a_server_there_is_no_user_to_limit():
    """The ETL, the tests and the benchmark read everything; the page code always runs in a session."""
    assert auth.current_user() is roles.LIBRARY and auth.current_scope() is None


def test_check_command_warns_when_proxy_mode_cannot_see_the_proxy(tmp_path):
    p = tmp_path / "auth.toml"
    p.write_text(PROXY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "FORWARDED_ALLOW_IPS"}
    out = subprocess.run([sys.executable, "-m", "egov.auth", "check"], capture_output=True, text=True, cwd=ROOT,
                         timeout=60, env={**env, "EGOV_AUTH": str(p)})
    assert out.returncode == 0 and "mode proxy, 2 user(s), 2 group(s)" in out.stdout
    assert "FORWARDED_ALLOW_IPS" in out.stderr
    out = subprocess.run([sys.executable, "-m", "egov.auth", "check"], capture_output=True, text=True, cwd=ROOT,
                         timeout=60, env={**env, "EGOV_AUTH": str(p), "FORWARDED_ALLOW_IPS": ""})
    assert out.returncode == 0 and out.stderr == ""
