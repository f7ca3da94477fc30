-- asserts: per month and service, fct_agency_service_month adopted/active/underused counts and units equal the mart_adoption_monthly sums
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
WITH f AS (
    SELECT month, service_code,
           count(*) FILTER (WHERE adopted) AS adopted,
           count(*) FILTER (WHERE active) AS active,
           count(*) FILTER (WHERE underused) AS underused,
           sum(units) AS units
    FROM fct_agency_service_month WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since')) GROUP BY ALL
),
m AS (
    SELECT month, service_code, sum(adopted) AS adopted, sum(active) AS active,
           sum(underused) AS underused, sum(units) AS units
    FROM mart_adoption_monthly WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since')) GROUP BY ALL
)
SELECT month, service_code, f.adopted AS fct_adopted, m.adopted AS mart_adopted,
       f.active AS fct_active, m.active AS mart_active, f.units AS fct_units, m.units AS mart_units
FROM f FULL OUTER JOIN m USING (month, service_code)
WHERE coalesce(f.adopted, 0) <> coalesce(m.adopted, 0)
   OR coalesce(f.active, 0) <> coalesce(m.active, 0)
   OR coalesce(f.underused, 0) <> coalesce(m.underused, 0)
   OR coalesce(f.units, 0) <> coalesce(m.units, 0)
