-- asserts: in fct_agency_service_month active and underused imply adopted, underused = idle_months >= 3, units = 0 when not adopted
SELECT month, agency_id, service_code, adopted, active, idle_months, underused, units
FROM fct_agency_service_month
WHERE (active AND NOT adopted)
   OR (underused AND (NOT adopted OR active))
   OR underused <> (idle_months >= 3)
   OR (NOT adopted AND (units <> 0 OR idle_months <> 0))
