"""Labels of a drill-down's agency list, one page at a time (egov/paging.py), and of one agency's profile
(pages/agency.py)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # a drill-down's agency list
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
    # one agency's profile
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
}
