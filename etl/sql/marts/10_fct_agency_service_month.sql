-- fct_agency_service_month: month x agency x service, for months in which the agency was adopted
-- or reported any usage of the service. The one place where adopted, active, idle_months and
-- underused are defined.
--   adopted      a subscription to the service is active at the month's end:
--                start_date <= last day of month AND (end_date IS NULL OR end_date > last day of month)
--                (a subscription ending on the last day of a month is no longer active at that month's end)
--   units        sum of the units of the subscriptions active at the month's end (0 when not adopted)
--   primary_value the service's primary metric (services.primary_metric) that month, NULL when not reported
--   active       adopted AND primary_value > services.active_threshold
--   idle_months  consecutive months, ending this month, in which the agency was adopted and not active
--                (gaps and islands: a month without a row is a month not adopted, so it breaks the run)
--   underused    idle_months >= 3
CREATE OR REPLACE TABLE fct_agency_service_month AS
WITH adopted AS (
    SELECT
        m.month,
        s.agency_id,
        s.service_code,
        CAST(sum(s.units) AS BIGINT) AS units
    FROM subscriptions AS s
    JOIN dim_month AS m
      ON s.start_date <= m.month_end
     AND coalesce(s.end_date, DATE '9999-12-31') > m.month_end
    GROUP BY ALL
),
used AS (
    SELECT
        u.month,
        u.agency_id,
        u.service_code,
        sum(u.value) FILTER (WHERE u.metric = sv.primary_metric) AS primary_value
    FROM usage_monthly AS u
    JOIN services AS sv ON sv.service_code = u.service_code
    GROUP BY ALL
),
joined AS (
    SELECT
        month,
        agency_id,
        service_code,
        a.units IS NOT NULL AS adopted,
        coalesce(a.units, 0) AS units,
        u.primary_value
    FROM adopted AS a
    FULL OUTER JOIN used AS u USING (month, agency_id, service_code)
),
flagged AS (
    SELECT
        j.month,
        j.agency_id,
        j.service_code,
        ag.province_code,
        ag.ministry_code,
        ag.level,
        j.adopted,
        j.units,
        j.primary_value,
        j.adopted AND coalesce(j.primary_value > sv.active_threshold, false) AS active,
        j.adopted AND NOT coalesce(j.primary_value > sv.active_threshold, false) AS idle
    FROM joined AS j
    JOIN dim_agency AS ag ON ag.agency_id = j.agency_id
    JOIN services AS sv ON sv.service_code = j.service_code
),
islands AS (
    SELECT
        *,
        date_diff('month', DATE '2000-01-01', month)
          - row_number() OVER (PARTITION BY agency_id, service_code, idle ORDER BY month) AS island
    FROM flagged
),
runs AS (
    SELECT
        * EXCLUDE (idle, island),
        CASE WHEN idle
             THEN row_number() OVER (PARTITION BY agency_id, service_code, idle, island ORDER BY month)
             ELSE 0 END AS idle_months
    FROM islands
)
SELECT
    month, agency_id, service_code, province_code, ministry_code, level,
    adopted, units, primary_value, active,
    CAST(idle_months AS INTEGER) AS idle_months,
    idle_months >= 3 AS underused
FROM runs;  -- no ORDER BY: sorting ~5M rows costs more than it saves the readers
