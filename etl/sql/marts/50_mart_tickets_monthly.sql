-- mart_tickets_monthly: month x province x service x category x channel (province via the ticket's
-- agency; NULL when the ticket names no known agency).
-- The definitions are the macros of etl/sql/definitions.sql (egov/reads/tickets.py calls them too):
--   opened              tickets opened that month (ticket_month(opened_at))
--   closed              tickets closed that month (ticket_month(closed_at))
--   hours_to_close_sum  sum of hours_to_close over the tickets closed that month
--   backlog_end         tickets in_backlog at the month's end, counted as the running sum of opened - closed
-- Months: from the first ticket month (or the first month of the data, if earlier) to the last
-- month of the data (or the last ticket month, if later); a row is kept when anything was opened,
-- closed or still open in it.
CREATE OR REPLACE TABLE mart_tickets_monthly AS
WITH t AS (
    SELECT
        a.province_code,
        tk.service_code,
        tk.category,
        tk.channel,
        ticket_month(tk.opened_at) AS open_month,
        ticket_month(tk.closed_at) AS close_month,
        hours_to_close(tk.opened_at, tk.closed_at) AS hours_to_close
    FROM tickets AS tk
    LEFT JOIN dim_agency AS a ON a.agency_id = tk.agency_id
),
bounds AS (
    SELECT
        least(min(open_month), (SELECT min(month) FROM dim_month)) AS first_month,
        greatest(max(open_month), max(close_month), (SELECT max(month) FROM dim_month)) AS last_month
    FROM t
),
months AS (
    SELECT CAST(m AS DATE) AS month
    FROM bounds, generate_series(bounds.first_month, bounds.last_month, INTERVAL 1 MONTH) AS g(m)
    WHERE bounds.first_month IS NOT NULL
),
cells AS (
    SELECT province_code, service_code, category, channel, min(open_month) AS first_month
    FROM t
    GROUP BY ALL
),
flows AS (
    -- every cell from its first ticket month on (so the backlog is carried through quiet months) ...
    SELECT m.month, c.province_code, c.service_code, c.category, c.channel,
           0 AS opened, 0 AS closed, 0.0::DOUBLE AS hours_to_close
    FROM cells AS c JOIN months AS m ON m.month >= c.first_month
    UNION ALL
    -- ... plus one +1 in the month each ticket was opened ...
    SELECT open_month, province_code, service_code, category, channel, 1, 0, 0.0::DOUBLE
    FROM t
    UNION ALL
    -- ... and one closing in the month it was closed.
    SELECT close_month, province_code, service_code, category, channel, 0, 1, hours_to_close
    FROM t
    WHERE close_month IS NOT NULL
),
monthly AS (
    SELECT
        month, province_code, service_code, category, channel,
        CAST(sum(opened) AS BIGINT) AS opened,
        CAST(sum(closed) AS BIGINT) AS closed,
        sum(hours_to_close) AS hours_to_close_sum
    FROM flows
    GROUP BY ALL
),
backlog AS (
    SELECT
        *,
        CAST(sum(opened - closed) OVER (
            PARTITION BY province_code, service_code, category, channel
            ORDER BY month ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS backlog_end
    FROM monthly
)
SELECT month, province_code, service_code, category, channel,
       opened, closed, hours_to_close_sum, backlog_end
FROM backlog
WHERE opened > 0 OR closed > 0 OR backlog_end > 0
ORDER BY month, province_code, service_code, category, channel;
