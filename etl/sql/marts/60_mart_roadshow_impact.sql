-- mart_roadshow_impact: event x visited province x service. An ESTIMATE, labelled so in the UI.
--   m               the event's month
--   rate_before     the province's adoption rate (adopted / eligible) at m - 3 months
--   rate_after      the same at m + 6 months
--   change_visited  rate_after - rate_before
--   change_others   the same change pooled (sum adopted / sum eligible) over the provinces with NO
--                   event of any kind in the window [m - 3, m + 6]
--   impact_pp       (change_visited - change_others) x 100, in percentage points
-- All five are NULL when m + 6 is after the last month of the data. A month before the first month
-- of the data has no subscription yet (the data start at the first subscription), so 0 adopted.
CREATE OR REPLACE TABLE mart_roadshow_impact AS
WITH last AS (
    SELECT max(month) AS last_month FROM dim_month
),
province_month AS (
    SELECT month, province_code, service_code, sum(adopted) AS adopted
    FROM mart_adoption_monthly
    GROUP BY ALL
),
province_eligible AS (
    SELECT province_code, service_code, sum(eligible) AS eligible
    FROM mart_adoption_monthly, last
    WHERE month = last.last_month
    GROUP BY ALL
),
ev AS (
    SELECT
        event_id, province_code, event_date,
        CAST(date_trunc('month', event_date) AS DATE) AS m,
        CAST(date_trunc('month', event_date) - INTERVAL 3 MONTH AS DATE) AS m_before,
        CAST(date_trunc('month', event_date) + INTERVAL 6 MONTH AS DATE) AS m_after
    FROM events
),
windows AS (
    SELECT DISTINCT m, m_before, m_after FROM ev
),
busy AS (  -- provinces with any event inside each window
    SELECT DISTINCT w.m, e.province_code
    FROM windows AS w
    JOIN ev AS e ON e.m BETWEEN w.m_before AND w.m_after
),
others AS (
    SELECT
        w.m,
        pe.service_code,
        sum(coalesce(pb.adopted, 0)) AS adopted_before,
        sum(coalesce(pa.adopted, 0)) AS adopted_after,
        sum(pe.eligible) AS eligible
    FROM windows AS w
    CROSS JOIN province_eligible AS pe
    ANTI JOIN busy AS b ON b.m = w.m AND b.province_code = pe.province_code
    LEFT JOIN province_month AS pb
      ON pb.month = w.m_before AND pb.province_code = pe.province_code AND pb.service_code = pe.service_code
    LEFT JOIN province_month AS pa
      ON pa.month = w.m_after AND pa.province_code = pe.province_code AND pa.service_code = pe.service_code
    GROUP BY ALL
),
rates AS (
    SELECT
        e.event_id, e.province_code, e.event_date, s.service_code,
        e.m_after <= last.last_month AS in_data,
        coalesce(pb.adopted, 0) / nullif(pe.eligible, 0) AS rate_before,
        coalesce(pa.adopted, 0) / nullif(pe.eligible, 0) AS rate_after,
        o.adopted_after / nullif(o.eligible, 0) - o.adopted_before / nullif(o.eligible, 0) AS change_others
    FROM ev AS e
    CROSS JOIN services AS s
    CROSS JOIN last
    LEFT JOIN province_eligible AS pe
      ON pe.province_code = e.province_code AND pe.service_code = s.service_code
    LEFT JOIN province_month AS pb
      ON pb.month = e.m_before AND pb.province_code = e.province_code AND pb.service_code = s.service_code
    LEFT JOIN province_month AS pa
      ON pa.month = e.m_after AND pa.province_code = e.province_code AND pa.service_code = s.service_code
    LEFT JOIN others AS o
      ON o.m = e.m AND o.service_code = s.service_code
)
SELECT
    event_id,
    province_code,
    event_date,
    service_code,
    CASE WHEN in_data THEN CAST(rate_before AS DOUBLE) END AS rate_before,
    CASE WHEN in_data THEN CAST(rate_after AS DOUBLE) END AS rate_after,
    CASE WHEN in_data THEN CAST(rate_after - rate_before AS DOUBLE) END AS change_visited,
    CASE WHEN in_data THEN CAST(change_others AS DOUBLE) END AS change_others,
    CASE WHEN in_data THEN CAST(((rate_after - rate_before) - change_others) * 100 AS DOUBLE) END AS impact_pp
FROM rates
ORDER BY event_date, event_id, province_code, service_code;
