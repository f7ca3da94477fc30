"""The session's test warehouse, as input files: deterministic synthetic rows for every province.

Agencies by rule (a few provincial offices and local administrations per province, central departments
in Bangkok, one agency with no level), 30 events, adoption that a roadshow brings forward, idle routers,
feedback at the events (one comment a spreadsheet formula), 600 tickets, over 2012-2014; and two feedback
rows the ETL refuses (an unknown province, a satisfaction out of range), so the warehouse has rejects.

tests/conftest.py writes them once per test session and loads them with the real ETL (`synthetic_db`):
    python -m tests.synthetic_files OUT_DIR      # the files alone, to look at
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

from etl import reference

try:
    from tests.input_files import InputFiles
except ImportError:  # tests/ on sys.path instead of the repository root
    from input_files import InputFiles

FIRST_MONTH = dt.date(2012, 1, 1)
LAST_MONTH = dt.date(2014, 12, 1)
SEED = 20140701
# The rows the ETL refuses: (line in feedback.csv, column, value written)
REFUSED = [(17, "province", "Phitsanulokx"), (44, "satisfaction", "๖")]

# (ministry, department, provincial office prefix) used to make agencies.
OFFICES = [
    ("MOI", "สำนักงานปลัดกระทรวงมหาดไทย", "ศาลากลางจังหวัด"),
    ("MOPH", "สำนักงานปลัดกระทรวงสาธารณสุข", "สำนักงานสาธารณสุขจังหวัด"),
    ("MOE", "สำนักงานปลัดกระทรวงศึกษาธิการ", "สำนักงานศึกษาธิการจังหวัด"),
    ("MOF", "กรมบัญชีกลาง", "สำนักงานคลังจังหวัด"),
    ("MOAC", "สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "สำนักงานเกษตรจังหวัด"),
    ("MOL", "สำนักงานปลัดกระทรวงแรงงาน", "สำนักงานแรงงานจังหวัด"),
]
CENTRAL = [
    ("OPM", "สำนักเลขาธิการนายกรัฐมนตรี"),
    ("OPM", "กรมประชาสัมพันธ์"),
    ("MOF", "กรมสรรพากร"),
    ("MOF", "กรมศุลกากร"),
    ("MOF", "กรมบัญชีกลาง"),
    ("MOPH", "กรมควบคุมโรค"),
    ("MOPH", "กรมการแพทย์"),
    ("MOE", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน"),
    ("MDES", "สำนักงานปลัดกระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร"),
    ("MDES", "กรมอุตุนิยมวิทยา"),
    ("MOI", "กรมการปกครอง"),
    ("MOI", "กรมส่งเสริมการปกครองท้องถิ่น"),
    ("MOT", "กรมทางหลวง"),
    ("MOC", "กรมพัฒนาธุรกิจการค้า"),
    ("MOJ", "กรมคุมประพฤติ"),
    ("MNRE", "กรมป่าไม้"),
]
COMMENTS = [
    "อยากให้มีการอบรมการใช้งาน G-Cloud เพิ่มเติม",
    "เราเตอร์ GIN ติดตั้งแล้วแต่ยังไม่ได้เชื่อมระบบงาน",
    "อีเมลกลางใช้งานสะดวก ขอเพิ่มพื้นที่กล่องจดหมาย",
    "ความเร็วเครือข่ายไม่เพียงพอช่วงเช้า",
    "เจ้าหน้าที่ให้คำแนะนำดีมาก",
    "ยังไม่เข้าใจว่า GovMon ต้องติดตั้งอะไรที่หน่วยงาน",
    "=HYPERLINK(\"http://example.invalid\",\"คลิก\")",
    "",
]
ISSUES = ["router_underused", "misunderstanding", "training", "bandwidth", "support", "budget", "none", None]
EVENT_TYPES = ["roadshow", "roadshow", "seminar", "site_visit", "training"]
SERVICE_BASE = {"GIN": 0.9, "GCLOUD": 0.45, "MAILGOTHAI": 0.75, "GOVMON": 0.35}  # how keen on each service


def _months() -> list[dt.date]:
    out, m = [], FIRST_MONTH
    while m <= LAST_MONTH:
        out.append(m)
        m = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return out


def _agencies(wh: InputFiles, provinces) -> None:
    for code, name_th in zip(provinces.province_code, provinces.name_th):
        if code == "10":
            for i, (mcode, dept) in enumerate(CENTRAL):
                wh.agency(f"C{i + 1:03d}", province="10", ministry=mcode, level="central", name=dept, department=dept)
        for j, (mcode, dept, prefix) in enumerate(OFFICES[:3 + int(code) % 4]):
            wh.agency(f"P{code}{j + 1:02d}", province=code, ministry=mcode, level="provincial",
                      name=f"{prefix}{name_th}", department=dept)
        for j in range(1 + int(code) % 3):
            name = f"องค์การบริหารส่วนจังหวัด{name_th}" if j == 0 else f"เทศบาลนคร{name_th} {j}"
            wh.agency(f"L{code}{j + 1:02d}", province=code, ministry="MOI", level="local", name=name,
                      department="กรมส่งเสริมการปกครองท้องถิ่น")
    # messy but legal: no level, no department, a name that looks like a spreadsheet formula
    wh.agency("X0001", province="65", ministry="MDES", level=None, name="-สำนักงานทดลองระบบ (ไม่ระบุระดับ)")


def generate(folder: str | Path, seed: int = SEED) -> InputFiles:
    """The rows (deterministic for a seed), to be written as input files under folder/input (.write())."""
    rng = random.Random(seed)
    wh = InputFiles(folder)
    prov = reference.provinces()
    name_of = dict(zip(prov.province_code, prov.name_th))
    months = _months()
    services = reference.services().set_index("service_code")
    svc_codes = list(services.index)
    _agencies(wh, prov)
    agencies = wh.rows["agencies"]  # (agency_id, name, ministry, department, province, level)

    events, ev_no = [], 0
    for code in rng.sample(list(prov.province_code), 30):
        ev_no += 1
        d = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randrange(0, 660))
        etype = rng.choice(EVENT_TYPES)
        eid = f"EV{ev_no:03d}"
        title = f"{'โรดโชว์' if etype == 'roadshow' else 'สัมมนา'} บริการ EGA จังหวัด{name_of[code]}"
        events.append((eid, d, code))
        wh.event(eid, d, code, etype, title, rng.randrange(30, 300), rng.randrange(5, 40))
        if ev_no % 7 == 0:  # one event spanning two provinces
            other = str(int(code) + 1) if str(int(code) + 1) in name_of else "65"
            if other != code:
                events.append((eid, d, other))
                wh.event(eid, d, other, etype, title, rng.randrange(20, 100), rng.randrange(3, 15))
    first_visit: dict[str, dt.date] = {}
    for _, d, code in events:
        first_visit[code] = min(d, first_visit.get(code, d))

    # propensity per province: some provinces keen, some not
    keen = {code: rng.uniform(0.15, 0.95) for code in prov.province_code}
    for agency_id, _, _, _, province, _ in agencies:
        for s in svc_codes:
            visit = first_visit.get(province)
            p_adopt = SERVICE_BASE.get(s, 0.5) * (0.4 + keen[province]) + (0.15 if visit else 0)
            if rng.random() > p_adopt:
                continue
            start = months[rng.randrange(0, len(months))] + dt.timedelta(days=rng.randrange(0, 27))
            if visit and start > visit and rng.random() < 0.6:  # a roadshow brings adoption forward
                start = visit + dt.timedelta(days=rng.randrange(10, 150))
            if s == "GIN" and rng.random() < 0.5:  # GIN came first
                start = dt.date(2011, rng.randrange(1, 13), 15)
            end = None
            if rng.random() < 0.08:
                end = start + dt.timedelta(days=rng.randrange(120, 700))
            units = {"GIN": 1 + rng.randrange(0, 3), "GCLOUD": 1 + rng.randrange(0, 6),
                     "MAILGOTHAI": 20 + rng.randrange(0, 400), "GOVMON": 2 + rng.randrange(0, 20)}.get(s, 1)
            wh.subscription(agency_id, s, start, end, units)
            idle_agency = rng.random() < 0.2  # the router that sits idle
            threshold = float(services.loc[s, "active_threshold"])
            for m in months:
                month_end = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1) - dt.timedelta(days=1)
                if not (start <= month_end and (end is None or end > month_end)):
                    continue
                if rng.random() < 0.05:
                    continue  # not reported this month
                active = rng.random() < (0.15 if idle_agency else 0.9)
                wh.usage(m, agency_id, s, round(threshold + 1 + rng.random() * 500, 1) if active else 0.0)

    by_province: dict[str, list[str]] = {}
    for agency_id, _, _, _, province, _ in agencies:
        by_province.setdefault(province, []).append(agency_id)
    for eid, d, code in events:
        for k in range(rng.randrange(4, 26)):
            agency_id = rng.choice(by_province[code])
            service = rng.choice(svc_codes + [None])
            score = rng.choice([2, 3, 3, 4, 4, 4, 5, 5, 5, 1])
            wh.feedback(d, code, score, service=service, issue=rng.choice(ISSUES), event_id=eid, agency_id=agency_id,
                        response_id=f"R{eid}-{code}-{k:02d}", comment=rng.choice(COMMENTS) or None)
    rows = wh.rows["feedback"]
    for line, column, value in REFUSED:  # line 1 is the header
        good = rows[line - 2]
        bad = list(good)
        bad[0] = f"BAD-{line}"
        bad[{"province": 4, "satisfaction": 6}[column]] = value
        rows.insert(line - 2, tuple(bad))

    cats = ["connectivity", "account", "configuration", "performance", "security", "request"]
    chans = ["phone", "email", "web", "walk_in"]
    ids = [a[0] for a in agencies]
    for i in range(600):
        opened = dt.datetime(2012, 1, 1) + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 1095))
        closed = opened + dt.timedelta(hours=rng.randrange(1, 240)) if rng.random() < 0.93 else None
        wh.ticket(f"T{i:05d}", opened, closed, agency_id=rng.choice(ids), service=rng.choice(svc_codes),
                  category=rng.choice(cats), channel=rng.choice(chans))
    return wh


if __name__ == "__main__":
    print(generate(Path(sys.argv[1] if len(sys.argv) > 1 else "synthetic")).write())
