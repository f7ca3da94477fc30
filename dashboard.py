"""The e-Government service adoption dashboard (EGA): `streamlit run dashboard.py`.

Adding a page is one PageDef line below (file, URL slug, emoji icon, Thai title, English title).
Emoji icons, not :material/...: names, which would fetch Google-hosted icon fonts.
"""

import streamlit as st

from egov.shell import PageDef, run

st.set_page_config(page_title="EGA e-Government dashboard", page_icon="🏛️", layout="wide",
                   initial_sidebar_state="expanded")

PAGES = [
    PageDef("pages/overview.py", "overview", "📊", "ภาพรวม", "Overview", default=True),
    PageDef("pages/provinces.py", "provinces", "🗺️", "จังหวัด", "Provinces"),
    PageDef("pages/ministries.py", "ministries", "🏛️", "กระทรวง", "Ministries"),
    PageDef("pages/agency.py", "agency", "🏢", "ข้อมูลหน่วยงาน", "Agency profile"),
    PageDef("pages/underuse.py", "underuse", "💤", "การใช้งานต่ำและโอกาส", "Underuse and opportunity"),
    PageDef("pages/feedback.py", "feedback", "💬", "ความคิดเห็นและการสนับสนุน", "Feedback and support"),
    PageDef("pages/savings.py", "savings", "💰", "ประหยัดงบประมาณ", "Savings"),
    PageDef("pages/roadshows.py", "roadshows", "🚌", "โรดโชว์", "Roadshows"),
    PageDef("pages/briefing.py", "briefing", "🎤", "บรรยายสรุป", "Briefing"),
    PageDef("pages/data.py", "data", "🗄️", "ข้อมูล", "Data"),
]

run(PAGES)
