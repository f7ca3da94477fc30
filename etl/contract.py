"""The input contract: the kinds of file the ETL accepts, their canonical columns and header aliases.

A file's kind is recognised by its header row (after alias mapping), never by its name.
Each column has a value type; etl.normalize knows how to read every type.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    name: str  # canonical English name
    thai: str  # the Thai header of the contract
    type: str  # id | text | ministry | province | service | metric | date | datetime | month | number |
    #            integer | satisfaction | level | event_type | feedback_issue | ticket_category | ticket_channel
    required: bool = False
    aliases: tuple[str, ...] = ()  # further spellings seen in real exports
    # number and integer columns: the largest plausible value (all are >= 0); a larger one is refused
    # ("number too large"), so one mistyped count cannot move a national total
    high: float | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key, as warehouse column names
    table: str  # warehouse table
    order: int  # load order: referenced kinds first
    renames: dict[str, str] = field(default_factory=dict)  # contract column -> warehouse column
    # id and text columns with few distinct values in a large file: cleaned once per distinct value
    few_distinct: tuple[str, ...] = ()
    # open-vocabulary columns whose answer as written is kept, when it is not in the vocabulary, in a
    # warehouse column of its own: contract column -> warehouse column
    kept_text: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def C(name, thai, type_, required=False, *aliases, high=None):
    return Column(name, thai, type_, required, tuple(aliases), high)


# Ranges of the counts (see Column.high): above what any real agency or event reaches, far below what
# would overflow anything. Thailand has about 2 million civil servants and under 10,000 agencies.
MAX_UNITS = 1_000_000  # circuits, VMs, mailboxes or devices of one subscription
MAX_ATTENDEES = 100_000
MAX_AGENCIES = 100_000
MAX_USAGE = 1e12  # one metric of one agency in one month (GB, hours, messages ...)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "agencies",
            (
                C("agency_id", "รหัสหน่วยงาน", "id", True, "agency code", "agency", "รหัส"),
                C("agency_name", "ชื่อหน่วยงาน", "text", True, "name", "หน่วยงาน"),
                C("ministry", "กระทรวง", "ministry", True, "ministry_name"),
                C("department", "กรม", "text", False, "กรม/สำนัก"),
                C("province", "จังหวัด", "province", True, "changwat"),
                C("level", "ระดับ", "level", False, "ระดับหน่วยงาน", "agency level"),
            ),
            key=("agency_id",),
            table="agencies",
            order=0,
            renames={"ministry": "ministry_code", "province": "province_code"},
        ),
        Kind(
            "events",
            (
                C("event_id", "รหัสกิจกรรม", "id", True, "event"),
                C("date", "วันที่", "date", True, "event_date", "วันที่จัด", "วันที่จัดกิจกรรม"),
                C("province", "จังหวัด", "province", True),
                C("event_type", "ประเภทกิจกรรม", "event_type", True, "type", "ประเภท"),
                C("title", "ชื่อกิจกรรม", "text", False, "event name", "name"),
                C("attendees", "ผู้เข้าร่วม", "integer", False, "จำนวนผู้เข้าร่วม", "participants", high=MAX_ATTENDEES),
                C("agencies_attended", "หน่วยงานที่เข้าร่วม", "integer", False, "จำนวนหน่วยงานที่เข้าร่วม", "agencies",
                  high=MAX_AGENCIES),
            ),
            key=("event_id", "province_code"),
            table="events",
            order=1,
            renames={"date": "event_date", "province": "province_code"},
        ),
        Kind(
            "subscriptions",
            (
                C("agency_id", "รหัสหน่วยงาน", "id", True, "agency code"),
                C("service", "บริการ", "service", True, "service_code", "ชื่อบริการ"),
                C("start_date", "วันที่เริ่มใช้", "date", True, "start", "วันที่เริ่มใช้งาน", "วันเริ่มใช้"),
                C("end_date", "วันที่สิ้นสุด", "date", False, "end", "วันที่ยกเลิก", "วันสิ้นสุด"),
                C("units", "จำนวน", "integer", False, "quantity", "จำนวนหน่วย", "qty", high=MAX_UNITS),
            ),
            key=("agency_id", "service_code", "start_date"),
            table="subscriptions",
            order=2,
            renames={"service": "service_code"},
        ),
        Kind(
            "usage",
            (
                C("month", "เดือน", "month", True, "period", "ปีเดือน", "เดือนปี"),
                C("agency_id", "รหัสหน่วยงาน", "id", True, "agency code"),
                C("service", "บริการ", "service", True, "service_code"),
                C("metric", "ตัวชี้วัด", "metric", True, "measure"),
                C("value", "ค่า", "number", True, "amount", "ปริมาณ", high=MAX_USAGE),
            ),
            key=("month", "agency_id", "service_code", "metric"),
            table="usage_monthly",
            order=3,
            renames={"service": "service_code"},
            few_distinct=("agency_id",),
        ),
        Kind(
            "feedback",
            (
                C("response_id", "เลขที่แบบสอบถาม", "id", False, "response", "เลขที่"),
                C("date", "วันที่", "date", True, "response_date", "วันที่ตอบ"),
                C("event_id", "รหัสกิจกรรม", "id", False, "event"),
                C("agency_id", "รหัสหน่วยงาน", "id", False, "agency code"),
                C("province", "จังหวัด", "province", True),
                C("service", "บริการ", "service", False, "service_code"),
                C("satisfaction", "ความพึงพอใจ", "satisfaction", True, "score", "คะแนนความพึงพอใจ", "ระดับความพึงพอใจ"),
                C("issue", "ปัญหา", "feedback_issue", False, "problem", "ปัญหาที่พบ"),
                C("comment", "ข้อเสนอแนะ", "text", False, "comments", "ความคิดเห็น", "suggestion"),
            ),
            key=("response_id",),
            table="feedback",
            order=4,
            renames={"date": "response_date", "province": "province_code", "service": "service_code"},
            kept_text={"issue": "issue_text"},
        ),
        Kind(
            "tickets",
            (
                C("ticket_id", "เลขที่เรื่อง", "id", True, "ticket", "case id", "เลขที่"),
                C("opened_at", "วันที่รับเรื่อง", "datetime", True, "opened", "created", "วันเวลาที่รับเรื่อง"),
                C("closed_at", "วันที่ปิดเรื่อง", "datetime", False, "closed", "resolved", "วันเวลาที่ปิดเรื่อง"),
                C("agency_id", "รหัสหน่วยงาน", "id", False, "agency code"),
                C("service", "บริการ", "service", True, "service_code"),
                C("category", "ประเภทปัญหา", "ticket_category", False, "problem type", "ประเภท"),
                C("channel", "ช่องทาง", "ticket_channel", False, "ช่องทางการติดต่อ", "source"),
            ),
            key=("ticket_id",),
            table="tickets",
            order=5,
            renames={"service": "service_code"},
        ),
    )
}

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060\u00a0"), " ")


def header_token(text: str) -> str:
    """Fold a header cell for matching: case, spaces, punctuation and a BOM are ignored."""
    text = unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE).casefold()
    # \w alone would drop Thai vowel and tone marks (category Mn), so the Thai block is kept explicitly
    return re.sub(r"[^\w\u0e00-\u0e7f]+|_+", "", text)


def _aliases(kind: Kind) -> dict[str, str]:
    table = {}
    for col in kind.columns:
        for spelling in (col.name, col.thai, *col.aliases):
            table.setdefault(header_token(spelling), col.name)
    return table


ALIASES: dict[str, dict[str, str]] = {name: _aliases(kind) for name, kind in KINDS.items()}


@dataclass(frozen=True)
class HeaderMatch:
    kind: str
    columns: tuple[str | None, ...]  # canonical name per header position, None for an extra column


def match_header(cells: list[str]) -> HeaderMatch | None:
    """The kind whose required columns all appear in the header, the best-covered one first."""
    tokens = [header_token(c) for c in cells]
    best: tuple[int, HeaderMatch] | None = None
    for name, kind in KINDS.items():
        aliases = ALIASES[name]
        mapped: list[str | None] = []
        seen: set[str] = set()
        for t in tokens:
            col = aliases.get(t)
            if col in seen:  # a repeated column: keep the first, the rest are extras
                col = None
            mapped.append(col)
            if col:
                seen.add(col)
        if not set(kind.required) <= seen:
            continue
        score = len(seen) * 100 - (len(kind.columns) - len(seen))
        if best is None or score > best[0]:
            best = (score, HeaderMatch(name, tuple(mapped)))
    return best[1] if best else None


def describe_header_problem(cells: list[str]) -> str:
    """A one-line explanation of why a header matched no kind: the nearest kind and what it lacks."""
    tokens = {header_token(c) for c in cells}
    nearest, missing = None, None
    for name, kind in KINDS.items():
        present = {ALIASES[name][t] for t in tokens if t in ALIASES[name]}
        lack = [c for c in kind.required if c not in present]
        if missing is None or len(lack) < len(missing):
            nearest, missing = name, lack
    cols = ", ".join(f"{c} ({KINDS[nearest].column(c).thai})" for c in missing)
    return f"header matches no known kind; nearest is {nearest}, which lacks {cols}"
