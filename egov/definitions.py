"""One sentence per metric, in Thai and English, and where the metric is computed.

The dashboard shows these sentences next to the numbers (and on its definitions page); a test
fails when a metric shown has no definition here, and another when "where" points at nothing.
"where" is a file (etl/sql/marts/...) or "file:name": a function of a Python module, or a macro of
etl/sql/definitions.sql (the definitions the marts and the filtered reads share).
"""

from __future__ import annotations

FCT = "etl/sql/marts/10_fct_agency_service_month.sql"
ADOPTION = "etl/sql/marts/20_mart_adoption_monthly.sql"

METRICS: dict[str, dict[str, str]] = {
    "months": {
        "th": "ช่วงเวลาของข้อมูล คือ ทุกเดือนตั้งแต่เดือนแรกที่มีการเริ่มใช้บริการหรือมีข้อมูลการใช้งาน "
              "จนถึงเดือนล่าสุดที่มีข้อมูลการใช้งาน",
        "en": "Months of the data: every month from the first month with a subscription start or usage "
              "record to the latest month with usage.",
        "where": "etl/sql/marts/01_dim_month.sql",
    },
    "eligible": {
        "th": "หน่วยงานเป้าหมาย คือ หน่วยงานทั้งหมดที่อยู่ในขอบเขตที่เลือก (จังหวัด กระทรวง และระดับหน่วยงาน) "
              "โดยไม่ขึ้นกับช่วงเวลา",
        "en": "Eligible agencies: all agencies within the selected filter (province, ministry and level), "
              "whatever the period.",
        "where": ADOPTION,
    },
    "adopted": {
        "th": "หน่วยงานที่ใช้บริการ คือ หน่วยงานที่มีการสมัครใช้บริการซึ่งยังมีผลอยู่ ณ วันสิ้นเดือน "
              "(เริ่มใช้ไม่เกินวันสิ้นเดือน และยังไม่สิ้นสุด หรือสิ้นสุดหลังวันสิ้นเดือน)",
        "en": "Adopted: the agency has a subscription to the service in force at the month's end "
              "(started on or before the last day of the month and not ended by then; one ending on "
              "the last day no longer counts).",
        "where": FCT,
    },
    "units": {
        "th": "จำนวนหน่วยบริการ คือ ผลรวมจำนวนหน่วย (วงจร เครื่องเสมือน กล่องจดหมาย หรืออุปกรณ์) "
              "ของการสมัครใช้บริการที่มีผล ณ วันสิ้นเดือน",
        "en": "Units: the sum of the units (circuits, VMs, mailboxes or devices) of the subscriptions "
              "in force at the month's end.",
        "where": FCT,
    },
    "active": {
        "th": "หน่วยงานที่ใช้งานจริง คือ หน่วยงานที่ใช้บริการ และมีค่าตัวชี้วัดหลักของบริการในเดือนนั้น"
              "สูงกว่าเกณฑ์ที่กำหนดไว้สำหรับบริการนั้น",
        "en": "Active: the agency is adopted and the service's primary usage metric that month is above "
              "the service's threshold.",
        "where": FCT,
    },
    "adoption_rate": {
        "th": "อัตราการใช้บริการ คือ จำนวนหน่วยงานที่ใช้บริการหารด้วยจำนวนหน่วยงานเป้าหมาย "
              "(ไม่แสดงค่าหากไม่มีหน่วยงานเป้าหมาย)",
        "en": "Adoption rate: adopted agencies divided by eligible agencies (not shown when there are "
              "no eligible agencies).",
        "where": "egov/metrics.py:adoption_rate",
    },
    "coverage": {
        "th": "ความครอบคลุมบริการ คือ จำนวนคู่หน่วยงาน × บริการที่ใช้บริการแล้ว หารด้วยจำนวนหน่วยงานคูณจำนวนบริการที่เลือก "
              "ณ เดือนล่าสุด (เลือกบริการเดียวจะเท่ากับอัตราการใช้บริการของบริการนั้น)",
        "en": "Service coverage: agency × service pairs adopted divided by agencies times the services "
              "selected, at the as-of month (with one service selected it equals that service's adoption rate).",
        "where": "egov/reads/adoption.py:province_measures",
    },
    "active_rate": {
        "th": "อัตราการใช้งานจริง คือ จำนวนหน่วยงานที่ใช้งานจริงหารด้วยจำนวนหน่วยงานเป้าหมาย "
              "(ไม่แสดงค่าหากไม่มีหน่วยงานเป้าหมาย)",
        "en": "Active rate: active agencies divided by eligible agencies (not shown when there are no "
              "eligible agencies).",
        "where": "egov/metrics.py:active_rate",
    },
    "idle_months": {
        "th": "จำนวนเดือนที่ไม่ได้ใช้งาน คือ จำนวนเดือนติดต่อกันจนถึงเดือนนั้น ที่หน่วยงานใช้บริการอยู่"
              "แต่ไม่มีการใช้งานจริง",
        "en": "Idle months: the number of consecutive months, up to this one, in which the agency was "
              "adopted but not active.",
        "where": FCT,
    },
    "underused": {
        "th": "ใช้งานน้อย คือ หน่วยงานที่ใช้บริการแต่ไม่มีการใช้งานจริงติดต่อกันตั้งแต่ 3 เดือนขึ้นไป "
              "เช่น ติดตั้งเราเตอร์ GIN แล้วแต่แทบไม่ได้ใช้งาน",
        "en": "Underused: adopted but not active for 3 or more consecutive months, such as a GIN router "
              "installed but sitting idle.",
        "where": FCT,
    },
    "savings": {
        "th": "มูลค่าการประหยัด คือ จำนวนหน่วยบริการคูณจำนวนเดือนที่ใช้ คูณค่าใช้จ่ายต่อหน่วยต่อปี"
              "ในท้องตลาดหารด้วย 12 (กรณีต่ำ กลาง และสูง) บวกมูลค่าชั่วโมงทำงานของเจ้าหน้าที่ที่ประหยัดได้ "
              "ทั้งนี้ ค่าใช้จ่ายต่อหน่วยเป็นค่าสมมติฐานซึ่งปรับแก้ได้",
        "en": "Savings: unit-months x (market cost per unit-year / 12), for a low, mid and high cost, "
              "plus the value of IT staff hours saved; the unit costs are assumptions and can be edited.",
        "where": "etl/sql/definitions.sql:savings_thb",
    },
    "staff_hours_saved": {
        "th": "ชั่วโมงทำงานที่ประหยัดได้ คือ จำนวนหน่วยบริการคูณจำนวนเดือนที่ใช้หารด้วย 12 "
              "คูณจำนวนชั่วโมงที่เจ้าหน้าที่ไม่ต้องดูแลระบบเองต่อหน่วยต่อปี",
        "en": "Staff hours saved: unit-months / 12 x the IT staff hours saved per unit-year.",
        "where": "etl/sql/definitions.sql:staff_hours_saved",
    },
    "satisfaction_mean": {
        "th": "คะแนนความพึงพอใจเฉลี่ย คือ ค่าเฉลี่ยของคะแนนความพึงพอใจระดับ 1 ถึง 5 "
              "จากแบบสอบถามทั้งหมดในขอบเขตที่เลือก พร้อมแสดงจำนวนผู้ตอบ (n)",
        "en": "Mean satisfaction: the average 1-5 satisfaction score of the responses in the filter, "
              "shown with the number of responses (n).",
        "where": "egov/metrics.py:satisfaction_summary",
    },
    "satisfaction_share": {
        "th": "สัดส่วนผู้พึงพอใจ คือ ร้อยละของผู้ตอบแบบสอบถามที่ให้คะแนนความพึงพอใจ 4 หรือ 5 "
              "(พึงพอใจมากถึงมากที่สุด)",
        "en": "Share satisfied: the percentage of responses scoring 4 or 5 (satisfied or very satisfied).",
        "where": "etl/sql/definitions.sql:satisfied",
    },
    "too_few": {
        "th": "ข้อมูลไม่เพียงพอ คือ กรณีที่มีผู้ตอบแบบสอบถามน้อยกว่า 10 ราย "
              "ซึ่งยังไม่เพียงพอต่อการสรุปผลความพึงพอใจ",
        "en": "Too few to judge: fewer than 10 responses, not enough to draw a conclusion on satisfaction.",
        "where": "egov/metrics.py:satisfaction_summary",
    },
    "roadshow_impact": {
        "th": "ผลของการลงพื้นที่ (ค่าประมาณ) คือ การเปลี่ยนแปลงของอัตราการใช้บริการในจังหวัดที่ลงพื้นที่ "
              "จาก 3 เดือนก่อนถึง 6 เดือนหลังกิจกรรม หักด้วยการเปลี่ยนแปลงในช่วงเดียวกันของจังหวัดที่ไม่มี"
              "กิจกรรมในช่วงนั้น คิดเป็นจุดร้อยละ",
        "en": "Roadshow impact (an estimate): the change in the visited province's adoption rate from "
              "3 months before to 6 months after the event, minus the same change in provinces with no "
              "event in that window, in percentage points.",
        "where": "etl/sql/marts/60_mart_roadshow_impact.sql",
    },
    "opportunity": {
        "th": "โอกาสในการขยายผล คือ การจัดลำดับจังหวัดตามมูลค่าการประหยัดที่คาดว่าจะเกิดขึ้น (กรณีกลาง) "
              "หากหน่วยงานที่ยังไม่ใช้บริการหันมาใช้บริการ คำนวณจากค่าเฉลี่ยการประหยัดต่อหน่วยงานต่อปี"
              "ของทั้งประเทศในรอบ 12 เดือนล่าสุด พร้อมแสดงปัญหาที่ได้รับแจ้งและเรื่องที่ยังไม่ได้ปิด",
        "en": "Opportunity: provinces ranked by the mid-case savings their not-yet-adopting agencies would "
              "bring, at the national average saving per adopting agency-year over the last 12 months, "
              "shown with reported problems and open tickets.",
        "where": "etl/sql/definitions.sql:opportunity",
    },
    "not_adopted": {
        "th": "ยังไม่ใช้บริการ คือ จำนวนคู่หน่วยงานและบริการที่หน่วยงานเป้าหมายยังไม่ได้ใช้บริการ ณ เดือนล่าสุด",
        "en": "Not adopted: the agency-service pairs not adopted at the latest month, among eligible agencies.",
        "where": "etl/sql/definitions.sql:opportunity",
    },
    "open_issues": {
        "th": "ปัญหาที่ได้รับแจ้ง คือ จำนวนแบบสอบถามในรอบ 12 เดือนล่าสุดที่ระบุปัญหาในการใช้บริการ",
        "en": "Reported problems: feedback responses in the last 12 months that name a problem.",
        "where": "etl/sql/definitions.sql:opportunity_issues",
    },
    "open_tickets": {
        "th": "เรื่องที่ยังไม่ได้ปิด คือ จำนวนเรื่องที่ศูนย์บริการรับแจ้งไว้และยังไม่ได้ปิดเรื่อง",
        "en": "Open tickets: support tickets not yet closed.",
        "where": "etl/sql/definitions.sql:opportunity",
    },
    "hours_to_close": {
        "th": "ระยะเวลาปิดเรื่อง คือ จำนวนชั่วโมงนับจากเวลารับเรื่องจนถึงเวลาปิดเรื่อง",
        "en": "Hours to close: the hours from when a ticket was opened to when it was closed.",
        "where": "etl/sql/definitions.sql:hours_to_close",
    },
    "backlog": {
        "th": "เรื่องค้าง คือ จำนวนเรื่องที่รับไว้ภายในสิ้นเดือนและยังไม่ได้ปิด ณ สิ้นเดือนนั้น",
        "en": "Backlog: tickets opened by the month's end and not closed by then.",
        "where": "etl/sql/definitions.sql:in_backlog",
    },
}


def definition(key: str, lang: str = "th") -> str:
    """The one-sentence definition of a metric in 'th' or 'en'; KeyError when it has none."""
    return METRICS[key][lang]


# --- feedback
# Metrics of the ความคิดเห็นและการสนับสนุน Feedback and support page (pages/feedback.py) and the provinces map.
METRICS.update({
    "issue_share": {
        "th": "สัดส่วนผู้ระบุปัญหา คือ ร้อยละของผู้ตอบแบบสอบถามทั้งหมดในขอบเขตที่เลือกที่ระบุปัญหาประเภทนั้น "
              "(ผู้ตอบที่ระบุว่าไม่มีปัญหาหรือไม่ได้ตอบข้อนี้ยังนับรวมในตัวหาร)",
        "en": "Share naming a problem: the percentage of all responses in the filter that name that problem "
              "(responses saying no problem, or leaving it blank, still count in the denominator).",
        "where": "egov/reads/feedback.py:feedback_issues",
    },
    "tickets_opened": {
        "th": "เรื่องที่รับแจ้ง คือ จำนวนเรื่องที่ศูนย์บริการรับแจ้งในช่วงเวลาที่เลือก "
              "โดยจังหวัด กระทรวง และระดับ เป็นของหน่วยงานผู้แจ้ง",
        "en": "Tickets opened: support tickets the contact center received in the selected period; province, "
              "ministry and level are the reporting agency's.",
        "where": "egov/reads/tickets.py:ticket_summary",
    },
    "tickets_closed": {
        "th": "เรื่องที่ปิดแล้ว คือ จำนวนเรื่องที่ปิดในช่วงเวลาที่เลือก ไม่ว่าจะรับแจ้งเมื่อใด",
        "en": "Tickets closed: tickets closed in the selected period, whenever they were opened.",
        "where": "egov/reads/tickets.py:ticket_summary",
    },
    "hours_to_close_median": {
        "th": "เวลาปิดเรื่อง (มัธยฐาน) คือ ค่ากลางของจำนวนชั่วโมงตั้งแต่รับเรื่องจนปิดเรื่อง "
              "ของเรื่องที่ปิดในช่วงเวลาที่เลือก ครึ่งหนึ่งของเรื่องปิดได้เร็วกว่านี้",
        "en": "Time to resolve (median): the middle value of the hours from opening to closing, over the "
              "tickets closed in the selected period; half of them were resolved faster.",
        "where": "egov/reads/tickets.py:ticket_summary",
    },
    "hours_to_close_mean": {
        "th": "เวลาปิดเรื่อง (เฉลี่ย) คือ ค่าเฉลี่ยของจำนวนชั่วโมงตั้งแต่รับเรื่องจนปิดเรื่อง "
              "ของเรื่องที่ปิดในช่วงเวลาที่เลือก ซึ่งสูงขึ้นได้มากจากเรื่องที่ใช้เวลานานเพียงไม่กี่เรื่อง",
        "en": "Time to resolve (mean): the average hours from opening to closing over the tickets closed in "
              "the selected period; a few long tickets can raise it well above the median.",
        "where": "egov/reads/tickets.py:ticket_summary",
    },
    "ticket_load": {
        "th": "ช่วงเวลาที่รับแจ้ง คือ จำนวนเรื่องที่รับแจ้งในช่วงเวลาที่เลือก แยกตามวันในสัปดาห์และชั่วโมงที่รับเรื่อง "
              "(ศูนย์บริการเปิดตลอด 24 ชั่วโมงทุกวัน)",
        "en": "When tickets arrive: tickets opened in the selected period by weekday and hour of opening "
              "(the center runs 24 hours a day, every day).",
        "where": "etl/sql/definitions.sql:ticket_weekday",
    },
    "events": {
        "th": "จำนวนกิจกรรม คือ จำนวนกิจกรรม (โรดโชว์ สัมมนา ลงพื้นที่ และอบรม) ที่จัดในจังหวัดในช่วงเวลาที่เลือก "
              "กิจกรรมที่ครอบคลุมหลายจังหวัดนับในแต่ละจังหวัด",
        "en": "Events: roadshows, seminars, site visits and trainings held in the province in the selected "
              "period; an event spanning provinces counts in each of them.",
        "where": "egov/reads/adoption.py:province_measures",
    },
})


# --- data
# Metrics of the ข้อมูล Data page (pages/data.py).
METRICS.update({
    "rows_rejected": {
        "th": "แถวที่ถูกปฏิเสธ คือ แถวในไฟล์ที่มีค่าซึ่งระบบอ่านไม่ออกหรือขัดกับข้อมูลอื่น (เช่น วันที่ไม่มีจริง "
              "จังหวัดที่ไม่รู้จัก รหัสหน่วยงานที่ไม่มีในระบบ หรือรหัสซ้ำในไฟล์เดียวกัน) แถวนั้นไม่ถูกนำเข้า "
              "ส่วนแถวอื่นของไฟล์ยังนำเข้าตามปกติ",
        "en": "Rows rejected: rows of a file holding a value that cannot be understood or contradicts other "
              "data (a date that does not exist, an unknown province, an agency ID not loaded, a key repeated "
              "in the file); the row is not loaded, the rest of the file is.",
        "where": "etl/load.py:_load_source",
    },
    "freshness": {
        "th": "ความสดใหม่ของข้อมูล คือ วันที่หรือเดือนล่าสุดที่มีในข้อมูลแต่ละแหล่ง เทียบกับวันนี้ "
              "ถือว่าเป็นปัจจุบันเมื่อไม่เก่ากว่า 2 เดือน",
        "en": "Freshness: the latest date or month in each source's data, against today; a source is current "
              "when that is no more than 2 months old.",
        "where": "egov/reads/loads.py:freshness",
    },
})

# one agency's profile (pages/agency.py)
METRICS.update({
    "agency_savings": {
        "th": "มูลค่าการประหยัดของหน่วยงาน คือ สูตรเดียวกับมูลค่าการประหยัด ใช้กับจำนวนหน่วยบริการของหน่วยงานนี้ "
              "ณ สิ้นแต่ละเดือนในช่วงเวลาที่เลือก (หน่วย-เดือน) ด้วยสมมติฐานที่ใช้ในเซสชันนี้ "
              "ผลรวมของทุกหน่วยงานเท่ากับมูลค่าการประหยัดทั้งหมด",
        "en": "Agency savings: the savings formula applied to this agency's units in use at each month's end "
              "in the period (unit-months), under the session's assumptions; summed over all agencies it is "
              "the total savings.",
        "where": "egov/reads/agency_profile.py:agency_savings",
    },
    "events_attended": {
        "th": "กิจกรรมที่เข้าร่วม คือ กิจกรรมในช่วงเวลาที่เลือกซึ่งหน่วยงานนี้ตอบแบบสอบถามความคิดเห็น "
              "(ข้อมูลกิจกรรมระบุเพียงจำนวนหน่วยงานที่เข้าร่วม ไม่ได้ระบุว่าหน่วยงานใด)",
        "en": "Events attended: the events in the period at which this agency answered a feedback form "
              "(event records give how many agencies attended, not which).",
        "where": "egov/reads/agency_profile.py:agency_events",
    },
})
