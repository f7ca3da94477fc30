"""Roles and what they allow: which pages each role sees (ROLE_PAGES), which actions it may take
(PERMISSIONS), and the User a session resolves to (its role and province scope)."""

from __future__ import annotations

from dataclasses import dataclass

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
