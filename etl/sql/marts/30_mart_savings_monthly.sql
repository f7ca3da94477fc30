-- mart_savings_monthly: same grain as mart_adoption_monthly, rows with unit_months > 0.
--   unit_months        adopted units at the month's end = units in use for that month
--   staff_hours_saved  staff_hours_saved(unit_months, ...) and
--   savings_<s>_thb    savings_thb(unit_months, cost_<s>_thb_per_unit_year, ...) for s in low / mid / high:
--                      the macros of etl/sql/definitions.sql under cost_assumptions (NULL when the service
--                      has none). The Savings page calls the same macros under session-edited assumptions.
-- incremental: month  (a month's rows read that month of mart_adoption_monthly only)
CREATE OR REPLACE TABLE mart_savings_monthly AS
SELECT
    u.month, u.province_code, u.ministry_code, u.level, u.service_code,
    u.units AS unit_months,
    staff_hours_saved(u.units, c.staff_hours_saved_per_unit_year) AS staff_hours_saved,
    savings_thb(u.units, c.cost_low_thb_per_unit_year, c.staff_hours_saved_per_unit_year,
                c.staff_cost_thb_per_hour) AS savings_low_thb,
    savings_thb(u.units, c.cost_mid_thb_per_unit_year, c.staff_hours_saved_per_unit_year,
                c.staff_cost_thb_per_hour) AS savings_mid_thb,
    savings_thb(u.units, c.cost_high_thb_per_unit_year, c.staff_hours_saved_per_unit_year,
                c.staff_cost_thb_per_hour) AS savings_high_thb
FROM mart_adoption_monthly AS u
LEFT JOIN cost_assumptions AS c ON c.service_code = u.service_code
WHERE u.units > 0
  AND (getvariable('marts_since') IS NULL OR u.month >= getvariable('marts_since'))
ORDER BY u.month, u.province_code, u.ministry_code, u.level, u.service_code;
