"""A hostile warehouse: every free-text field of every input kind holds markdown and HTML payloads that
point at one address (a local listener in the browser test), loaded by the real ETL from input files
written here (etl.load.run, as `python -m etl load` does).

What the loader keeps as written, and so what carries a payload: agency ids, names and departments;
event ids (with a "|"), titles and types outside the vocabulary; response ids, free-text issues and
comments; ticket ids, categories and channels. Provinces, ministries, services, levels and dates are
matched against the reference data, so they are real values (a payload there rejects its row).

The payload of field `tag` (payload(tag, host)) holds, each with its own path /<tag>/<kind> so a request
says where it came from: a markdown image (mi) and link (ml), an HTML image (hi) and link (ha), a
90-pixel span (BIG) and a bare URL (au) that GitHub-style markdown turns into a link.

Shape: 40 agencies in four provinces (Phitsanulok and Sukhothai visited, Bangkok and Chiang Mai not),
2013-01 to 2014-12; five events, the newest with an estimate in Phitsanulok being default_event() (an id
holding "|" and whose download's sheet name would end in an apostrophe at Excel's 31 characters), in
Sukhothai EV3 (no "|": the page's default there when filtered to Sukhothai); feedback at every event and on
the web; tickets every month.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from etl.load import run

PROVINCES = {"65": "Phitsanulok", "64": "Sukhothai", "10": "Bangkok", "50": "Chiang Mai"}
VISITED = ("65", "64")
MINISTRIES = ("Ministry of Interior", "Ministry of Public Health")
LEVELS = ("central", "provincial", "local")
SERVICES = {"GIN": "traffic_gb", "MAILGOTHAI": "active_mailboxes", "GCLOUD": "vm_hours", "GOVMON": "devices_reporting"}
MONTHS = [dt.date(2013 + i // 12, i % 12 + 1, 1) for i in range(24)]
KINDS = ("mi", "ml", "hi", "ha", "au")  # the listener paths' last part; BIG is the span's text


def payload(tag: str, host: str) -> str:
    """Markdown and HTML that would fetch, link or enlarge if rendered; host: 'ip:port'."""
    u = f"//{host}/{tag}"
    return (f"{tag}: ![i]({u}/mi) [l]({u}/ml) <img src={u}/hi> <a href={u}/ha>a</a> "
            f'<span style="font-size:90px">BIG</span> http:{u}/au')


def default_event(host: str) -> str:
    """The Roadshows page's default event: "impact_" + its id cut at Excel's 31 characters ends in "'"."""
    return "R" * 23 + "'|" + payload("ev", host)


def events(host: str) -> list[dict]:
    p = lambda tag: payload(tag, host)  # noqa: E731
    return [  # event_id, date, province, type, title, attendees, agencies
        {"event_id": f"EV1|{p('ev')}", "date": "2013-06-14", "province": "Phitsanulok", "event_type": "roadshow",
         "title": p("ti"), "attendees": "120", "agencies_attended": "9"},
        {"event_id": f"EV2|{p('ev')}", "date": "2013-09-10", "province": "Sukhothai", "event_type": p("ty"),
         "title": p("ti"), "attendees": "80", "agencies_attended": "7"},
        {"event_id": f"EV3 {p('ev')}", "date": "2014-01-20", "province": "Sukhothai", "event_type": "seminar",
         "title": p("ti"), "attendees": "60", "agencies_attended": "5"},
        {"event_id": default_event(host), "date": "2014-05-08", "province": "Phitsanulok", "event_type": p("ty"),
         "title": p("ti"), "attendees": "150", "agencies_attended": "10"},
        {"event_id": f"EV5|{p('ev')}", "date": "2014-11-03", "province": "Phitsanulok", "event_type": "roadshow",
         "title": p("ti"), "attendees": "90", "agencies_attended": "8"},
    ]


def _write(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def write_inputs(out: Path, host: str) -> Path:
    """The six input files (CSV, UTF-8) in out; returns out."""
    out.mkdir(parents=True, exist_ok=True)
    p = lambda tag: payload(tag, host)  # noqa: E731
    agencies, subs, usage = [], [], []
    for i in range(40):
        code = list(PROVINCES)[i % 4]
        aid = f"A{i:02d}|{p('ai')}"
        agencies.append({"agency_id": aid, "agency_name": f"{i:02d} {p('an')}", "ministry": MINISTRIES[i % 2],
                         "department": f"{i % 3} {p('de')}", "province": PROVINCES[code], "level": LEVELS[i % 3]})
        for k, (svc, metric) in enumerate(SERVICES.items()):
            if (i + k) % 4 == 3:
                continue  # not every agency has every service
            # half the visited provinces' agencies sign up after the first event there, a few others later
            start = MONTHS[8] if code in VISITED and i % 2 else (MONTHS[15] if i % 5 == 0 else MONTHS[0])
            subs.append({"agency_id": aid, "service": svc, "start_date": start.isoformat(), "end_date": "",
                         "units": str(1 + i % 3)})
            idle = i % 7 == 0  # adopted but idle: the Underuse page's action list
            for m in MONTHS:
                if m >= start:
                    usage.append({"month": m.isoformat(), "agency_id": aid, "service": svc, "metric": metric,
                                  "value": "0" if idle and m >= MONTHS[12] else str(50 + (i * 7 + k) % 40)})
    _write(out / "agencies.csv", agencies)
    _write(out / "subscriptions.csv", subs)
    _write(out / "usage.csv", usage)
    evs = events(host)
    _write(out / "events.csv", evs)
    feedback, n = [], 0
    for e in evs:
        d = dt.date.fromisoformat(e["date"])
        for j in range(12):
            n += 1
            a = agencies[(j * 4 + (0 if e["province"] == "Phitsanulok" else 1)) % 40]
            feedback.append({"response_id": f"R{n:03d} {p('re')}", "date": d.isoformat(), "event_id": e["event_id"],
                             "agency_id": a["agency_id"], "province": e["province"], "service": "GIN",
                             "satisfaction": str(1 + j % 5), "issue": p("is") if j % 2 else "training",
                             "comment": f"{n} {p('co')}"})
    for j, m in enumerate(MONTHS):
        n += 1
        a = agencies[j % 40]
        feedback.append({"response_id": f"R{n:03d} {p('re')}", "date": (m + dt.timedelta(days=9)).isoformat(),
                         "event_id": "", "agency_id": a["agency_id"], "province": a["province"],
                         "service": "MailGoThai", "satisfaction": str(2 + j % 4),
                         "issue": p("is") if j % 3 else "bandwidth", "comment": f"{n} {p('co')}"})
    _write(out / "feedback.csv", feedback)
    tickets = []
    for j in range(96):
        m = MONTHS[j % 24]
        opened = dt.datetime(m.year, m.month, 1 + j % 27, 8 + j % 10, 15)
        closed = "" if j % 11 == 0 else (opened + dt.timedelta(hours=3 + j % 30)).isoformat(sep=" ")
        tickets.append({"ticket_id": f"T{j:03d} {p('tk')}", "opened_at": opened.isoformat(sep=" "),
                        "closed_at": closed, "agency_id": agencies[j % 40]["agency_id"], "service": "GIN",
                        "category": p("ca") if j % 2 else f"x {p('ca')}", "channel": p("ch")})
    _write(out / "tickets.csv", tickets)
    return out


def build(db: Path, host: str, inputs: Path | None = None):
    """The hostile warehouse at db, loaded by the real ETL; returns the ETL's report."""
    inputs = write_inputs(inputs or db.parent / "hostile_inputs", host)
    return run(sorted(inputs.glob("*.csv")), db)
