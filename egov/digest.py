"""The monthly digest: what changed in one province this month, as a short e-mail with the briefing PDF.

    d = gather("65", month)                       # reads (egov/reads/ only), nothing else
    msg = message(d, config, pdf_name, pdf)       # pure: subject, plain text and HTML, the PDF attached

Every number is one the dashboard already shows, read through the same queries: adoption per service
(adoption.service_summary at this month and the month before), agencies newly underused (those in
agencies.underused_agencies this month and not last month: fct_agency_service_month.underused, 3+ idle
months), support tickets (tickets.ticket_summary of the month and of the month before: opened, closed,
backlog at the month's end) and satisfaction (feedback.satisfaction_by_service, this month and the 12
months to it, with n and "too few to judge"). Nothing here defines a number.

Every value that comes from the data (agency names above all) is HTML-escaped: the HTML is a Jinja2
template with autoescaping on (egov/templates/digest.html).

`python -m egov digest --config mail.toml [--province 65 ...] [--month 2016-12] [--dry-run DIR]`
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import jinja2
import pandas as pd

from egov import briefing_pdf, filters, i18n, mailer, report
from egov.audit import audit
from egov.briefing_model import place_name
from egov.reads import adoption, agencies, feedback, reference, tickets

TEMPLATES = Path(__file__).parent / "templates"
MAX_AGENCIES = 10  # newly underused agencies listed by name; the rest are counted

# The digest's words are in egov/labels/digest.py.


# ---- what changed --------------------------------------------------------------------------------------

@dataclass
class ServiceRow:
    service_code: str
    eligible: int
    adopted: int
    rate: float
    rate_prev: float | None  # last month's; None when there is no last month
    adopted_prev: int | None


@dataclass
class Underused:
    agency_id: str
    agency_name: str
    service_code: str
    idle_since: dt.date | None


@dataclass
class Satisfaction:
    n: int
    mean: float | None
    share: float | None
    too_few: bool


@dataclass
class Digest:
    province_code: str
    name_th: str
    name_en: str
    month: dt.date
    prev: dt.date | None  # the month before, when the data has it
    sample: bool
    services: list[ServiceRow] = field(default_factory=list)
    newly_underused: list[Underused] = field(default_factory=list)
    underused_total: int = 0
    tickets_opened: int = 0
    tickets_closed: int = 0
    backlog: int = 0
    backlog_prev: int | None = None
    satisfaction_month: Satisfaction | None = None
    satisfaction_year: Satisfaction | None = None
    year_start: dt.date | None = None


def latest_month() -> dt.date | None:
    ms = reference.months()
    return ms[-1] if ms else None


def _int(x) -> int:
    return 0 if i18n._missing(x) else int(x)


def _satisfaction(f: filters.Filters) -> Satisfaction:
    s = feedback.satisfaction_by_service(f)
    row = s[s["service_code"] == "ALL"].iloc[0]
    return Satisfaction(int(row["n"]), None if i18n._missing(row["mean"]) else float(row["mean"]),
                        None if i18n._missing(row["share_satisfied"]) else float(row["share_satisfied"]),
                        bool(row["too_few"]))


def _tickets(f: filters.Filters) -> dict:
    t = tickets.ticket_summary(f)
    return t.iloc[0].to_dict() if len(t) else {}


def gather(province: str, month: dt.date, region_system: str = "region4") -> Digest:
    """The province's changes in month (the first of a month present in the data)."""
    ms = reference.months()
    if month not in ms:
        raise ValueError(f"no data for the month {month:%Y-%m}")
    prev = filters.add_months(month, -1)
    prev = prev if prev in ms else None
    provs = reference.provinces().set_index("province_code")
    names = provs.loc[province] if province in provs.index else {"name_th": province, "name_en": province}
    here = filters.Filters(end=month, region_system=region_system, provinces=(province,))
    d = Digest(province_code=province, name_th=str(names["name_th"]), name_en=str(names["name_en"]), month=month,
               prev=prev, sample=bool(reference.warehouse_status().get("sample")))
    before = here.replace(end=prev) if prev else None

    now_s = adoption.service_summary(here)
    was = adoption.service_summary(before).set_index("service_code") if before else None
    for r in now_s.itertuples():
        has_prev = was is not None and r.service_code in was.index
        d.services.append(ServiceRow(
            r.service_code, _int(r.eligible), _int(r.adopted), float(r.adoption_rate),
            float(was.loc[r.service_code, "adoption_rate"]) if has_prev else None,
            _int(was.loc[r.service_code, "adopted"]) if has_prev else None))

    under = agencies.underused_agencies(here)
    d.underused_total = len(under)
    if len(under):
        old = agencies.underused_agencies(before) if before else under.iloc[0:0]
        seen = set(zip(old["agency_id"], old["service_code"])) if len(old) else set()
        for r in under.itertuples():
            if (r.agency_id, r.service_code) not in seen:
                d.newly_underused.append(Underused(str(r.agency_id), str(r.agency_name), str(r.service_code),
                                                   None if i18n._missing(r.idle_since) else
                                                   pd.Timestamp(r.idle_since).date()))

    month_only = here.replace(start=month)
    t = _tickets(month_only)
    d.tickets_opened, d.tickets_closed, d.backlog = _int(t.get("opened")), _int(t.get("closed")), _int(
        t.get("backlog_end"))
    if prev:
        d.backlog_prev = _int(_tickets(here.replace(start=prev, end=prev)).get("backlog_end"))

    d.satisfaction_month = _satisfaction(month_only)
    d.year_start = max(ms[0], filters.window_start(month))
    d.satisfaction_year = _satisfaction(here.replace(start=d.year_start))
    return d


# ---- the words -----------------------------------------------------------------------------------------

def place(d: Digest, lang: str) -> str:
    return place_name(d.province_code, d.name_th, d.name_en, lang)


def subject(d: Digest, lang: str) -> str:
    return i18n.t("dg.subject", lang, month=i18n.fmt_month(d.month, lang), place=place(d, lang))


def _sat_line(s: Satisfaction | None, lang: str) -> str:
    if s is None or s.n == 0:
        return i18n.t("no_responses", lang)
    line = i18n.t("dg.sat_line", lang, mean=i18n.fmt_num(s.mean, lang, 2), share=i18n.fmt_pct(s.share, lang, 0),
                  n=i18n.fmt_int(s.n))
    return line + (" · " + i18n.t("too_few", lang, n=s.n) if s.too_few else "")


def content(d: Digest, lang: str, attachment: str | None = None, url: str | None = None) -> dict:
    """Every text of the digest, plain strings (escaped by the template, not here)."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    month = i18n.fmt_month(d.month, lang)
    rows = []
    for s in d.services:
        change = i18n.DASH
        if s.rate_prev is not None:
            change = t("dg.change", pp=i18n.fmt_change(s.rate - s.rate_prev, lang, "pp"),
                       agencies=i18n.fmt_change(s.adopted - (s.adopted_prev or 0), lang))
        rows.append([i18n.service_label(s.service_code),
                     t("dg.of", adopted=i18n.fmt_int(s.adopted), eligible=i18n.fmt_int(s.eligible)),
                     i18n.fmt_pct(s.rate, lang), change])
    new = d.newly_underused
    # a name from the data on one line: a line break in it would start a line of its own in the text part
    under_rows = [[" ".join(u.agency_name.split()), i18n.service_label(u.service_code), i18n.fmt_month(u.idle_since, lang)]
                  for u in new[:MAX_AGENCIES]]
    backlog_change = i18n.fmt_change(d.backlog - d.backlog_prev, lang) if d.backlog_prev is not None else i18n.DASH
    return {
        "lang": lang,
        "subject": subject(d, lang),
        "title": t("dg.title", place=place(d, lang), month=month),
        "intro": (t("dg.intro", month=month, prev=i18n.fmt_month(d.prev, lang)) if d.prev
                  else t("dg.intro_first", month=month)),
        "sample": i18n.t("app.sample", lang) if d.sample else "",
        "adoption": t("dg.adoption"),
        "columns": [t("dg.col_service"), t("dg.col_adopted"), t("dg.col_rate"), t("dg.col_change")],
        "rows": rows,
        "no_adoption": "" if rows else t("dg.no_adoption"),
        "adoption_note": i18n.definition("adoption_rate", lang) or "",
        "underused": t("dg.underused"),
        "underused_lead": (t("dg.underused_lead", new=i18n.fmt_int(len(new)), total=i18n.fmt_int(d.underused_total))
                           if new else t("dg.underused_none", total=i18n.fmt_int(d.underused_total))),
        "under_columns": [t("dg.col_agency"), t("dg.col_service"), t("dg.col_idle_since")],
        "under_rows": under_rows,
        "more": t("dg.more", n=i18n.fmt_int(len(new) - MAX_AGENCIES)) if len(new) > MAX_AGENCIES else "",
        "underused_note": i18n.definition("underused", lang) or "",
        "tickets": t("dg.tickets"),
        "tickets_line": t("dg.tickets_line", opened=i18n.fmt_int(d.tickets_opened), closed=i18n.fmt_int(d.tickets_closed),
                          backlog=i18n.fmt_int(d.backlog), change=backlog_change),
        "tickets_note": i18n.definition("backlog", lang) or "",
        "satisfaction": t("dg.satisfaction"),
        "sat": [(t("dg.sat_month") + f" ({month})", _sat_line(d.satisfaction_month, lang)),
                (t("dg.sat_year", start=i18n.fmt_month(d.year_start, lang), end=month),
                 _sat_line(d.satisfaction_year, lang))],
        "sat_note": i18n.definition("satisfaction_mean", lang) or "",
        "attached": t("dg.attached", file=attachment) if attachment else "",
        "url": url or "",
        "link": t("dg.link"),
        "footer": t("dg.footer"),
    }


_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                          lstrip_blocks=True, keep_trailing_newline=True,
                          undefined=jinja2.StrictUndefined)


def render_html(c: dict) -> str:
    """The HTML body; every value escaped (autoescape)."""
    return _env.get_template("digest.html").render(c=c)


def render_text(c: dict) -> str:
    """The plain-text alternative, for mail readers that show no HTML."""
    out = [c["title"], "", c["intro"]]
    if c["sample"]:
        out += ["", "!! " + c["sample"]]
    out += ["", c["adoption"]]
    out += [f"- {r[0]}: {r[1]} · {r[2]} · {c['columns'][3]} {r[3]}" for r in c["rows"]] or [c["no_adoption"]]
    out += ["", c["underused"], c["underused_lead"]]
    out += [f"- {a} · {s} · {c['under_columns'][2]} {m}" for a, s, m in c["under_rows"]]
    if c["more"]:
        out.append(c["more"])
    out += ["", c["tickets"], c["tickets_line"], "", c["satisfaction"]]
    out += [f"- {k}: {v}" for k, v in c["sat"]]
    if c["attached"]:
        out += ["", c["attached"]]
    if c["url"]:
        out += [f"{c['link']}: {c['url']}"]
    out += ["", c["footer"]]
    return "\n".join(out) + "\n"


def message(d: Digest, sender: str, to: list[str] | tuple[str, ...], lang: str = "th",
            attachment: tuple[str, bytes] | None = None, url: str | None = None) -> EmailMessage:
    """The e-mail: Thai (or English) subject, plain text and HTML alternatives, the PDF attached."""
    c = content(d, lang, attachment[0] if attachment else None, url)
    msg = mailer.new_message(sender, to, c["subject"], lang)
    # base64 whatever the language: the text arrives exactly as written, line ends included
    msg.set_content(render_text(c), charset="utf-8", cte="base64")
    msg.add_alternative(render_html(c), subtype="html", charset="utf-8", cte="base64")
    if attachment:
        name, data = attachment
        msg.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return msg


# ---- the run -------------------------------------------------------------------------------------------

@dataclass
class Outcome:
    written: list[Path] = field(default_factory=list)  # --dry-run
    sent: list[str] = field(default_factory=list)  # provinces
    skipped: list[str] = field(default_factory=list)  # "65: reason"

    def show(self, out, err) -> None:
        """What the command says: each file written, each province sent, each skipped with why."""
        for path in self.written:
            print(path, file=out)
        for code in self.sent:
            print(f"sent {code}", file=out)
        for s in self.skipped:
            print(f"skipped {s}", file=err)


def build_all(config, provinces: list[str], month: dt.date, *, attach: bool = True) -> tuple[list, list[str]]:
    """[(file stem, message)] for each province with recipients, and the provinces skipped with why."""
    out, skipped = [], []
    for code in provinces:
        to = config.recipients.get(code)
        if not to:
            skipped.append(f"{code}: no recipients in {config.path}")
            continue
        d = gather(code, month)
        if not d.services:
            skipped.append(f"{code}: no agencies in the warehouse")
            continue
        pdf = None
        if attach:
            b = report.story(code, lang=config.lang, f=report.filters(end=month))
            pdf = report.render(b, "pdf")
        msg = message(d, config.sender, to, config.lang, pdf, config.dashboard_url)
        out.append((f"digest_{code}_{month:%Y%m}", msg))
    return out, skipped


def deliver(config, provinces: list[str], month: dt.date, dry_run: Path | None = None,
            attach: bool = True) -> Outcome:
    """Build the digests and send them (or write them as .eml under dry_run); the audit log says what went."""
    msgs, skipped = build_all(config, provinces, month, attach=attach)
    res = Outcome(skipped=skipped)
    if dry_run is not None:
        res.written = mailer.write_eml(msgs, dry_run)
        audit.info("digest %s dry run: %d message(s) written to %s; skipped %s", f"{month:%Y-%m}", len(msgs),
                   dry_run, skipped or "none")
        return res
    if msgs:
        mailer.send(config, [m for _, m in msgs])
    res.sent = [stem.split("_")[1] for stem, _ in msgs]
    audit.info("digest %s sent through %s:%d for province(s) %s to %d recipient(s); skipped %s",
               f"{month:%Y-%m}", config.smtp.host, config.smtp.port, ",".join(res.sent) or "none",
               sum(len(config.recipients[c]) for c in res.sent), skipped or "none")
    return res


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", required=True, help="the mail configuration (TOML: [smtp], [mail], [recipients])")
    p.add_argument("--province", action="append", help="only this province (repeatable; default: every province "
                   "with recipients)")
    p.add_argument("--month", help="the month to report (default: the latest month of data)")
    p.add_argument("--dry-run", metavar="DIR", help="write the messages as .eml files into DIR; send nothing")
    p.add_argument("--no-attachment", action="store_true", help="leave the briefing PDF out")


def resolve(args):
    """(config, provinces, month) from the arguments, or raise report.ReportError / mailer.Invalid."""
    config = mailer.load(args.config)
    report.require_warehouse()
    provinces = ([report.province_code(p) for p in args.province] if args.province else list(config.recipients))
    month = report.parse_month(args.month) or latest_month()
    if month is None or month not in reference.months():
        raise report.ReportError(f"no data for the month {args.month or '(none loaded)'}")
    return config, provinces, month


def run(args: argparse.Namespace, out=sys.stdout, err=sys.stderr) -> int:
    try:
        config, provinces, month = resolve(args)
        res = deliver(config, provinces, month, Path(args.dry_run) if args.dry_run else None,
                      attach=not args.no_attachment)
    except (report.ReportError, mailer.Invalid, mailer.SendError, briefing_pdf.PdfError) as e:
        print(f"error: {e}", file=err)
        return 2
    res.show(out, err)
    return 0
