-- dim_month: the months of the data, one row per month (first day), generated in SQL.
-- Definition: every month from the earliest month of any subscription start or usage row to the
-- latest usage month (when there is no usage at all: the latest subscription start month).
-- Every dense mart takes its months from here, so this is the one place the data's time span is defined.
CREATE OR REPLACE TABLE dim_month AS
WITH sub AS (
    SELECT min(start_date) AS first_day, max(start_date) AS last_day FROM subscriptions
),
use AS (
    SELECT min(month) AS first_day, max(month) AS last_day FROM usage_monthly
),
bounds AS (
    SELECT
        CAST(date_trunc('month', least(sub.first_day, use.first_day)) AS DATE) AS first_month,
        CAST(date_trunc('month', coalesce(use.last_day, sub.last_day)) AS DATE) AS last_month
    FROM sub, use
)
SELECT
    CAST(m AS DATE) AS month,
    last_day(CAST(m AS DATE)) AS month_end
FROM bounds, generate_series(bounds.first_month, bounds.last_month, INTERVAL 1 MONTH) AS t(m)
WHERE bounds.first_month IS NOT NULL
ORDER BY month;
