"""Thai / English labels and formatting. Thai first: Buddhist-Era years, baht in ล้าน.

Pure functions of (value, lang); nothing here imports Streamlit. lang is "th" or "en".
"""

from __future__ import annotations

import datetime as dt
import math
import re
from numbers import Number

import pandas as pd
import streamlit as st

LANGS = ("th", "en")
DEFAULT_LANG = "th"
LANG_KEY = "lang"  # the session's language: its st.session_state key (the sidebar's switch) and URL parameter


def current_lang() -> str:
    """The language of the current session; the default when none is chosen (or outside a session)."""
    lang = st.session_state.get(LANG_KEY)
    return lang if lang in LANGS else DEFAULT_LANG
BE_OFFSET = 543  # Buddhist Era = Common Era + 543

TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_FULL = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                  "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DASH = "–"

# Short names of the services (brand names, the same in both languages); the full names come from
# the services table.
SERVICE_SHORT = {"GIN": "GIN", "GCLOUD": "G-Cloud", "MAILGOTHAI": "MailGoThai", "GOVMON": "GovMon"}

# Every label shown by the dashboard: key -> (Thai, English). Placeholders use str.format.
LABELS: dict[str, tuple[str, str]] = {
    # app and navigation
    "app.no_warehouse": (
        "ยังไม่มีคลังข้อมูลที่ {path} — นำเข้าข้อมูลก่อนด้วยคำสั่ง `python -m etl`",
        "There is no warehouse at {path} yet: load data first with `python -m etl`.",
    ),
    "app.error": (
        "ไม่สามารถแสดงส่วนนี้ได้ ({error}) — ข้อมูลส่วนอื่นยังใช้งานได้",
        "This part could not be shown ({error}); the rest of the page still works.",
    ),
    "app.sample": (
        "ข้อมูลตัวอย่าง (สังเคราะห์เพื่อสาธิต) — ไม่ใช่ข้อมูลจริงของหน่วยงาน ห้ามนำตัวเลขไปอ้างอิง",
        "Sample data (synthetic, for demonstration): not real agency records; do not quote these numbers.",
    ),
    "app.freshness": (
        "ข้อมูลล่าสุด: {month} · นำเข้าล่าสุด: {loaded}",
        "Latest data: {month} · last load: {loaded}",
    ),
    "app.asof": ("ข้อมูล ณ สิ้นเดือน {month} · ช่วงเวลา {start} – {end}", "As of the end of {month} · period {start} – {end}"),
    "empty.filter": (
        "ไม่พบข้อมูลที่ตรงกับตัวกรองที่เลือก — ลองเลือกช่วงเวลา พื้นที่ หรือหน่วยงานให้กว้างขึ้น หรือกด “ล้างตัวกรอง”",
        "Nothing matches the selected filters. Widen the period, area or agencies, or press “Clear filters”.",
    ),
    "empty.section": ("ไม่มีข้อมูลสำหรับส่วนนี้ภายใต้ตัวกรองที่เลือก", "No data for this section under the selected filters."),
    # sidebar
    "lang.label": ("ภาษา / Language", "Language / ภาษา"),
    "filters.header": ("ตัวกรอง", "Filters"),
    "filters.period": ("ช่วงเวลา", "Period"),
    "filters.region_system": ("การแบ่งภาค", "Region system"),
    "filters.region4": ("4 ภาค (การปกครอง/สถิติ)", "4 regions (administrative/statistical)"),
    "filters.region6": ("6 ภาค (ภูมิศาสตร์)", "6 regions (geographic)"),
    "filters.region4_short": ("4 ภาค", "4 regions"),
    "filters.region6_short": ("6 ภาค", "6 regions"),
    "filters.regions": ("ภาค", "Regions"),
    "filters.provinces": ("จังหวัด", "Provinces"),
    "filters.ministries": ("กระทรวง", "Ministries"),
    "filters.services": ("บริการ", "Services"),
    "filters.levels": ("ระดับหน่วยงาน", "Agency level"),
    "filters.all": ("ทั้งหมด", "All"),
    "filters.clear": ("ล้างตัวกรอง", "Clear filters"),
    "filters.link": (
        "ลิงก์ของหน้านี้เก็บตัวกรองไว้แล้ว คัดลอกจากแถบที่อยู่เพื่อแบ่งปันมุมมองเดียวกัน",
        "This page's link keeps the filters: copy it from the address bar to share the same view.",
    ),
    "filters.preset": ("เลือกช่วงเวลา", "Choose a period"),
    # the Thai fiscal year (ปีงบประมาณ, 1 Oct - 30 Sep) and the period presets (egov/fiscal.py)
    "fy.label": ("ปีงบประมาณ พ.ศ. {year}", "FY{year}"),
    "fy.short": ("ปีงบฯ {year}", "FY{year}"),
    "fy.quarter": ("ไตรมาส {q} ปีงบประมาณ พ.ศ. {year}", "Q{q} FY{year}"),
    "fy.to_date": ("ปีงบประมาณ พ.ศ. {year} ถึงปัจจุบัน ({span})", "FY{year} to date ({span})"),
    "fy.last12": ("12 เดือนล่าสุด ({span})", "Last 12 months ({span})"),
    "fy.all": ("ทั้งหมด ({span})", "Everything ({span})"),
    "fy.calendar": ("ปีปฏิทิน พ.ศ. {year}", "Calendar year {year}"),
    "fy.custom": ("กำหนดเองด้วยแถบเลื่อน", "Custom (the slider)"),
    "fy.partial": ("{fy} ({n} เดือน)", "{fy} ({n} months)"),
    "fy.column": ("ปีงบประมาณ", "Fiscal year"),
    "fy.months": ("จำนวนเดือนที่มีข้อมูล", "Months with data"),
    "fy.note": ("ปีงบประมาณ = 1 ต.ค. – 30 ก.ย. เรียกตามปี พ.ศ. ที่สิ้นสุด", "Fiscal year = 1 Oct – 30 Sep, named by the year it ends in"),
    # downloads
    "dl.period": ("ช่วงเวลาของข้อมูล", "Period covered"),
    "dl.period_from": ("ตั้งแต่", "From"),
    "dl.period_to": ("ถึง", "To"),
    "dl.period_sheet": ("ช่วงเวลา", "period"),
    "dl.csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "dl.xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "dl.hidden": ("คอลัมน์ที่ไม่แสดงในตารางนี้ (มีในไฟล์ดาวน์โหลด): {cols}",
                  "Columns not shown in this table (they are in the downloads): {cols}"),
    "dl.date_text": ("{col} (พ.ศ.)", "{col} (text)"),
    # generic
    "all_services": ("ทุกบริการ", "All services"),
    "nation": ("ทั้งประเทศ", "Nation"),
    "province": ("จังหวัด", "Province"),
    "region": ("ภาค", "Region"),
    "ministry": ("กระทรวง", "Ministry"),
    "department": ("กรม/สำนัก", "Department"),
    "agency": ("หน่วยงาน", "Agency"),
    "agency_id": ("รหัสหน่วยงาน", "Agency ID"),
    "level": ("ระดับ", "Level"),
    "service": ("บริการ", "Service"),
    "month": ("เดือน", "Month"),
    "rank": ("อันดับ", "Rank"),
    "value": ("ค่า", "Value"),
    "n_agencies": ("จำนวนหน่วยงาน", "Agencies"),
    "date": ("วันที่", "Date"),
    "unknown": ("ไม่ระบุ", "Unknown"),
    "note": ("หมายเหตุ", "Note"),
    # measures
    "m.eligible": ("หน่วยงานทั้งหมด", "Eligible agencies"),
    "m.adopted": ("หน่วยงานที่ใช้บริการ", "Agencies adopted"),
    "m.adopted_pairs": ("การใช้บริการ (หน่วยงาน × บริการ)", "Adoptions (agency × service)"),
    "m.active": ("หน่วยงานที่ใช้งานจริง", "Agencies active"),
    "m.underused": ("หน่วยงานที่ใช้งานต่ำ", "Agencies underused"),
    "m.adoption_rate": ("อัตราการใช้บริการ", "Adoption rate"),
    "m.coverage": ("ความครอบคลุมบริการ", "Service coverage"),
    "m.eligible_pairs": ("คู่หน่วยงาน × บริการ", "Agency × service pairs"),
    "unit.pp": ("จุด", "pp"),
    "unit.baht": ("บาท", "THB"),
    "m.active_rate": ("อัตราการใช้งานจริง", "Active rate"),
    "m.change_12m": ("เปลี่ยนแปลงใน 12 เดือน", "Change over 12 months"),
    "m.savings_mid": ("ประหยัดงบประมาณ (กรณีกลาง)", "Savings (mid case)"),
    "m.savings_low": ("กรณีต่ำ", "Low case"),
    "m.savings_high": ("กรณีสูง", "High case"),
    "m.satisfaction": ("คะแนนเฉลี่ย", "Mean score"),
    "m.satisfaction_long": ("ความพึงพอใจเฉลี่ย (1–5)", "Mean satisfaction (1–5)"),
    "m.satisfied_share": ("พอใจมาก (4–5)", "Satisfied (4–5)"),
    "m.responses": ("ผู้ตอบ", "Responses"),
    "m.events": ("จำนวนกิจกรรม", "Events"),
    "pp": ("{value} จุด", "{value} pp"),
    "too_few": ("ผู้ตอบน้อยเกินไปที่จะสรุป (n = {n})", "Too few responses to judge (n = {n})"),
    "benchmark.hidden": ("ซ่อนไว้: มาจากหน่วยงานหรือผู้ตอบนอกจังหวัดที่คุณดูได้น้อยกว่า {k} ราย",
                         "Hidden: rests on fewer than {k} agencies or responses outside the provinces you may see"),
    "benchmark.hidden_chart": ("ซ่อนค่าเปรียบเทียบ {items} ไว้ เพราะมาจากหน่วยงานนอกจังหวัดที่คุณดูได้น้อยกว่า {k} แห่ง "
                               "ซึ่งจะเผยตัวเลขของหน่วยงานเหล่านั้น",
                               "Benchmarks hidden: {items}. Each rests on fewer than {k} agencies outside the "
                               "provinces you may see, and would reveal those agencies' figures."),
    "no_responses": ("ยังไม่มีผู้ตอบแบบสอบถาม", "No responses yet"),
    # status of an agency's service
    "status.active": ("ใช้งาน", "Active"),
    "status.idle": ("สมัครแล้ว ยังไม่ใช้งาน", "Adopted, not active"),
    "status.underused": ("ใช้งานต่ำ ≥ 3 เดือน", "Underused ≥ 3 months"),
    "status.none": ("ยังไม่ใช้", "Not adopted"),
    "status.adopted_count": ("จำนวนบริการที่ใช้", "Services adopted"),
    # overview
    "page.overview": ("ภาพรวม", "Overview"),
    "ov.services": ("การใช้บริการรายบริการ", "Adoption by service"),
    "ov.of_eligible": ("จาก {n} หน่วยงาน", "of {n} agencies"),
    "xf.hint": ("คลิกแท่งเพื่อกรองตามจังหวัดนั้น (ยกเลิกได้ที่แถบตัวกรองด้านซ้าย)",
                "Click a bar to filter by that province (undo it in the filters on the left)"),
    "xf.trend_hint": ("คลิกจุดบนเส้นเพื่อเลือกช่วงเวลาเป็นเดือนนั้น (ยกเลิกได้ที่แถบตัวกรอง)",
                      "Click a point to set the period to that month (undo it in the filters)"),
    "xf.cell_hint": ("คลิกช่องเพื่อกรองตามกระทรวงและบริการนั้น (ยกเลิกได้ที่แถบตัวกรองด้านซ้าย)",
                     "Click a cell to filter by that ministry and service (undo it in the filters on the left)"),
    "ov.active": ("ใช้งานจริง {rate}", "active {rate}"),
    "ov.fy_savings": ("ประหยัดงบประมาณ {fy}", "Budget saved, {fy}"),
    "ov.fy_mid": ("ช่วงประมาณการ ต่ำ – สูง · กรณีกลาง {mid}", "Range low – high · mid case {mid}"),
    "ov.savings": ("ประหยัดงบประมาณ", "Budget saved"),
    "ov.savings_period": ("ตลอดช่วง {start} – {end}", "Over {start} – {end}"),
    "ov.change_note": ("ลูกศร = การเปลี่ยนแปลงเทียบกับ {month} (12 เดือนก่อน)",
                       "Arrows = change since {month} (12 months earlier)"),
    "ov.savings_range": ("ช่วงประมาณการ {low} – {high} (สมมติฐานต่ำ – สูง)", "Estimated range {low} – {high} (low – high assumptions)"),
    "ov.assumptions": ("สมมติฐานต้นทุนที่ใช้คำนวณ", "Cost assumptions used"),
    "ov.assumptions_note": (
        "ต้นทุนต่อหน่วยเป็นค่าสมมติฐาน (ไม่มีตัวเลขสาธารณะ) แก้ไขได้ในหน้า “ประหยัดงบประมาณ”",
        "Unit costs are assumptions (no public figures exist); edit them on the Savings page.",
    ),
    "ov.satisfaction": ("ความพึงพอใจของผู้ใช้บริการ", "User satisfaction"),
    "ov.responses": ("จากผู้ตอบแบบสอบถาม {n} คน ({blank} คนไม่ได้ระบุบริการ)",
                     "From {n} responses ({blank} named no service)"),
    "ov.trend": ("แนวโน้มอัตราการใช้บริการทั้งประเทศ", "National adoption trend"),
    "ov.trend_filtered": ("แนวโน้มอัตราการใช้บริการ (ตามตัวกรอง)", "Adoption trend (filtered)"),
    "ov.trend_note": ("เส้นประแนวตั้ง = เดือนที่มีโรดโชว์ (ชี้ที่สามเหลี่ยมเพื่อดูรายละเอียด)",
                      "Dotted verticals = months with roadshows (hover over the triangles for details)"),
    "ov.fy_ticks": ("ขีดแกนเวลา = วันเริ่มปีงบประมาณ (1 ต.ค.)", "Axis ticks = start of each fiscal year (1 Oct)"),
    "ov.top": ("5 จังหวัดที่ความครอบคลุมบริการสูงสุด", "Top 5 provinces by service coverage"),
    "ov.bottom": ("5 จังหวัดที่ความครอบคลุมบริการต่ำสุด", "Bottom 5 provinces by service coverage"),
    "ov.table": ("ตารางสรุปรายบริการ", "Summary by service (table)"),
    "events.marker": ("โรดโชว์", "Roadshows"),
    # provinces
    "page.provinces": ("จังหวัด", "Provinces"),
    "pv.measure": ("ตัวชี้วัดบนแผนที่", "Measure on the map"),
    "pv.service": ("บริการ", "Service"),
    "pv.map": ("แผนที่ {measure} รายจังหวัด", "{measure} by province"),
    "pv.map_hint": ("คลิกจังหวัดบนแผนที่เพื่อดูรายละเอียดและกรองตามจังหวัดนั้น (ยกเลิกตัวกรองได้ที่แถบด้านซ้าย) "
                    "หรือเลือกจากช่อง “{choose}” ด้านบน",
                    "Click a province on the map for its profile and to filter by it (undo the filter on the left), "
                    "or pick one from “{choose}” above."),
    "pv.outside": ("นอกตัวกรอง", "Outside the filter"),
    "pv.ranking": ("อันดับจังหวัด", "Province ranking"),
    "pv.choose": ("เลือกจังหวัดเพื่อดูรายละเอียด", "Choose a province for its profile"),
    "pv.none_chosen": ("— เลือกจังหวัด —", "— choose a province —"),
    "pv.profile": ("ข้อมูลจังหวัด{name}", "Profile: {name}"),
    "pv.compare": ("อัตราการใช้บริการเทียบกับภาคและทั้งประเทศ", "Adoption rate compared with its region and the nation"),
    "pv.feedback": ("ความคิดเห็นจากผู้ใช้บริการ", "Feedback"),
    "pv.issues": ("ปัญหาที่พบบ่อย", "Issues raised"),
    "pv.events": ("กิจกรรมในจังหวัด", "Events in the province"),
    "pv.agencies": ("หน่วยงานในจังหวัดและสถานะการใช้บริการ", "Agencies and their services"),
    "pv.services_adopted": ("การใช้บริการ (หน่วยงาน × บริการ)", "Services adopted (agency × service)"),
    "pv.no_events": ("ยังไม่มีกิจกรรมในช่วงเวลาที่เลือก", "No events in the selected period."),
    "pv.no_feedback": ("ยังไม่มีความคิดเห็นในช่วงเวลาที่เลือก", "No feedback in the selected period."),
    "pv.title": ("ชื่อกิจกรรม", "Title"),
    "pv.event_type": ("ประเภท", "Type"),
    "pv.attendees": ("ผู้เข้าร่วม", "Attendees"),
    "pv.agencies_attended": ("หน่วยงานที่เข้าร่วม", "Agencies attended"),
    "pv.who": ("พื้นที่", "Area"),
    # ministries
    "page.ministries": ("กระทรวง", "Ministries"),
    "mi.heatmap": ("อัตราการใช้บริการ: กระทรวง × บริการ", "Adoption rate: ministry × service"),
    "mi.table": ("ตารางกระทรวง × บริการ", "Ministry × service table"),
    "mi.choose": ("เลือกกระทรวงเพื่อดูรายกรม", "Choose a ministry to drill into its departments"),
    "mi.none_chosen": ("— เลือกกระทรวง —", "— choose a ministry —"),
    "mi.departments": ("กรม/สำนักใน{name}", "Departments of {name}"),
    "mi.choose_dept": ("เลือกกรม/สำนักเพื่อดูรายหน่วยงาน", "Choose a department to list its agencies"),
    "mi.all_depts": ("ทุกกรม/สำนัก", "All departments"),
    "mi.agencies": ("หน่วยงานและสถานะการใช้บริการ", "Agencies and their services"),
    "mi.no_department": ("(ไม่ระบุกรม)", "(no department)"),
}


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The label for key in lang (Thai when lang is unknown); missing keys show the key itself."""
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "en" else pair[0]
    return text.format(**kwargs) if kwargs else text


def name_col(lang: str) -> str:
    """The column holding a reference table's name in lang: name_th or name_en."""
    return "name_en" if lang == "en" else "name_th"


# What each service is, for a subtitle under its name. The reference file's English names are the
# services' own names ("G-Cloud"), so an English subtitle from them would repeat the name; the Thai
# names already say what the service is.
SERVICE_ABOUT_EN = {
    "GIN": "Government Information Network",
    "GCLOUD": "Government cloud service",
    "MAILGOTHAI": "Government central e-mail service",
    "GOVMON": "Government cyber-threat monitoring",
}


def service_about(code: str, name_th: str, lang: str = DEFAULT_LANG) -> str:
    """A subtitle saying what the service is: its Thai name in Thai, SERVICE_ABOUT_EN in English (the
    Thai name for a service it does not know)."""
    return SERVICE_ABOUT_EN.get(code, name_th) if lang == "en" else name_th


# The reference file's cost-assumption sources (data/reference/cost_assumptions.csv, in English) as Thai
# readers get them; tests/test_language.py checks that each holds the same numbers as its English source.
_STAFF_TH = "ค่าแรง 200 บาท/ชั่วโมง = เงินเดือนรวมสวัสดิการของนักวิชาการคอมพิวเตอร์ภาครัฐราว 32,000 บาท/เดือน หารด้วยราว 160 ชั่วโมงทำงาน"
_RATE_TH = "อัตรา 1 ดอลลาร์สหรัฐ = 32.5 บาท (ค่าเฉลี่ยปี พ.ศ. 2557 ปัดเศษ)"
ASSUMPTION_SOURCES_TH = {
    "GIN": "สมมติฐาน รอ สรอ. ยืนยัน: วงจรสื่อสารเช่าเชิงพาณิชย์ (MPLS) ความเร็ว 2–20 เมกะบิต/วินาที สำหรับสำนักงานราชการ "
           "รวมเราเตอร์ ราคาประมาณ 3,000 / 8,000 / 15,000 บาทต่อเดือน (ต่ำ / กลาง / สูง); 24 ชั่วโมงงานต่อวงจรต่อปี "
           "ที่หน่วยงานไม่ต้องดูแลเครือข่ายของตนเอง; " + _STAFF_TH,
    "GCLOUD": "สมมติฐาน รอ สรอ. ยืนยัน: เครื่องเสมือนบนคลาวด์เชิงพาณิชย์ 2–4 vCPU หน่วยความจำ 4–8 GB พร้อมพื้นที่จัดเก็บ"
              "และสำรองข้อมูล ราคาประมาณ 45 / 110 / 215 ดอลลาร์สหรัฐต่อเดือน (1,500 / 3,500 / 7,000 บาท) " + _RATE_TH
              + "; 20 ชั่วโมงงานต่อเครื่องต่อปี ที่ไม่ต้องดูแลฮาร์ดแวร์เซิร์ฟเวอร์ ติดตั้งและอัปเดตระบบปฏิบัติการ; " + _STAFF_TH,
    "MAILGOTHAI": "สมมติฐาน รอ สรอ. ยืนยัน: กล่องจดหมายธุรกิจเชิงพาณิชย์ ราคาประมาณ 4 / 6 / 8 ดอลลาร์สหรัฐต่อเดือน "
                  "(1,500 / 2,300 / 3,100 บาทต่อปี) " + _RATE_TH + "; 1 ชั่วโมงงานต่อกล่องจดหมายต่อปี "
                  "ที่ไม่ต้องดูแลเซิร์ฟเวอร์อีเมลของหน่วยงานเอง; " + _STAFF_TH,
    "GOVMON": "สมมติฐาน รอ สรอ. ยืนยัน: บริการเฝ้าระวังภัยคุกคามจากผู้ให้บริการภายนอก (ศูนย์เฝ้าระวังตลอด 24 ชั่วโมง 7 วัน "
              "ตรวจบันทึกเหตุการณ์) ต่ออุปกรณ์ ราคาประมาณ 1,000 / 2,500 / 5,000 บาทต่อเดือน (30 / 75 / 155 ดอลลาร์สหรัฐ) "
              + _RATE_TH + "; 12 ชั่วโมงงานต่ออุปกรณ์ต่อปี ที่ไม่ต้องตรวจบันทึกและการแจ้งเตือนเอง; " + _STAFF_TH,
}


def assumption_source(code: str, source: str, lang: str = DEFAULT_LANG) -> str:
    """A service's cost-assumption source in the reader's language: the Thai text of a known service,
    otherwise the source as the reference file gives it."""
    if lang == "th" and code in ASSUMPTION_SOURCES_TH:
        return ASSUMPTION_SOURCES_TH[code]
    return source


def service_label(code: str, lang: str = DEFAULT_LANG) -> str:
    return SERVICE_SHORT.get(code, code)


# ---- numbers ---------------------------------------------------------------------------------------

def _missing(x) -> bool:
    if x is None or x is pd.NA or x is pd.NaT:
        return True
    try:
        return isinstance(x, Number) and math.isnan(x)
    except TypeError:
        return False


def fmt_int(x, lang: str = DEFAULT_LANG) -> str:
    """1234 -> '1,234'."""
    return DASH if _missing(x) else f"{round(float(x)):,}"


def fmt_num(x, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A decimal with thousands separators: 4.16 -> '4.2'."""
    return DASH if _missing(x) else f"{float(x):,.{digits}f}"


def fmt_pct(x, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A share 0-1 as a percentage: 0.456 -> '45.6%'."""
    return DASH if _missing(x) else f"{float(x) * 100:.{digits}f}%"


def fmt_pp(x, lang: str = DEFAULT_LANG, digits: int = 1) -> str:
    """A change of a share in percentage points, signed: 0.032 -> '+3.2 จุด' / '+3.2 pp'."""
    if _missing(x):
        return DASH
    return t("pp", lang, value=f"{float(x) * 100:+.{digits}f}")


def fmt_signed_int(x, lang: str = DEFAULT_LANG) -> str:
    return DASH if _missing(x) else f"{round(float(x)):+,}"


def change_is_zero(x, kind: str = "int", digits: int = 1) -> bool:
    """Whether a change shows as zero once rounded as fmt_change writes it (missing is not zero)."""
    if _missing(x):
        return False
    return round(float(x) * 100, digits) == 0 if kind == "pp" else round(float(x)) == 0


def fmt_change(x, lang: str = DEFAULT_LANG, kind: str = "int", digits: int = 1) -> str:
    """A change for a metric's delta: kind "int" a count ('+7', '-3'), kind "pp" a change of a share in
    percentage points ('+1.2 จุด' / '+1.2 pp'). A change that rounds to zero has no sign: '0', '0.0 จุด'."""
    if _missing(x):
        return DASH
    if change_is_zero(x, kind, digits):
        return t("pp", lang, value=f"{0:.{digits}f}") if kind == "pp" else "0"
    return fmt_pp(x, lang, digits) if kind == "pp" else fmt_signed_int(x, lang)


def fmt_baht(x, lang: str = DEFAULT_LANG, digits: int = 1, unit: bool = True) -> str:
    """Baht: millions as ล้าน / million, smaller amounts in full.

    12_345_678 -> '12.3 ล้านบาท' / 'THB 12.3 million'; 850_000 -> '850,000 บาท' / 'THB 850,000'.
    unit=False leaves out บาท / THB (for ranges that carry the unit once).
    """
    if _missing(x):
        return DASH
    x = float(x)
    if abs(x) >= 1_000_000:
        num = f"{x / 1_000_000:,.{digits}f}"
        if lang == "en":
            return f"THB {num} million" if unit else f"{num} million"
        return f"{num} ล้านบาท" if unit else f"{num} ล้าน"
    num = f"{x:,.0f}"
    if lang == "en":
        return f"THB {num}" if unit else num
    return f"{num} บาท" if unit else num


def fmt_baht_range(low, high, lang: str = DEFAULT_LANG) -> str:
    """'10.2 – 35.1 ล้านบาท' / 'THB 10.2 – 35.1 million' (one unit when both are in millions)."""
    if _missing(low) or _missing(high):
        return DASH
    if abs(float(low)) >= 1_000_000 and abs(float(high)) >= 1_000_000:
        lo, hi = f"{float(low) / 1e6:,.1f}", f"{float(high) / 1e6:,.1f}"
        return f"THB {lo} – {hi} million" if lang == "en" else f"{lo} – {hi} ล้านบาท"
    return f"{fmt_baht(low, lang)} – {fmt_baht(high, lang)}"


# ---- dates -----------------------------------------------------------------------------------------

def _as_date(d) -> dt.date | dt.datetime | None:
    if _missing(d):
        return None
    if isinstance(d, pd.Timestamp):
        return d.to_pydatetime()
    if isinstance(d, (dt.date, dt.datetime)):
        return d
    if isinstance(d, str):
        return pd.Timestamp(d).to_pydatetime()
    return pd.Timestamp(d).to_pydatetime()


def year(d, lang: str = DEFAULT_LANG) -> int:
    """The year in the reader's era: Buddhist Era in Thai, CE in English."""
    return d.year + BE_OFFSET if lang != "en" else d.year


def fmt_month(d, lang: str = DEFAULT_LANG) -> str:
    """The month: 'ก.ค. 2557' in Thai (Buddhist Era), 'Jul 2014' in English."""
    d = _as_date(d)
    if d is None:
        return DASH
    if lang == "en":
        return f"{EN_MONTHS[d.month - 1]} {d.year}"
    return f"{TH_MONTHS[d.month - 1]} {d.year + BE_OFFSET}"


def fmt_date(d, lang: str = DEFAULT_LANG) -> str:
    """A day: '25 ก.ค. 2557' in Thai, '25 Jul 2014' in English."""
    d = _as_date(d)
    if d is None:
        return DASH
    if lang == "en":
        return f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"
    return f"{d.day} {TH_MONTHS[d.month - 1]} {d.year + BE_OFFSET}"


def fmt_datetime(d, lang: str = DEFAULT_LANG) -> str:
    """'25 ก.ค. 2557 14:05' / '25 Jul 2014 14:05'."""
    d = _as_date(d)
    if d is None:
        return DASH
    hm = f" {d.hour:02d}:{d.minute:02d}" if isinstance(d, dt.datetime) else ""
    return fmt_date(d, lang) + hm


# ---- definitions -----------------------------------------------------------------------------------

def definition(key: str, lang: str = DEFAULT_LANG) -> str | None:
    """The plain-words definition of a metric from egov.definitions.METRICS, if it is there."""
    try:
        from egov.definitions import METRICS  # written beside the marts; optional here
    except Exception:
        return None
    entry = METRICS.get(key)
    if not entry:
        return None
    return entry.get("en" if lang == "en" else "th") or entry.get("th") or entry.get("en")


# --- briefing
# Labels of the บรรยายสรุป Briefing page and of its PPTX / PDF pack (egov/briefing.py).
LABELS.update({
    "page.briefing": ("บรรยายสรุป", "Briefing"),
    "br.events": ("กิจกรรม", "Events"),
    "br.org": ("สำนักงานรัฐบาลอิเล็กทรอนิกส์ (องค์การมหาชน)", "Electronic Government Agency (EGA)"),
    "br.choose": ("จังหวัด", "Province"),
    "br.none_chosen": ("— เลือกจังหวัด —", "— choose a province —"),
    "br.event": ("กิจกรรม (ไม่บังคับ)", "Event (optional)"),
    "br.no_event": ("— ทั้งจังหวัด ไม่เจาะจงกิจกรรม —", "— the whole province, no event —"),
    "br.present": ("โหมดนำเสนอ", "Presenter mode"),
    "br.present_exit": ("ออกจากโหมดนำเสนอ (Esc)", "Leave presenter mode (Esc)"),
    "br.area_region": ("{name} (ทั้งภาค)", "{name} (whole region)"),
    "br.area_nation": ("ทั้งประเทศ", "The whole country"),
    "br.present_help": ("แสดงเฉพาะสไลด์เต็มจอ เปลี่ยนหน้าด้วย PageDown/→/เว้นวรรค และ PageUp/← (รีโมตนำเสนอ) ออกด้วย ✕ มุมขวาบนหรือ Esc",
                        "Shows only the slide; PageDown/→/Space and PageUp/← (a presentation clicker) step through it; ✕ in the corner or Esc leaves."),
    "br.prompt": ("เลือกจังหวัดเพื่อเริ่มบรรยายสรุป — เรื่องราวของจังหวัดในไม่กี่หน้าจอ พร้อมดาวน์โหลดเป็น PowerPoint และ PDF",
                  "Choose a province to start: its story in a few screens, with a PowerPoint and PDF pack to download."),
    "br.no_data": ("ยังไม่มีข้อมูลหน่วยงานของ{place}ในคลังข้อมูล — เลือกจังหวัดอื่น หรือนำเข้าข้อมูลหน่วยงานก่อน",
                   "There are no agencies of {place} in the warehouse: choose another province or load its agencies first."),
    "br.prev": ("◀ ก่อนหน้า", "◀ Previous"),
    "br.next": ("ถัดไป ▶", "Next ▶"),
    "br.screens": ("หน้าจอ", "Screen"),
    "br.pptx": ("ดาวน์โหลด PPTX", "Download PPTX"),
    "br.pdf": ("ดาวน์โหลด PDF", "Download PDF"),
    "br.pdf_missing": ("สร้าง PDF ไม่ได้: ไม่พบเบราว์เซอร์ Chromium บนเครื่องแม่ข่าย", "PDF unavailable: Chromium was not found on the server."),
    "br.scope": ("ครอบคลุมทุกกระทรวง ทุกระดับหน่วยงาน และทั้ง 4 บริการ ตามช่วงเวลาที่เลือกไว้",
                 "Covers every ministry, agency level and all four services, over the selected period."),
    "br.page": ("หน้า {n} / {total}", "Page {n} / {total}"),
    "br.prepared": ("จัดทำเมื่อ {date}", "Prepared {date}"),
    "br.asof": ("ข้อมูล ณ สิ้นเดือน {month}", "Data as of the end of {month}"),
    "br.nation": ("ทั้งประเทศ", "Thailand"),
    "br.region": ("ภูมิภาค", "Region"),
    "br.several": ("หลายจังหวัด", "Several provinces"),
    # cover
    "br.cover.title": ("การใช้บริการรัฐบาลอิเล็กทรอนิกส์ {place}", "e-Government service adoption in {place}"),
    "br.province": ("จังหวัด{name}", "{name}"),
    "br.cover.event": ("บรรยายสรุปประกอบกิจกรรม {title} · {date}", "Briefing for {title} · {date}"),
    "br.cover.lead": ("บริการพื้นฐานด้านดิจิทัล 4 บริการของ สรอ. ที่หน่วยงานภาครัฐใช้ได้โดยไม่มีค่าใช้จ่าย",
                      "EGA's four shared digital services, free of charge to government agencies"),
    "br.cover.short": ("หน้าปก", "Cover"),
    # 1 at a glance
    "br.glance.title": ("ภาพรวม{place}", "{place} at a glance"),
    "br.glance.short": ("ภาพรวม", "At a glance"),
    "br.glance.lead": ("หน่วยงาน {n} แห่ง ใช้บริการอย่างน้อย 1 บริการแล้ว {k} แห่ง ({pct})",
                       "{k} of {n} agencies ({pct}) use at least one service"),
    "br.glance.stat": ("{adopted} / {eligible} หน่วยงาน", "{adopted} / {eligible} agencies"),
    "br.glance.stat_note": ("อัตรา {rate} · {region_name} {region} · ทั้งประเทศ {nation}",
                            "Rate {rate} · {region_name} {region} · nation {nation}"),
    "br.glance.chart": ("อัตราการใช้บริการ: จังหวัด ภาค และทั้งประเทศ", "Adoption rate: province, region and nation"),
    "br.glance.units": ("{service}: {units} {unit}", "{service}: {units} {unit}"),
    "br.glance.above": ("{service} สูงกว่าอัตราของ{area} {pp}", "{service} is {pp} above the rate of {area}"),
    "br.glance.below": ("{service} ต่ำกว่าอัตราของ{area} {pp}", "{service} is {pp} below the rate of {area}"),
    "br.glance.stat_note_nation": ("อัตรา {rate} · ทั้งประเทศ {nation}", "Rate {rate} · nation {nation}"),
    "br.glance.stat_note_rate": ("อัตรา {rate}", "Rate {rate}"),
    "br.glance.chart_provinces": ("อัตราการใช้บริการ: จังหวัดที่เลือกและทั้งประเทศ", "Adoption rate: the provinces chosen and the nation"),
    "br.glance.chart_region": ("อัตราการใช้บริการ: ภาคและทั้งประเทศ", "Adoption rate: the region and the nation"),
    "br.glance.chart_nation": ("อัตราการใช้บริการ: ทั้งประเทศและรายภาค", "Adoption rate: the nation and its regions"),
    # 2 trend
    "br.trend.title": ("แนวโน้มการใช้บริการ", "Adoption trend"),
    "br.trend.short": ("แนวโน้ม", "Trend"),
    "br.trend.events_count": ("กิจกรรม {n} ครั้งในช่วงนี้ · {k} ครั้งล่าสุด:", "{n} events in this period · the latest {k}:"),
    "br.trend.chart": ("อัตราการใช้บริการรายเดือน (▼ = กิจกรรม)", "Monthly adoption rate (▼ = event)"),
    "br.trend.change": ("เปลี่ยนแปลงใน 12 เดือน", "Change over 12 months"),
    "br.trend.no_events": ("ไม่มีกิจกรรมในจังหวัดในช่วงเวลานี้", "No events in the province in this period"),
    "br.trend.event": ("{date} · {type} · {title} ({people} คน)", "{date} · {type} · {title} ({people} people)"),
    "br.trend.note": ("▼ บนกราฟ = เดือนที่มีกิจกรรมของ สรอ. ในจังหวัด", "▼ on the chart = a month with an EGA event in the province"),
    # 3 event
    "br.event.title": ("กิจกรรม: {title}", "Event: {title}"),
    "br.event.short": ("กิจกรรม", "Event"),
    "br.event.lead": ("{type} · {date} · ผู้เข้าร่วม {people} คน จาก {agencies} หน่วยงาน",
                      "{type} · {date} · {people} people from {agencies} agencies"),
    "br.event.attendees": ("ผู้เข้าร่วม", "Attendees"),
    "br.event.agencies": ("หน่วยงานที่เข้าร่วม", "Agencies attended"),
    "br.event.satisfaction": ("ความพึงพอใจในกิจกรรม", "Satisfaction at the event"),
    "br.event.chart": ("ผลต่ออัตราการใช้บริการ (ค่าประมาณ, จุด)", "Effect on adoption rate (estimate, pp)"),
    "br.event.before_after": ("{service}: 3 เดือนก่อน {before} → 6 เดือนหลัง {after} (จังหวัดอื่น {others})",
                              "{service}: 3 months before {before} → 6 months after {after} (other provinces {others})"),
    "br.event.no_impact": ("ยังประเมินผลของกิจกรรมไม่ได้ (ต้องมีข้อมูล 3 เดือนก่อนและ 6 เดือนหลังกิจกรรม)",
                           "The effect cannot be estimated yet (it needs 3 months of data before and 6 after)."),
    "br.event.issues": ("ปัญหาที่ได้รับแจ้งในกิจกรรม: {issues}", "Problems raised at the event: {issues}"),
    # 4 savings
    "br.savings.title": ("ประหยัดงบประมาณ", "Budget saved"),
    "br.savings.short": ("ประหยัดงบ", "Savings"),
    "br.savings.lead": ("ใน 12 เดือนล่าสุด หน่วยงานใน{place}ประหยัดงบประมาณได้ประมาณ {range}",
                        "Over the last 12 months agencies in {place} saved about {range}"),
    "br.savings.none": ("ยังไม่มีการประหยัดงบประมาณที่คำนวณได้ในช่วงเวลานี้", "No savings can be computed for this period."),
    "br.savings.low": ("กรณีต่ำ (12 เดือน)", "Low case (12 months)"),
    "br.savings.mid": ("กรณีกลาง (12 เดือน)", "Mid case (12 months)"),
    "br.savings.high": ("กรณีสูง (12 เดือน)", "High case (12 months)"),
    "br.savings.total": ("สะสม {start} – {end} (กรณีกลาง): {mid}", "Total {start} – {end} (mid case): {mid}"),
    "br.savings.chart": ("รายบริการ 12 เดือนล่าสุด (ล้านบาท)", "By service, last 12 months (THB million)"),
    "br.savings.s_low": ("ต่ำ", "Low"),
    "br.savings.s_mid": ("กลาง", "Mid"),
    "br.savings.s_high": ("สูง", "High"),
    "br.savings.assume": ("สมมติฐาน: ต้นทุนตลาดต่อ{unit}ต่อปี ต่ำ/กลาง/สูง {low} / {mid} / {high} บาท + ชั่วโมงงานที่ประหยัด {hours} ชม. × {rate} บาท",
                          "Assumed market cost per {unit} a year low/mid/high THB {low} / {mid} / {high} + {hours} staff hours × THB {rate}"),
    "br.savings.assume_note": ("ต้นทุนต่อหน่วยเป็นค่าสมมติฐาน (ไม่มีตัวเลขสาธารณะ) รอ สรอ. ยืนยัน — จึงแสดงเป็นช่วงเสมอ",
                               "Unit costs are assumptions (no public figures exist), to be confirmed by EGA: hence always a range."),
    "br.savings.col_service": ("บริการ", "Service"),
    "br.savings.col_units": ("หน่วยที่ใช้", "Units in use"),
    "br.savings.col_cost": ("บาท/หน่วย/ปี ต่ำ / กลาง / สูง", "THB/unit/year low / mid / high"),
    "br.savings.col_staff": ("ชม.งาน/หน่วย/ปี × บาท/ชม.", "Staff h/unit/yr × THB/h"),
    # 5 feedback
    "br.feedback.title": ("เสียงจากหน่วยงาน", "What agencies said"),
    "br.feedback.short": ("ความคิดเห็น", "Feedback"),
    "br.feedback.compare_nation": ("ทั้งประเทศ {nation}", "Nation {nation}"),
    "br.feedback.compare": ("เทียบกับภาค {region} · ทั้งประเทศ {nation}", "Region {region} · nation {nation}"),
    "br.feedback.chart": ("ปัญหาที่พบบ่อย (จำนวนผู้ตอบ)", "Problems raised (responses)"),
    "br.feedback.no_issues": ("ไม่มีผู้ตอบรายใดระบุปัญหา", "No response named a problem."),
    "br.feedback.quotes": ("ความคิดเห็นจากหน่วยงาน", "In their words"),
    # 6 next
    "br.next.title": ("ก้าวต่อไป", "Where to go next"),
    "br.next.short": ("ก้าวต่อไป", "Next steps"),
    "br.next.lead": ("โอกาสขยายผลอีก {pairs} รายการ (หน่วยงาน × บริการ) ที่ยังไม่ได้ใช้ และ {underused} รายการที่ใช้แล้วแต่ใช้งานต่ำ",
                     "{pairs} agency-service pairs are not adopted yet and {underused} are adopted but underused"),
    "br.next.chart": ("หน่วยงานที่ยังไม่ใช้บริการ และที่ใช้งานต่ำ", "Agencies not adopted, and underused"),
    "br.next.s_not": ("ยังไม่ใช้บริการ", "Not adopted"),
    "br.next.s_under": ("ใช้งานต่ำ ≥ 3 เดือน", "Underused ≥ 3 months"),
    "br.next.focus": ("บริการที่ควรเน้น: {service} (ยังไม่ใช้ {n} จาก {eligible} หน่วยงาน)",
                      "Service to push: {service} ({n} of {eligible} agencies not adopted)"),
    "br.next.most": ("หน่วยงานยังไม่ใช้มากที่สุด: {service} ({n} แห่ง)", "Most agencies not adopted: {service} ({n})"),
    "br.next.idle": ("ติดตามหน่วยงานที่สมัครแล้วแต่ใช้งานต่ำ: {items}", "Follow up agencies adopted but underused: {items}"),
    "br.next.rank": ("อันดับโอกาสของจังหวัด: {rank} จาก {total} จังหวัด (ประหยัดเพิ่มได้ราว {savings} ต่อปี กรณีกลาง)",
                     "Opportunity rank: {rank} of {total} provinces (about {savings} a year more, mid case)"),
    "br.next.open": ("ปัญหาที่ได้รับแจ้งใน 12 เดือน {issues} เรื่อง · เรื่องที่ศูนย์บริการยังไม่ปิด {tickets} เรื่อง",
                     "{issues} problems reported in 12 months · {tickets} support tickets still open"),
    "br.next.table": ("หน่วยงานที่ใช้บริการน้อยที่สุด", "Agencies using the fewest services"),
    "br.next.col_agency": ("หน่วยงาน", "Agency"),
    "br.next.col_province": ("จังหวัดที่ควรไปก่อน", "Provinces to visit first"),
    "br.next.col_rank": ("อันดับโอกาส", "Opportunity rank"),
    "br.next.col_not": ("คู่ที่ยังไม่ใช้", "Pairs not adopted"),
    "br.next.col_savings": ("ประหยัดเพิ่มได้/ปี", "More savings a year"),
    "br.next.col_has": ("ใช้แล้ว", "Uses"),
    "br.next.col_missing": ("ยังไม่ใช้", "Not yet"),
    "br.next.all_done": ("ทุกหน่วยงานใช้ครบทั้ง 4 บริการแล้ว", "Every agency uses all four services."),
    # the sentences (egov/briefing_story.py), one rule each
    "br.say.change": ("ใน 12 เดือนถึง {month}: {parts}", "In the 12 months to {month}: {parts}"),
    "br.say.change_none": ("ยังเทียบการเปลี่ยนแปลง 12 เดือนไม่ได้: ข้อมูลย้อนหลังไม่ถึง 12 เดือนก่อน {month}",
                           "No 12-month change can be given: the data do not reach 12 months before {month}"),
    "br.say.rise": ("{services} เพิ่มขึ้นมากที่สุด {pp}", "{services} rose most, {pp}"),
    "br.say.tie": ("{services} เพิ่มขึ้นมากที่สุดเท่ากัน บริการละ {pp}", "{services} rose most, {pp} each"),
    "br.say.no_rise": ("ไม่มีบริการใดเพิ่มขึ้น", "no service rose"),
    "br.say.falls": ("ลดลง: {items}", "fell: {items}"),
    "br.say.flat": ("ใน 12 เดือนถึง {month} อัตราการใช้บริการไม่เปลี่ยนแปลงทุกบริการ",
                    "In the 12 months to {month} no service's adoption rate changed"),
    "br.say.sat": ("ความพึงพอใจเฉลี่ย {mean} จาก 5 · พึงพอใจมาก {share} (ผู้ตอบ {n} ราย)",
                   "Mean satisfaction {mean} of 5 · {share} satisfied ({n} responses)"),
    "br.say.sat_none": ("ยังไม่มีผู้ตอบแบบสอบถามในช่วงเวลาที่เลือก", "No responses in the selected period."),
    "br.say.sat_too_few": ("ผู้ตอบเพียง {n} ราย น้อยเกินกว่าจะสรุปความพึงพอใจได้ (ต้องมีอย่างน้อย {min} ราย)",
                           "Only {n} responses: too few to judge satisfaction (at least {min} needed)"),
    "br.say.range": ("ช่วงความเชื่อมั่น 95% {low} ถึง {high}", "95% range {low} to {high}"),
    "br.say.impact_rise": ("{service}: เพิ่มขึ้นมากกว่าจังหวัดที่ไม่มีกิจกรรม {pp} ({range})",
                           "{service}: {pp} more than provinces without an event ({range})"),
    "br.say.impact_decline": ("{service}: ต่ำกว่าจังหวัดที่ไม่มีกิจกรรม {pp} ({range})",
                              "{service}: {pp} below provinces without an event ({range})"),
    "br.say.impact_noise": ("{service}: {pp} แยกไม่ออกจากความผันผวนปกติ ({range})",
                            "{service}: {pp}, cannot be told apart from noise ({range})"),
    "br.say.impact_none": ("{service}: ยังประเมินผลไม่ได้ (ต้องมีข้อมูล 6 เดือนหลังกิจกรรม)",
                           "{service}: no estimate yet (it needs 6 months of data after the event)"),
    "br.event.about": ("บริการที่กิจกรรมนี้นำเสนอ: {services}", "Services the event was about: {services}"),
    "br.event.interval_note": ("ช่วงความเชื่อมั่นเป็นค่าประมาณอย่างระมัดระวัง (Agresti–Caffo) จากจำนวนหน่วยงานในจังหวัด: "
                               "ช่วงที่คร่อมศูนย์แปลว่าข้อมูลยังแสดงผลของกิจกรรมไม่ได้",
                               "The range is a conservative approximate 95% interval (Agresti–Caffo) from the number "
                               "of agencies: a range that holds zero means the data cannot show an effect"),
})


# --- feedback
# Labels of the ความคิดเห็นและการสนับสนุน Feedback and support page (pages/feedback.py).
LABELS.update({
    "page.feedback": ("ความคิดเห็นและการสนับสนุน", "Feedback and support"),
    "fb.satisfaction": ("ความพึงพอใจของผู้ใช้บริการ", "User satisfaction"),
    "fb.by_service": ("ความพึงพอใจรายบริการ", "Satisfaction by service"),
    "fb.tab_province": ("รายจังหวัด", "By province"),
    "fb.tab_event": ("รายกิจกรรม", "By event"),
    "fb.tab_service": ("รายบริการ", "By service"),
    "fb.no_service": ("ไม่ระบุบริการ", "No service named"),
    "fb.no_events": ("ไม่มีผู้ตอบแบบสอบถามในกิจกรรมภายใต้ตัวกรองที่เลือก",
                     "No responses collected at events under the selected filters."),
    "fb.event": ("กิจกรรม", "Event"),
    "fb.event_id": ("รหัสกิจกรรม", "Event ID"),
    "fb.too_few_short": ("น้อยเกินไปที่จะสรุป", "too few to judge"),
    "fb.sat_axis": ("คะแนนเฉลี่ย (1–5)", "Mean score (1–5)"),
    "fb.sat_hover": ("{service}: เฉลี่ย {mean} · พอใจมาก {share} · ผู้ตอบ {n} ราย",
                     "{service}: mean {mean} · satisfied {share} · {n} responses"),
    "fb.sat_note": ("แท่งสีจาง = ผู้ตอบน้อยกว่า 10 ราย น้อยเกินไปที่จะสรุป",
                    "Faded bars = fewer than 10 responses, too few to judge"),
    "fb.issues": ("ประเภทปัญหาที่ได้รับแจ้ง", "Problems raised"),
    "fb.issues_note": ("จากผู้ตอบทั้งหมด {n} ราย · ระบุว่าไม่มีปัญหา {none} ราย · ไม่ได้ตอบข้อนี้ {blank} ราย",
                       "Of {n} responses · {none} said no problem · {blank} left it blank"),
    "fb.share_of_responses": ("สัดส่วนของผู้ตอบ (%)", "Share of responses (%)"),
    "fb.no_issues": ("ไม่มีผู้ตอบรายใดระบุปัญหาภายใต้ตัวกรองที่เลือก", "No response named a problem under the selected filters."),
    "fb.comments": ("ค้นหาข้อเสนอแนะ", "Search the comments"),
    "fb.search": ("คำค้น (ภาษาไทยหรืออังกฤษ)", "Words to find (Thai or English)"),
    "fb.search_placeholder": ("เช่น อบรม, แบนด์วิดท์, คู่มือ", "e.g. อบรม, GIN, MailGoThai"),
    "fb.search_help": ("ค้นหาข้อความที่ตรงตัวในข้อเสนอแนะ ภายใต้ตัวกรองและช่วงเวลาที่เลือก",
                       "Finds the exact text in the comments, within the selected filters and period."),
    "fb.matches": ("พบ {n} ข้อเสนอแนะที่มีคำว่า “{q}”", "{n} comments contain “{q}”"),
    "fb.latest": ("ข้อเสนอแนะ {n} รายการ เรียงจากล่าสุด", "{n} comments, newest first"),
    "fb.shown": ("แสดง {shown} รายการล่าสุด (ไฟล์ดาวน์โหลดมีครบทั้ง {n} รายการ) — ใส่คำค้นเพื่อจำกัดผล",
                 "Showing the latest {shown} (the downloads hold all {n}): add words to narrow the search."),
    "fb.no_match": ("ไม่พบข้อเสนอแนะที่มีคำว่า “{q}” ภายใต้ตัวกรองที่เลือก",
                    "No comment contains “{q}” under the selected filters."),
    "fb.no_comments": ("ไม่มีข้อเสนอแนะภายใต้ตัวกรองที่เลือก", "No comments under the selected filters."),
    "fb.comment": ("ข้อเสนอแนะ", "Comment"),
    "fb.score": ("คะแนน", "Score"),
    "fb.issue": ("ปัญหา", "Problem"),
    "fb.tickets": ("ศูนย์บริการตลอด 24 ชั่วโมง", "Contact center (24x7)"),
    "fb.tickets_note": (
        "เรื่องที่รับแจ้งในช่วงเวลาที่เลือก · จังหวัด กระทรวง และระดับ ตามหน่วยงานผู้แจ้ง (เรื่องที่ไม่ระบุหน่วยงานนับเฉพาะเมื่อไม่ได้กรองพื้นที่หรือหน่วยงาน)",
        "Tickets in the selected period · province, ministry and level are the reporting agency's "
        "(tickets naming no agency count only when no area or agency filter is set)",
    ),
    "fb.no_tickets": ("ไม่มีเรื่องแจ้งศูนย์บริการภายใต้ตัวกรองที่เลือก", "No support tickets under the selected filters."),
    "fb.m_opened": ("เรื่องที่รับแจ้ง", "Tickets opened"),
    "fb.m_closed": ("เรื่องที่ปิดแล้ว", "Tickets closed"),
    "fb.m_median": ("เวลาปิดเรื่อง (มัธยฐาน)", "Median to resolve"),
    "fb.m_mean": ("เวลาปิดเรื่อง (เฉลี่ย)", "Mean to resolve"),
    "fb.m_backlog": ("เรื่องค้างสิ้นงวด", "Backlog at end"),
    "fb.m_backlog_help": ("เรื่องค้าง ณ สิ้นเดือน {month}", "Open at the end of {month}"),
    "fb.hours": ("{h} ชม.", "{h} h"),
    "fb.volume": ("จำนวนเรื่องรายเดือน", "Tickets per month"),
    "fb.s_opened": ("รับแจ้ง", "Opened"),
    "fb.s_closed": ("ปิดเรื่อง", "Closed"),
    "fb.s_backlog": ("ค้าง ณ สิ้นเดือน", "Backlog at month end"),
    "fb.s_partial": ("เดือนล่าสุดยังไม่ครบ", "Latest month (partial)"),
    "fb.partial_note": (
        "แถบสีเทา = {month} เดือนล่าสุดของข้อมูล เรื่องที่รับแจ้งในเดือนนี้บางส่วนอาจยังไม่ปิด เรื่องค้างจึงดูสูงขึ้นและเรื่องที่ปิดดูลดลง "
        "ตัวเลขจะเปลี่ยนเมื่อนำเข้าข้อมูลรอบถัดไป",
        "Grey band = {month}, the latest month of the data: some of its tickets may still be open, so the backlog "
        "looks higher and closures lower; the figures will change with the next load.",
    ),
    "fb.resolve": ("เวลาปิดเรื่องรายเดือน (ชั่วโมง)", "Time to resolve by month (hours)"),
    "fb.s_median": ("มัธยฐาน", "Median"),
    "fb.s_mean": ("ค่าเฉลี่ย", "Mean"),
    "fb.resolve_note": ("นับตามเดือนที่ปิดเรื่อง", "By the month the ticket was closed"),
    "fb.heatmap": ("ช่วงเวลาที่รับแจ้ง: วัน × ชั่วโมง", "When tickets arrive: weekday × hour"),
    "fb.heatmap_hover": ("{day} {hour}:00–{hour}:59 · {n} เรื่อง", "{day} {hour}:00–{hour}:59 · {n} tickets"),
    "fb.heatmap_note": ("สีเข้ม = เรื่องมาก", "Darker = more tickets"),
    "fb.hour_axis": ("ชั่วโมง", "Hour"),
    "fb.categories": ("ประเภทปัญหาที่แจ้งศูนย์บริการ", "Ticket categories"),
    "fb.category": ("ประเภทปัญหา", "Category"),
    "fb.channel": ("ช่องทาง", "Channel"),
    "fb.tables": ("ตารางเรื่องแจ้งศูนย์บริการ (รายเดือน ประเภท ช่องทาง)", "Ticket tables (by month, category, channel)"),
    "fb.t_opened": ("รับแจ้ง", "Opened"),
    "fb.t_closed": ("ปิดเรื่อง", "Closed"),
    "fb.t_median": ("มัธยฐานชั่วโมงปิดเรื่อง", "Median hours to resolve"),
    "fb.t_mean": ("ค่าเฉลี่ยชั่วโมงปิดเรื่อง", "Mean hours to resolve"),
    "fb.t_backlog": ("ค้าง ณ สิ้นเดือน/สิ้นช่วง", "Backlog at month / period end"),
    "weekday.1": ("จ.", "Mon"), "weekday.2": ("อ.", "Tue"), "weekday.3": ("พ.", "Wed"), "weekday.4": ("พฤ.", "Thu"),
    "weekday.5": ("ศ.", "Fri"), "weekday.6": ("ส.", "Sat"), "weekday.7": ("อา.", "Sun"),
})


# --- data
# Labels of the ข้อมูล Data page (pages/data.py) and of the upload's report (egov/upload.py).
LABELS.update({
    "page.data": ("ข้อมูล", "Data"),
    "dt.global_note": (
        "หน้านี้แสดงภาพรวมของคลังข้อมูลทั้งหมด ไม่ขึ้นกับตัวกรองด้านข้าง (ประวัติการนำเข้า แถวที่ถูกปฏิเสธ และความสดใหม่ของข้อมูล)",
        "This page describes the whole warehouse and ignores the sidebar filters (load history, rejected rows, freshness).",
    ),
    "dt.tab_fresh": ("ความสดใหม่ของข้อมูล", "Freshness"),
    "dt.tab_loads": ("ประวัติการนำเข้า", "Load history"),
    "dt.tab_rejects": ("แถวที่ถูกปฏิเสธ", "Rejected rows"),
    "dt.tab_upload": ("นำเข้าไฟล์ใหม่", "Upload files"),
    "dt.tab_defs": ("นิยามตัวชี้วัด", "Definitions"),
    # kinds of input file
    "kind.agencies": ("หน่วยงาน", "Agencies"),
    "kind.subscriptions": ("การสมัครใช้บริการ", "Subscriptions"),
    "kind.usage": ("การใช้งานรายเดือน", "Monthly usage"),
    "kind.feedback": ("แบบสอบถามความคิดเห็น", "Feedback"),
    "kind.events": ("กิจกรรม", "Events"),
    "kind.tickets": ("เรื่องแจ้งศูนย์บริการ", "Support tickets"),
    # freshness
    "dt.fresh_intro": ("ข้อมูลล่าสุดของแต่ละแหล่งเทียบกับวันนี้ ({today})", "The latest data of each source against today ({today})"),
    "dt.source": ("แหล่งข้อมูล", "Source"),
    "dt.latest": ("ข้อมูลล่าสุด", "Latest data"),
    "dt.age": ("ห่างจากวันนี้", "Age"),
    "dt.rows": ("จำนวนแถว", "Rows"),
    "dt.last_load": ("นำเข้าล่าสุด", "Last loaded"),
    "dt.status": ("สถานะ", "Status"),
    "dt.fresh_ok": ("✓ เป็นปัจจุบัน", "✓ current"),
    "dt.fresh_old": ("⚠ เก่ากว่า {n} เดือน", "⚠ older than {n} months"),
    "dt.fresh_none": ("ยังไม่มีข้อมูล", "no data yet"),
    "dt.no_date": ("(ไม่มีวันที่ในข้อมูล)", "(no date in the data)"),
    "dt.age_days": ("{n} วัน", "{n} days"),
    "dt.age_months": ("{n} เดือน", "{n} months"),
    "dt.age_years": ("{y} ปี {m} เดือน", "{y} years {m} months"),
    "dt.fresh_rule": (
        "เป็นปัจจุบัน = ข้อมูลล่าสุดไม่เก่ากว่า {n} เดือน (ข้อมูลการใช้งานนับตามเดือน) · ข้อมูลหน่วยงานไม่มีวันที่ จึงแสดงเฉพาะวันที่นำเข้า",
        "Current = the latest data is no more than {n} months old (usage counts by month) · agencies carry no date, so only their load time is shown",
    ),
    "dt.stale_warn": ("ข้อมูลบางแหล่งเก่ากว่า {n} เดือน: {sources}", "Some sources are older than {n} months: {sources}"),
    # load history
    "dt.m_loads": ("จำนวนครั้งที่นำเข้า", "Loads"),
    "dt.m_files": ("ไฟล์", "Files"),
    "dt.m_rows_loaded": ("แถวที่นำเข้าแล้ว", "Rows loaded"),
    "dt.m_rows_rejected": ("แถวที่ถูกปฏิเสธ", "Rows rejected"),
    "dt.m_last": ("นำเข้าล่าสุดเมื่อ {when}", "Last load: {when}"),
    "dt.no_loads": ("ยังไม่มีประวัติการนำเข้า", "No loads recorded yet."),
    "dt.load_id": ("ครั้งที่", "Load"),
    "dt.file": ("ไฟล์", "File"),
    "dt.sheet": ("ชีต", "Sheet"),
    "dt.kind": ("ชนิดข้อมูล", "Kind"),
    "dt.read": ("แถวที่อ่าน", "Rows read"),
    "dt.loaded": ("นำเข้า", "Loaded"),
    "dt.rejected": ("ปฏิเสธ", "Rejected"),
    "dt.started": ("เริ่ม", "Started"),
    "dt.seconds": ("ใช้เวลา (วินาที)", "Seconds"),
    "dt.encoding": ("การเข้ารหัส", "Encoding"),
    # rejects
    "dt.rejects_intro": (
        "ค่าที่ระบบอ่านไม่ออกทำให้เฉพาะแถวนั้นถูกปฏิเสธ ไม่ใช่ทั้งไฟล์ · แก้ไขในไฟล์ต้นฉบับแล้วนำเข้าใหม่ ระบบจะแทนที่แถวเดิมตามรหัส",
        "A value that cannot be understood rejects its row, never the file · fix it in the source file and load it again: rows are replaced by their key",
    ),
    "dt.choose_file": ("ไฟล์", "File"),
    "dt.all_files": ("ทุกไฟล์", "All files"),
    "dt.file_option": ("{file} ({n} ค่า)", "{file} ({n} values)"),
    "dt.rejects_count": ("{n} ค่าที่ถูกปฏิเสธ", "{n} rejected values"),
    "dt.rejects_capped": ("แสดง {shown} รายการแรกจาก {n} — ทั้งหมดอยู่ในตาราง etl_rejects ของคลังข้อมูล",
                          "Showing the first {shown} of {n}: all are in the warehouse table etl_rejects"),
    "dt.no_rejects": ("ไม่มีแถวที่ถูกปฏิเสธ", "No rejected rows."),
    "dt.line": ("บรรทัด", "Line"),
    "dt.column": ("คอลัมน์", "Column"),
    "dt.raw": ("ค่าในไฟล์", "Value in the file"),
    "dt.reason": ("เหตุผล", "Reason"),
    "dt.suggestion": ("คำแนะนำ", "Suggestion"),
    "dt.loaded_at": ("นำเข้าเมื่อ", "Loaded"),
    # definitions
    "dt.defs_intro": ("นิยามของตัวชี้วัดทุกตัวที่แสดงในแดชบอร์ด และตำแหน่งที่คำนวณ",
                      "Every metric shown in the dashboard, in plain words, and where it is computed"),
    "dt.where": ("คำนวณที่", "Computed in"),
    "dt.term": ("ตัวชี้วัด", "Metric"),
    "dt.definition": ("นิยาม", "Definition"),
    "dt.key": ("รหัส", "Key"),
    "dt.defs_table": ("ตารางนิยาม (ดาวน์โหลดได้)", "Definitions as a table (downloadable)"),
    # upload
    "dt.upload_intro": (
        "อัปโหลดไฟล์ .csv หรือ .xlsx (ไม่เกิน {mb} MB ต่อไฟล์) ระบบจะตรวจสอบกับคลังข้อมูลปัจจุบันก่อนโดยยังไม่บันทึกสิ่งใด "
        "และจะนำเข้าจริงเมื่อกด “ยืนยันนำเข้า” เท่านั้น",
        "Upload .csv or .xlsx files (up to {mb} MB each). They are first checked against the current warehouse, "
        "writing nothing; they are loaded only when you press “Confirm and load”.",
    ),
    "dt.upload": ("ไฟล์ที่จะนำเข้า", "Files to load"),
    "dt.check": ("ตรวจสอบไฟล์", "Check the files"),
    "dt.checking": ("กำลังตรวจสอบไฟล์…", "Checking the files…"),
    "dt.check_title": ("ผลการตรวจสอบ (ยังไม่ได้บันทึก)", "Check report (nothing written yet)"),
    "dt.check_summary": ("อ่าน {read} แถว · นำเข้าได้ {loaded} แถว · ถูกปฏิเสธ {rejected} แถว",
                         "{read} rows read · {loaded} can be loaded · {rejected} rejected"),
    "dt.check_failed": ("ตรวจสอบไม่ผ่าน ไม่มีการบันทึกข้อมูล เหตุผล (ข้อความจากไฟล์แสดงตามตัวอักษร):",
                        "The check failed; nothing was written. Why (text from the file shown as it is):"),
    "dt.nothing_new": ("ไฟล์ทั้งหมดเคยนำเข้าแล้วและไม่มีการเปลี่ยนแปลง ไม่มีอะไรต้องนำเข้า",
                       "Every file was loaded before, unchanged: there is nothing new to load."),
    "dt.confirm": ("ยืนยันนำเข้า", "Confirm and load"),
    "dt.confirm_note": ("แถวที่ถูกปฏิเสธจะไม่ถูกนำเข้า และบันทึกไว้ในตาราง “แถวที่ถูกปฏิเสธ” · แถวที่มีรหัสเดิมจะถูกแทนที่",
                        "Rejected rows are not loaded and are kept under “Rejected rows” · rows with an existing key are replaced"),
    "dt.publishing": ("กำลังนำเข้าและเผยแพร่คลังข้อมูลใหม่…", "Loading and publishing the new warehouse…"),
    "dt.published": ("นำเข้าแล้ว: {loaded} แถว จาก {files} ไฟล์ (ปฏิเสธ {rejected} แถว) — ทุกหน้าแสดงข้อมูลใหม่แล้ว",
                     "Loaded {loaded} rows from {files} files ({rejected} rejected): every page now shows the new data."),
    "dt.publish_failed": ("นำเข้าไม่สำเร็จ คลังข้อมูลเดิมยังอยู่ครบ เหตุผล:",
                          "The load failed; the previous warehouse is unchanged. Why:"),
    "dt.upload_changed": ("ไฟล์ที่เลือกเปลี่ยนไป กรุณาตรวจสอบใหม่", "The files changed: check them again."),
    "dt.skipped": ("ข้าม: ไม่เปลี่ยนแปลงตั้งแต่การนำเข้าครั้งที่ {n}", "Skipped: unchanged since load {n}"),
    "dt.skipped_other": ("ข้าม: {why}", "Skipped: {why}"),
    "dt.skipped_hidden": ("ข้าม: ชีตที่ซ่อนไว้ใน Excel ไม่นำเข้า", "Skipped: a hidden sheet, not loaded"),
    "dt.busy": ("มีการนำเข้าข้อมูลอื่นกำลังทำงานอยู่ ลองใหม่เมื่อเสร็จแล้ว", "Another load is running: try again when it has finished."),
    # what a checked upload would change on screen (etl/impact.py)
    "im.title": ("สิ่งที่จะเปลี่ยนบนแดชบอร์ดเมื่อยืนยัน", "What confirming would change on the dashboard"),
    "im.as_of": ("ข้อมูล ณ เดือน (ระดับประเทศ): {before} → {after}", "As-of month (national): {before} → {after}"),
    "im.as_of_moved": ("เลื่อน {n} เดือน", "months moved: {n}"),
    "im.services_note": ("จำนวนหน่วยงานทั้งประเทศ ณ เดือนล่าสุดของข้อมูล ก่อน → หลังนำเข้า ตามนิยามเดียวกับหน้าภาพรวม",
                         "Agencies nationally at the as-of month, before → after the load, as the Overview counts them"),
    "im.service": ("บริการ", "Service"),
    "im.adopted_before": ("ใช้บริการ (ก่อน)", "Adopted (before)"),
    "im.adopted_after": ("ใช้บริการ (หลัง)", "Adopted (after)"),
    "im.active_before": ("ใช้งานจริง (ก่อน)", "Active (before)"),
    "im.active_after": ("ใช้งานจริง (หลัง)", "Active (after)"),
    "im.rows_title": ("แถวที่เพิ่มและแทนที่ รายเดือน", "Rows added and replaced, per month"),
    "im.kind": ("ข้อมูล", "Data"),
    "im.month": ("เดือน", "Month"),
    "im.undated": ("ไม่มีเดือน", "not dated"),
    "im.added": ("เพิ่มใหม่", "Added"),
    "im.replaced": ("แทนที่ของเดิม", "Replaced"),
    "im.values_title": ("ค่าที่คลังข้อมูลยังไม่เคยมี (ชื่อตัวชี้วัดและคำในรายการควบคุม)",
                        "Values the warehouse has not held before (metric names and vocabulary values)"),
    "im.column": ("คอลัมน์", "Column"),
    "im.value": ("ค่า", "Value"),
    "im.known": ("อยู่ในรายการควบคุม", "In the vocabulary"),
    "im.yes": ("ใช่", "yes"),
    "im.no": ("ไม่ใช่", "no"),
    "im.nothing": ("ไม่มีการเปลี่ยนแปลงที่แดชบอร์ดแสดง", "Nothing the dashboard shows would change"),
    "im.flagged": ("โปรดตรวจสอบก่อนยืนยัน: การนำเข้านี้เปลี่ยนตัวเลขมากผิดปกติ", "Check before confirming: this load moves the numbers unusually far"),
    "im.flag_as_of": ("ข้อมูล ณ เดือนจะเลื่อนจาก {before} เป็น {after} ({n} เดือน เกินเกณฑ์ {limit} เดือน)",
                      "The as-of month moves from {before} to {after} ({n} months; more than {limit})"),
    "im.flag_adoption_rate": ("อัตราการใช้บริการ {service} ทั้งประเทศจะเปลี่ยนจาก {before} เป็น {after} ({pp} เกินเกณฑ์ {limit} จุด)",
                              "{service}'s national adoption rate moves from {before} to {after} ({pp}; more than {limit} points)"),
    "im.flag_active_rate": ("อัตราการใช้งานจริง {service} ทั้งประเทศจะเปลี่ยนจาก {before} เป็น {after} ({pp} เกินเกณฑ์ {limit} จุด)",
                            "{service}'s national active rate moves from {before} to {after} ({pp}; more than {limit} points)"),
})

# The ETL's reasons for refusing a value (etl/normalize.py, etl/stage.py, etl/load.py) in Thai.
REJECT_REASONS_TH = {
    "not a number": "ไม่ใช่ตัวเลข",
    "not a whole number": "ไม่ใช่จำนวนเต็ม",
    "must not be negative": "ต้องไม่ติดลบ",
    "not a date": "ไม่ใช่วันที่",
    "date out of range": "วันที่อยู่นอกช่วงที่เป็นไปได้",
    "no such date": "ไม่มีวันที่นี้จริงในปฏิทิน",
    "no such time": "ไม่มีเวลานี้จริง",
    "required value missing": "ไม่มีค่าในคอลัมน์ที่จำเป็น",
    "satisfaction must be 1-5 or มากที่สุด..น้อยที่สุด": "ความพึงพอใจต้องเป็น 1–5 หรือ มากที่สุด … น้อยที่สุด",
    "unknown agency_id: not in agencies": "ไม่พบรหัสหน่วยงานนี้ในข้อมูลหน่วยงาน",
    "end date before start date": "วันที่สิ้นสุดอยู่ก่อนวันที่เริ่มใช้",
    "closed before opened": "วันที่ปิดเรื่องอยู่ก่อนวันที่รับเรื่อง",
}
_UNKNOWN_TH = {"province": "จังหวัด", "ministry": "กระทรวง", "service": "บริการ", "level": "ระดับหน่วยงาน",
               "event_type": "ประเภทกิจกรรม", "feedback_issue": "ประเภทปัญหา", "ticket_category": "ประเภทปัญหา",
               "ticket_channel": "ช่องทาง"}


def reject_reason(reason, lang: str = DEFAULT_LANG) -> str:
    """The ETL's reason for a rejected value in the reader's language (the ETL writes English)."""
    if _missing(reason):
        return ""
    reason = str(reason)
    if lang == "en":
        return reason
    if reason in REJECT_REASONS_TH:
        return REJECT_REASONS_TH[reason]
    if reason.startswith("unknown ") and reason[8:] in _UNKNOWN_TH:
        return f"ไม่รู้จัก{_UNKNOWN_TH[reason[8:]]}นี้"
    if reason.startswith("duplicate key: same as line "):
        return f"รหัสซ้ำกับบรรทัดที่ {reason.rsplit(' ', 1)[-1]}"
    if m := re.fullmatch(r"duplicate key: same as (.+) line (\d+)", reason):  # another file of the batch
        return f"รหัสซ้ำกับ {m[1]} บรรทัดที่ {m[2]}"
    if m := re.fullmatch(r"more fields than the header: quote a value that holds (.+)", reason):
        held = "แท็บ" if m[1] == "a tab" else m[1]
        return f"มีช่องข้อมูลมากกว่าหัวตาราง: ค่าที่มี {held} อยู่ต้องครอบด้วยเครื่องหมายคำพูด (\")"
    return reason


# --- underuse
# Labels of the การใช้งานต่ำและโอกาส Underuse and opportunity page.
LABELS.update({
    "page.underuse": ("การใช้งานต่ำและโอกาส", "Underuse and opportunity"),
    "un.by_service": ("หน่วยงานที่ใช้งานต่ำ ณ สิ้นเดือน {month}", "Agencies underused at the end of {month}"),
    "un.of_adopted": ("จาก {n} หน่วยงานที่ใช้บริการ ({pct})", "of {n} agencies adopted ({pct})"),
    "un.list": ("รายการที่ต้องติดตาม: บริการที่ติดตั้งแล้วแต่ไม่ได้ใช้งาน", "Action list: services adopted but sitting idle"),
    "un.list_note": ("เรียงจากไม่ได้ใช้งานนานที่สุด คลิกหัวคอลัมน์เพื่อเรียงใหม่ · {last_active} {dash} = {never}",
                     "Longest idle first; click a column header to sort · {last_active} {dash} = {never}"),
    "un.idle_months": ("ไม่ได้ใช้งาน (เดือน)", "Idle months"),
    "un.unit": ("หน่วยนับ", "Unit"),
    "un.units": ("จำนวนหน่วยบริการ", "Units"),
    "un.idle_since": ("ไม่ได้ใช้งานตั้งแต่", "Idle since"),
    "un.last_active": ("ใช้งานครั้งล่าสุด", "Last active"),
    "un.never": ("ยังไม่เคยใช้งาน", "never"),
    "un.none": ("ไม่มีหน่วยงานที่ใช้งานต่ำ ณ เดือนนี้ภายใต้ตัวกรองที่เลือก",
                "No agency is underused this month under the selected filters."),
    "un.by_province": ("จำนวนที่ใช้งานต่ำ รายจังหวัดและบริการ", "Underused by province and service"),
    "un.total": ("รวม", "Total"),
    "un.more": ("แสดง {n} จังหวัดแรก จากทั้งหมด {total} จังหวัด (ตารางมีครบทุกจังหวัด)",
                "The first {n} of {total} provinces (the table has them all)"),
    "op.title": ("จังหวัดที่ควรลงพื้นที่ครั้งต่อไป (โอกาสในการขยายผล)", "Where to go next: provinces ranked by opportunity"),
    "op.asof": ("ณ เดือนล่าสุดของข้อมูล {month} (ไม่ขึ้นกับช่วงเวลาที่เลือก) · ปัญหานับย้อนหลัง 12 เดือน",
                "At the latest month of the data, {month} (whatever the period) · problems over the last 12 months"),
    "op.chart": ("{n} จังหวัดแรก: มูลค่าการประหยัดที่คาดว่าจะเพิ่มได้ต่อปี (กรณีกลาง)",
                 "Top {n}: savings a year still to gain (mid case)"),
    "op.not_adopted": ("ยังไม่ใช้บริการ (หน่วยงาน × บริการ)", "Not adopted (agency × service)"),
    "op.potential": ("ประหยัดเพิ่มได้ต่อปี (กรณีกลาง)", "Savings to gain a year (mid case)"),
    "op.open_issues": ("ปัญหาที่ได้รับแจ้ง (12 เดือน)", "Problems reported (12 months)"),
    "op.open_tickets": ("เรื่องที่ยังไม่ปิด", "Open tickets"),
    "op.main_problems": ("ปัญหาหลัก", "Main problems"),
    "op.problem": ("ปัญหา", "Problem"),
    "op.problems_chart": ("ปัญหาที่ได้รับแจ้งใน {n} จังหวัดนี้ (12 เดือน)", "Problems reported in these {n} provinces (12 months)"),
    "op.no_problems": ("ไม่มีปัญหาที่ได้รับแจ้งใน {n} จังหวัดนี้ในรอบ 12 เดือน", "No problem reported in these {n} provinces in 12 months."),
    "op.none": ("ไม่มีจังหวัดที่ยังมีโอกาสขยายผลภายใต้ตัวกรองที่เลือก", "No province left to reach under the selected filters."),
})

# --- savings
# Labels of the ประหยัดงบประมาณ Savings page.
LABELS.update({
    "page.savings": ("ประหยัดงบประมาณ", "Savings"),
    "sv.totals": ("มูลค่าการประหยัดงบประมาณ {start} – {end}", "Budget saved, {start} – {end}"),
    "sv.fy_header": ("ประหยัดงบประมาณรายปีงบประมาณ", "Budget saved by fiscal year"),
    "sv.fy_this": ("{fy} ถึง {month}", "{fy} to {month}"),
    "sv.fy_cumulative": ("สะสมถึง {month}", "Cumulative to {month}"),
    "sv.fy_note": ("นับถึงเดือนสุดท้ายของช่วงเวลาที่เลือก ({month}) ตามตัวกรองพื้นที่ กระทรวง บริการ และระดับ · ",
                   "Counted up to the last month of the selected period ({month}) under the area, ministry, service and level filters · "),
    "sv.fy_table": ("ตารางรายปีงบประมาณ", "By fiscal year (table)"),
    "sv.low": ("กรณีต่ำ", "Low case"),
    "sv.mid": ("กรณีกลาง", "Mid case"),
    "sv.high": ("กรณีสูง", "High case"),
    "sv.metric": ("{case} (บาท)", "{case} (THB)"),
    "sv.range": ("ช่วงประมาณการ (ต่ำ – สูง)", "Range (low – high)"),
    "sv.axis": ("ล้านบาท", "THB million"),
    "sv.staff_hours": ("ชั่วโมงงานที่ประหยัด", "Staff hours saved"),
    "sv.unit_months": ("หน่วย-เดือน", "Unit-months"),
    "sv.edited": ("คำนวณด้วยสมมติฐานที่แก้ไขในเซสชันนี้ (ค่าเริ่มต้นให้ผลกรณีกลาง {default})",
                  "Computed with assumptions edited in this session (the defaults give {default}, mid case)"),
    "sv.assumption_banner": (
        "ทุกตัวเลขในหน้านี้เป็นการประมาณการจากค่าสมมติฐาน ซึ่งยังรอ สรอ. ยืนยัน ไม่มีราคาต่อหน่วยที่เผยแพร่เป็นสาธารณะ "
        "จึงแสดงเป็นช่วง (ต่ำ – กลาง – สูง) เสมอ ที่มาของแต่ละค่าอยู่ในคอลัมน์ “ที่มา” ของตารางสมมติฐาน",
        "Every figure on this page is an estimate built on assumptions still to be confirmed by EGA: no public unit "
        "prices exist, so savings are always a range (low – mid – high). Each figure's basis is in the “Source” "
        "column of the assumptions table."),
    "sv.method": ("วิธีคำนวณ", "Method"),
    "sv.example": ("ตัวอย่าง ({service}, กรณีกลาง): {units} {unit} ใช้ 12 เดือน = {units} × {cost} บาท + {units} × {hours} ชม. × {rate} บาท = {total}",
                   "Example ({service}, mid case): {units} {unit}s for 12 months = {units} × THB {cost} + {units} × {hours} h × THB {rate} = {total}"),
    "sv.assumptions": ("สมมติฐาน (แก้ไขได้ ใช้เฉพาะเซสชันนี้)", "Assumptions (editable, for this session only)"),
    "sv.assumptions_help": ("แก้ตัวเลขในตารางแล้วผลรวมทั้งหน้าจะคำนวณใหม่ทันที ค่าที่แก้จะอยู่จนปิดเบราว์เซอร์ ไม่กระทบผู้ใช้อื่นและไม่บันทึกลงคลังข้อมูล",
                            "Edit a number and every total on the page is recomputed. Edits last for this browser session only: "
                            "other users and the warehouse are not affected."),
    "sv.reset": ("คืนค่าสมมติฐานเริ่มต้น", "Reset to the default assumptions"),
    "sv.order_warning": ("{service}: ต้นทุนควรเรียงจาก ต่ำ ≤ กลาง ≤ สูง", "{service}: costs should run low ≤ mid ≤ high"),
    "sv.cost_low": ("ต่ำ (บาท/หน่วย/ปี)", "Low (THB/unit/year)"),
    "sv.cost_mid": ("กลาง (บาท/หน่วย/ปี)", "Mid (THB/unit/year)"),
    "sv.cost_high": ("สูง (บาท/หน่วย/ปี)", "High (THB/unit/year)"),
    "sv.hours_saved": ("ชั่วโมงงานที่ประหยัด/หน่วย/ปี", "Staff hours saved/unit/year"),
    "sv.staff_cost": ("ค่าแรงเจ้าหน้าที่ (บาท/ชั่วโมง)", "Staff cost (THB/hour)"),
    "sv.cost_low_short": ("ต่ำ บาท/ปี", "Low THB/yr"),
    "sv.cost_mid_short": ("กลาง บาท/ปี", "Mid THB/yr"),
    "sv.cost_high_short": ("สูง บาท/ปี", "High THB/yr"),
    "sv.hours_saved_short": ("ชม.ประหยัด/ปี", "Hours/yr"),
    "sv.staff_cost_short": ("ค่าแรง บาท/ชม.", "Staff THB/h"),
    "sv.source": ("ที่มา (สมมติฐาน รอ สรอ. ยืนยัน)", "Source (assumption, to be confirmed by EGA)"),
    "sv.sources": ("ที่มาของสมมติฐานแต่ละบริการ (ฉบับเต็ม)", "The basis of each service's assumptions (in full)"),
    "sv.by_service": ("รายบริการ", "By service"),
    "sv.by_province": ("รายจังหวัด", "By province"),
    "sv.by_ministry": ("รายกระทรวง", "By ministry"),
    "sv.chart_note": ("แท่ง = ช่วงกรณีต่ำถึงสูง · ◆ = กรณีกลาง (ล้านบาท)", "Bar = low to high case · ◆ = mid case (THB million)"),
    "sv.top": ("{n} อันดับแรก จาก {total} (ตารางมีครบ)", "Top {n} of {total} (the table has them all)"),
    "sv.none": ("ไม่มีการใช้บริการที่คำนวณการประหยัดได้ในช่วงเวลาและตัวกรองที่เลือก",
                "No service use to compute savings from in the selected period and filters."),
})

# --- roadshows
# Labels of the โรดโชว์ Roadshows page.
LABELS.update({
    "page.roadshows": ("โรดโชว์", "Roadshows"),
    "rs.events": ("จำนวนกิจกรรม", "Events"),
    "rs.visits": ("จังหวัดที่ลงพื้นที่ (ครั้ง)", "Province visits"),
    "rs.attendees": ("ผู้เข้าร่วมรวม", "Attendees"),
    "rs.agencies": ("หน่วยงานที่เข้าร่วมรวม", "Agencies attended"),
    "rs.events_help": ("กิจกรรมหนึ่งอาจจัดหลายจังหวัด นับกิจกรรมละครั้ง", "An event may span provinces; each event counts once."),
    "rs.none": ("ไม่มีกิจกรรมในช่วงเวลาและพื้นที่ที่เลือก", "No events in the selected period and area."),
    "rs.timeline": ("กิจกรรมตามช่วงเวลา", "Events over time"),
    "rs.timeline_note": ("ขนาดวงกลม = จำนวนผู้เข้าร่วม · สี = ประเภทกิจกรรม · ชี้เพื่อดูรายละเอียด",
                         "Circle size = attendees · colour = event type · hover for details"),
    "rs.map": ("จังหวัดที่ลงพื้นที่", "Provinces visited"),
    "rs.map_measure": ("จำนวนกิจกรรม", "Events"),
    "rs.map_text": ("{events} กิจกรรม · {people} คน", "{events} events · {people} people"),
    "rs.table": ("กิจกรรม ผลที่ประมาณได้ และความคิดเห็นที่เก็บได้", "Events, their estimated impact and the feedback collected"),
    "rs.table_note": ("ผล = ค่าประมาณ เป็นจุดร้อยละ (จุด) ว่างไว้เมื่อยังมีข้อมูลหลังกิจกรรมไม่ครบ 6 เดือน",
                      "Impact = an estimate in percentage points (pp); blank until 6 months of data follow the event"),
    "rs.event_id": ("รหัสกิจกรรม", "Event ID"),
    "rs.impact_short": ("ผล", "Impact"),
    "rs.choose": ("เลือกกิจกรรมเพื่อดูรายละเอียด", "Choose an event for its details"),
    "rs.none_chosen": ("— เลือกกิจกรรม —", "— choose an event —"),
    "rs.detail": ("{title} · {province} · {date}", "{title} · {province} · {date}"),
    "rs.impact": ("ผลต่ออัตราการใช้บริการ (ค่าประมาณ)", "Effect on the adoption rate (an estimate)"),
    "rs.estimate": ("ค่าประมาณ ไม่ใช่ผลที่พิสูจน์แล้ว: การเปลี่ยนแปลงอื่นในช่วงเดียวกันก็มีผลได้",
                    "An estimate, not a proof: other changes in the same months can have the same effect."),
    "rs.no_impact": ("ยังประเมินผลไม่ได้: ต้องมีข้อมูล 3 เดือนก่อนและ 6 เดือนหลังกิจกรรม",
                     "Not estimable yet: it needs data from 3 months before to 6 months after the event."),
    "rs.before": ("3 เดือนก่อน", "3 months before"),
    "rs.after": ("6 เดือนหลัง", "6 months after"),
    "rs.change_visited": ("เปลี่ยนแปลง จังหวัดที่ลงพื้นที่", "Change, visited province"),
    "rs.change_others": ("เปลี่ยนแปลง จังหวัดอื่น", "Change, provinces not visited"),
    "rs.hover_visited": ("จังหวัดที่ลงพื้นที่: {before} → {after} ({change})", "Visited province: {before} → {after} ({change})"),
    "rs.hover_others": ("จังหวัดที่ไม่มีกิจกรรม: {change}", "Provinces not visited: {change}"),
    "rs.pp_axis": ("จุดร้อยละ", "Percentage points"),
    "rs.feedback": ("ความคิดเห็นที่เก็บได้ในกิจกรรม", "Feedback collected at the event"),
    "rs.no_feedback": ("ไม่มีแบบสอบถามจากกิจกรรมนี้ภายใต้ตัวกรองที่เลือก", "No responses from this event under the selected filters."),
    "rs.issues": ("ปัญหาที่ได้รับแจ้งในกิจกรรม", "Problems raised at the event"),
})


# --- sign-in and roles (egov/auth.py)
LABELS.update({
    "auth.title": ("ลงชื่อเข้าใช้", "Sign in"),
    "auth.username": ("ชื่อผู้ใช้", "User name"),
    "auth.password": ("รหัสผ่าน", "Password"),
    "auth.sign_in": ("ลงชื่อเข้าใช้", "Sign in"),
    "auth.sign_out": ("ออกจากระบบ", "Sign out"),
    "auth.failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง (หรือพยายามผิดหลายครั้งเกินไป กรุณารอสักครู่)",
                    "Wrong user name or password (or too many attempts: wait a few minutes)."),
    "auth.oidc_prompt": ("ลงชื่อเข้าใช้ด้วยบัญชีขององค์กรเพื่อดูแดชบอร์ด",
                         "Sign in with your organisation's account to see the dashboard."),
    "auth.no_access": ("คุณยังไม่มีสิทธิ์เข้าถึงแดชบอร์ดนี้ กรุณาติดต่อผู้ดูแลระบบเพื่อขอสิทธิ์",
                       "You have no access to this dashboard. Ask its administrator for access."),
    "auth.config_error": ("การตั้งค่าการลงชื่อเข้าใช้ไม่ถูกต้อง จึงยังไม่เปิดให้ผู้ใดเข้าใช้ กรุณาแจ้งผู้ดูแลระบบ",
                          "The sign-in configuration is invalid, so nobody is let in. Tell the administrator."),
    "auth.open_notice": ("🔓 เปิดใช้โดยไม่ต้องลงชื่อเข้าใช้: ผู้ใช้ในเครื่องนี้คนเดียว สิทธิ์ผู้ดูแลระบบ "
                         "(ตั้งค่าการลงชื่อเข้าใช้ได้ตาม docs/SECURITY.md)",
                         "🔓 Open, no sign-in: one local user with administrator rights "
                         "(set up sign-in as docs/SECURITY.md describes)."),
    "auth.who": ("👤 {name} · {role} · {provinces}", "👤 {name} · {role} · {provinces}"),
    "auth.all_provinces": ("ทุกจังหวัด", "all provinces"),
    "auth.n_provinces": ("{n} จังหวัด", "{n} province(s)"),
    "auth.role_executive": ("ผู้บริหาร", "executive"),
    "auth.role_analyst": ("นักวิเคราะห์", "analyst"),
    "auth.role_presenter": ("ผู้บรรยาย", "presenter"),
    "auth.role_administrator": ("ผู้ดูแลระบบ", "administrator"),
})


# --- a drill-down's agency list, one page at a time (egov/paging.py)
LABELS.update({
    "ag.search": ("ค้นหาหน่วยงาน (ชื่อหรือรหัส)", "Find an agency (name or id)"),
    "ag.search_placeholder": ("เช่น ที่ดิน หรือ AG00097", "e.g. ที่ดิน or AG00097"),
    "ag.search_help": ("แสดงเฉพาะหน่วยงานที่ชื่อหรือรหัสมีข้อความนี้ (ตรงตัวอักษร ไม่สนตัวพิมพ์เล็กหรือใหญ่)",
                       "Only the agencies whose name or id contains this text (literally, ignoring case)"),
    "ag.showing": ("แสดง {first}–{last} จาก {total} หน่วยงาน", "Showing {first}–{last} of {total} agencies"),
    "ag.showing_match": ("แสดง {first}–{last} จาก {total} หน่วยงานที่มี “{q}”",
                         "Showing {first}–{last} of {total} agencies matching “{q}”"),
    "ag.no_match": ("ไม่พบหน่วยงานที่ชื่อหรือรหัสมี “{q}”", "No agency's name or id contains “{q}”."),
    "ag.downloads": ("ไฟล์ดาวน์โหลดมีครบทั้ง {total} หน่วยงาน ไม่ใช่เฉพาะหน้านี้",
                     "The downloads hold all {total} agencies, not only this page"),
    # the same for a list of rows that are not one per agency (the Underuse list: agency x service)
    "ag.rows_showing": ("แสดง {first}–{last} จาก {total} รายการ", "Showing {first}–{last} of {total} rows"),
    "ag.rows_showing_match": ("แสดง {first}–{last} จาก {total} รายการที่มี “{q}”",
                              "Showing {first}–{last} of {total} rows matching “{q}”"),
    "ag.rows_downloads": ("ไฟล์ดาวน์โหลดมีครบทั้ง {total} รายการ ไม่ใช่เฉพาะหน้านี้",
                          "The downloads hold all {total} rows, not only this page"),
})


# --- one agency's profile (pages/agency.py)
LABELS.update({
    "page.agency": ("ข้อมูลหน่วยงาน", "Agency profile"),
    "ap.choose": ("เลือกหน่วยงานจากรายการด้านล่าง (คลิกรหัสหน่วยงาน) หรือจากรายการหน่วยงานในหน้ากระทรวง จังหวัด "
                  "หรือการใช้งานต่ำ", "Choose an agency below (click its ID), or from the agency lists of the "
                  "Ministries, Provinces or Underuse pages."),
    "ap.not_found": ("ไม่พบหน่วยงานตามรหัสในลิงก์นี้ หรือหน่วยงานนี้อยู่นอกจังหวัดที่คุณมีสิทธิ์ดู",
                     "No agency has the ID in this link, or it lies outside the provinces you may see."),
    "ap.back": ("กลับไปยังรายการหน่วยงาน", "Back to the list of agencies"),
    "ap.where": ("{ministry} · {department} · จังหวัด{province} · {level}",
                 "{ministry} · {department} · {province} · {level}"),
    "ap.services": ("บริการที่ใช้", "Services subscribed"),
    "ap.no_services": ("หน่วยงานนี้ยังไม่ได้สมัครใช้บริการใด", "This agency subscribes to no service."),
    "ap.start": ("วันที่เริ่มใช้", "Start date"),
    "ap.end": ("วันที่สิ้นสุด", "End date"),
    "ap.status": ("สถานะ ณ เดือนล่าสุด", "Status at the latest month"),
    "ap.usage": ("การใช้งานรายเดือนเทียบกับเกณฑ์การใช้งานจริง", "Monthly usage against the active threshold"),
    "ap.usage_note": ("เส้นประ = เกณฑ์ของบริการ (ใช้งานจริงเมื่อค่าสูงกว่าเกณฑ์) · ✕ = เดือนที่สมัครแล้วแต่ไม่ได้ใช้งาน",
                      "Dashed line = the service's threshold (active when above it) · ✕ = a month adopted "
                      "but not active"),
    "ap.no_usage": ("ไม่มีข้อมูลการใช้งานในช่วงเวลาที่เลือก", "No usage in the selected period."),
    "ap.threshold": ("เกณฑ์", "Threshold"),
    "ap.idle_mark": ("ไม่ได้ใช้งาน", "Idle"),
    "ap.idle_hover": ("ไม่ได้ใช้งานติดต่อกัน {n} เดือน", "Idle {n} month(s) in a row"),
    "ap.idle": ("เดือนที่ไม่ได้ใช้งาน", "Idle months"),
    "ap.metric": ("ตัวชี้วัดหลัก", "Primary metric"),
    "ap.months_adopted": ("เดือนที่สมัครใช้", "Months adopted"),
    "ap.months_active": ("เดือนที่ใช้งานจริง", "Months active"),
    "ap.months_idle": ("เดือนที่ไม่ได้ใช้งาน", "Months idle"),
    "ap.longest_idle": ("ไม่ได้ใช้งานติดต่อกันนานที่สุด (เดือน)", "Longest idle run (months)"),
    "ap.tickets": ("เรื่องที่แจ้งศูนย์บริการ", "Support tickets"),
    "ap.no_tickets": ("ไม่มีเรื่องแจ้งศูนย์บริการในช่วงเวลาที่เลือก", "No support tickets in the selected period."),
    "ap.ticket_id": ("เลขที่เรื่อง", "Ticket ID"),
    "ap.feedback": ("ความคิดเห็นจากแบบสอบถาม", "Feedback"),
    "ap.no_feedback": ("ไม่มีความคิดเห็นในช่วงเวลาที่เลือก", "No feedback in the selected period."),
    "ap.sat": ("ความพึงพอใจเฉลี่ย {mean} จาก {n} ราย", "Mean satisfaction {mean} from {n} response(s)"),
    "ap.events": ("กิจกรรมที่เข้าร่วม", "Events attended"),
    "ap.no_events": ("ไม่พบการเข้าร่วมกิจกรรมในช่วงเวลาที่เลือก", "No events attended in the selected period."),
    "ap.responses": ("ผู้ตอบแบบสอบถาม", "Responses"),
    "ap.savings": ("การประหยัดงบประมาณของหน่วยงาน", "Budget saved by this agency"),
    "ap.no_savings": ("ไม่มีการใช้บริการในช่วงเวลาที่เลือก จึงไม่มีการประหยัด",
                      "No service in use in the selected period, so nothing saved."),
    "ap.savings_range": ("ช่วงประมาณการ (ต่ำ – สูง)", "Range (low – high)"),
    "ap.scope_note": ("ข้อมูลทั้งหน่วยงาน ไม่ขึ้นกับตัวกรองภาค จังหวัด กระทรวง บริการ และระดับหน่วยงาน "
                      "ช่วงเวลาที่เลือกใช้กับการใช้งาน เรื่องที่แจ้ง ความคิดเห็น กิจกรรม และการประหยัด",
                      "The whole agency, whatever the region, province, ministry, service and level filters; the "
                      "period applies to its usage, tickets, feedback, events and savings."),
    "ap.m_savings": ("ประหยัดงบประมาณ (กรณีกลาง)", "Budget saved (mid case)"),
    "ap.n_tickets": ("เรื่องที่แจ้ง", "Tickets"),
    "ap.n_feedback": ("ความคิดเห็น", "Responses"),
    "ap.n_events": ("กิจกรรมที่เข้าร่วม", "Events attended"),
    "ap.open": ("เปิดข้อมูลหน่วยงาน", "Open the agency's profile"),
})
