"""The sentences the briefing writes, each from one rule (egov/briefing.py calls these; tests cover each case).

A presenter reads these aloud, so they must be true as said:

- changes over 12 months (``change_sentence``): the biggest rise is named with every service tied with it
  at the precision shown (+4.2 and +4.2 are a tie, said as such); every decline is named with its size;
  no rise and no decline says that nothing changed; no 12-month comparison says so;
- satisfaction (``satisfaction_sentence``): no responses, too few to judge (fewer than
  metrics.MIN_RESPONSES), or the mean and the share satisfied;
- an event's effect (``impact_estimate`` + ``impact_sentence``): only for the services the event was
  about (``event_services``: the services its title names, all four when it names none), with an
  approximate 95% interval; an interval that holds zero is said to be indistinguishable from noise.

The interval: the province's change and the comparison provinces' change are each treated as the
difference of two independent proportions (before / after), with the Agresti-Caffo adjustment (one
success and one failure added to each) so that 0 of 24 still carries its uncertainty; the two variances
add. Treating before and after as independent overstates the noise of a paired change, so the interval
is conservative: a "noise" verdict means the data cannot show an effect, not that there was none.
"""

from __future__ import annotations

import math
import re

from egov import i18n, metrics

Z95 = 1.96
PP_DIGITS = 1  # changes are shown in percentage points with one decimal


def _missing(x) -> bool:
    try:
        return x is None or x != x  # NaN, pd.NA raise or compare unequal
    except TypeError:
        return True


def join_names(names: list[str], lang: str) -> str:
    """['A'] -> 'A'; ['A', 'B'] -> 'A และ B' / 'A and B'; ['A', 'B', 'C'] -> 'A, B และ C'."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    word = " and " if lang == "en" else " และ "
    return ", ".join(names[:-1]) + word + names[-1]


def _shown(x: float) -> float:
    """A share's change as it is shown (percentage points, one decimal): ties and signs are judged on this."""
    return round(float(x) * 100, PP_DIGITS) + 0.0  # + 0.0: -0.0 -> 0.0


# ---- 12-month change ---------------------------------------------------------------------------------------

def change_sentence(changes: list[tuple[str, float | None]], month: str, lang: str) -> tuple[str, str]:
    """(case, sentence) for the 12-month change in adoption rate per service (shares, 0.042 = +4.2 pp);
    changes in service order. case: 'no_data', 'flat', 'rise', 'tie', 'decline' (no rise, some decline)."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    valid = [(c, _shown(v)) for c, v in changes if not _missing(v)]
    if not valid:
        return "no_data", t("br.say.change_none", month=month)
    rises = [(c, v) for c, v in valid if v > 0]
    falls = sorted([(c, v) for c, v in valid if v < 0], key=lambda cv: cv[1])
    label = i18n.service_label

    def pp(v: float) -> str:
        return i18n.fmt_pp(v / 100, lang, PP_DIGITS)

    parts = []
    if rises:
        top = max(v for _, v in rises)
        leaders = [c for c, v in rises if v == top]
        case = "tie" if len(leaders) > 1 else "rise"
        parts.append(t(f"br.say.{case}", services=join_names([label(c) for c in leaders], lang), pp=pp(top)))
    elif falls:
        case = "decline"
        parts.append(t("br.say.no_rise"))
    else:
        return "flat", t("br.say.flat", month=month)
    if falls:
        parts.append(t("br.say.falls", items=join_names([f"{label(c)} {pp(v)}" for c, v in falls], lang)))
    return case, t("br.say.change", month=month, parts="; ".join(parts))


# ---- satisfaction ----------------------------------------------------------------------------------------

def satisfaction_sentence(sat: dict, lang: str) -> tuple[str, str]:
    """(case, sentence) from metrics.satisfaction_summary: 'no_data', 'too_few' or 'ok'."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    n = int(sat.get("n") or 0)
    if n == 0:
        return "no_data", t("br.say.sat_none")
    if sat.get("too_few"):
        return "too_few", t("br.say.sat_too_few", n=i18n.fmt_int(n), min=i18n.fmt_int(metrics.MIN_RESPONSES))
    return "ok", t("br.say.sat", mean=i18n.fmt_num(sat["mean"], lang, 2),
                   share=i18n.fmt_pct(sat["share_satisfied"], lang, 0), n=i18n.fmt_int(n))


# ---- an event's effect ---------------------------------------------------------------------------------------

def event_services(title: str, names: dict[str, list[str]]) -> list[str]:
    """The services an event's title names (codes, in the order of `names`), by any of their names or
    aliases (case, spaces and hyphens ignored; a Latin name only as a whole word, so 'login' is not
    GIN); every service when the title names none (a roadshow presents them all)."""
    def key(s: str) -> str:
        return re.sub(r"[\s\-_.]+", "", str(s)).casefold()

    text = str(title or "")
    flat = key(text)
    hits = []
    for code, spellings in names.items():
        for sp in spellings:
            k = key(sp)
            if not k:
                continue
            if re.fullmatch(r"[a-z0-9]+", k):  # Latin: a whole word in the title as written
                pattern = r"(?<![A-Za-z0-9])" + r"[\s\-_.]*".join(map(re.escape, k)) + r"(?![A-Za-z0-9])"
                if re.search(pattern, text, flags=re.IGNORECASE):
                    hits.append(code)
                    break
            elif k in flat:
                hits.append(code)
                break
    return hits or list(names)


def _ac_var(share: float, n: int) -> float:
    """Agresti-Caffo variance of one proportion observed as round(share * n) of n."""
    x = round(float(share) * n)
    p = (x + 1) / (n + 2)
    return p * (1 - p) / (n + 2)


def impact_estimate(rate_before, rate_after, change_others, n: int, n_others: int) -> dict | None:
    """The event's effect on one service, in percentage points, with an approximate 95% interval:
    {'pp', 'low', 'high', 'verdict'} with verdict 'rise' (interval above 0), 'decline' (below 0) or
    'noise' (holds 0). None when there is nothing to estimate (no 6 months after, no agencies)."""
    if any(_missing(x) for x in (rate_before, rate_after, change_others)) or not n:
        return None
    est = ((float(rate_after) - float(rate_before)) - float(change_others)) * 100
    var = _ac_var(rate_before, n) + _ac_var(rate_after, n)
    if n_others:
        # the comparison provinces' before/after shares are not stored, only their change: the variance
        # is taken at its largest (p = 1/2) for both ends, which keeps the interval conservative
        var += 2 * 0.25 / (n_others + 2)
    half = Z95 * math.sqrt(var) * 100
    low, high = est - half, est + half
    verdict = "rise" if low > 0 else ("decline" if high < 0 else "noise")
    return {"pp": est, "low": low, "high": high, "verdict": verdict}


def impact_sentence(service: str, est: dict | None, lang: str) -> tuple[str, str]:
    """(case, sentence) for one service's estimated effect: 'no_data', 'rise', 'decline' or 'noise'."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    label = i18n.service_label(service)
    if est is None:
        return "no_data", t("br.say.impact_none", service=label)

    def pp(v: float) -> str:
        return i18n.fmt_pp(v / 100, lang, PP_DIGITS)

    rng = t("br.say.range", low=pp(est["low"]), high=pp(est["high"]))
    return est["verdict"], t(f"br.say.impact_{est['verdict']}", service=label, pp=pp(est["pp"]), range=rng)
