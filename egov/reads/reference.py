"""Reference reads: services, provinces, regions, ministries, vocabularies, the months of data, the
cost assumptions as loaded, the warehouse's status and the province boundaries. None takes filters."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from egov import db
from egov.read_cache import cached


@cached
def services() -> pd.DataFrame:
    return db.query("SELECT service_code, name_th, name_en, unit_th, unit_en, primary_metric, active_threshold, "
                    "colour, sort_order FROM services ORDER BY sort_order, service_code")


def service_colours() -> dict[str, str]:
    s = services()
    return dict(zip(s.service_code, s.colour))


@cached
def provinces() -> pd.DataFrame:
    return db.query("SELECT province_code, iso_code, name_th, name_en, region4, region6 FROM provinces "
                    "ORDER BY province_code")


@cached
def regions() -> pd.DataFrame:
    return db.query("SELECT system, region_code, name_th, name_en FROM regions ORDER BY system, rowid")


@cached
def ministries() -> pd.DataFrame:
    return db.query("SELECT ministry_code, name_th, name_en, short_th, short_en, sort_order FROM ministries "
                    "ORDER BY sort_order, ministry_code")


@cached
def vocabulary(name: str) -> pd.DataFrame:
    return db.query("SELECT code, name_th, name_en FROM vocabularies WHERE vocabulary = ? ORDER BY rowid", [name])


@cached
def levels() -> list[str]:
    """Agency levels present in the data, in the vocabulary's order ('unknown' last)."""
    present = set(db.query("SELECT DISTINCT level FROM mart_adoption_monthly")["level"].dropna())
    order = list(vocabulary("level")["code"]) + ["unknown"]
    return [c for c in order if c in present] + sorted(present - set(order))


@cached
def months() -> list[dt.date]:
    df = db.query("SELECT DISTINCT month FROM mart_adoption_monthly ORDER BY month")
    return [pd.Timestamp(m).date() for m in df["month"]]


@cached
def cost_assumptions() -> pd.DataFrame:
    return db.query("SELECT * FROM cost_assumptions c JOIN services s USING (service_code) "
                    "ORDER BY s.sort_order").loc[:, lambda d: [c for c in d.columns if c in (
                        "service_code", "cost_low_thb_per_unit_year", "cost_mid_thb_per_unit_year",
                        "cost_high_thb_per_unit_year", "staff_hours_saved_per_unit_year",
                        "staff_cost_thb_per_hour", "source", "is_assumption", "unit_th", "unit_en")]]


@cached
def warehouse_status() -> dict:
    """Whether the data is sample data, its latest month and the last load time."""
    have = db.tables()
    sample = False
    if "warehouse_info" in have:
        info = db.query("SELECT value FROM warehouse_info WHERE key = 'sample'")
        sample = bool(len(info)) and str(info["value"].iloc[0]).strip().lower() in ("true", "1", "yes")
    latest = db.query("SELECT max(month) AS m FROM mart_adoption_monthly")["m"].iloc[0]
    loaded = None
    if "etl_loads" in have:
        loaded = db.query("SELECT max(finished_at) AS t FROM etl_loads")["t"].iloc[0]
    return {
        "sample": sample,
        "latest_month": None if pd.isna(latest) else pd.Timestamp(latest).date(),
        "last_load": None if pd.isna(loaded) else pd.Timestamp(loaded).to_pydatetime(),
    }


GEOJSON_PATHS = (db.ROOT / "data" / "reference" / "thailand_provinces.geojson",)


@st.cache_resource(show_spinner=False)
def province_geojson() -> dict | None:
    """The 77 province boundaries, each feature with properties.iso_code ('TH-65'); None if no file.

    Reads data/reference/thailand_provinces.geojson; a file keyed by ISO (the superset copy, with
    properties ISO and NAME_1) is accepted too. Coordinates are rounded to 4 decimals (about 10 m),
    which halves what the browser receives."""
    for path in GEOJSON_PATHS:
        if path.exists():
            gj = json.loads(path.read_text(encoding="utf-8"))
            break
    else:
        return None

    def rnd(c):
        return [rnd(x) for x in c] if isinstance(c[0], list) else [round(c[0], 4), round(c[1], 4)]

    for feat in gj.get("features", []):
        props = feat.setdefault("properties", {})
        if "iso_code" not in props and "ISO" in props:
            props["iso_code"] = props["ISO"]
        geom = feat.get("geometry") or {}
        if geom.get("coordinates"):
            geom["coordinates"] = rnd(geom["coordinates"])
    return gj
