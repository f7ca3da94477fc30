-- asserts: fct_agency_service_month has one row per (month, agency_id, service_code)
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
-- Exact, in two steps as in unique_usage_monthly: hashes of the key met twice in sorted order, then
-- the rows with those hashes grouped by the key itself.
WITH hashed AS (
    SELECT hash(month, agency_id, service_code) AS h FROM fct_agency_service_month
    WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
),
repeated AS (
    SELECT DISTINCT h
    FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous_h FROM hashed)
    WHERE h = previous_h
)
SELECT month, agency_id, service_code, count(*) AS n
FROM fct_agency_service_month
WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
  AND hash(month, agency_id, service_code) IN (SELECT h FROM repeated)
GROUP BY ALL HAVING count(*) > 1
