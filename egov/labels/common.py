"""Labels of the app shell, the sidebar, downloads and the words every page shares: key -> (Thai, English)."""

from __future__ import annotations

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
}

# What each service is, for a subtitle under its name. The reference file's English names are the
# services' own names ("G-Cloud"), so an English subtitle from them would repeat the name; the Thai
# names already say what the service is.
SERVICE_ABOUT_EN = {
    "GIN": "Government Information Network",
    "GCLOUD": "Government cloud service",
    "MAILGOTHAI": "Government central e-mail service",
    "GOVMON": "Government cyber-threat monitoring",
}
