"""The SQL cleaning of ids and free text must agree with etl.normalize.clean_text, the definition."""

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.normalize import clean_text, thai_digits
from etl.stage import sql_clean_id, sql_clean_text

NOISE = "\u200b\u200c\u200d\u2060\ufeff\u00a0\u2003\u202f\u3000 \t"
texty = st.text(alphabet=st.sampled_from(list("AGอกขำ้่ิ๐๑๙09 -_.,/") + list(NOISE)), max_size=20)

con = duckdb.connect()


def sql(expr: str, value: str):
    return con.execute(f"SELECT {expr} FROM (SELECT ?::VARCHAR AS c)", [value]).fetchall()[0][0]


@settings(max_examples=300, deadline=None)
@given(texty)
def test_sql_clean_text_matches_python(s):
    assert sql(sql_clean_text("c"), s) == clean_text(s)


@settings(max_examples=300, deadline=None)
@given(texty)
def test_sql_clean_id_is_clean_text_with_arabic_digits(s):
    expected = clean_text(s)
    assert sql(sql_clean_id("c"), s) == (thai_digits(expected) if expected else None)


def test_examples():
    assert sql(sql_clean_id("c"), "\u200b AG๐๐๒\u00a0") == "AG002"
    assert sql(sql_clean_text("c"), "  สำนักงาน\u00a0\u00a0พาณิชย์  ") == "สำนักงาน พาณิชย์"
