"""Every label the dashboard shows: key -> (Thai, English), placeholders in str.format.

One module per subject holds its labels, Thai beside English; egov.i18n looks them up (i18n.t). A key
is defined once: the same key in two modules is refused here, at import, rather than one silently
overriding the other.
"""

from __future__ import annotations

from egov.labels import (adoption, agencies, auth, briefing, common, data, digest, feedback, roadshows,
                         savings, underuse)

SUBJECTS = (common, adoption, briefing, feedback, data, underuse, savings, roadshows, auth, agencies, digest)


def _merged(modules) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for module in modules:
        for key, pair in module.LABELS.items():
            if key in merged:
                raise ValueError(f"label {key!r} is defined twice (again in {module.__name__})")
            merged[key] = pair
    return merged


LABELS = _merged(SUBJECTS)
