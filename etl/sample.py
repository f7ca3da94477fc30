"""Deterministic, realistic SAMPLE data for the EGA adoption dashboard: `python -m etl sample OUT_DIR`.

Everything written here is synthetic. It is shaped by the public facts of docs/DESIGN.md, "Public facts
for believable sample data" (GIN: about 1,199 agencies connected in fiscal 2012 and over 2,000 offices by
November 2013; G-Cloud launched May 2012; MailGoThai strongest in Public Health); every other figure
(adoption curves, units, usage levels, idle shares, ticket rates) is an assumption made for the sample.

The module has four layers, top to bottom:

  catalogue   the agency population: central departments, provincial offices in all 77 provinces,
              local administrations (and, at larger scales, district and sub-district units). It does
              not depend on the seed: agency ids are stable, and each scale is a prefix of the next.
  truth       the clean tables, one builder per kind (events, subscriptions, usage, feedback,
              tickets), in warehouse form (codes, Gregorian dates). `truth(seed, scale)` returns them.
  messify     renders clean values in the forms real exports use: Buddhist-Era dates, Thai digits,
              thousands separators, stray spaces and NBSP, province / ministry / service spellings.
  writers     one function per file; `generate()` calls them and writes README_SAMPLE.txt.

The files encode exactly the truth tables plus the rows listed in BAD_ROWS, which a correct loader
rejects (and nothing else).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import zlib
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geothai
import numpy as np
import pandas as pd
import pyarrow as pa

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"

SERVICES = ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")
PRIMARY = {"GIN": "traffic_gb", "GCLOUD": "vm_hours", "MAILGOTHAI": "active_mailboxes", "GOVMON": "devices_reporting"}
SECONDARY = {"GIN": "uptime_pct", "GCLOUD": "storage_gb", "MAILGOTHAI": "messages_sent", "GOVMON": "alerts"}
DISPLAY = {"GIN": "GIN", "GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}

FIRST_DAY = np.datetime64("2012-01-01", "D")  # usage runs 2012-01 .. 2016-12
LAST_DAY = np.datetime64("2016-12-31", "D")
N_MONTHS = 60
MONTH_STARTS = np.arange(np.datetime64("2012-01", "M"), np.datetime64("2017-01", "M")).astype("datetime64[D]")
EXPORTED_AT = dt.datetime(2017, 1, 16, 9, 0, 0)  # the fixed "export" time: xlsx metadata, open tickets
# Service launches: G-Cloud in May 2012 (public fact); GIN, MailGoThai and GovMon dates are assumptions.
LAUNCH = {"GIN": "2007-01-01", "GCLOUD": "2012-05-01", "MAILGOTHAI": "2010-06-01", "GOVMON": "2012-10-01"}


@dataclass(frozen=True)
class Scale:
    tier: int  # catalogue tiers included
    online_feedback_per_agency: float
    tickets_per_service_month: float
    plain_usage: bool  # usage years all in one plain form (fast to load, benchmarked against read_csv)


SCALES = {
    "small": Scale(1, 0.6, 0.05, False),
    "medium": Scale(2, 0.5, 0.04, False),
    "large": Scale(3, 0.25, 0.02, True),
}

# Rows a correct loader must reject: one dict per row, `row` in canonical columns as written.
BAD_ROWS: list[dict] = [
    {"file": "sample_agencies.csv", "sheet": None, "kind": "agencies", "column": "province", "value": "พัทยา",
     "reason": "Pattaya (เมืองพัทยา) is a self-governing city in Chon Buri, not a province",
     "row": {"agency_id": "AG99990", "agency_name": "เมืองพัทยา", "ministry": "มท.", "department": "",
             "province": "พัทยา", "level": "ส่วนท้องถิ่น"}},
    {"file": "sample_subscriptions.csv", "sheet": None, "kind": "subscriptions", "column": "start_date",
     "value": "31/02/2557", "reason": "there is no 31 February (2557 BE = 2014)",
     "row": {"agency_id": "AG00002", "service": "G-Cloud", "start_date": "31/02/2557", "end_date": "", "units": "2"}},
    {"file": "sample_subscriptions.csv", "sheet": None, "kind": "subscriptions", "column": "service",
     "value": "G-Drive", "reason": "not an EGA service",
     "row": {"agency_id": "AG00001", "service": "G-Drive", "start_date": "01/03/2558", "end_date": "", "units": "1"}},
    {"file": "sample_usage_2013.csv", "sheet": None, "kind": "usage", "column": "agency_id", "value": "AG99999",
     "reason": "no such agency in the agencies file",
     "row": {"month": "2013-06-01", "agency_id": "AG99999", "service": "GIN", "metric": "traffic_gb", "value": "12.5"}},
    {"file": "sample_roadshow_feedback.xlsx", "sheet": "กิจกรรม", "kind": "events", "column": "date",
     "value": "31/09/2557", "reason": "September has 30 days (typed as text among real Excel dates)",
     "row": {"event_id": "EV2557-99", "date": "31/09/2557", "province": "พิษณุโลก", "event_type": "ลงพื้นที่",
             "title": "ลงพื้นที่พบหน่วยงานจังหวัดพิษณุโลก", "attendees": 25, "agencies_attended": 9}},
    {"file": "sample_roadshow_feedback.xlsx", "sheet": "แบบสอบถาม", "kind": "feedback", "column": "satisfaction",
     "value": 7, "reason": "satisfaction is 1-5 (or มากที่สุด..น้อยที่สุด)",
     "row": {"response_id": "EVR-999999", "date": "25/07/2557", "event_id": "", "agency_id": "AG00001",
             "province": "สุโขทัย", "service": "GIN", "satisfaction": 7, "issue": "ไม่มีปัญหา", "comment": "ดีมาก"}},
    {"file": "sample_feedback_online.csv", "sheet": None, "kind": "feedback", "column": "province",
     "value": "Phitsanulog", "reason": "misspelling of Phitsanulok (พิษณุโลก)",
     "row": {"response_id": "WEB-999999", "date": "2015-03-12", "event_id": "", "agency_id": "AG00003",
             "province": "Phitsanulog", "service": "MailGoThai", "satisfaction": "4", "issue": "training",
             "comment": "อยากให้มีคู่มือภาษาไทย"}},
    {"file": "sample_tickets.csv", "sheet": None, "kind": "tickets", "column": "opened_at", "value": "ไม่ระบุ",
     "reason": "'not specified' is not a date-time, and opened_at is required",
     "row": {"ticket_id": "CC2558-999999", "opened_at": "ไม่ระบุ", "closed_at": "", "agency_id": "AG00004",
             "service": "GIN", "category": "Connectivity", "channel": "Phone"}},
]


def _rng(seed: int, stream: str) -> np.random.Generator:
    """One independent generator per purpose, so changing one kind leaves the others as they were."""
    return np.random.default_rng([seed, zlib.crc32(stream.encode())])


# =====================================================================================================
# Reference
# =====================================================================================================


@functools.cache
def _reference() -> dict[str, pd.DataFrame]:
    read = functools.partial(pd.read_csv, dtype=str, keep_default_na=False)
    return {
        "services": read(REFERENCE / "services.csv").set_index("service_code"),
        "ministries": read(REFERENCE / "ministries.csv").set_index("ministry_code"),
        "vocabularies": read(REFERENCE / "vocabularies.csv"),
    }


@functools.cache
def _provinces() -> pd.DataFrame:
    rows = [(p.code, p.name_th, p.name_en) for p in geothai.provinces()]
    return pd.DataFrame(rows, columns=["code", "name_th", "name_en"]).set_index("code")


def _roadshow_region(code: str) -> str:
    """The circuit a roadshow is named after (4-region north; east and west split out of central)."""
    c = int(code)
    if 50 <= c <= 67:
        return "ภาคเหนือ"
    if 30 <= c <= 49:
        return "ภาคตะวันออกเฉียงเหนือ"
    if 20 <= c <= 27:
        return "ภาคตะวันออก"
    if c in (70, 71, 76, 77):
        return "ภาคตะวันตก"
    if c >= 80:
        return "ภาคใต้"
    return "ภาคกลาง"


# =====================================================================================================
# Catalogue: the agency population (seed-independent)
# =====================================================================================================

CENTRAL: dict[str, list[str]] = {
    "OPM": ["สำนักงานปลัดสำนักนายกรัฐมนตรี", "กรมประชาสัมพันธ์", "สำนักงานคณะกรรมการคุ้มครองผู้บริโภค",
            "สำนักเลขาธิการคณะรัฐมนตรี", "สำนักเลขาธิการนายกรัฐมนตรี", "สำนักข่าวกรองแห่งชาติ", "สำนักงบประมาณ",
            "สำนักงานสภาความมั่นคงแห่งชาติ", "สำนักงานคณะกรรมการกฤษฎีกา", "สำนักงานคณะกรรมการข้าราชการพลเรือน",
            "สำนักงานคณะกรรมการพัฒนาการเศรษฐกิจและสังคมแห่งชาติ", "สำนักงานคณะกรรมการพัฒนาระบบราชการ",
            "สำนักงานคณะกรรมการส่งเสริมการลงทุน", "สำนักงานตำรวจแห่งชาติ"],
    "MOD": ["สำนักงานปลัดกระทรวงกลาโหม", "กองบัญชาการกองทัพไทย", "กองทัพบก", "กองทัพเรือ", "กองทัพอากาศ"],
    "MOF": ["สำนักงานปลัดกระทรวงการคลัง", "กรมธนารักษ์", "กรมบัญชีกลาง", "กรมศุลกากร", "กรมสรรพสามิต",
            "กรมสรรพากร", "สำนักงานบริหารหนี้สาธารณะ", "สำนักงานเศรษฐกิจการคลัง",
            "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ"],
    "MFA": ["สำนักงานปลัดกระทรวงการต่างประเทศ", "กรมการกงสุล", "กรมพิธีการทูต", "กรมเศรษฐกิจระหว่างประเทศ",
            "กรมความร่วมมือระหว่างประเทศ", "กรมยุโรป", "กรมสารนิเทศ", "กรมสนธิสัญญาและกฎหมาย",
            "กรมองค์การระหว่างประเทศ", "กรมอเมริกาและแปซิฟิกใต้", "กรมเอเชียตะวันออก", "กรมอาเซียน"],
    "MOTS": ["สำนักงานปลัดกระทรวงการท่องเที่ยวและกีฬา", "กรมการท่องเที่ยว", "กรมพลศึกษา",
             "สำนักงานพัฒนาการกีฬาและนันทนาการ"],
    "MSDHS": ["สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "กรมพัฒนาสังคมและสวัสดิการ",
              "สำนักงานกิจการสตรีและสถาบันครอบครัว", "สำนักงานส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการแห่งชาติ",
              "สำนักงานส่งเสริมสวัสดิภาพและพิทักษ์เด็ก เยาวชน ผู้ด้อยโอกาส และผู้สูงอายุ"],
    "MOAC": ["สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "กรมการข้าว", "กรมชลประทาน", "กรมตรวจบัญชีสหกรณ์", "กรมประมง",
             "กรมปศุสัตว์", "กรมพัฒนาที่ดิน", "กรมวิชาการเกษตร", "กรมส่งเสริมการเกษตร", "กรมส่งเสริมสหกรณ์",
             "กรมหม่อนไหม", "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม", "สำนักงานเศรษฐกิจการเกษตร",
             "สำนักงานมาตรฐานสินค้าเกษตรและอาหารแห่งชาติ"],
    "MOT": ["สำนักงานปลัดกระทรวงคมนาคม", "กรมเจ้าท่า", "กรมการขนส่งทางบก", "กรมการบินพลเรือน", "กรมทางหลวง",
            "กรมทางหลวงชนบท", "สำนักงานนโยบายและแผนการขนส่งและจราจร"],
    "MNRE": ["สำนักงานปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "กรมควบคุมมลพิษ", "กรมทรัพยากรทางทะเลและชายฝั่ง",
             "กรมทรัพยากรธรณี", "กรมทรัพยากรน้ำ", "กรมทรัพยากรน้ำบาดาล", "กรมส่งเสริมคุณภาพสิ่งแวดล้อม",
             "กรมอุทยานแห่งชาติ สัตว์ป่า และพันธุ์พืช", "กรมป่าไม้",
             "สำนักงานนโยบายและแผนทรัพยากรธรรมชาติและสิ่งแวดล้อม"],
    "MDES": ["สำนักงานปลัดกระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร", "กรมอุตุนิยมวิทยา", "สำนักงานสถิติแห่งชาติ"],
    "MOEN": ["สำนักงานปลัดกระทรวงพลังงาน", "กรมเชื้อเพลิงธรรมชาติ", "กรมธุรกิจพลังงาน",
             "กรมพัฒนาพลังงานทดแทนและอนุรักษ์พลังงาน", "สำนักงานนโยบายและแผนพลังงาน"],
    "MOC": ["สำนักงานปลัดกระทรวงพาณิชย์", "กรมการค้าต่างประเทศ", "กรมการค้าภายใน", "กรมทรัพย์สินทางปัญญา",
            "กรมพัฒนาธุรกิจการค้า", "กรมส่งเสริมการค้าระหว่างประเทศ", "กรมเจรจาการค้าระหว่างประเทศ",
            "สำนักงานนโยบายและยุทธศาสตร์การค้า"],
    "MOI": ["สำนักงานปลัดกระทรวงมหาดไทย", "กรมการปกครอง", "กรมการพัฒนาชุมชน", "กรมที่ดิน",
            "กรมป้องกันและบรรเทาสาธารณภัย", "กรมโยธาธิการและผังเมือง", "กรมส่งเสริมการปกครองท้องถิ่น"],
    "MOJ": ["สำนักงานปลัดกระทรวงยุติธรรม", "กรมคุมประพฤติ", "กรมคุ้มครองสิทธิและเสรีภาพ", "กรมบังคับคดี",
            "กรมพินิจและคุ้มครองเด็กและเยาวชน", "กรมราชทัณฑ์", "กรมสอบสวนคดีพิเศษ", "สำนักงานกิจการยุติธรรม",
            "สถาบันนิติวิทยาศาสตร์"],
    "MOL": ["สำนักงานปลัดกระทรวงแรงงาน", "กรมการจัดหางาน", "กรมพัฒนาฝีมือแรงงาน", "กรมสวัสดิการและคุ้มครองแรงงาน",
            "สำนักงานประกันสังคม"],
    "MCULT": ["สำนักงานปลัดกระทรวงวัฒนธรรม", "กรมการศาสนา", "กรมส่งเสริมวัฒนธรรม", "กรมศิลปากร",
              "สำนักงานศิลปวัฒนธรรมร่วมสมัย"],
    "MHESI": ["สำนักงานปลัดกระทรวงวิทยาศาสตร์และเทคโนโลยี", "กรมวิทยาศาสตร์บริการ", "สำนักงานปรมาณูเพื่อสันติ"],
    "MOE": ["สำนักงานปลัดกระทรวงศึกษาธิการ", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
            "สำนักงานคณะกรรมการการอาชีวศึกษา", "สำนักงานคณะกรรมการการอุดมศึกษา", "สำนักงานเลขาธิการสภาการศึกษา"],
    "MOPH": ["สำนักงานปลัดกระทรวงสาธารณสุข", "กรมการแพทย์", "กรมควบคุมโรค", "กรมการแพทย์แผนไทยและการแพทย์ทางเลือก",
             "กรมวิทยาศาสตร์การแพทย์", "กรมสนับสนุนบริการสุขภาพ", "กรมสุขภาพจิต", "กรมอนามัย",
             "สำนักงานคณะกรรมการอาหารและยา"],
    "MIND": ["สำนักงานปลัดกระทรวงอุตสาหกรรม", "กรมโรงงานอุตสาหกรรม", "กรมส่งเสริมอุตสาหกรรม",
             "กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่", "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม",
             "สำนักงานคณะกรรมการอ้อยและน้ำตาลทราย", "สำนักงานเศรษฐกิจอุตสาหกรรม"],
}
CENTRAL_OUTSIDE_BANGKOK = {"MOPH": "12", "MOC": "12"}  # both ministries sit in Nonthaburi

# (tier, ministry, parent department, name pattern); {p} is the province's Thai name
PROVINCIAL: list[tuple[int, str, str, str]] = [
    (1, "MOI", "สำนักงานปลัดกระทรวงมหาดไทย", "สำนักงานจังหวัด{p}"),
    (1, "MOI", "กรมการปกครอง", "ที่ทำการปกครองจังหวัด{p}"),
    (1, "MOI", "กรมการพัฒนาชุมชน", "สำนักงานพัฒนาชุมชนจังหวัด{p}"),
    (1, "MOI", "กรมที่ดิน", "สำนักงานที่ดินจังหวัด{p}"),
    (1, "MOI", "กรมส่งเสริมการปกครองท้องถิ่น", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด{p}"),
    (1, "MOI", "กรมป้องกันและบรรเทาสาธารณภัย", "สำนักงานป้องกันและบรรเทาสาธารณภัยจังหวัด{p}"),
    (1, "MOPH", "สำนักงานปลัดกระทรวงสาธารณสุข", "สำนักงานสาธารณสุขจังหวัด{p}"),
    (1, "MOPH", "สำนักงานปลัดกระทรวงสาธารณสุข", "โรงพยาบาล{p}"),
    (1, "MOC", "สำนักงานปลัดกระทรวงพาณิชย์", "สำนักงานพาณิชย์จังหวัด{p}"),
    (1, "MOAC", "กรมส่งเสริมการเกษตร", "สำนักงานเกษตรจังหวัด{p}"),
    (1, "MOAC", "กรมปศุสัตว์", "สำนักงานปศุสัตว์จังหวัด{p}"),
    (1, "MOF", "สำนักงานปลัดกระทรวงการคลัง", "สำนักงานคลังจังหวัด{p}"),
    (1, "MOF", "กรมสรรพากร", "สำนักงานสรรพากรพื้นที่{p}"),
    (1, "MOL", "สำนักงานปลัดกระทรวงแรงงาน", "สำนักงานแรงงานจังหวัด{p}"),
    (1, "MOL", "กรมการจัดหางาน", "สำนักงานจัดหางานจังหวัด{p}"),
    (1, "MSDHS", "สำนักงานปลัดกระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์",
     "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{p}"),
    (1, "MOTS", "สำนักงานปลัดกระทรวงการท่องเที่ยวและกีฬา", "สำนักงานการท่องเที่ยวและกีฬาจังหวัด{p}"),
    (1, "MCULT", "สำนักงานปลัดกระทรวงวัฒนธรรม", "สำนักงานวัฒนธรรมจังหวัด{p}"),
    (1, "MNRE", "สำนักงานปลัดกระทรวงทรัพยากรธรรมชาติและสิ่งแวดล้อม", "สำนักงานทรัพยากรธรรมชาติและสิ่งแวดล้อมจังหวัด{p}"),
    (1, "MIND", "สำนักงานปลัดกระทรวงอุตสาหกรรม", "สำนักงานอุตสาหกรรมจังหวัด{p}"),
    (1, "MDES", "สำนักงานสถิติแห่งชาติ", "สำนักงานสถิติจังหวัด{p}"),
    (1, "MOE", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{p} เขต 1"),
    (2, "MOI", "กรมโยธาธิการและผังเมือง", "สำนักงานโยธาธิการและผังเมืองจังหวัด{p}"),
    (2, "MOAC", "กรมประมง", "สำนักงานประมงจังหวัด{p}"),
    (2, "MOAC", "กรมส่งเสริมสหกรณ์", "สำนักงานสหกรณ์จังหวัด{p}"),
    (2, "MOAC", "สำนักงานปลัดกระทรวงเกษตรและสหกรณ์", "สำนักงานเกษตรและสหกรณ์จังหวัด{p}"),
    (2, "MOAC", "สำนักงานการปฏิรูปที่ดินเพื่อเกษตรกรรม", "สำนักงานการปฏิรูปที่ดินจังหวัด{p}"),
    (2, "MOF", "กรมสรรพสามิต", "สำนักงานสรรพสามิตพื้นที่{p}"),
    (2, "MOF", "กรมธนารักษ์", "สำนักงานธนารักษ์พื้นที่{p}"),
    (2, "MOL", "สำนักงานประกันสังคม", "สำนักงานประกันสังคมจังหวัด{p}"),
    (2, "MOL", "กรมสวัสดิการและคุ้มครองแรงงาน", "สำนักงานสวัสดิการและคุ้มครองแรงงานจังหวัด{p}"),
    (2, "MOJ", "กรมคุมประพฤติ", "สำนักงานคุมประพฤติจังหวัด{p}"),
    (2, "MOJ", "กรมราชทัณฑ์", "เรือนจำจังหวัด{p}"),
    (2, "MOJ", "กรมบังคับคดี", "สำนักงานบังคับคดีจังหวัด{p}"),
    (2, "MOJ", "สำนักงานปลัดกระทรวงยุติธรรม", "สำนักงานยุติธรรมจังหวัด{p}"),
    (2, "MOEN", "สำนักงานปลัดกระทรวงพลังงาน", "สำนักงานพลังงานจังหวัด{p}"),
    (2, "MOT", "กรมการขนส่งทางบก", "สำนักงานขนส่งจังหวัด{p}"),
    (2, "MOT", "กรมทางหลวง", "แขวงทางหลวง{p}"),
    (2, "MOT", "กรมทางหลวงชนบท", "สำนักงานทางหลวงชนบทจังหวัด{p}"),
    (2, "OPM", "กรมประชาสัมพันธ์", "สำนักงานประชาสัมพันธ์จังหวัด{p}"),
    (2, "MOD", "กองทัพบก", "หน่วยสัสดีจังหวัด{p}"),
]
BANGKOK_OFFICES: list[tuple[str, str, str]] = [
    ("MOE", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษากรุงเทพมหานคร"),
    ("MOL", "สำนักงานประกันสังคม", "สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ 1"),
    ("MOL", "สำนักงานประกันสังคม", "สำนักงานประกันสังคมกรุงเทพมหานครพื้นที่ 2"),
    ("MOL", "กรมการจัดหางาน", "สำนักงานจัดหางานกรุงเทพมหานครพื้นที่ 1"),
    ("MOL", "กรมการจัดหางาน", "สำนักงานจัดหางานกรุงเทพมหานครพื้นที่ 2"),
    ("MOI", "กรมที่ดิน", "สำนักงานที่ดินกรุงเทพมหานคร"),
    ("MOF", "กรมสรรพากร", "สำนักงานสรรพากรพื้นที่กรุงเทพมหานคร 1"),
    ("MOT", "กรมการขนส่งทางบก", "สำนักงานขนส่งกรุงเทพมหานครพื้นที่ 1"),
]
# The 30 city municipalities (เทศบาลนคร) and their provinces
CITY_MUNICIPALITIES = [
    ("เชียงใหม่", "50"), ("นครราชสีมา", "30"), ("ขอนแก่น", "40"), ("อุดรธานี", "41"), ("หาดใหญ่", "90"),
    ("สงขลา", "90"), ("ภูเก็ต", "83"), ("พิษณุโลก", "65"), ("นครสวรรค์", "60"), ("ลำปาง", "52"),
    ("เชียงราย", "57"), ("อุบลราชธานี", "34"), ("สุราษฎร์ธานี", "84"), ("นครศรีธรรมราช", "80"), ("ตรัง", "92"),
    ("ยะลา", "95"), ("แหลมฉบัง", "20"), ("นครปฐม", "73"), ("สมุทรสาคร", "74"), ("สมุทรปราการ", "11"),
    ("นนทบุรี", "12"), ("ปากเกร็ด", "12"), ("รังสิต", "13"), ("พระนครศรีอยุธยา", "14"), ("เกาะสมุย", "84"),
    ("แม่สอด", "63"), ("เจ้าพระยาสุรศักดิ์", "20"), ("อ้อมน้อย", "74"), ("ระยอง", "21"), ("สกลนคร", "47"),
]
VILLAGES = ["หนองบัว", "โนนสูง", "ดอนแดง", "ห้วยทราย", "ป่าแดง", "นาดี", "หนองแวง", "โคกสว่าง", "ทุ่งใหญ่", "วังหิน",
            "หนองหญ้าปล้อง", "โพธิ์ทอง", "นาเจริญ", "ห้วยยาง", "สันติสุข", "ดงเย็น", "คลองใหม่", "ท่าช้าง",
            "หนองตะเคียน", "โคกกลาง", "บึงสามัคคี", "แม่ตื่น", "ปางหมู", "ควนเนียง", "บางกล่ำ", "หัวฝาย"]

# District branch offices of central departments ({d}: the district's Thai name)
DISTRICT_BRANCHES: list[tuple[str, str, str]] = [
    ("MOAC", "กรมส่งเสริมการเกษตร", "สำนักงานเกษตรอำเภอ{d}"),
    ("MOAC", "กรมปศุสัตว์", "สำนักงานปศุสัตว์อำเภอ{d}"),
    ("MOI", "กรมการพัฒนาชุมชน", "สำนักงานพัฒนาชุมชนอำเภอ{d}"),
    ("MOI", "กรมส่งเสริมการปกครองท้องถิ่น", "สำนักงานส่งเสริมการปกครองท้องถิ่นอำเภอ{d}"),
    ("MOE", "สำนักงานปลัดกระทรวงศึกษาธิการ", "ศูนย์การศึกษานอกระบบและการศึกษาตามอัธยาศัยอำเภอ{d}"),
    ("MOD", "กองทัพบก", "หน่วยสัสดีอำเภอ{d}"),
    ("MOAC", "กรมประมง", "สำนักงานประมงอำเภอ{d}"),
    ("MOI", "กรมที่ดิน", "สำนักงานที่ดินจังหวัด{p} สาขา{d}"),
]

LEVEL_OF_KIND = {
    "district_branch": "provincial",
    "central": "central", "prov_office": "provincial", "bkk_office": "provincial", "district_office": "provincial",
    "hospital": "provincial", "district_health": "provincial", "police": "provincial", "hsc": "provincial",
    "school": "provincial", "pao": "local", "city": "local", "khet": "local", "tambon": "local",
}


def _catalogue_entries() -> list[tuple]:
    """(tier, kind, name, ministry, department, province) in a fixed order."""
    prov = _provinces()
    out: list[tuple] = []
    for ministry, departments in CENTRAL.items():
        for d in departments:
            out.append((1, "central", d, ministry, d, CENTRAL_OUTSIDE_BANGKOK.get(ministry, "10")))
    for tier, ministry, dept, pattern in PROVINCIAL:
        for code, p in prov.iterrows():
            if code != "10":
                out.append((tier, "prov_office", pattern.format(p=p.name_th), ministry, dept, code))
    for ministry, dept, name in BANGKOK_OFFICES:
        out.append((1, "bkk_office", name, ministry, dept, "10"))
    out.append((1, "city", "กรุงเทพมหานคร", "MOI", "", "10"))
    out.append((1, "city", "เมืองพัทยา", "MOI", "", "20"))
    for code, p in prov.iterrows():
        if code != "10":
            out.append((1, "pao", f"องค์การบริหารส่วนจังหวัด{p.name_th}", "MOI", "", code))
    nakhon = {name for name, _ in CITY_MUNICIPALITIES}
    for name, code in CITY_MUNICIPALITIES:
        out.append((1, "city", f"เทศบาลนคร{name}", "MOI", "", code))
    for code, p in prov.iterrows():
        if code != "10" and p.name_th not in nakhon:
            out.append((1, "city", f"เทศบาลเมือง{p.name_th}", "MOI", "", code))
    # tier 2: district level
    rng = np.random.default_rng(20120501)  # fixed: the population does not change with the seed
    for code in prov.index:
        for d in geothai.districts(code):
            if code == "10":
                out.append((2, "khet", f"สำนักงาน{d.name_th}", "MOI", "", code))
                continue
            out.append((2, "district_office", f"ที่ว่าการอำเภอ{d.name_th}", "MOI", "กรมการปกครอง", code))
            if not d.name_th.startswith("เมือง"):
                out.append((2, "hospital", f"โรงพยาบาล{d.name_th}", "MOPH", "สำนักงานปลัดกระทรวงสาธารณสุข", code))
    # tier 3: district health offices, police stations, sub-district units
    for code in prov.index:
        for d in geothai.districts(code):
            if code == "10":
                out.append((3, "police", f"สถานีตำรวจนครบาล{d.name_th.removeprefix('เขต')}", "OPM",
                            "สำนักงานตำรวจแห่งชาติ", code))
                continue
            out.append((3, "district_health", f"สำนักงานสาธารณสุขอำเภอ{d.name_th}", "MOPH",
                        "สำนักงานปลัดกระทรวงสาธารณสุข", code))
            out.append((3, "police", f"สถานีตำรวจภูธร{d.name_th}", "OPM", "สำนักงานตำรวจแห่งชาติ", code))
            for ministry, dept, pattern in DISTRICT_BRANCHES:
                if "สาขา" not in pattern or not d.name_th.startswith("เมือง"):
                    name = pattern.format(d=d.name_th, p=prov.loc[code, "name_th"])
                    out.append((3, "district_branch", name, ministry, dept, code))
            for s in geothai.subdistricts(d.code):
                sub = s.name_th
                if sub != "ในเมือง":
                    local = "เทศบาลตำบล" if rng.random() < 0.25 else "องค์การบริหารส่วนตำบล"
                    out.append((3, "tambon", f"{local}{sub}", "MOI", "", code))
                for k in range(1 + (rng.random() < 0.3)):
                    village = sub if k == 0 else f"บ้าน{VILLAGES[rng.integers(len(VILLAGES))]}"
                    out.append((3, "hsc", f"โรงพยาบาลส่งเสริมสุขภาพตำบล{village}", "MOPH",
                                "สำนักงานปลัดกระทรวงสาธารณสุข", code))
                n_schools = 1 + (rng.random() < 0.9) + (rng.random() < 0.7) + (rng.random() < 0.45) + (rng.random() < 0.3)
                for k in range(n_schools):
                    if k == 0:
                        school = f"โรงเรียน{sub}" if sub.startswith("บ้าน") else f"โรงเรียนบ้าน{sub}"
                    elif k == 1 and rng.random() < 0.3:
                        school = f"โรงเรียน{sub}วิทยา"
                    else:
                        school = f"โรงเรียนบ้าน{VILLAGES[rng.integers(len(VILLAGES))]}"
                    out.append((3, "school", school, "MOE", "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน", code))
    return out


@functools.cache
def catalogue() -> pd.DataFrame:
    """Every agency of the largest scale, tier by tier; agency_id is the position (AG00001 ...)."""
    rows = sorted(_catalogue_entries(), key=lambda r: r[0])  # stable: keeps the order within a tier
    df = pd.DataFrame(rows, columns=["tier", "kind", "agency_name", "ministry_code", "department", "province_code"])
    df.insert(0, "agency_id", [f"AG{i:05d}" for i in range(1, len(df) + 1)])
    df["level"] = df["kind"].map(LEVEL_OF_KIND)
    return df


def agencies(scale: str) -> pd.DataFrame:
    """The agencies of a scale: a prefix of the catalogue."""
    cat = catalogue()
    return cat[cat["tier"] <= SCALES[scale].tier].reset_index(drop=True)


# =====================================================================================================
# Truth: the clean tables
# =====================================================================================================


@dataclass(frozen=True)
class Profile:
    """Adoption and usage assumptions for one kind of agency (all assumptions, see module docstring)."""

    pmax: tuple[float, float, float, float]  # share adopted by end 2016: GIN, GCLOUD, MAILGOTHAI, GOVMON
    mid: tuple[float, float, float, float]  # adoption midpoint, months after Jan 2012
    idle: float  # share of GIN subscribers whose router sits idle for a run of months
    traffic_gb: float  # median GIN traffic per circuit per month
    mailboxes: float  # median MailGoThai mailboxes
    devices: float  # median GovMon devices
    vms: float  # median G-Cloud VMs


PROFILES = {
    "central": Profile((0.98, 0.45, 0.75, 0.50), (-10, 22, 10, 32), 0.05, 300, 450, 60, 4),
    "prov_office": Profile((0.96, 0.05, 0.65, 0.25), (8, 34, 16, 36), 0.13, 60, 50, 12, 1.5),
    "bkk_office": Profile((0.97, 0.05, 0.75, 0.30), (4, 34, 14, 36), 0.08, 90, 80, 15, 1.5),
    "district_office": Profile((0.93, 0.0, 0.70, 0.15), (12, 0, 18, 40), 0.14, 25, 25, 6, 1),
    "district_branch": Profile((0.93, 0.0, 0.80, 0.15), (2, 0, 10, 40), 0.14, 15, 15, 5, 1),
    "hospital": Profile((0.92, 0.04, 0.95, 0.30), (12, 40, 4, 36), 0.10, 80, 220, 25, 1.5),
    "district_health": Profile((0.93, 0.0, 0.95, 0.15), (12, 0, 6, 40), 0.12, 20, 25, 6, 1),
    "police": Profile((0.93, 0.0, 0.75, 0.15), (2, 0, 12, 40), 0.12, 20, 30, 6, 1),
    "hsc": Profile((0.94, 0.0, 0.95, 0.12), (2, 0, 6, 44), 0.13, 8, 22, 5, 1),
    "school": Profile((0.94, 0.0, 0.90, 0.12), (2, 0, 6, 44), 0.13, 12, 30, 5, 1),
    "pao": Profile((0.93, 0.15, 0.65, 0.25), (8, 34, 18, 38), 0.10, 60, 120, 20, 2),
    "city": Profile((0.95, 0.20, 0.75, 0.35), (4, 30, 14, 34), 0.08, 90, 200, 30, 3),
    "khet": Profile((0.95, 0.0, 0.75, 0.20), (6, 0, 14, 40), 0.08, 40, 60, 10, 1),
    "tambon": Profile((0.93, 0.0, 0.85, 0.15), (2, 0, 10, 44), 0.14, 12, 30, 5, 1),
}
SLOPE_MONTHS = (8.0, 8.0, 9.0, 8.0)  # spread of the logistic adoption curves per service
# Share of the agencies not yet adopting that a visit wins over (times their propensity, pmax);
# the two flagship roadshows of FIXED_EVENTS count 2.2 times. Assumptions.
UPLIFT = {"roadshow": 0.20, "seminar": 0.12, "training": 0.10, "site_visit": 0.10}


def _month_index(days: np.ndarray) -> np.ndarray:
    """Months since Jan 2012 of datetime64[D] values."""
    return days.astype("datetime64[M]").astype(np.int64) - (2012 - 1970) * 12


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p):
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return np.log(p / (1 - p))


# --- events ------------------------------------------------------------------------------------------

SEMINAR_TOPICS = [
    "การใช้บริการ G-Cloud เพื่อลดต้นทุนภาครัฐ", "รัฐบาลอิเล็กทรอนิกส์เพื่อประชาชน",
    "ความมั่นคงปลอดภัยไซเบอร์สำหรับหน่วยงานภาครัฐ", "MailGoThai อีเมลกลางเพื่อการสื่อสารราชการ",
    "บริการพื้นฐานด้านดิจิทัลของ สรอ. สำหรับหน่วยงานภาครัฐ", "เครือข่าย GIN กับการเชื่อมโยงข้อมูลภาครัฐ",
]
FIXED_EVENTS = [  # (first day, provinces visited one a day, type): always present, whatever the seed
    ("2014-06-19", ("20",), "roadshow"),  # Chon Buri, June 2014 (flagship roadshows: a stronger effect)
    ("2014-07-24", ("64", "65"), "roadshow"),  # one roadshow, Sukhothai then Phitsanulok, July 2014
]


def _event_date(rng, year: int, month: int) -> np.datetime64:
    """A Tuesday-Thursday in the month, away from the 1st and Songkran."""
    for _ in range(50):
        day = int(rng.integers(5, 27))
        d = np.datetime64(f"{year}-{month:02d}-{day:02d}")
        if (d.astype(np.int64) + 3) % 7 in (1, 2, 3) and not (month == 4 and 10 <= day <= 18):
            return d
    return np.datetime64(f"{year}-{month:02d}-15")


def build_events(seed: int) -> pd.DataFrame:
    """Roadshows, seminars, site visits and training 2013-2016 (one row per event and province)."""
    rng = _rng(seed, "events")
    prov = _provinces()
    regions: dict[str, list[str]] = {}
    for code in prov.index:
        regions.setdefault(_roadshow_region(code), []).append(code)
    plan: list[tuple[np.datetime64, tuple[str, ...], str, str]] = []  # date, provinces, type, topic
    for d, provs, type_ in FIXED_EVENTS:
        plan.append((np.datetime64(d), provs, type_, ""))
    for year in range(2013, 2017):
        for region, codes in regions.items():
            n = 1 + int(rng.random() < 0.5) + int(year == 2014 and region == "ภาคเหนือ")
            for _ in range(n):
                month = int(rng.choice([1, 2, 3, 5, 6, 7, 8, 9, 11]))
                if year == 2014 and region == "ภาคเหนือ":
                    month = int(rng.choice([2, 3, 5]))  # the July 2014 north roadshow is the second that year
                if year == 2016:
                    month = min(month, 8)
                pool = [c for c in codes if c not in ("64", "65", "20") or year != 2014]
                k = 2 if (rng.random() < 0.25 and len(pool) > 2 and region != "ภาคกลาง") else 1
                provs = tuple(sorted(rng.choice(pool, size=k, replace=False)))
                plan.append((_event_date(rng, year, month), provs, "roadshow", ""))
        for type_, count in (("seminar", 4), ("site_visit", 8), ("training", 5)):
            for _ in range(count):
                code = str(rng.choice(prov.index))
                month = int(rng.integers(1, 10 if year == 2016 else 12))
                topic = str(rng.choice(SEMINAR_TOPICS)) if type_ == "seminar" else str(rng.choice(SERVICES))
                plan.append((_event_date(rng, year, month), (code,), type_, topic))
    plan.sort(key=lambda e: (e[0], e[1], e[2]))
    rows, seq, circuit_no = [], {}, {}
    for date, provs, type_, topic in plan:
        year = date.astype(object).year
        seq[year] = seq.get(year, 0) + 1
        event_id = f"EV{year + 543}-{seq[year]:02d}"
        p0 = prov.loc[provs[0], "name_th"]
        if type_ == "roadshow":
            region = _roadshow_region(provs[0])
            circuit_no[(year, region)] = circuit_no.get((year, region), 0) + 1
            title = f"EGA Roadshow {region} ครั้งที่ {circuit_no[(year, region)]}"
            attendees = rng.integers(120, 351, size=len(provs))
        elif type_ == "seminar":
            title = f'สัมมนา "{topic}" จังหวัด{p0}'
            attendees = rng.integers(80, 251, size=1)
        elif type_ == "site_visit":
            title = (f"ลงพื้นที่พบหน่วยงานจังหวัด{p0}" if rng.random() < 0.6
                     else f"ลงพื้นที่ติดตามการใช้งานเครือข่าย GIN จังหวัด{p0}")
            attendees = rng.integers(15, 61, size=1)
        else:
            title = f"อบรมการใช้งาน {DISPLAY[topic]} สำหรับเจ้าหน้าที่ไอที จังหวัด{p0}"
            attendees = rng.integers(20, 46, size=1)
        for i, code in enumerate(provs):
            rows.append((event_id, date + i, code, type_, title, int(attendees[i]),
                         float(rng.uniform(2.0, 3.5))))
    df = pd.DataFrame(rows, columns=["event_id", "event_date", "province_code", "event_type", "title",
                                     "attendees", "_people_per_agency"])
    return df


# --- adoption and subscriptions ----------------------------------------------------------------------


def _adoption(seed: int, cat: pd.DataFrame, events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Start day per catalogue agency x service (NaT = never adopted), drawn on the whole catalogue."""
    rng = _rng(seed, "adoption")
    n = len(cat)
    prov_codes = sorted(_provinces().index)
    prov_z = dict(zip(prov_codes, rng.normal(size=len(prov_codes))))
    prov_z["10"] = 1.0  # Bangkok: the capital adopts early
    min_codes = sorted(_reference()["ministries"].index)
    min_z = dict(zip(min_codes, rng.normal(size=len(min_codes))))
    pz = cat["province_code"].map(prov_z).to_numpy()
    mz = cat["ministry_code"].map(min_z).to_numpy()
    moph = (cat["ministry_code"] == "MOPH").to_numpy()
    profiles = [PROFILES[k] for k in cat["kind"]]
    pmax = np.array([p.pmax for p in profiles])
    mid = np.array([p.mid for p in profiles], dtype=float)
    start = np.full((n, 4), np.datetime64("NaT"), dtype="datetime64[D]")
    for j, svc in enumerate(SERVICES):
        lp = _logit(pmax[:, j]) + 0.45 * pz + 0.25 * mz
        m = mid[:, j] - 3.0 * pz - 1.5 * mz
        if svc == "MAILGOTHAI":  # Public Health asked for 20,000 accounts at launch (public fact)
            lp += np.where(moph, 2.5, 0.0) - 0.2 * mz
            m -= np.where(moph, 6.0, 0.0)
        adopt = (rng.random(n) < _sigmoid(lp)) & (pmax[:, j] > 0)
        lo = (np.datetime64(LAUNCH[svc]) - FIRST_DAY).astype(float) / 30.4375
        hi = (LAST_DAY - FIRST_DAY).astype(float) / 30.4375
        s = SLOPE_MONTHS[j]
        f0, f1 = _sigmoid((lo - m) / s), _sigmoid((hi - m) / s)
        t = m + s * _logit(f0 + rng.random(n) * (f1 - f0))
        day = FIRST_DAY + np.round(t * 30.4375).astype(np.int64)
        day = np.clip(day, np.datetime64(LAUNCH[svc]), LAST_DAY)
        start[adopt, j] = day[adopt]
    # A visit wins over some of the agencies not yet adopting: they start 3-6 months later.
    by_province = {c: np.flatnonzero(cat["province_code"].to_numpy() == c) for c in prov_codes}
    flagship = {(np.datetime64(d, "D") + i, p) for d, provs, _ in FIXED_EVENTS for i, p in enumerate(provs)}
    for ev in events.sort_values(["event_date", "event_id", "province_code"]).itertuples():
        idx = by_province[ev.province_code]
        e = np.datetime64(ev.event_date, "D")
        q = UPLIFT[ev.event_type] * (2.2 if (e, ev.province_code) in flagship else 1.0)
        for j in range(4):
            s = start[idx, j]
            waiting = np.isnat(s) | (s > e + 183)
            hit = waiting & (rng.random(len(idx)) < q * pmax[idx, j])  # the likelier adopters are won over
            new = e + rng.integers(91, 184, size=len(idx))
            ok = hit & (new <= LAST_DAY)
            start[idx[ok], j] = new[ok]
    return start, pmax


UNITS_MIN, UNITS_MAX = np.array([1, 1, 20, 5]), np.array([3, 20, 2000, 200])  # per service, SERVICES order


def _units(rng, cat: pd.DataFrame, n: int) -> np.ndarray:
    """Units per agency x service: GIN circuits 1-3, VMs 1-20, mailboxes 20-2,000, devices 5-200."""
    profiles = [PROFILES[k] for k in cat["kind"]]
    central = (cat["kind"] == "central").to_numpy()
    u = np.zeros((n, 4), dtype=np.int64)
    u[:, 0] = np.where(central, rng.choice([1, 2, 3], n, p=[0.5, 0.3, 0.2]), rng.choice([1, 2], n, p=[0.88, 0.12]))
    vms = np.array([p.vms for p in profiles]) * rng.lognormal(0, 0.7, n)
    u[:, 1] = np.clip(np.round(vms), 1, 20)
    mb = np.array([p.mailboxes for p in profiles]) * rng.lognormal(0, 0.6, n)
    mb = np.where(mb > 100, np.round(mb / 10) * 10, np.round(mb / 5) * 5)  # requests are round numbers
    u[:, 2] = np.clip(mb, 20, 2000)
    dev = np.array([p.devices for p in profiles]) * rng.lognormal(0, 0.5, n)
    u[:, 3] = np.clip(np.round(dev), 5, 200)
    return u


def build_subscriptions(seed: int, scale: str, events: pd.DataFrame) -> pd.DataFrame:
    """One row per agency, service and start; a few end, and some of those restart later."""
    cat = catalogue()
    n = len(cat)
    start, _ = _adoption(seed, cat, events)
    rng = _rng(seed, "subscriptions")
    units = _units(rng, cat, n)
    ended = rng.random((n, 4)) < 0.03
    end = start + rng.integers(180, 1460, size=(n, 4))
    ended &= ~np.isnat(start) & (end <= LAST_DAY - 30)
    restart = ended & (rng.random((n, 4)) < 0.3)
    restart_day = end + rng.integers(90, 366, size=(n, 4))
    restart &= restart_day <= LAST_DAY
    restart_units = np.clip(np.round(units * rng.uniform(0.8, 1.3, size=(n, 4))), UNITS_MIN, UNITS_MAX).astype(np.int64)
    keep = cat["tier"].to_numpy() <= SCALES[scale].tier
    frames = []
    for j, svc in enumerate(SERVICES):
        a = keep & ~np.isnat(start[:, j])
        frames.append(pd.DataFrame({"_agency": np.flatnonzero(a), "_service": j, "start_date": start[a, j],
                                    "end_date": np.where(ended[a, j], end[a, j], np.datetime64("NaT")),
                                    "units": units[a, j]}))
        r = keep & restart[:, j]
        frames.append(pd.DataFrame({"_agency": np.flatnonzero(r), "_service": j, "start_date": restart_day[r, j],
                                    "end_date": np.datetime64("NaT", "D"), "units": restart_units[r, j]}))
    subs = pd.concat(frames, ignore_index=True).sort_values(["_agency", "_service", "start_date"], kind="stable")
    subs = subs.reset_index(drop=True)
    subs.insert(0, "agency_id", cat["agency_id"].to_numpy()[subs["_agency"]])
    subs.insert(1, "service_code", np.array(SERVICES)[subs["_service"]])
    subs["start_date"] = subs["start_date"].astype("datetime64[s]")
    subs["end_date"] = subs["end_date"].astype("datetime64[s]")
    return subs


# --- usage -------------------------------------------------------------------------------------------

SEASON = np.array([1.0, 1.02, 1.05, 0.82, 1.0, 1.02, 1.03, 1.04, 1.08, 0.95, 1.0, 0.9])  # April: Songkran


@dataclass
class Usage:
    """Usage rows as arrays, in file order: month, agency, service, then primary before secondary."""

    month: np.ndarray  # int16, months since Jan 2012
    agency: np.ndarray  # int32, catalogue position
    service: np.ndarray  # int8, index in SERVICES
    secondary: np.ndarray  # bool: False = primary metric
    value: np.ndarray  # float64
    idle_runs: pd.DataFrame  # the GIN idle runs put in: agency_id, first_month, months

    def __len__(self) -> int:
        return len(self.value)

    def frame(self) -> pd.DataFrame:
        """The warehouse form: month (first day), agency_id, service_code, metric, value."""
        metric_names = [PRIMARY[s] for s in SERVICES] + [SECONDARY[s] for s in SERVICES]
        return pd.DataFrame({
            "month": MONTH_STARTS[self.month].astype("datetime64[s]"),
            "agency_id": pd.Categorical.from_codes(self.agency, catalogue()["agency_id"].to_numpy()),
            "service_code": pd.Categorical.from_codes(self.service, list(SERVICES)),
            "metric": pd.Categorical.from_codes(self.service + 4 * self.secondary, metric_names),
            "value": self.value,
        })


def _runs(rng, flagged: np.ndarray, m0: np.ndarray, m1: np.ndarray, lo: int, mean_extra: float,
          at_start: float) -> tuple[np.ndarray, np.ndarray]:
    """[r0, r1) month runs for flagged subscriptions: at least `lo` months, inside [m0, m1)."""
    n = len(flagged)
    length = lo + rng.geometric(1 / (1 + mean_extra), size=n) - 1
    span = np.maximum(m1 - m0 - lo, 0)
    r0 = np.where(rng.random(n) < at_start, m0, m0 + np.floor(rng.random(n) * (span + 1)).astype(np.int64))
    r1 = np.minimum(r0 + length, m1)
    r0 = np.minimum(r0, r1 - lo)
    ok = flagged & (m1 - m0 >= lo + 3)
    return np.where(ok, r0, -1), np.where(ok, r1, -1)


def _idle_runs(rng, subs: pd.DataFrame, events: pd.DataFrame, m0: np.ndarray,
               m1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Runs of non-use per subscription ([r0, r1) months, -1 for none): GIN routers idle for 3+ months
    (the story; a visit to the province wakes some up 2-4 months later), VMs shut down, mail and
    monitoring gone quiet for a few months."""
    cat = catalogue()
    n = len(subs)
    agency = subs["_agency"].to_numpy()
    svc = subs["_service"].to_numpy()
    kinds = cat["kind"].to_numpy()[agency]
    idle_p = np.array([PROFILES[k].idle for k in kinds])
    p = np.select([svc == 0, svc == 1, svc == 2], [idle_p, 0.06, 0.03], 0.04)
    flagged = rng.random(n) < p
    r0, r1 = _runs(rng, flagged & (svc == 0), m0, m1, 3, 24.0, 0.65)
    q0, q1 = _runs(rng, flagged & (svc != 0), m0, m1, 2, 2.0, 0.2)
    r0, r1 = np.where(svc == 0, r0, q0), np.where(svc == 0, r1, q1)
    ev_months: dict[str, np.ndarray] = {
        c: np.unique(_month_index(g["event_date"].to_numpy().astype("datetime64[D]")))
        for c, g in events.groupby("province_code")}
    prov = cat["province_code"].to_numpy()[agency]
    for i in np.flatnonzero((svc == 0) & (r0 >= 0)):
        months = ev_months.get(prov[i])
        if months is None:
            continue
        inside = months[(months > r0[i]) & (months < r1[i])]
        if len(inside) and rng.random() < 0.5:
            r1[i] = max(r0[i] + 3, min(r1[i], inside[0] + int(rng.integers(2, 5))))
    return r0, r1


def build_usage(seed: int, subs: pd.DataFrame, events: pd.DataFrame) -> Usage:
    """Monthly primary + secondary metric per subscription month in 2012-2016, vectorized."""
    rng = _rng(seed, "usage")
    cat = catalogue()
    n = len(subs)
    agency = subs["_agency"].to_numpy()
    svc = subs["_service"].to_numpy()
    units = subs["units"].to_numpy().astype(float)
    start_m = _month_index(subs["start_date"].to_numpy().astype("datetime64[D]"))
    end = subs["end_date"].to_numpy().astype("datetime64[D]")
    m0 = np.maximum(start_m, 0)
    m1 = np.where(np.isnat(end), N_MONTHS, np.minimum(_month_index(np.where(np.isnat(end), LAST_DAY, end)), N_MONTHS))
    count = np.maximum(m1 - m0, 0)

    kinds = cat["kind"].to_numpy()[agency]
    r0, r1 = _idle_runs(rng, subs, events, m0, m1)

    # One row per subscription month, then put in month order (stable, so agency and service order hold).
    sub = np.repeat(np.arange(n), count)
    offset = np.arange(len(sub)) - np.repeat(np.cumsum(count) - count, count)
    month = m0[sub] + offset
    order = np.argsort(month, kind="stable")
    sub, month = sub[order], month[order]
    s = svc[sub]
    r = len(sub)
    in_run = (month >= r0[sub]) & (month < r1[sub])
    age = month - start_m[sub]  # months since the subscription started
    ramp = 1 - np.exp(-(age + 1) / 3.0)
    season = SEASON[month % 12]
    growth = 1.15 ** (month / 12.0)
    level = rng.lognormal(0, 0.5, n)[sub]  # how heavy a user the agency is
    noise = rng.lognormal(0, 0.2, r)
    days_in_month = (np.append(MONTH_STARTS[1:], np.datetime64("2017-01-01")) - MONTH_STARTS).astype(float)
    hours = days_in_month[month] * 24
    prim = np.zeros(r)
    sec = np.zeros(r)
    u = units[sub]
    # GIN: traffic_gb (idle: at most the 1 GB threshold) and uptime_pct
    g = s == 0
    base = np.array([PROFILES[k].traffic_gb for k in kinds])[sub]
    traffic = np.maximum(base * u * level * growth * season * np.minimum(1, ramp * 1.5) * noise, 1.5)
    idle_gb = np.where(rng.random(r) < 0.3, 0.0, rng.uniform(0.0, 1.0, r))
    prim[g] = np.round(np.where(in_run, idle_gb, traffic), 2)[g]
    outage = rng.random(r) < 0.02
    uptime = np.where(outage, 100 - rng.uniform(2, 10, r), 100 - np.minimum(rng.exponential(0.25, r), 1.5))
    sec[g] = np.round(uptime, 2)[g]
    # G-Cloud: vm_hours (shut down: under 24) and storage_gb
    c = s == 1
    util = rng.uniform(0.55, 1.0, n)[sub]
    vm_hours = np.minimum(u * hours * util * rng.normal(1, 0.05, r), u * hours)
    prim[c] = np.round(np.where(in_run, rng.uniform(0, 20, r), vm_hours), 1)[c]
    per_vm = rng.uniform(40, 400, n)[sub]
    sec[c] = np.round(u * per_vm * (1 + 0.02 * np.maximum(age, 0)), 1)[c]
    # MailGoThai: active_mailboxes and messages_sent
    mm = s == 2
    active = np.maximum(1, np.round(u * rng.uniform(0.55, 0.95, n)[sub] * ramp * rng.normal(1, 0.03, r)))
    active = np.where(in_run, 0, np.minimum(active, u))
    prim[mm] = active[mm]
    per_user = rng.lognormal(np.log(45), 0.4, n)[sub]
    sec[mm] = np.round(active * per_user * season * noise)[mm]
    # GovMon: devices_reporting and alerts
    v = s == 3
    devices = np.clip(np.round(u * rng.uniform(0.8, 1.0, n)[sub] * rng.normal(1, 0.02, r)), 1, u)
    devices = np.where(in_run, 0, devices)
    prim[v] = devices[v]
    sec[v] = rng.poisson(devices * 0.4 * growth)[v]

    value = np.empty(2 * r)
    value[0::2], value[1::2] = prim, sec
    runs = subs.loc[(svc == 0) & (r0 >= 0), ["agency_id"]].copy()
    runs["first_month"] = MONTH_STARTS[np.clip(r0[(svc == 0) & (r0 >= 0)], 0, N_MONTHS - 1)].astype("datetime64[s]")
    runs["months"] = (r1 - r0)[(svc == 0) & (r0 >= 0)]
    return Usage(
        month=np.repeat(month, 2).astype(np.int16),
        agency=np.repeat(agency[sub], 2).astype(np.int32),
        service=np.repeat(s, 2).astype(np.int8),
        secondary=np.tile(np.array([False, True]), r),
        value=value,
        idle_runs=runs.reset_index(drop=True),
    )


# --- feedback ----------------------------------------------------------------------------------------

ISSUES = ("router_underused", "misunderstanding", "training", "bandwidth", "support", "budget", "none")
ISSUE_P = {  # per service, in ISSUES order
    "GIN": (0.10, 0.06, 0.12, 0.20, 0.10, 0.08, 0.34),
    "GCLOUD": (0.0, 0.22, 0.18, 0.05, 0.10, 0.10, 0.35),
    "MAILGOTHAI": (0.0, 0.10, 0.20, 0.05, 0.15, 0.05, 0.45),
    "GOVMON": (0.0, 0.25, 0.20, 0.0, 0.10, 0.15, 0.30),
    None: (0.05, 0.15, 0.15, 0.10, 0.10, 0.10, 0.35),
}
SATISFACTION_P = {
    "none": (0.01, 0.02, 0.09, 0.45, 0.43),
    "support": (0.08, 0.20, 0.35, 0.27, 0.10),
    "router_underused": (0.05, 0.15, 0.40, 0.30, 0.10),
    "bandwidth": (0.05, 0.15, 0.35, 0.33, 0.12),
    "other": (0.03, 0.10, 0.30, 0.40, 0.17),
}
_ANY = None
COMMENTS: dict[str, list[tuple[str, tuple[str, ...] | None]]] = {  # (text, services it fits; None: any)
    "router_underused": [
        ("เราเตอร์ GIN ติดตั้งแล้วแต่ยังไม่ได้ใช้งาน ขอให้มีการอบรมเพิ่มเติม", _ANY),
        ("ติดตั้งอุปกรณ์ GIN ตั้งแต่ปี {y} แต่เจ้าหน้าที่ยังไม่ทราบวิธีเชื่อมต่อระบบงาน", _ANY),
        ("หน่วยงานใช้อินเทอร์เน็ตของผู้ให้บริการรายอื่นเป็นหลัก จึงแทบไม่ได้ใช้เครือข่าย GIN", _ANY),
        ("อยากทราบว่ามีระบบงานใดบ้างที่ใช้ผ่าน GIN ได้ นอกจาก GFMIS", _ANY),
        ("เราเตอร์อยู่ในห้องเซิร์ฟเวอร์ แต่ไม่มีเจ้าหน้าที่ไอทีดูแล", _ANY),
        ("เครื่องลูกข่ายยังไม่ได้ต่อเข้ากับวงจร GIN เพราะไม่มีสาย LAN ไปถึงห้องทำงาน", _ANY),
    ],
    "misunderstanding": [
        ("เข้าใจว่า {svc} มีค่าใช้จ่าย จึงยังไม่ได้ขอใช้บริการ", ("GCLOUD", "MAILGOTHAI", "GOVMON")),
        ("ไม่ทราบว่า MailGoThai ใช้แทนอีเมลของหน่วยงานได้ทั้งหมด", ("MAILGOTHAI",)),
        ("คิดว่า GovMon เป็นโปรแกรมป้องกันไวรัสที่ต้องติดตั้งในทุกเครื่อง", ("GOVMON",)),
        ("เข้าใจว่าต้องทำหนังสือขอใช้บริการผ่านกระทรวงต้นสังกัดเท่านั้น", _ANY),
        ("ผู้บริหารเข้าใจว่า G-Cloud เก็บข้อมูลไว้ต่างประเทศ จึงไม่อนุมัติให้ใช้", ("GCLOUD",)),
        ("คิดว่า GIN เป็นอินเทอร์เน็ตความเร็วสูงสำหรับทุกเครื่องในสำนักงาน", ("GIN",)),
    ],
    "training": [
        ("ขอให้จัดอบรมการใช้งาน {svc} ให้เจ้าหน้าที่ระดับจังหวัด", _ANY),
        ("เจ้าหน้าที่ที่เคยอบรมย้ายไปแล้ว ต้องการอบรมเจ้าหน้าที่ใหม่", _ANY),
        ("อยากให้มีคู่มือภาษาไทยและคลิปวิดีโอสอนการใช้งาน {svc}", _ANY),
        ("ขอหลักสูตรอบรมสำหรับผู้ดูแลระบบ ไม่ใช่เฉพาะผู้ใช้ทั่วไป", _ANY),
    ],
    "bandwidth": [
        ("ความเร็ววงจร GIN ไม่เพียงพอช่วงเช้าวันทำการ", ("GIN",)),
        ("ขอเพิ่มแบนด์วิดท์ เนื่องจากมีการประชุมทางไกลผ่านระบบวีดิทัศน์", ("GIN",)),
        ("ดาวน์โหลดไฟล์จากระบบกลางช้ามากช่วงสิ้นปีงบประมาณ", _ANY),
        ("ส่งไฟล์แนบขนาดใหญ่ทาง MailGoThai ไม่ได้", ("MAILGOTHAI",)),
        ("เข้าเครื่องเสมือนบน G-Cloud จากสำนักงานจังหวัดช้ามาก", ("GCLOUD",)),
    ],
    "support": [
        ("โทรแจ้งปัญหาที่ Contact Center แล้วต้องรอนาน", _ANY),
        ("อยากให้มีเจ้าหน้าที่ประจำภูมิภาคช่วยแก้ปัญหาที่หน้างาน", _ANY),
        ("แจ้งปัญหาทางอีเมลแล้วยังไม่ได้รับการตอบกลับ", _ANY),
        ("ขอเบอร์ติดต่อผู้ดูแล {svc} โดยตรง", _ANY),
    ],
    "budget": [
        ("หน่วยงานไม่มีงบประมาณจัดซื้ออุปกรณ์ปลายทางเพิ่มเติม", _ANY),
        ("ขาดงบประมาณจ้างเจ้าหน้าที่ดูแลระบบสารสนเทศ", _ANY),
        ("งบประมาณปี {y} ถูกตัด จึงยังไม่สามารถย้ายระบบขึ้น G-Cloud ได้", ("GCLOUD",)),
        ("ไม่มีงบประมาณค่าบำรุงรักษาเครื่องแม่ข่ายที่จะส่งข้อมูลให้ GovMon", ("GOVMON",)),
    ],
    "none": [
        ("ใช้งานได้ดี ขอบคุณ สรอ.", _ANY),
        ("ระบบเสถียร ช่วยประหยัดงบประมาณของหน่วยงาน", _ANY),
        ("ประทับใจการบรรยาย เข้าใจบริการมากขึ้น", _ANY),
        ("บริการดีมาก อยากให้มาจัดกิจกรรมอีก", _ANY),
        ("ใช้ {svc} มาตลอด ไม่มีปัญหา", ("GIN", "GCLOUD", "MAILGOTHAI", "GOVMON")),
    ],
}
EVENT_THANKS = ["ขอบคุณทีมงาน สรอ. ที่มาจัดกิจกรรมที่จังหวัด{p}", "อยากให้จัดที่จังหวัด{p}ทุกปี",
                "วิทยากรอธิบายชัดเจน"]


def _comment(rng, issue: str, svc: str | None, year_be: int, prov_th: str, at_event: bool) -> str | None:
    if rng.random() < (0.4 if issue == "none" else 0.08):
        return None
    templates = [text for text, fits in COMMENTS[issue] if fits is None or svc in fits]
    text = templates[int(rng.integers(len(templates)))]
    if at_event and rng.random() < 0.2:
        extra = EVENT_THANKS[int(rng.integers(len(EVENT_THANKS)))]
        text = f"{text} {extra}"
    return text.format(svc=DISPLAY.get(svc, "บริการของ สรอ."), y=year_be, p=prov_th)


def build_feedback(seed: int, scale: str, ags: pd.DataFrame, subs: pd.DataFrame, events: pd.DataFrame,
                   usage: Usage) -> pd.DataFrame:
    """Questionnaires at events and on the web; the issue follows the agency's situation."""
    rng = _rng(seed, "feedback")
    prov_th = _provinces()["name_th"]
    idle: dict[str, list[tuple[int, int]]] = {}
    for r in usage.idle_runs.itertuples():
        m = int(_month_index(np.array([r.first_month], dtype="datetime64[D]"))[0])
        idle.setdefault(r.agency_id, []).append((m, m + int(r.months)))
    held: dict[str, list[tuple[str, np.datetime64, np.datetime64]]] = {}
    ends = subs["end_date"].to_numpy().astype("datetime64[D]")
    for a, s, st, en in zip(subs["agency_id"], subs["service_code"],
                            subs["start_date"].to_numpy().astype("datetime64[D]"), ends):
        held.setdefault(a, []).append((s, st, LAST_DAY + 1 if np.isnat(en) else en))
    agency_prov = dict(zip(ags["agency_id"], ags["province_code"]))
    by_prov = {c: g.to_numpy() for c, g in ags.groupby("province_code")["agency_id"]}

    def answer(agency: str | None, day: np.datetime64, service: str | None, at_event: bool, prov: str):
        month = int(_month_index(np.array([day]))[0])
        has = {s for s, st, en in held.get(agency, []) if st <= day < en} if agency else set()
        if service is None and has and rng.random() < 0.7:
            service = sorted(has)[int(rng.integers(len(has)))]
        elif service is None and rng.random() < 0.95:
            service = str(rng.choice(SERVICES, p=[0.4, 0.2, 0.25, 0.15]))
        if service == "GIN" and any(a <= month < b for a, b in idle.get(agency, [])) and rng.random() < 0.65:
            issue = "router_underused"
        elif service is not None and service not in has and rng.random() < 0.3:
            issue = "misunderstanding"
        else:
            issue = ISSUES[int(rng.choice(7, p=ISSUE_P[service]))]
        sat = 1 + int(rng.choice(5, p=SATISFACTION_P.get(issue, SATISFACTION_P["other"])))
        comment = _comment(rng, issue, service, day.astype(object).year + 543, prov_th[prov], at_event)
        shown_issue = None if issue == "none" and rng.random() < 0.15 else issue
        return service, sat, shown_issue, comment

    rows = []
    for ev in events.itertuples():
        pool = by_prov.get(ev.province_code)
        day = np.datetime64(ev.event_date, "D")
        for _ in range(int(round(ev.attendees * rng.uniform(0.25, 0.45)))):
            agency = None if pool is None or rng.random() < 0.08 else str(pool[rng.integers(len(pool))])
            rows.append((day, ev.event_id, agency, ev.province_code, *answer(agency, day, None, True,
                                                                             ev.province_code)))
    n_event = len(rows)
    # Web questionnaires: agencies using a service, some time while they use it (2013-2016)
    lo = np.maximum(subs["start_date"].to_numpy().astype("datetime64[D]"), np.datetime64("2013-01-01"))
    hi = np.where(np.isnat(ends), LAST_DAY, ends - 1)
    span = np.maximum((hi - lo).astype(np.int64) + 1, 0)
    n_web = int(round(SCALES[scale].online_feedback_per_agency * len(ags)))
    pick = rng.choice(len(subs), size=n_web, p=span / span.sum())
    days = lo[pick] + np.floor(rng.random(n_web) * span[pick]).astype(np.int64)
    for i, day in zip(pick, days):
        agency = subs["agency_id"].iat[i]
        service = subs["service_code"].iat[i] if rng.random() < 0.9 else None
        prov = agency_prov[agency]
        rows.append((day, None, agency, prov, *answer(agency, day, service, False, prov)))
    df = pd.DataFrame(rows, columns=["response_date", "event_id", "agency_id", "province_code", "service_code",
                                     "satisfaction", "issue", "comment"])
    df["response_date"] = df["response_date"].astype("datetime64[s]")
    web = df.iloc[n_event:].sort_values("response_date", kind="stable")
    df = pd.concat([df.iloc[:n_event], web])
    df.insert(0, "response_id", [f"EVR-{i:06d}" for i in range(1, n_event + 1)]
              + [f"WEB-{i:06d}" for i in range(1, len(web) + 1)])
    return df.reset_index(drop=True)


# --- tickets -----------------------------------------------------------------------------------------

CATEGORIES = ("connectivity", "account", "configuration", "performance", "security", "request")
CATEGORY_P = {
    "GIN": (0.45, 0.05, 0.15, 0.20, 0.05, 0.10),
    "GCLOUD": (0.10, 0.20, 0.30, 0.20, 0.05, 0.15),
    "MAILGOTHAI": (0.05, 0.50, 0.20, 0.10, 0.05, 0.10),
    "GOVMON": (0.05, 0.05, 0.25, 0.05, 0.50, 0.10),
}
CATEGORY_HOURS = (4.0, 1.5, 8.0, 12.0, 6.0, 48.0)  # median hours to close (assumption)
CHANNELS = ("phone", "email", "web", "walk_in")
CHANNEL_P = (0.5, 0.25, 0.2, 0.05)
WEEKDAY_W = np.array([1.15, 1.1, 1.1, 1.05, 1.0, 0.3, 0.2])  # Monday first
HOUR_WEEKDAY = np.array([1, 0.6, 0.5, 0.4, 0.5, 0.8, 2, 5, 12, 16, 15, 12, 6, 13, 15, 13, 10, 6, 4, 3, 2.5, 2, 1.6, 1.2])
HOUR_WEEKEND = np.array([1, 0.7, 0.6, 0.5, 0.5, 0.7, 1.2, 2, 3, 4, 4.5, 4, 3.5, 3.5, 3.5, 3, 3, 2.8, 2.5, 2.2, 2, 1.8, 1.5, 1.2])


def build_tickets(seed: int, scale: str, subs: pd.DataFrame) -> pd.DataFrame:
    """The 24x7 contact center: office-hours peaks, quiet nights and weekends, some still open."""
    rng = _rng(seed, "tickets")
    st = np.maximum(subs["start_date"].to_numpy().astype("datetime64[D]"), FIRST_DAY)
    en = subs["end_date"].to_numpy().astype("datetime64[D]")
    hi = np.where(np.isnat(en), LAST_DAY, en - 1)
    span = np.maximum((hi - st).astype(np.int64) + 1, 0)
    n = int(round(SCALES[scale].tickets_per_service_month * span.sum() / 30.4375))
    cand = 2 * n
    sub = rng.choice(len(subs), size=cand, p=span / span.sum())
    day = st[sub] + np.floor(rng.random(cand) * span[sub]).astype(np.int64)
    weekday = (day.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    keep = np.flatnonzero(rng.random(cand) < WEEKDAY_W[weekday] / WEEKDAY_W.max())[:n]
    sub, day, weekday = sub[keep], day[keep], weekday[keep]
    n = len(keep)
    hour = np.where(weekday < 5, rng.choice(24, n, p=HOUR_WEEKDAY / HOUR_WEEKDAY.sum()),
                    rng.choice(24, n, p=HOUR_WEEKEND / HOUR_WEEKEND.sum()))
    opened = day.astype("datetime64[m]") + hour * 60 + rng.integers(0, 60, n)
    service = subs["service_code"].to_numpy()[sub]
    cat_idx = np.empty(n, dtype=np.int64)
    for s in SERVICES:
        m = service == s
        cat_idx[m] = rng.choice(len(CATEGORIES), m.sum(), p=CATEGORY_P[s])
    hours = rng.lognormal(np.log(np.array(CATEGORY_HOURS)[cat_idx]), 1.0)
    closed = opened + np.round(np.clip(hours, 0.1, 720) * 60).astype(np.int64)
    recent = opened >= np.datetime64("2016-12-01T00:00")
    still_open = (rng.random(n) < np.where(recent, 0.4, 0.008)) | (closed > np.datetime64(EXPORTED_AT, "m"))
    channel = rng.choice(len(CHANNELS), n, p=CHANNEL_P)
    agency = subs["agency_id"].to_numpy()[sub].astype(object)
    agency[rng.random(n) < 0.02] = None  # callers who did not say who they are
    df = pd.DataFrame({
        "opened_at": opened.astype("datetime64[s]"),
        "closed_at": np.where(still_open, np.datetime64("NaT"), closed).astype("datetime64[s]"),
        "agency_id": agency, "service_code": service,
        "category": np.array(CATEGORIES)[cat_idx], "channel": np.array(CHANNELS)[channel],
    }).sort_values("opened_at", kind="stable").reset_index(drop=True)
    year_be = df["opened_at"].dt.year + 543
    seq = df.groupby(year_be).cumcount() + 1
    df.insert(0, "ticket_id", [f"CC{y}-{s:06d}" for y, s in zip(year_be, seq)])
    return df


# --- all of it ---------------------------------------------------------------------------------------


class Truth:
    """The clean tables a sample encodes (warehouse columns and codes). Usage is kept as arrays and
    turned into a DataFrame on first access of .usage."""

    def __init__(self, seed: int = 7, scale: str = "small"):
        if scale not in SCALES:
            raise ValueError(f"unknown scale {scale!r}; one of {', '.join(SCALES)}")
        self.seed, self.scale = seed, scale
        ags = agencies(scale)
        events = build_events(seed)
        subs = build_subscriptions(seed, scale, events)
        self.usage_rows = build_usage(seed, subs, events)
        self.feedback = build_feedback(seed, scale, ags, subs, events, self.usage_rows)
        self.tickets = build_tickets(seed, scale, subs)
        per_prov = ags["province_code"].value_counts()
        attended = np.round(events["attendees"] / events["_people_per_agency"]).astype(int)
        events = events.assign(agencies_attended=np.minimum(attended, events["province_code"].map(per_prov)))
        events["event_date"] = events["event_date"].astype("datetime64[s]")
        self.events = events.drop(columns="_people_per_agency")
        self.subscriptions = subs.drop(columns=["_agency", "_service"])
        self.agencies = ags[["agency_id", "agency_name", "ministry_code", "department", "province_code", "level"]]
        self.agencies = self.agencies.assign(department=self.agencies["department"].replace("", None))
        self._agency_kind = ags["kind"]
        self._usage: pd.DataFrame | None = None

    @property
    def usage(self) -> pd.DataFrame:
        if self._usage is None:
            self._usage = self.usage_rows.frame()
        return self._usage

    @property
    def idle_gin(self) -> pd.DataFrame:
        """The GIN idle runs put into usage: agency_id, first_month, months (all >= 3)."""
        return self.usage_rows.idle_runs


def truth(seed: int = 7, scale: str = "small") -> Truth:
    """The clean tables that generate(out_dir, seed, scale) writes, in warehouse form."""
    return Truth(seed, scale)


# =====================================================================================================
# Messify: clean values -> the forms real exports use
# =====================================================================================================

THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTH_ABBR = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
MONTH_FULL = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
              "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]
SATISFACTION_WORDS = {5: "มากที่สุด", 4: "มาก", 3: "ปานกลาง", 2: "น้อย", 1: "น้อยที่สุด"}
# Spellings offices use (all listed as aliases in data/reference/provinces.csv)
PROVINCE_VARIANTS = {"10": ("กทม.", "กรุงเทพฯ", "Bangkok", "BKK"), "30": ("Korat", "โคราช"), "14": ("อยุธยา", "Ayutthaya"),
                     "80": ("นครศรีฯ",), "34": ("อุบลฯ",), "24": ("แปดริ้ว",), "20": ("Chonburi",), "41": ("อุดรฯ",),
                     "84": ("สุราษฎร์ฯ",), "72": ("สุพรรณฯ",), "77": ("ประจวบฯ",)}
FORMER_MINISTRY = {"MDES": "กระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร", "MHESI": "กระทรวงวิทยาศาสตร์และเทคโนโลยี"}
SERVICE_SPACED = {"GIN": "G I N", "GCLOUD": "G Cloud", "MAILGOTHAI": "Mail Go Thai", "GOVMON": "Gov Mon"}


def render_date(d: dt.date, form: str) -> str:
    """be_slash 25/07/2557, be_short 5/7/2557, be_abbr 25 ก.ค. 2557, be_full 25 กรกฎาคม 2557,
    be_thai ๒๕/๐๗/๒๕๕๗, iso 2014-07-25, ce_slash 25/07/2014."""
    y = d.year + 543
    out = {
        "be_slash": lambda: f"{d.day:02d}/{d.month:02d}/{y}",
        "be_short": lambda: f"{d.day}/{d.month}/{y}",
        "be_abbr": lambda: f"{d.day} {MONTH_ABBR[d.month - 1]} {y}",
        "be_full": lambda: f"{d.day} {MONTH_FULL[d.month - 1]} {y}",
        "be_thai": lambda: f"{d.day:02d}/{d.month:02d}/{y}".translate(THAI_DIGITS),
        "iso": lambda: d.isoformat(),
        "ce_slash": lambda: f"{d.day:02d}/{d.month:02d}/{d.year}",
    }[form]
    return out()


def render_datetime(t: dt.datetime, form: str) -> str:
    """iso 2014-07-25 13:05:00, iso_min 2014-07-25 13:05, be_slash 25/07/2557 13:05."""
    if form == "iso":
        return t.strftime("%Y-%m-%d %H:%M:%S")
    if form == "iso_min":
        return t.strftime("%Y-%m-%d %H:%M")
    return f"{render_date(t.date(), form)} {t:%H:%M}"


def render_month(m: dt.date, form: str) -> str:
    """iso 2014-07, iso_day 2014-07-01, be 2557-07, be_abbr ก.ค. 57."""
    return {
        "iso": f"{m.year}-{m.month:02d}",
        "iso_day": f"{m.year}-{m.month:02d}-01",
        "be": f"{m.year + 543}-{m.month:02d}",
        "be_abbr": f"{MONTH_ABBR[m.month - 1]} {(m.year + 543) % 100:02d}",
    }[form]


def render_number(v: float, form: str) -> str:
    """plain 1234.5, thousands 1,234.5, thai ๑๒๓๔.๕, thai_thousands ๑,๒๓๔.๕, padded ' 1234.5 ', nbsp '1234.5\\xa0'."""
    x = int(v) if float(v).is_integer() else float(v)
    plain = str(x)
    return {
        "plain": lambda: plain,
        "thousands": lambda: f"{x:,}",
        "thai": lambda: plain.translate(THAI_DIGITS),
        "thai_thousands": lambda: f"{x:,}".translate(THAI_DIGITS),
        "padded": lambda: f" {plain} ",
        "nbsp": lambda: f"{plain}\u00a0",
    }[form]()


def render_province(code: str, form: str) -> str:
    """th, jor (จ.), jor_space (จ. ), changwat (จังหวัด), en, en_joined, en_upper, variant, dopa, iso."""
    p = _provinces().loc[code]
    return {
        "th": lambda: p.name_th,
        "jor": lambda: f"จ.{p.name_th}",
        "jor_space": lambda: f"จ. {p.name_th}",
        "changwat": lambda: f"จังหวัด{p.name_th}",
        "en": lambda: p.name_en,
        "en_joined": lambda: p.name_en.replace(" ", "").replace("-", "").capitalize(),
        "en_upper": lambda: p.name_en.upper(),
        "variant": lambda: PROVINCE_VARIANTS.get(code, (p.name_th,))[int(code) % len(PROVINCE_VARIANTS.get(code, "x"))],
        "dopa": lambda: code,
        "iso": lambda: f"TH-{code}",
    }[form]()


def render_ministry(code: str, form: str) -> str:
    """th (full Thai), short (สธ.), en, former (the 2014 name of MDES and MHESI), bare (no กระทรวง)."""
    m = _reference()["ministries"].loc[code]
    return {
        "th": lambda: m.name_th,
        "short": lambda: m.short_th,
        "en": lambda: m.name_en,
        "former": lambda: FORMER_MINISTRY.get(code, m.name_th),
        "bare": lambda: m.name_th.removeprefix("กระทรวง") if code != "OPM" else m.name_th,
    }[form]()


def render_service(code: str, form: str) -> str:
    """display (G-Cloud), upper, lower, th (Thai name), spaced (G Cloud), code (GCLOUD)."""
    return {
        "display": lambda: DISPLAY[code],
        "upper": lambda: DISPLAY[code].upper(),
        "lower": lambda: DISPLAY[code].lower(),
        "th": lambda: _reference()["services"].loc[code, "name_th"],
        "spaced": lambda: SERVICE_SPACED[code],
        "code": lambda: code,
    }[form]()


def render_vocab(vocabulary: str, code: str, form: str) -> str:
    """code, th, en or alias (the first alias) of a vocabularies.csv entry."""
    v = _reference()["vocabularies"]
    row = v[(v["vocabulary"] == vocabulary) & (v["code"] == code)].iloc[0]
    return {"code": code, "th": row.name_th, "en": row.name_en, "alias": row.aliases.split("|")[0]}[form]


def render_satisfaction(v: int, form: str) -> str:
    """digit 4, thai ๔, word มาก."""
    return {"digit": str(v), "thai": str(v).translate(THAI_DIGITS), "word": SATISFACTION_WORDS[v]}[form]


class Messy:
    """Picks a form per value (seeded) and renders it; one instance per file."""

    def __init__(self, rng: np.random.Generator, nbsp: bool = True, zero_width: bool = True):
        self.rng, self.nbsp, self.zero_width = rng, nbsp, zero_width

    def forms(self, n: int, weights: dict[str, float]) -> list[str]:
        names = list(weights)
        p = np.array(list(weights.values()), dtype=float)
        return [names[i] for i in self.rng.choice(len(names), size=n, p=p / p.sum())]

    def render(self, values, render, weights: dict[str, float]) -> list[str]:
        """render(value, form) per value; None stays '' (an empty cell)."""
        values = list(values)
        cache: dict = {}
        out = []
        for v, f in zip(values, self.forms(len(values), weights)):
            if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
                out.append("")
                continue
            key = (v, f)
            if key not in cache:
                cache[key] = render(v, f)
            out.append(cache[key])
        return out

    def noise(self, texts: list[str], p: float) -> list[str]:
        """Stray spaces, NBSP and zero-width spaces around a share p of the values."""
        pads = [" {}", "{} ", "  {}  "]
        if self.nbsp:
            pads += ["{}\u00a0", "\u00a0{}"]
        if self.zero_width:
            pads += ["{}\u200b"]
        hit = self.rng.random(len(texts)) < p
        which = self.rng.integers(len(pads), size=len(texts))
        return [pads[w].format(t) if h and t else t for t, h, w in zip(texts, hit, which)]


def _dates(series) -> list:
    return [None if pd.isna(x) else x.date() for x in pd.to_datetime(series)]


# =====================================================================================================
# Writers: one per file
# =====================================================================================================


def _bad(file: str, sheet: str | None = None) -> list[dict]:
    return [b for b in BAD_ROWS if b["file"] == file and b["sheet"] == sheet]


def _with_bad_rows(rows: list[list], bad: list[dict], columns: list[str]) -> list[list]:
    """Bad rows spread through the file at fixed positions, each in the file's column order."""
    rows = list(rows)
    for k, b in enumerate(bad, 1):
        at = len(rows) * k // (len(bad) + 1)
        rows.insert(at, [b["row"].get(c, "") for c in columns])
    return rows


def _write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8",
               crlf: bool = False) -> int:
    with open(path, "w", encoding=encoding, newline="", errors="strict") as f:
        w = csv.writer(f, lineterminator="\r\n" if crlf else "\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def write_agencies(path: Path, t: Truth, rng) -> int:
    """Thai headers, Windows Thai code page (cp874), CRLF, a leading ลำดับ column as Thai exports have."""
    a = t.agencies
    m = Messy(rng, zero_width=False)  # cp874 has NBSP but no zero-width space
    ministry = m.render(a["ministry_code"], render_ministry, {"th": 0.6, "short": 0.2, "bare": 0.1, "former": 0.1})
    ministry = [render_ministry(c, "former") if c in FORMER_MINISTRY and rng.random() < 0.7 else x
                for c, x in zip(a["ministry_code"], ministry)]
    province = m.render(a["province_code"], render_province,
                        {"th": 0.5, "jor": 0.15, "changwat": 0.1, "en": 0.08, "en_joined": 0.05, "variant": 0.07,
                         "dopa": 0.05})
    level = m.render(a["level"], lambda c, f: render_vocab("level", c, f), {"th": 0.8, "code": 0.1, "en": 0.1})
    columns = ["seq", "agency_id", "agency_name", "ministry", "department", "province", "level"]
    rows = [[i, *r] for i, r in enumerate(zip(a["agency_id"], m.noise(list(a["agency_name"]), 0.04), ministry,
                                               a["department"].fillna(""), m.noise(province, 0.03), level), 1)]
    rows = _with_bad_rows(rows, _bad(path.name), columns)
    header = ["ลำดับ", "รหัสหน่วยงาน", "ชื่อหน่วยงาน", "กระทรวง", "กรม", "จังหวัด", "ระดับ"]
    return _write_csv(path, header, rows, encoding="cp874", crlf=True)


def write_subscriptions(path: Path, t: Truth, rng) -> int:
    """Thai headers, UTF-8 with BOM, Buddhist-Era dates, Thai digits and separators in units."""
    s = t.subscriptions
    m = Messy(rng)
    date_forms = {"be_slash": 0.6, "be_short": 0.15, "be_abbr": 0.12, "be_full": 0.05, "be_thai": 0.08}
    start = m.render(_dates(s["start_date"]), render_date, date_forms)
    end = m.render(_dates(s["end_date"]), render_date, date_forms)
    service = m.render(s["service_code"], render_service,
                       {"display": 0.4, "th": 0.3, "upper": 0.1, "lower": 0.1, "spaced": 0.1})
    units = m.render(s["units"], render_number, {"plain": 0.75, "thousands": 0.1, "thai": 0.08, "padded": 0.07})
    note = ["ยกเลิกการใช้งาน" if not pd.isna(e) else "" for e in s["end_date"]]
    columns = ["agency_id", "service", "start_date", "end_date", "units", "note"]
    rows = [list(r) for r in zip(s["agency_id"], service, start, end, units, note)]
    rows = _with_bad_rows(rows, _bad(path.name), columns)
    header = ["รหัสหน่วยงาน", "บริการ", "วันที่เริ่มใช้", "วันที่สิ้นสุด", "จำนวน", "หมายเหตุ"]
    return _write_csv(path, header, rows, encoding="utf-8-sig")


# How each year's usage file is written at small and medium scale (large: all plain, for speed)
USAGE_FORMS = {
    2012: "plain", 2013: "plain", 2014: "thai_be", 2015: "thai_abbr", 2016: "plain",
}


def _usage_year(u: Usage, year: int) -> slice:
    lo, hi = (year - 2012) * 12, (year - 2011) * 12
    return slice(int(np.searchsorted(u.month, lo)), int(np.searchsorted(u.month, hi)))


def write_usage_plain(path: Path, u: Usage, year: int) -> int:
    """English headers, ISO months (first day), plain numbers, UTF-8: written by DuckDB's COPY."""
    sl = _usage_year(u, year)
    agency_ids = pa.array(catalogue()["agency_id"].to_numpy(), pa.string())
    metric_names = pa.array([PRIMARY[s] for s in SERVICES] + [SECONDARY[s] for s in SERVICES], pa.string())

    def table(month_i, agency_i, service_i, metric_i, value, months, agencies_, services, metrics):
        return pa.table({
            "month": pa.DictionaryArray.from_arrays(pa.array(month_i, pa.int32()), months),
            "agency_id": pa.DictionaryArray.from_arrays(pa.array(agency_i, pa.int32()), agencies_),
            "service": pa.DictionaryArray.from_arrays(pa.array(service_i, pa.int32()), services),
            "metric": pa.DictionaryArray.from_arrays(pa.array(metric_i, pa.int32()), metrics),
            "value": pa.array(value, pa.float64()),
        })

    months = pa.array([str(d) for d in MONTH_STARTS], pa.string())
    services = pa.array([DISPLAY[s] for s in SERVICES], pa.string())
    main = table(u.month[sl].astype(np.int32), u.agency[sl], u.service[sl].astype(np.int32),
                 (u.service[sl] + 4 * u.secondary[sl]).astype(np.int32), u.value[sl],
                 months, agency_ids, services, metric_names)
    parts, at = [], 0
    bad = _bad(path.name)
    for k, b in enumerate(bad, 1):
        cut = main.num_rows * k // (len(bad) + 1)
        parts.append(main.slice(at, cut - at))
        r = b["row"]
        parts.append(table([0], [0], [0], [0], [float(r["value"])], pa.array([r["month"]]), pa.array([r["agency_id"]]),
                           pa.array([r["service"]]), pa.array([r["metric"]])))
        at = cut
    parts.append(main.slice(at))
    data = pa.concat_tables(parts)
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET enable_progress_bar = false")
        con.register("usage_rows", data)
        con.execute(
            "COPY (SELECT month, agency_id, service, metric, CASE WHEN value = trunc(value) AND abs(value) < 1e15 "
            "THEN CAST(CAST(value AS BIGINT) AS VARCHAR) ELSE CAST(value AS VARCHAR) END AS value FROM usage_rows) "
            f"TO '{path}' (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"')"
        )
    finally:
        con.close()
    return data.num_rows


def write_usage_messy(path: Path, u: Usage, year: int, form: str, rng) -> int:
    """Thai headers; thai_be: months 2557-07 and Thai service names; thai_abbr: months ก.ค. 58,
    values with thousands separators and some Thai digits."""
    sl = _usage_year(u, year)
    m = Messy(rng)
    month_form = "be" if form == "thai_be" else "be_abbr"
    month_text = [render_month(d.astype(object), month_form) for d in MONTH_STARTS]
    months = [month_text[i] for i in u.month[sl]]
    svc_names = ([render_service(s, "th") for s in SERVICES] if form == "thai_be"
                 else [DISPLAY[s] for s in SERVICES])
    services = [svc_names[i] for i in u.service[sl]]
    metric_names = [PRIMARY[s] for s in SERVICES] + [SECONDARY[s] for s in SERVICES]
    metrics = [metric_names[i] for i in (u.service[sl] + 4 * u.secondary[sl])]
    ids = catalogue()["agency_id"].to_numpy()[u.agency[sl]]
    weights = {"plain": 1.0} if form == "thai_be" else {"thousands": 0.9, "thai_thousands": 0.04, "nbsp": 0.06}
    values = m.render(u.value[sl], render_number, weights)
    rows = [list(r) for r in zip(months, ids, services, metrics, values)]
    rows = _with_bad_rows(rows, _bad(path.name), ["month", "agency_id", "service", "metric", "value"])
    return _write_csv(path, ["เดือน", "รหัสหน่วยงาน", "บริการ", "ตัวชี้วัด", "ค่า"], rows)


def write_roadshow_xlsx(path: Path, t: Truth, rng) -> tuple[int, int]:
    """Two sheets of different kinds (events with real Excel dates, event feedback with BE text dates)
    and a notes sheet that is no kind at all."""
    import xlsxwriter

    m = Messy(rng)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    wb.set_properties({"title": "EGA roadshow และแบบสอบถาม (ข้อมูลตัวอย่าง / sample data)",
                       "author": "etl/sample.py (synthetic)", "created": EXPORTED_AT,
                       "comments": f"Synthetic sample data, seed {t.seed}, scale {t.scale}"})
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "d/m/yyyy"})

    # Events: real Excel dates, except a few typed as Thai text
    ev = t.events
    ws = wb.add_worksheet("กิจกรรม")
    header = ["รหัสกิจกรรม", "วันที่จัดกิจกรรม", "จังหวัด", "ประเภทกิจกรรม", "ชื่อกิจกรรม", "จำนวนผู้เข้าร่วม",
              "หน่วยงานที่เข้าร่วม"]
    ws.write_row(0, 0, header, bold)
    province = m.render(ev["province_code"], render_province,
                        {"th": 0.6, "jor": 0.2, "changwat": 0.1, "variant": 0.1})
    etype = m.render(ev["event_type"], lambda c, f: render_vocab("event_type", c, f), {"th": 0.8, "en": 0.2})
    text_date = rng.random(len(ev)) < 0.08
    columns = ["event_id", "date", "province", "event_type", "title", "attendees", "agencies_attended"]
    rows = [[e, d, p, ty, ti, int(a), int(g)] for e, d, p, ty, ti, a, g in
            zip(ev["event_id"], _dates(ev["event_date"]), province, etype, ev["title"], ev["attendees"],
                ev["agencies_attended"])]
    for i, (row, as_text) in enumerate(zip(rows, text_date)):
        if as_text:
            row[1] = render_date(row[1], "be_abbr")
        if rng.random() < 0.1:
            row[5] = render_number(row[5], "thai")
    rows = _with_bad_rows(rows, _bad(path.name, "กิจกรรม"), columns)
    for r, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
            elif isinstance(v, (int, np.integer)):
                ws.write_number(r, c, int(v))
            else:
                ws.write_string(r, c, str(v))
    ws.set_column(0, 0, 12)
    ws.set_column(1, 1, 14)
    ws.set_column(4, 4, 48)
    n_events = len(rows)

    # Feedback collected at the events
    fb = t.feedback[t.feedback["event_id"].notna()]
    ws = wb.add_worksheet("แบบสอบถาม")
    header = ["เลขที่แบบสอบถาม", "วันที่", "รหัสกิจกรรม", "รหัสหน่วยงาน", "จังหวัด", "บริการ", "ความพึงพอใจ",
              "ปัญหาที่พบ", "ข้อเสนอแนะ"]
    ws.write_row(0, 0, header, bold)
    dates = m.render(_dates(fb["response_date"]), render_date, {"be_slash": 0.5, "be_abbr": 0.2, "be_full": 0.1,
                                                                "be_short": 0.2})
    excel_date = rng.random(len(fb)) < 0.3
    province = m.render(fb["province_code"], render_province, {"th": 0.7, "jor": 0.2, "changwat": 0.1})
    service = m.render(fb["service_code"], render_service, {"display": 0.5, "th": 0.3, "lower": 0.1, "upper": 0.1})
    sat_form = m.forms(len(fb), {"digit": 0.5, "word": 0.35, "thai": 0.15})
    issue = m.render(fb["issue"], lambda c, f: render_vocab("feedback_issue", c, f), {"th": 0.7, "alias": 0.3})
    columns = ["response_id", "date", "event_id", "agency_id", "province", "service", "satisfaction", "issue",
               "comment"]
    rows = []
    for i, r in enumerate(fb.itertuples()):
        date = r.response_date.date() if excel_date[i] else dates[i]
        sat = int(r.satisfaction) if sat_form[i] == "digit" else render_satisfaction(int(r.satisfaction), sat_form[i])
        rows.append([r.response_id, date, r.event_id, "" if pd.isna(r.agency_id) else r.agency_id, province[i],
                     service[i], sat, issue[i], "" if pd.isna(r.comment) else r.comment])
    rows = _with_bad_rows(rows, _bad(path.name, "แบบสอบถาม"), columns)
    for rr, row in enumerate(rows, 1):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(rr, c, dt.datetime.combine(v, dt.time()), date_fmt)
            elif isinstance(v, (int, np.integer)):
                ws.write_number(rr, c, int(v))
            elif v != "":
                ws.write_string(rr, c, str(v))
    ws.set_column(8, 8, 60)
    n_feedback = len(rows)

    ws = wb.add_worksheet("คำอธิบาย")
    for i, line in enumerate(_readme_lines(t.seed, t.scale)[:8]):
        ws.write_string(i, 0, line)
    wb.close()
    return n_events, n_feedback


def write_feedback_online(path: Path, t: Truth, rng) -> int:
    """Web questionnaires: English headers (with aliases), ISO dates, UTF-8."""
    fb = t.feedback[t.feedback["event_id"].isna()]
    m = Messy(rng)
    dates = m.render(_dates(fb["response_date"]), render_date, {"iso": 0.9, "ce_slash": 0.1})
    province = m.render(fb["province_code"], render_province,
                        {"en": 0.5, "th": 0.2, "en_joined": 0.1, "en_upper": 0.05, "iso": 0.1, "variant": 0.05})
    service = m.render(fb["service_code"], render_service, {"display": 0.6, "lower": 0.2, "code": 0.2})
    sat = m.render(fb["satisfaction"].astype(int), render_satisfaction, {"digit": 0.9, "thai": 0.1})
    issue = m.render(fb["issue"], lambda c, f: render_vocab("feedback_issue", c, f), {"code": 0.5, "en": 0.5})
    columns = ["response_id", "date", "event_id", "agency_id", "province", "service", "satisfaction", "issue",
               "comment"]
    rows = [list(r) for r in zip(fb["response_id"], dates, [""] * len(fb), fb["agency_id"].fillna(""),
                                 m.noise(province, 0.03), service, sat, issue, fb["comment"].fillna(""))]
    rows = _with_bad_rows(rows, _bad(path.name), columns)
    header = ["response_id", "date", "event_id", "Agency Code", "province", "service", "score", "problem", "comments"]
    return _write_csv(path, header, rows)


def write_tickets(path: Path, t: Truth, rng) -> int:
    """The contact center's export: English headers, ISO date-times, category and channel as labels."""
    tk = t.tickets
    m = Messy(rng)
    dt_forms = {"iso": 0.9, "iso_min": 0.1}
    opened = m.render([x.to_pydatetime() for x in tk["opened_at"]], render_datetime, dt_forms)
    closed = m.render([None if pd.isna(x) else x.to_pydatetime() for x in tk["closed_at"]], render_datetime, dt_forms)
    service = m.render(tk["service_code"], render_service, {"display": 0.7, "upper": 0.15, "lower": 0.15})
    category = m.render(tk["category"], lambda c, f: render_vocab("ticket_category", c, f), {"th": 0.5, "en": 0.5})
    channel = m.render(tk["channel"], lambda c, f: render_vocab("ticket_channel", c, f),
                       {"en": 0.6, "th": 0.3, "code": 0.1})
    columns = ["ticket_id", "opened_at", "closed_at", "agency_id", "service", "category", "channel"]
    rows = [list(r) for r in zip(tk["ticket_id"], opened, closed, tk["agency_id"].fillna(""), service, category,
                                 channel)]
    rows = _with_bad_rows(rows, _bad(path.name), columns)
    return _write_csv(path, ["Ticket ID", "Opened", "Closed", "Agency Code", "Service", "Category", "Channel"], rows)


def _readme_lines(seed: int, scale: str) -> list[str]:
    return [
        "ข้อมูลตัวอย่าง (สังเคราะห์) — SAMPLE DATA (synthetic)",
        "ข้อมูลทั้งหมดในโฟลเดอร์นี้เป็นข้อมูลสมมติที่สร้างขึ้นโดยโปรแกรม ไม่ใช่ข้อมูลจริงของหน่วยงานใด",
        "All data in this folder is synthetic, made up by a program; it is no agency's real data.",
        f"สร้างโดย etl/sample.py  seed={seed}  scale={scale}",
        f"Generated by etl/sample.py with seed={seed}, scale={scale}: the same seed and scale give the same bytes.",
        "รหัสหน่วยงาน ชื่อ และตัวเลขทั้งหมดเป็นข้อมูลสมมติ แม้ชื่อกรมและจังหวัดจะเป็นชื่อจริง",
        "Department and province names are real; every id, count, date and comment is invented.",
        "Regenerate: python -m etl sample OUT_DIR --seed N --scale small|medium|large",
    ]


def write_readme(path: Path, seed: int, scale: str, manifest: list[tuple[str, str, str, int]]) -> None:
    lines = _readme_lines(seed, scale) + ["", "ไฟล์ / Files (file, kind, encoding, data rows):"]
    lines += [f"  {f:<44} {k:<14} {e:<12} {n:>10,}" for f, k, e, n in manifest]
    lines += ["", "แถวที่จงใจให้ผิด ซึ่งตัวโหลดต้องปฏิเสธ / Deliberately bad rows a loader must reject:"]
    for b in BAD_ROWS:
        where = f"{b['file']} [{b['sheet']}]" if b["sheet"] else b["file"]
        lines.append(f"  {where}: {b['column']} = {b['value']!r} — {b['reason']}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out_dir: Path, seed: int = 7, scale: str = "small") -> list[Path]:
    """Write the sample files for a seed and scale into out_dir; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    t = truth(seed, scale)
    plain = SCALES[scale].plain_usage
    manifest: list[tuple[str, str, str, int]] = []
    written: list[Path] = []

    def put(name: str, kind: str, encoding: str, write) -> None:
        path = out_dir / name
        n = write(path)
        manifest.append((name, kind, encoding, n))
        written.append(path)

    put("sample_agencies.csv", "agencies", "cp874", lambda p: write_agencies(p, t, _rng(seed, "w:agencies")))
    put("sample_subscriptions.csv", "subscriptions", "utf-8 (BOM)",
        lambda p: write_subscriptions(p, t, _rng(seed, "w:subscriptions")))
    for year in range(2012, 2017):
        form = "plain" if plain else USAGE_FORMS[year]
        if form == "plain":
            put(f"sample_usage_{year}.csv", "usage", "utf-8", lambda p, y=year: write_usage_plain(p, t.usage_rows, y))
        else:
            put(f"sample_usage_{year}.csv", "usage", "utf-8",
                lambda p, y=year, f=form: write_usage_messy(p, t.usage_rows, y, f, _rng(seed, f"w:usage{y}")))
    xlsx = out_dir / "sample_roadshow_feedback.xlsx"
    n_events, n_feedback = write_roadshow_xlsx(xlsx, t, _rng(seed, "w:xlsx"))
    manifest += [(f"{xlsx.name} [กิจกรรม]", "events", "xlsx", n_events),
                 (f"{xlsx.name} [แบบสอบถาม]", "feedback", "xlsx", n_feedback)]
    written.append(xlsx)
    put("sample_feedback_online.csv", "feedback", "utf-8", lambda p: write_feedback_online(p, t, _rng(seed, "w:web")))
    put("sample_tickets.csv", "tickets", "utf-8", lambda p: write_tickets(p, t, _rng(seed, "w:tickets")))
    readme = out_dir / "README_SAMPLE.txt"
    write_readme(readme, seed, scale, manifest)
    written.append(readme)
    return written
