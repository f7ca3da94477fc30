"""Labels of the ประหยัดงบประมาณ Savings page, and the cost assumptions' sources in Thai."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
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
}

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
