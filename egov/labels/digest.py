"""Labels of the monthly digest e-mail (egov/digest.py) and of the monthly job's e-mails to the
administrators (egov/monthly.py)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # the digest
    "dg.subject": ("สรุปประจำเดือน {month}: {place}", "Monthly digest, {month}: {place}"),
    "dg.title": ("{place}: สรุปการใช้บริการประจำเดือน {month}", "{place}: monthly digest for {month}"),
    "dg.intro": ("สิ่งที่เปลี่ยนไปในเดือน {month} เทียบกับเดือน {prev} ข้อมูลจากแดชบอร์ดการใช้บริการรัฐบาลอิเล็กทรอนิกส์",
                 "What changed in {month} against {prev}, from the e-Government service adoption dashboard."),
    "dg.intro_first": ("ข้อมูลเดือน {month} (เดือนแรกของข้อมูล ยังไม่มีเดือนก่อนหน้าให้เทียบ)",
                       "{month}, the first month of the data: there is no month before it to compare with."),
    "dg.adoption": ("การใช้บริการ", "Adoption"),
    "dg.col_service": ("บริการ", "Service"),
    "dg.col_adopted": ("หน่วยงานที่ใช้บริการ", "Agencies adopted"),
    "dg.col_rate": ("อัตราการใช้บริการ", "Adoption rate"),
    "dg.col_change": ("เทียบเดือนก่อน", "Against last month"),
    "dg.of": ("{adopted} จาก {eligible}", "{adopted} of {eligible}"),
    "dg.change": ("{pp} ({agencies} หน่วยงาน)", "{pp} ({agencies} agencies)"),
    "dg.no_adoption": ("ไม่มีข้อมูลการใช้บริการของเดือนนี้", "No adoption data for this month."),
    "dg.underused": ("หน่วยงานที่เพิ่งเข้าเกณฑ์ใช้งานต่ำ", "Agencies newly underused"),
    "dg.underused_lead": ("เดือนนี้ {new} รายการ (หน่วยงาน × บริการ) · รวมที่ใช้งานต่ำทั้งจังหวัด {total} รายการ",
                          "{new} this month (agency × service) · {total} underused in the province in all"),
    "dg.underused_none": ("ไม่มีหน่วยงานที่เพิ่งเข้าเกณฑ์ใช้งานต่ำในเดือนนี้ · รวมที่ใช้งานต่ำทั้งจังหวัด {total} รายการ",
                          "No agency became underused this month · {total} underused in the province in all"),
    "dg.col_agency": ("หน่วยงาน", "Agency"),
    "dg.col_idle_since": ("ไม่ได้ใช้งานตั้งแต่", "Idle since"),
    "dg.more": ("และอีก {n} รายการ ดูทั้งหมดได้ที่หน้า “การใช้งานต่ำและโอกาส”",
                "and {n} more: see them all on the “Underuse and opportunity” page"),
    "dg.tickets": ("ศูนย์บริการ (Contact Center)", "Contact center"),
    "dg.tickets_line": ("รับแจ้ง {opened} เรื่อง · ปิดเรื่อง {closed} เรื่อง · ค้าง ณ สิ้นเดือน {backlog} เรื่อง ({change} จากเดือนก่อน)",
                        "{opened} opened · {closed} closed · {backlog} open at the month's end ({change} on last month)"),
    "dg.satisfaction": ("ความพึงพอใจ", "Satisfaction"),
    "dg.sat_month": ("เดือนนี้", "This month"),
    "dg.sat_year": ("12 เดือนล่าสุด ({start} – {end})", "The last 12 months ({start} – {end})"),
    "dg.sat_line": ("คะแนนเฉลี่ย {mean} จาก 5 · พอใจมาก (4–5) {share} · ผู้ตอบ {n} ราย",
                    "mean {mean} of 5 · satisfied (4–5) {share} · {n} responses"),
    "dg.attached": ("แนบ: บรรยายสรุปของจังหวัด ({file})", "Attached: the province's briefing ({file})"),
    "dg.link": ("เปิดแดชบอร์ด", "Open the dashboard"),
    "dg.footer": ("อีเมลฉบับนี้ส่งโดยอัตโนมัติจากแดชบอร์ดการใช้บริการรัฐบาลอิเล็กทรอนิกส์ของ สพร. ไม่ต้องตอบกลับ",
                  "Sent automatically by EGA's e-Government service adoption dashboard; please do not reply."),
    # the monthly job
    "mo.subject": ("[แดชบอร์ด สพร.] นำเข้าข้อมูลประจำเดือนไม่ผ่าน: ยังไม่ได้ส่งสรุปประจำเดือน",
                   "[EGA dashboard] The monthly load did not pass: no digest was sent"),
    "mo.body": (
        "งานประจำเดือนบนเครื่อง {host} นำเข้าไฟล์จากโฟลเดอร์ {drop} ไม่ผ่าน (รหัสออก {code}) "
        "จึงยังไม่ได้ส่งสรุปประจำเดือนให้จังหวัดใด และคลังข้อมูลยังเป็นชุดเดิม\n\n"
        "ตรวจรายงานด้านล่าง แก้ไฟล์แล้ววางในโฟลเดอร์อีกครั้ง (งานรอบถัดไปจะนำเข้าเอง) "
        "หรือหากตรวจแล้วเห็นว่าการเปลี่ยนแปลงที่ถูกทักท้วงนั้นถูกต้อง ให้นำเข้าเองด้วย\n"
        "  python -m etl load {drop} --db {db} --strict --accept-changes\n"
        "แล้วส่งสรุปด้วย\n"
        "  python -m egov --db {db} digest --config {config}\n",
        "The monthly job on {host} could not load the files of {drop} (exit code {code}), so no province was "
        "sent its digest and the warehouse is the one before.\n\n"
        "Read the report below, fix the files and drop them again (the next run loads them); or, if the "
        "changes the load flagged are right, load by hand with\n"
        "  python -m etl load {drop} --db {db} --strict --accept-changes\n"
        "and send the digests with\n"
        "  python -m egov --db {db} digest --config {config}\n",
    ),
    "mo.check": ("รายการที่ถูกปฏิเสธหรือถูกทักท้วง (python -m etl check ไม่เขียนอะไรลงคลังข้อมูล):",
                 "What was refused or flagged (python -m etl check, which writes nothing):"),
    "mo.report": ("รายงานการนำเข้า (python -m etl load):", "The load's report (python -m etl load):"),
    "mo.send_failed_subject": ("[แดชบอร์ด สพร.] ส่งสรุปประจำเดือนไม่สำเร็จ", "[EGA dashboard] The monthly digests were not sent"),
}
