"""Password mode: scrypt hashes in the [users] table, and a throttle on sign-in attempts per user name."""

from __future__ import annotations

import base64
import collections
import hashlib
import hmac
import secrets
import threading
import time

from egov.audit import audit
from egov.auth_config import Config
from egov.identity import scope_text, user_of
from egov.roles import User

PASSWORD_MAX = 1024  # characters hashed at most (a huge "password" is refused, not hashed)
FAILURES_ALLOWED, FAILURE_WINDOW = 5, 300.0  # failed sign-ins per user name per window (seconds)
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
    user = user_of(entry, ident, "password")
    audit.info("sign-in: %s (role %s, provinces %s, password mode)", ident, user.role, scope_text(user))
    return user
