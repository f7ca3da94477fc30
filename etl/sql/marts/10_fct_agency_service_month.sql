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
--
-- How (for speed at national scale, ~10M usage rows; the definitions above do not depend on it):
--   * the subscription-months and the usage rows are stacked and grouped ONCE by (month, agency,
--     service), instead of two group-bys joined by a full outer join;
--   * agencies and services get small integer keys (ak, sk) for the joins and windows inside this model;
--   * the idle runs are numbered over the idle rows only (about a tenth of the rows; a run is made of
--     idle rows alone, so the other rows cannot change it) and joined back; every other row has 0.
-- incremental: month
--   Only the months from getvariable('marts_since') on (NULL: all; etl/marts.py). A month's row depends on
--   that month alone except idle_months, which continues the idle run that ended the month before: its
--   length there is marts_idle_carry (etl/marts.py; empty in a full build), added to the run that starts
--   at marts_since.
CREATE OR REPLACE TABLE fct_agency_service_month AS
WITH sv AS (  -- services, with a small integer key
    SELECT
        service_code, primary_metric, active_threshold,
        CAST(row_number() OVER (ORDER BY service_code) AS INTEGER) AS sk
    FROM services
),
ag AS (  -- the agencies the marts group by (dim_agency), with a small integer key
    SELECT
        agency_id, province_code, ministry_code, level,
        CAST(row_number() OVER (ORDER BY agency_id) AS INTEGER) AS ak
    FROM dim_agency
),
facts AS (
    -- adopted: one row per subscription active at the month's end, with its units ...
    SELECT m.month, s.agency_id, s.service_code, s.units,
           CAST(NULL AS DOUBLE) AS value, false AS is_primary
    FROM subscriptions AS s
    JOIN dim_month AS m
      ON s.start_date <= m.month_end
     AND coalesce(s.end_date, DATE '9999-12-31') > m.month_end
    WHERE getvariable('marts_since') IS NULL OR m.month >= getvariable('marts_since')
    UNION ALL
    -- ... used: one row per usage row (any metric), marked when it is the service's primary metric
    SELECT u.month, u.agency_id, u.service_code, NULL,
           u.value, u.metric = sv.primary_metric
    FROM usage_monthly AS u
    JOIN sv ON sv.service_code = u.service_code
    WHERE getvariable('marts_since') IS NULL OR u.month >= getvariable('marts_since')
),
joined AS (
    SELECT
        month,
        agency_id,
        service_code,
        CAST(sum(units) AS BIGINT) AS adopted_units,   -- NULL: no subscription active at the month's end
        sum(value) FILTER (WHERE is_primary) AS primary_value
    FROM facts
    GROUP BY ALL
),
flagged AS (
    SELECT
        j.month,
        ag.ak,
        sv.sk,
        j.adopted_units IS NOT NULL AS adopted,
        coalesce(j.adopted_units, 0) AS units,
        j.primary_value,
        j.adopted_units IS NOT NULL AND coalesce(j.primary_value > sv.active_threshold, false) AS active,
        j.adopted_units IS NOT NULL AND NOT coalesce(j.primary_value > sv.active_threshold, false) AS idle
    FROM joined AS j
    JOIN ag ON ag.agency_id = j.agency_id
    JOIN sv ON sv.service_code = j.service_code
),
islands AS (  -- idle rows only: consecutive months share an island
    SELECT
        ak, sk, month,
        date_diff('month', DATE '2000-01-01', month)
          - row_number() OVER (PARTITION BY ak, sk ORDER BY month) AS island
    FROM flagged
    WHERE idle
),
carry AS (  -- the idle run ending the month before marts_since, per agency and service
    SELECT ag.ak, sv.sk, c.idle_months
    FROM marts_idle_carry AS c
    JOIN ag ON ag.agency_id = c.agency_id
    JOIN sv ON sv.service_code = c.service_code
),
runs AS (
    SELECT
        i.ak, i.sk, i.month,
        row_number() OVER (PARTITION BY i.ak, i.sk, i.island ORDER BY i.month)
          -- only the island whose first month is marts_since has this island number
          + CASE WHEN i.island = date_diff('month', DATE '2000-01-01', getvariable('marts_since')) - 1
                 THEN coalesce(c.idle_months, 0) ELSE 0 END AS idle_months
    FROM islands AS i
    LEFT JOIN carry AS c ON c.ak = i.ak AND c.sk = i.sk
)
SELECT
    f.month, ag.agency_id, sv.service_code, ag.province_code, ag.ministry_code, ag.level,
    f.adopted, f.units, f.primary_value, f.active,
    CAST(coalesce(r.idle_months, 0) AS INTEGER) AS idle_months,
    coalesce(r.idle_months, 0) >= 3 AS underused
FROM flagged AS f
LEFT JOIN runs AS r ON r.ak = f.ak AND r.sk = f.sk AND r.month = f.month
JOIN ag ON ag.ak = f.ak
JOIN sv ON sv.sk = f.sk
-- Stored in agency, service, month order (ak and sk follow agency_id and service_code), so that the
-- dashboard's lookups by agency and service (the underused list) skip most of the table: in hash order
-- they were about 3x slower. The sort costs about 0.5 s at national scale.
ORDER BY f.ak, f.sk, f.month;
