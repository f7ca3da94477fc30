-- asserts: sum of mart_savings_monthly.unit_months equals sum of fct_agency_service_month.units (per service)
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
WITH f AS (SELECT service_code, sum(units) AS units FROM fct_agency_service_month WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since')) GROUP BY ALL),
     s AS (SELECT service_code, sum(unit_months) AS unit_months FROM mart_savings_monthly WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
           GROUP BY ALL)
SELECT service_code, f.units AS fct_units, s.unit_months AS savings_unit_months
FROM f FULL OUTER JOIN s USING (service_code)
WHERE coalesce(f.units, 0) <> coalesce(s.unit_months, 0)
