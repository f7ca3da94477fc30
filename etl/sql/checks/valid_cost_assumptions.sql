-- asserts: every service has cost assumptions, with 0 <= low <= mid <= high and non-negative staff figures
SELECT s.service_code, c.cost_low_thb_per_unit_year, c.cost_mid_thb_per_unit_year, c.cost_high_thb_per_unit_year
FROM services AS s
LEFT JOIN cost_assumptions AS c ON c.service_code = s.service_code
WHERE c.service_code IS NULL
   OR NOT (0 <= c.cost_low_thb_per_unit_year
           AND c.cost_low_thb_per_unit_year <= c.cost_mid_thb_per_unit_year
           AND c.cost_mid_thb_per_unit_year <= c.cost_high_thb_per_unit_year
           AND c.staff_hours_saved_per_unit_year >= 0
           AND c.staff_cost_thb_per_hour >= 0)
