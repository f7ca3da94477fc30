"""The app's own CSS, drawn once per run by the app shell (egov/shell.py): caption contrast, and the
compact rows of download buttons egov/export.py draws under its tables."""

from __future__ import annotations

import streamlit as st

# The app's only injected CSS, drawn once per run by style(). The download buttons: secondary (they look
# like buttons) but compact, so a pair sits under a table without competing with it; their rows carry the
# key prefix below. Captions: Streamlit draws them grey at 60% opacity, 3.9:1 on white at 14.9 px; WCAG 2.1 AA
# (1.4.3) asks 4.5:1, and #4F5561 gives 7.5:1 on white and 6.7:1 on the sidebar's #F0F2F6.
DOWNLOAD_ROW = "egov_dl"
CAPTION_COLOUR = "#4F5561"
STYLE = f"""<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
  color: {CAPTION_COLOUR} !important; opacity: 1 !important;
}}
[class*="st-key-{DOWNLOAD_ROW}_"] [data-testid^="stBaseButton-"] {{
  min-height: 2rem; padding: 0.1rem 0.75rem; line-height: 1.4;
}}
[class*="st-key-{DOWNLOAD_ROW}_"] [data-testid^="stBaseButton-"] p {{ font-size: 0.85rem; }}
</style>"""


def style() -> None:
    """Caption contrast and the compact download buttons (a style-only st.html takes no room on the page)."""
    st.html(STYLE)
