"""Raw text table -> typed staging table with one reason per refused value.

Per-row Python cannot keep up with millions of rows, so values are normalised per DISTINCT raw value
(etl.normalize, in Python) and joined back in SQL; ids, free text and numbers are cleaned in SQL.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pyarrow as pa

from etl import normalize, reference
from etl.contract import Kind
from etl.normalize import MIN_DATE, NORMALIZERS, OPEN_VOCABULARIES, SQL_DECIMAL_COMMA_HINT, SQL_NUMBER, Invalid

SQL_TYPES = {
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "month": "DATE",
    "integer": "BIGINT",
    "satisfaction": "TINYINT",
    "number": "DOUBLE",
}
ARROW_TYPES = {"date": pa.date32(), "datetime": pa.timestamp("us"), "month": pa.date32(), "integer": pa.int64(),
               "satisfaction": pa.int8()}

# Zero-width characters vanish, every kind of space becomes one space, as etl.normalize.clean_text does.
_ZERO_WIDTH = r"[\x{200B}\x{200C}\x{200D}\x{2060}\x{FEFF}]"
_ASCII_WORDS = "[!-~]+( [!-~]+)*"  # printable ASCII words with single spaces: already clean text
_SPACES = r"[\s\x{00A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+"


def sql_clean_text(col: str) -> str:
    slow = (f"NULLIF(trim(regexp_replace(regexp_replace(nfc_normalize({col}), '{_ZERO_WIDTH}', '', 'g'), "
            f"'{_SPACES}', ' ', 'g')), '')")
    # Printable ASCII words with single spaces are already clean; one match spares most ids the regexes.
    return f"CASE WHEN regexp_full_match({col}, '{_ASCII_WORDS}') THEN {col} ELSE {slow} END"


def sql_clean_id(col: str) -> str:
    """Identifiers: cleaned text with Thai digits as Arabic ones, so 'AG๐๐๑' and 'AG001' are one agency."""
    # translate() is slow (a third of the whole judging of a large usage file); ASCII has no Thai digits
    slow = f"translate({sql_clean_text(col)}, '๐๑๒๓๔๕๖๗๘๙', '0123456789')"
    return f"CASE WHEN regexp_full_match({col}, '{_ASCII_WORDS}') THEN {col} ELSE {slow} END"


def _distinct_values(con, raw: str, src_cols: list[str]) -> list[list[str]]:
    """The distinct non-NULL values of each column, in one scan of the raw table."""
    if not src_cols:
        return []
    row = con.execute("SELECT " + ", ".join(f"list(DISTINCT {c}) FILTER (WHERE {c} IS NOT NULL)" for c in src_cols)
                      + f" FROM {raw}").fetchall()[0]
    return [v or [] for v in row]


_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?: ([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")


def iso_fast(type_: str, v: str, latest: date) -> date | datetime | None:
    """A date or date-time in the plain ISO form most exports use ('2014-07-01', '2014-07-01 08:15[:00]'),
    read without the general parser (a tenth of the time; a large tickets file has a distinct time stamp
    per row). latest: normalize.latest_day(). None means: ask etl.normalize, which this must agree with
    (tests/test_stage.py)."""
    m = _ISO.fullmatch(v)
    if m is None:
        return None
    y, mo, d, h, mi, s = m.groups()
    if h is not None and type_ != "datetime":
        return None
    if not MIN_DATE.year <= int(y) <= latest.year:  # also leaves Buddhist-era years to the parser
        return None
    try:
        day = date(int(y), int(mo), int(d))
        if day > latest:  # refused by the parser, with its reason
            return None
        if type_ == "date":
            return day
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None


def _map_table(con, raw: str, values: list[str], type_: str, name: str) -> str:
    """Normalise each distinct raw value once; returns the map table (raw, val, why, hint, text); text is
    the cleaned value when it is outside its open vocabulary (etl.normalize.OPEN_VOCABULARIES)."""
    fn = NORMALIZERS[type_]
    fast = type_ in ("date", "datetime")
    latest = normalize.latest_day()
    vals, whys, hints = [], [], []
    texts = [None if normalize.vocab_code(type_, v) else normalize.clean_text(v) for v in values] \
        if type_ in OPEN_VOCABULARIES else [None] * len(values)
    for v in values:
        out = iso_fast(type_, v, latest) if fast else None
        if out is not None:
            why = hint = None
        else:
            try:
                out, why, hint = fn(v), None, None
            except Invalid as e:
                out, why, hint = None, e.reason, e.suggestion
        vals.append(out)
        whys.append(why)
        hints.append(hint)
    table = pa.table({
        "raw": pa.array(values, pa.string()),
        "val": pa.array(vals, ARROW_TYPES.get(type_, pa.string())),
        "why": pa.array(whys, pa.string()),
        "hint": pa.array(hints, pa.string()),
        "text": pa.array(texts, pa.string()),
    })
    mt = f"{raw}_map_{name}"
    con.register("_map_rows", table)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {mt} AS SELECT * FROM _map_rows")
    finally:
        con.unregister("_map_rows")
    return mt


_BLANK = r"[\s\x{00A0}\x{1680}\x{2000}-\x{200D}\x{2028}-\x{2029}\x{202F}\x{205F}-\x{2060}\x{3000}\x{FEFF}]*"


def staging_sql(con, kind: Kind, columns: tuple[str | None, ...], raw: str,
                known: dict[str, tuple[str, str]] | None = None) -> str:
    """A SELECT over the raw table: every contract column typed as <name>, and <name>__why /
    <name>__hint saying why its value was refused. Map tables are built here; nothing else is written.

    known: column -> (table, column) of the warehouse that its value must be found in, such as
    agency_id -> agencies.agency_id; adds <name>__known: false when the value is not there, NULL for no
    value. For a few_distinct column it is looked up once per distinct value, in its map table.

    Two levels so each value is computed once: the inner one types the values, the outer one judges them.
    """
    known = known or {}
    position = {name: f"c{i}" for i, name in enumerate(columns) if name}
    per_row = {n: v for n, v in known.items() if not (n in kind.few_distinct and n in position)}
    mapped = [col for col in kind.columns if col.type in NORMALIZERS and col.name in position]
    distinct = dict(zip((c.name for c in mapped), _distinct_values(con, raw, [position[c.name] for c in mapped])))
    inner, outer, joins = ["r._line"], ["_line"], []
    for col in kind.columns:
        src = position.get(col.name)
        sql_type = SQL_TYPES.get(col.type, "VARCHAR")
        name = col.name
        if name in kind.kept_text:  # the answer as written when it is outside the vocabulary
            inner.append(f"m_{name}.text AS {name}__text" if src is not None else f"NULL::VARCHAR AS {name}__text")
            outer.append(f"{name}__text")
        if src is None:
            inner += [f"NULL::{sql_type} AS {name}", f"NULL::VARCHAR AS {name}__why", f"NULL::VARCHAR AS {name}__hint"]
        elif col.type in NORMALIZERS:
            mt = _map_table(con, raw, distinct[name], col.type, name)
            joins.append(f"LEFT JOIN {mt} m_{name} ON m_{name}.raw = r.{src}")
            inner += [f"m_{name}.val::{sql_type} AS {name}", f"m_{name}.why AS {name}__why", f"m_{name}.hint AS {name}__hint"]
        elif col.type == "number":
            inner += [f"{SQL_NUMBER(f'r.{src}')} AS {name}", f"r.{src} AS {name}__src"]
        elif name in kind.few_distinct:  # the same cleaning as below, once per distinct value
            clean = sql_clean_id("raw") if col.type == "id" else sql_clean_text("raw")
            mt = f"{raw}_map_{name}"
            lookup = f"val IN (SELECT {known[name][1]} FROM {known[name][0]})" if name in known else "NULL"
            con.execute(f"CREATE OR REPLACE TEMP TABLE {mt} AS SELECT raw, val, {lookup} AS known FROM "
                        f"(SELECT raw, {clean} AS val FROM (SELECT DISTINCT {src} AS raw FROM {raw} WHERE {src} IS NOT NULL))")
            joins.append(f"LEFT JOIN {mt} m_{name} ON m_{name}.raw = r.{src}")
            inner += [f"m_{name}.val AS {name}", f"NULL::VARCHAR AS {name}__why", f"NULL::VARCHAR AS {name}__hint"]
            if name in known:  # a lookup per distinct value, not per row
                inner.append(f"m_{name}.known AS {name}__known")
                outer.append(f"{name}__known")
        else:
            clean = sql_clean_id(f"r.{src}") if col.type == "id" else sql_clean_text(f"r.{src}")
            inner += [f"{clean} AS {name}", f"NULL::VARCHAR AS {name}__why", f"NULL::VARCHAR AS {name}__hint"]
        why = f"{name}__why"
        if col.type == "number" and src is not None:
            # refused when something other than blank characters is there and did not read as a number
            why = (f"CASE WHEN {name} IS NULL AND {name}__src IS NOT NULL AND NOT regexp_full_match({name}__src, "
                   f"'{_BLANK}') THEN 'not a number' END")
        if src is not None and col.type in ("number", "integer"):  # the contract's range: 0 .. col.high
            bounds = [f"WHEN {name} < 0 THEN 'must not be negative'"]
            if col.high is not None:
                bounds.append(f"WHEN {name} > {float(col.high)!r} THEN 'number too large (at most {col.high:,.0f})'")
            why = f"COALESCE({why}, CASE {' '.join(bounds)} END)"
        if col.required:
            why = f"COALESCE({why}, CASE WHEN {name} IS NULL THEN 'required value missing' END)"
        hint = f"{name}__hint"
        if col.type == "number" and src is not None:
            # only a value that is no number can have the decimal-comma hint (its pattern is no number): the
            # pattern then runs on those rows alone, not on every row (a quarter of judging a usage file)
            hint = f"CASE WHEN {name} IS NULL THEN {SQL_DECIMAL_COMMA_HINT(f'{name}__src')} END AS {name}__hint"
        outer += [name, f"{why} AS {name}__why", hint]
    lookups = ""
    for i, (name, (table, col)) in enumerate(per_row.items()):  # the others: a join per row
        lookups += f" LEFT JOIN (SELECT DISTINCT {col} AS v FROM {table}) k{i} ON k{i}.v = s.{name}"
        outer.append(f"CASE WHEN s.{name} IS NOT NULL THEN k{i}.v IS NOT NULL END AS {name}__known")
    return (f"SELECT {', '.join(outer)} FROM (SELECT {', '.join(inner)} FROM {raw} r {' '.join(joins)} "
            f"WHERE {nonblank_sql(columns)}) s{lookups}")


_CODE = re.compile(r"[A-Za-z0-9_]+")


def usage_rules() -> list[tuple[str, str]]:
    """(column, SQL reason) rules of a usage row `s` against data/reference/metrics.csv: the metric is
    one of the row's service, and within its own bound (uptime_pct at most 100). The codes are the
    reference's own, checked to be plain words, so they can stand in the SQL."""
    m = reference.metrics()
    if not all(_CODE.fullmatch(v) for v in [*m["metric"], *m["service_code"]]):
        raise ValueError("data/reference/metrics.csv: metric and service codes must be plain words")
    owner = " ".join(f"WHEN '{r.metric}' THEN '{r.service_code}'" for r in m.itertuples())
    listed = " ".join(f"WHEN '{svc}' THEN '{', '.join(g['metric'])}'"
                      for svc, g in m.groupby("service_code", sort=False))
    rules = [("metric", f"CASE WHEN s.metric IS NOT NULL AND s.service IS NOT NULL AND (CASE s.metric {owner} END) "
                        f"<> s.service THEN 'not a metric of ' || s.service || ' (' || (CASE s.service {listed} END)"
                        " || ')' END")]
    caps = [(r.metric, float(r.max_value)) for r in m.itertuples() if r.max_value == r.max_value]  # not NaN
    if caps:
        rules.append(("value", "CASE " + " ".join(
            f"WHEN s.metric = '{k}' AND s.value > {v!r} THEN 'number too large (at most {v:,g} for {k})'"
            for k, v in caps) + " END"))
    return rules


def unmapped_values(con, raw: str, kind: Kind, columns: tuple[str | None, ...]) -> list[tuple[str, str, int]]:
    """(column, value as written, rows) of the open-vocabulary columns whose value is not in the
    vocabulary, read from the map tables staging_sql made: what to add to vocabularies.csv."""
    out = []
    for i, name in enumerate(columns):
        if name and kind.column(name).type in OPEN_VOCABULARIES:
            out += [(name, text, n) for text, n in con.execute(
                f"SELECT m.text, count(*) FROM {raw} r JOIN {raw}_map_{name} m ON m.raw = r.c{i} "
                "WHERE m.text IS NOT NULL GROUP BY m.text ORDER BY count(*) DESC, m.text").fetchall()]
    return out


def nonblank_sql(columns: tuple[str | None, ...]) -> str:
    """The rows of raw table `r` that are read at all: wholly blank rows are layout, not data."""
    return " OR ".join(f"r.c{i} IS NOT NULL" for i, name in enumerate(columns) if name)
