"""Browser tests: Playwright drives Debian's Chromium against `streamlit run dashboard.py`, offline."""
