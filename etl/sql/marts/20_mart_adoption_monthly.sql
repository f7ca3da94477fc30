-- mart_adoption_monthly: month x province x ministry x level x service, dense over every month of
-- the data (dim_month) and every cell that has agencies.
--   eligible   agencies in the cell (agencies are not dated, so the same every month)
--   adopted / active / underused   agencies counted from fct_agency_service_month
--   units      adopted units at the month's end
-- incremental: month  (a month's rows read that month of fct_agency_service_month only)
CREATE OR REPLACE TABLE mart_adoption_monthly AS
WITH cells AS (
    SELECT province_code, ministry_code, level, count(*) AS eligible
    FROM dim_agency
    GROUP BY ALL
),
counts AS (
    SELECT
        month, province_code, ministry_code, level, service_code,
        count(*) FILTER (WHERE adopted) AS adopted,
        count(*) FILTER (WHERE active) AS active,
        count(*) FILTER (WHERE underused) AS underused,
        CAST(sum(units) AS BIGINT) AS units
    FROM fct_agency_service_month
    WHERE getvariable('marts_since') IS NULL OR month >= getvariable('marts_since')
    GROUP BY ALL
)
SELECT
    m.month,
    c.province_code,
    c.ministry_code,
    c.level,
    s.service_code,
    c.eligible,
    coalesce(f.adopted, 0) AS adopted,
    coalesce(f.active, 0) AS active,
    coalesce(f.underused, 0) AS underused,
    coalesce(f.units, 0) AS units
FROM dim_month AS m
CROSS JOIN cells AS c
CROSS JOIN services AS s
LEFT JOIN counts AS f
  ON f.month = m.month
 AND f.province_code = c.province_code
 AND f.ministry_code = c.ministry_code
 AND f.level = c.level
 AND f.service_code = s.service_code
WHERE getvariable('marts_since') IS NULL OR m.month >= getvariable('marts_since')
ORDER BY m.month, c.province_code, c.ministry_code, c.level, s.service_code;
