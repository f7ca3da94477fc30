"""The reference data in data/reference: loading it, writing it to the warehouse, deriving the map.

Every CSV is small and under version control; each loader reads its file once per process (cached) and
hands out a copy, so a caller that adds a column cannot change what the next caller sees.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "data" / "reference"

# Non-text columns per file; everything else is read as text with blanks kept as '' (a province
# called "Nan" or an alias "-" must never turn into a missing value).
_TYPES: dict[str, dict[str, str]] = {
    "provinces": {},
    "regions": {},
    "ministries": {"sort_order": "int64"},
    "services": {"active_threshold": "float64", "sort_order": "int64"},
    "metrics": {"max_value": "float64"},
    "cost_assumptions": {
        "cost_low_thb_per_unit_year": "float64",
        "cost_mid_thb_per_unit_year": "float64",
        "cost_high_thb_per_unit_year": "float64",
        "staff_hours_saved_per_unit_year": "float64",
        "staff_cost_thb_per_hour": "float64",
        "is_assumption": "bool",
    },
    "vocabularies": {},
}

# The reference tables of the warehouse, in the order they are written.
TABLES = tuple(_TYPES)


@cache
def _read(name: str) -> pd.DataFrame:
    df = pd.read_csv(REFERENCE_DIR / f"{name}.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    for col, dtype in _TYPES[name].items():
        if dtype == "bool":
            df[col] = df[col].str.strip().str.lower().map({"true": True, "false": False}).astype(bool)
        elif dtype == "float64":  # a blank is no value (NaN, NULL in the warehouse)
            df[col] = pd.to_numeric(df[col].str.strip().replace("", None), errors="raise").astype(dtype)
        else:
            df[col] = df[col].astype(dtype)
    return df


def provinces() -> pd.DataFrame:
    """77 provinces: province_code (DOPA '65'), iso_code, name_th, name_en, region4, region6, aliases ('|')."""
    return _read("provinces").copy()


def regions() -> pd.DataFrame:
    """Region names per system: system ('region4' | 'region6'), region_code, name_th, name_en."""
    return _read("regions").copy()


def ministries() -> pd.DataFrame:
    """The Office of the Prime Minister and the ministries, with short forms and former names as aliases."""
    return _read("ministries").copy()


def services() -> pd.DataFrame:
    """The four EGA services: names, unit, primary metric and its activity threshold, colour."""
    return _read("services").copy()


def metrics() -> pd.DataFrame:
    """The usage metrics of each service: service_code, metric (the code usage rows carry), Thai and
    English names and units, max_value (NaN: no bound but the contract's), aliases ('|')."""
    return _read("metrics").copy()


def cost_assumptions() -> pd.DataFrame:
    """Market cost per unit and year (low / mid / high) and staff time saved per service; all assumptions."""
    return _read("cost_assumptions").copy()


def vocabularies() -> pd.DataFrame:
    """Controlled vocabularies (level, event_type, feedback_issue, ticket_category, ticket_channel)."""
    return _read("vocabularies").copy()


_LOADERS = {
    "provinces": provinces,
    "regions": regions,
    "ministries": ministries,
    "services": services,
    "metrics": metrics,
    "cost_assumptions": cost_assumptions,
    "vocabularies": vocabularies,
}


def load_reference_tables(con) -> dict[str, int]:
    """(Re)write the warehouse reference tables from the CSVs; returns rows written per table.

    The tables must exist (etl/sql/schema.sql). Only the columns the table has are written, so the CSV
    columns that are not warehouse columns (aliases) are left out. Runs inside the caller's
    transaction, if any: DuckDB has no nested transactions.
    """
    written = {}
    for table in TABLES:
        df = _LOADERS[table]()
        cols = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise ValueError(f"data/reference/{table}.csv lacks warehouse columns {missing}")
        view = f"_reference_{table}"
        con.register(view, df[cols])
        try:
            con.execute(f"DELETE FROM {table}")
            col_list = ", ".join(cols)
            con.execute(f"INSERT INTO {table} ({col_list}) SELECT {col_list} FROM {view}")
        finally:
            con.unregister(view)
        written[table] = len(df)
    return written


def _round_coords(coords, ndigits: int):
    """Round nested coordinate lists; drop points that become repeats of their predecessor."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(c, ndigits) for c in coords]
    rounded = [_round_coords(c, ndigits) for c in coords]
    if rounded and isinstance(rounded[0][0], (int, float)):  # a ring: a list of positions
        ring = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
        return ring if len(ring) >= 4 else rounded  # a ring needs 4 positions to stay valid
    return rounded


def build_geojson(src: str | Path, dst: str | Path | None = None, ndigits: int = 4) -> dict:
    """Derive data/reference/thailand_provinces.geojson from superset's thailand.geojson.

    src: lib/countries/thailand.geojson of the npm package
    @superset-ui/legacy-plugin-chart-country-map@0.20.3 (Apache-2.0; geometry from Natural Earth 1:10m
    admin-1, public domain), 77 features keyed by properties.ISO ('TH-65').
    Writes properties {iso_code, province_code, name_en, name_th} from provinces.csv, the DOPA code as
    the feature id, and coordinates rounded to `ndigits` decimals (4 = about 11 m, plenty for a
    choropleth, and a third of the size).
    """
    with open(src, encoding="utf-8") as f:
        source = json.load(f)
    by_iso = provinces().set_index("iso_code")
    features = []
    for feat in source["features"]:
        iso = feat["properties"]["ISO"]
        row = by_iso.loc[iso]  # KeyError on a code provinces.csv does not know: better loud than a hole
        geom = feat["geometry"]
        features.append(
            {
                "type": "Feature",
                "id": row["province_code"],
                "properties": {
                    "iso_code": iso,
                    "province_code": row["province_code"],
                    "name_en": row["name_en"],
                    "name_th": row["name_th"],
                },
                "geometry": {"type": geom["type"], "coordinates": _round_coords(geom["coordinates"], ndigits)},
            }
        )
    features.sort(key=lambda f: f["id"])
    out = {"type": "FeatureCollection", "features": features}
    if dst is not None:
        with open(dst, "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, separators=(",", ":"))
            f.write("\n")
    return out


if __name__ == "__main__":  # python -m etl.reference SRC [DST]
    import sys

    target = sys.argv[2] if len(sys.argv) > 2 else REFERENCE_DIR / "thailand_provinces.geojson"
    print(f"{len(build_geojson(sys.argv[1], target)['features'])} features -> {target}")
