-- mart_savings_monthly: same grain as mart_adoption_monthly, rows with unit_months > 0.
--   unit_months        adopted units at the month's end = units in use for that month
--   staff_hours_saved  unit_months / 12 x staff_hours_saved_per_unit_year
--   savings_<s>_thb    unit_months x (cost_<s>_thb_per_unit_year / 12) + staff_hours_saved x staff_cost_thb_per_hour
--                      for s in low / mid / high (cost_assumptions; NULL when the service has none).
-- egov/metrics.py:savings applies the same formula to session-edited assumptions; a test proves both
-- agree exactly under the default assumptions.
-- incremental: month  (a month's rows read that month of mart_adoption_monthly only)
CREATE OR REPLACE TABLE mart_savings_monthly AS
WITH units AS (
    SELECT
        month, province_code, ministry_code, level, service_code,
        units AS unit_months,
        CAST(units AS DOUBLE) AS um
    FROM mart_adoption_monthly
    WHERE units > 0
      AND (getvariable('marts_since') IS NULL OR month >= getvariable('marts_since'))
),
hours AS (
    SELECT
        u.*,
        c.cost_low_thb_per_unit_year,
        c.cost_mid_thb_per_unit_year,
        c.cost_high_thb_per_unit_year,
        c.staff_cost_thb_per_hour,
        u.um / 12 * c.staff_hours_saved_per_unit_year AS staff_hours_saved
    FROM units AS u
    LEFT JOIN cost_assumptions AS c ON c.service_code = u.service_code
)
SELECT
    month, province_code, ministry_code, level, service_code,
    unit_months,
    staff_hours_saved,
    um * (cost_low_thb_per_unit_year / 12) + staff_hours_saved * staff_cost_thb_per_hour AS savings_low_thb,
    um * (cost_mid_thb_per_unit_year / 12) + staff_hours_saved * staff_cost_thb_per_hour AS savings_mid_thb,
    um * (cost_high_thb_per_unit_year / 12) + staff_hours_saved * staff_cost_thb_per_hour AS savings_high_thb
FROM hours
ORDER BY month, province_code, ministry_code, level, service_code;
