-- mart_underused: the underused agency-service-months of fct_agency_service_month (underused: adopted and
-- not active for 3+ consecutive months), with what the Underuse page's action list shows, so that the
-- page reads a few thousand rows per month instead of scanning the agency-grain fact table twice.
--   idle_months, units, province_code, ministry_code, level   as in fct_agency_service_month
--   idle_since    the first month of the idle run: month - (idle_months - 1)
--   last_active   the latest month up to this month in which the service was active for the agency
--                 (NULL when never); the months of the idle run are not active, so it is the latest
--                 active month before idle_since, the same for every month of a run
-- Stored in month order: the page reads one month.
-- incremental: month  (a month's rows read fct_agency_service_month up to that month only)
CREATE OR REPLACE TABLE mart_underused AS
WITH u AS (
    SELECT
        month, agency_id, service_code, province_code, ministry_code, level, idle_months, units,
        CAST(month - to_months(idle_months - 1) AS DATE) AS idle_since
    FROM fct_agency_service_month
    WHERE underused
      AND (getvariable('marts_since') IS NULL OR month >= getvariable('marts_since'))
),
runs AS (
    SELECT DISTINCT agency_id, service_code, idle_since FROM u
),
la AS (
    SELECT r.agency_id, r.service_code, r.idle_since, max(x.month) AS last_active
    FROM runs AS r
    JOIN fct_agency_service_month AS x
      ON x.agency_id = r.agency_id
     AND x.service_code = r.service_code
     AND x.active
     AND x.month < r.idle_since
    GROUP BY ALL
)
SELECT u.month, u.agency_id, u.service_code, u.province_code, u.ministry_code, u.level, u.idle_months, u.units,
       u.idle_since, la.last_active
FROM u
LEFT JOIN la USING (agency_id, service_code, idle_since)
ORDER BY u.month, u.agency_id, u.service_code;
