-- asserts: in mart_savings_monthly every row has savings with 0 <= low <= mid <= high
SELECT month, province_code, ministry_code, level, service_code, unit_months,
       savings_low_thb, savings_mid_thb, savings_high_thb
FROM mart_savings_monthly
WHERE savings_low_thb IS NULL OR savings_mid_thb IS NULL OR savings_high_thb IS NULL
   OR NOT (0 <= savings_low_thb AND savings_low_thb <= savings_mid_thb AND savings_mid_thb <= savings_high_thb)
