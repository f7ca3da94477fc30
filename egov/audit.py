"""The audit log: the "egov.audit" logger (sign-ins, failed sign-ins, denied access, uploads, the
monthly job), with the user's name and role, never a password, a filter value or a search text."""

from __future__ import annotations

import logging
import os

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
