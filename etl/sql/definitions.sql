-- The metric definitions, as DuckDB macros stored in the warehouse: the one place each is written.
-- etl/marts.py creates them on every build (full and incremental), each before the marts that call it,
-- so every published warehouse carries them. The marts call them unfiltered and the dashboard's reads
-- (egov/reads/) call them with the filters as ? parameters, so a filtered number and the unfiltered one
-- agree by construction; they work on the dashboard's read-only connection (egov/db.py). Python never
-- restates them: a read that needs one asks the warehouse (the one number Python's own month arithmetic
-- needs, window_months(), egov/metrics.py reads from this file).
-- DuckDB binds the tables a macro reads when the macro is created: a macro reading a mart says
-- `-- after: <table>` and etl/marts.py creates it once that table is built; the others come first.
-- tests/test_one_definition.py checks each metric, under each filter, against pandas on the core tables.

-- satisfied(score): a feedback response is satisfied when it scores 4 or 5 of the 1-5 scale.
CREATE OR REPLACE MACRO satisfied(score) AS score >= 4
;

-- in_filter(chosen, value): a filter's list of codes, NULL or empty = every value.
CREATE OR REPLACE MACRO in_filter(chosen, value) AS coalesce(len(chosen), 0) = 0 OR list_contains(chosen, value)
;

-- data_last_month(): the latest month of the data (dim_month, etl/sql/marts/01_dim_month.sql).
-- after: dim_month
CREATE OR REPLACE MACRO data_last_month() AS (SELECT max(month) FROM dim_month)
;

-- The 12-month window: the window_months() months ending with last_month (a month's first day), i.e.
-- from window_start(last_month) to the last day of last_month. in_window(day, last_month) takes a month
-- (its first day) or a date. egov/metrics.py reads window_months() from this file (WINDOW_MONTHS) for the
-- periods Python sets (the briefing's and the digest's year, the "last 12 months" preset).
CREATE OR REPLACE MACRO window_months() AS 12
;
CREATE OR REPLACE MACRO window_start(last_month) AS CAST(last_month - to_months(window_months() - 1) AS DATE)
;
CREATE OR REPLACE MACRO in_window(day, last_month) AS
    day >= window_start(last_month) AND day <= last_day(last_month)
;

-- Savings of unit_months (adopted units at a month's end, summed over months: units in use x months)
-- under one service's assumptions (cost_assumptions, or assumptions edited in a session):
--   staff_hours_saved = unit_months / 12 x staff hours saved per unit-year
--   savings_thb       = unit_months x (cost per unit-year / 12) + staff_hours_saved x staff cost per hour
-- called once per scenario (low / mid / high cost); NULL when the service has no assumptions.
CREATE OR REPLACE MACRO staff_hours_saved(unit_months, hours_per_unit_year) AS
    CAST(unit_months AS DOUBLE) / 12 * hours_per_unit_year
;
CREATE OR REPLACE MACRO savings_thb(unit_months, cost_per_unit_year, hours_per_unit_year, staff_cost_per_hour) AS
    CAST(unit_months AS DOUBLE) * (cost_per_unit_year / 12)
    + staff_hours_saved(unit_months, hours_per_unit_year) * staff_cost_per_hour
;

-- The contact center's tickets (etl/sql/marts/50_mart_tickets_monthly.sql, 55_mart_tickets_hourly.sql, and
-- egov/reads/tickets.py under the filters and for medians).
-- ticket_month(ts): the month (its first day) a ticket counts in: opened in ticket_month(opened_at), closed in
-- ticket_month(closed_at).
CREATE OR REPLACE MACRO ticket_month(ts) AS CAST(date_trunc('month', ts) AS DATE)
;
-- hours_to_close(opened_at, closed_at): the hours from a ticket's opening to its closing (to the
-- microsecond); NULL while it is open. Counted in the month it was closed.
CREATE OR REPLACE MACRO hours_to_close(opened_at, closed_at) AS
    date_diff('microsecond', opened_at, closed_at) / 3600e6
;
-- in_backlog(opened_at, closed_at, end_exclusive): the ticket is in the backlog at the moment end_exclusive
-- (a month's backlog: the next month's first day): opened before it and not closed by then. Month by month
-- (the mart, ticket_monthly) it is counted as the running sum of the tickets opened minus those closed per
-- ticket_month: the same tickets, since none is closed before it was opened (the data check valid_tickets);
-- tests/test_one_definition.py compares the two.
CREATE OR REPLACE MACRO in_backlog(opened_at, closed_at, end_exclusive) AS
    opened_at < end_exclusive AND (closed_at IS NULL OR closed_at >= end_exclusive)
;
-- ticket_weekday(ts), ticket_hour(ts): when a ticket arrived, by the hour of the week: weekday 1 = Monday ...
-- 7 = Sunday, hour 0-23, of the opened_at timestamp as recorded (the center runs around the clock).
CREATE OR REPLACE MACRO ticket_weekday(ts) AS CAST(isodow(ts) AS INTEGER)
;
CREATE OR REPLACE MACRO ticket_hour(ts) AS CAST(hour(ts) AS INTEGER)
;

-- opportunity_issues(ministry_codes, level_codes, service_codes): feedback naming a problem (issue not
-- NULL and not 'none') dated in the 12-month window to the latest month of the data, per province and
-- issue. The ministry and level filters apply through the responding agency (a response naming no agency
-- counts only when neither is set, even under level 'unknown'), the service filter to the response's
-- service (a response naming none counts only when it is not set).
-- after: dim_agency
CREATE OR REPLACE MACRO opportunity_issues(ministry_codes, level_codes, service_codes) AS TABLE
SELECT fb.province_code, fb.issue, count(*) AS responses
FROM feedback AS fb
LEFT JOIN dim_agency AS a ON a.agency_id = fb.agency_id
WHERE fb.issue IS NOT NULL AND fb.issue <> 'none'
  AND in_window(fb.response_date, data_last_month())
  AND in_filter(ministry_codes, a.ministry_code)
  AND in_filter(level_codes, a.level)
  AND in_filter(service_codes, fb.service_code)
GROUP BY ALL
;

-- opportunity(ministry_codes, level_codes, service_codes): one row per province at the latest month of the data
-- ("where to go next"), counting the agencies of those ministries and levels and those services
-- (NULL or empty = all; etl/sql/marts/70_mart_opportunity.sql calls it with none).
--   eligible                   agencies in the province
--   not_adopted                agency-service pairs not adopted = sum over services of (eligible - adopted)
--   potential_savings_mid_thb  sum over services of (eligible - adopted) x the national mean mid saving
--                              per adopted agency-year of that service: national savings_mid over the
--                              12-month window / (adopted agency-months over it / 12). The mean is
--                              national whatever the filters (it prices a service, whoever adopts it).
--   open_issues                opportunity_issues summed over the issues
--   open_tickets               tickets not closed (closed_at NULL), province via the ticket's agency
--   score                      potential_savings_mid_thb; rank 1 = highest score (ties share a rank)
-- Provinces: every province of the reference table or of an agency.
-- after: mart_savings_monthly
CREATE OR REPLACE MACRO opportunity(ministry_codes, level_codes, service_codes) AS TABLE
WITH last AS (
    SELECT data_last_month() AS last_month
),
national AS (
    SELECT
        s.service_code,
        sv.savings_mid / nullif(ad.agency_months / 12, 0) AS mid_per_agency_year
    FROM services AS s
    LEFT JOIN (
        SELECT service_code, sum(savings_mid_thb) AS savings_mid
        FROM mart_savings_monthly, last
        WHERE in_window(month, last.last_month)
        GROUP BY ALL
    ) AS sv ON sv.service_code = s.service_code
    LEFT JOIN (
        SELECT service_code, CAST(sum(adopted) AS DOUBLE) AS agency_months
        FROM mart_adoption_monthly, last
        WHERE in_window(month, last.last_month)
        GROUP BY ALL
    ) AS ad ON ad.service_code = s.service_code
),
gap AS (
    SELECT
        m.province_code,
        CAST(sum(m.eligible - m.adopted) AS BIGINT) AS not_adopted,
        sum((m.eligible - m.adopted) * n.mid_per_agency_year) AS potential_savings_mid_thb
    FROM mart_adoption_monthly AS m
    JOIN last ON m.month = last.last_month
    LEFT JOIN national AS n ON n.service_code = m.service_code
    WHERE in_filter(ministry_codes, m.ministry_code)
      AND in_filter(level_codes, m.level)
      AND in_filter(service_codes, m.service_code)
    GROUP BY ALL
),
eligible AS (
    SELECT a.province_code, count(*) AS eligible
    FROM dim_agency AS a
    WHERE in_filter(ministry_codes, a.ministry_code) AND in_filter(level_codes, a.level)
    GROUP BY ALL
),
issues AS (
    SELECT province_code, CAST(sum(responses) AS BIGINT) AS open_issues
    FROM opportunity_issues(ministry_codes, level_codes, service_codes)
    GROUP BY ALL
),
tix AS (
    SELECT a.province_code, count(*) AS open_tickets
    FROM tickets AS t
    JOIN dim_agency AS a ON a.agency_id = t.agency_id
    WHERE t.closed_at IS NULL
      AND in_filter(ministry_codes, a.ministry_code)
      AND in_filter(level_codes, a.level)
      AND in_filter(service_codes, t.service_code)
    GROUP BY ALL
),
province AS (
    SELECT province_code FROM provinces
    UNION
    SELECT province_code FROM dim_agency
),
scored AS (
    SELECT
        p.province_code,
        last.last_month AS month,
        coalesce(e.eligible, 0) AS eligible,
        coalesce(g.not_adopted, 0) AS not_adopted,
        coalesce(g.potential_savings_mid_thb, 0.0) AS potential_savings_mid_thb,
        coalesce(i.open_issues, 0) AS open_issues,
        coalesce(k.open_tickets, 0) AS open_tickets
    FROM province AS p
    CROSS JOIN last
    LEFT JOIN eligible AS e ON e.province_code = p.province_code
    LEFT JOIN gap AS g ON g.province_code = p.province_code
    LEFT JOIN issues AS i ON i.province_code = p.province_code
    LEFT JOIN tix AS k ON k.province_code = p.province_code
    WHERE last.last_month IS NOT NULL
)
SELECT
    *,
    potential_savings_mid_thb AS score,
    CAST(rank() OVER (ORDER BY potential_savings_mid_thb DESC) AS INTEGER) AS rank
FROM scored
;
