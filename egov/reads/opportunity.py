"""Opportunity reads of the underuse page and the briefing: provinces ranked by what adoption would
save, with the open problems there: the opportunity macros of etl/sql/definitions.sql, read from
mart_opportunity (the macro with no filter) or called with the filters."""

from __future__ import annotations

import pandas as pd

from egov import db
from egov.filters import Filters, and_, where
from egov.read_cache import cached


def _macro_lists(f: Filters) -> list:
    """The ? parameters of the opportunity table macros of etl/sql/definitions.sql: the ministry, level and
    service lists (empty: all; mart_opportunity is opportunity() called with none)."""
    return [list(f.ministries), list(f.levels), list(f.services)]


@cached
def opportunity(f: Filters) -> pd.DataFrame:
    """Provinces in the filter's area ranked by opportunity at the latest month of the data (whatever
    the period: it is about where to go next): mart_opportunity, or the opportunity macro it is built with
    (etl/sql/definitions.sql) called with the ministry, level and service filters when any is set. rank is
    among all provinces under those filters; provinces without an eligible agency are left out."""
    if f.ministries or f.levels or f.services:
        src, params = "SELECT * FROM opportunity(?::VARCHAR[], ?::VARCHAR[], ?::VARCHAR[])", _macro_lists(f)
    else:
        src, params = "SELECT * FROM mart_opportunity", []
    g_conds, g_params = where(f, alias="o", ministry=False, level=False, service=False)
    return db.query(
        f"""SELECT o.province_code, p.iso_code, p.name_th, p.name_en, p.region4, p.region6, o.month, o.eligible,
                   o.not_adopted, o.potential_savings_mid_thb, o.open_issues, o.open_tickets, o.score, o.rank
            FROM ({src}) o JOIN provinces p ON p.province_code = o.province_code
            WHERE o.eligible > 0 AND {and_(g_conds)} ORDER BY o.rank, p.name_en""",
        params + g_params,
    )


@cached
def opportunity_issues(f: Filters) -> pd.DataFrame:
    """Feedback naming a problem in the 12 months to the latest month of the data, per province and
    issue (the open_issues of opportunity(), by category: the opportunity_issues macro of
    etl/sql/definitions.sql), under the filters."""
    conds, params = where(f, alias="i", ministry=False, level=False, service=False)
    return db.query(
        f"""SELECT i.province_code, i.issue, v.name_th, v.name_en, i.responses
            FROM opportunity_issues(?::VARCHAR[], ?::VARCHAR[], ?::VARCHAR[]) i
            LEFT JOIN vocabularies v ON v.vocabulary = 'feedback_issue' AND v.code = i.issue
            WHERE {and_(conds)}
            ORDER BY i.province_code, i.responses DESC, i.issue""",
        _macro_lists(f) + params,
    )


@cached
def briefing_opportunity(province: str) -> pd.DataFrame:
    """The province's row of mart_opportunity (latest month of data) and n_ranked, the provinces ranked."""
    return db.query(
        """SELECT o.*, (SELECT count(*) FROM mart_opportunity) AS n_ranked
           FROM mart_opportunity o WHERE o.province_code = ?""",
        [province],
    )


@cached
def briefing_opportunities(provinces: tuple[str, ...]) -> pd.DataFrame:
    """mart_opportunity rows of several provinces (best rank first), with n_ranked, the provinces ranked."""
    return db.query(
        """SELECT o.*, (SELECT count(*) FROM mart_opportunity) AS n_ranked
           FROM mart_opportunity o WHERE list_contains(?, o.province_code) ORDER BY o.rank, o.province_code""",
        [list(provinces)],
    )
