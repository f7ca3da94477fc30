-- asserts: in fct_agency_service_month active and underused imply adopted, underused = idle_months >= 3, units = 0 when not adopted
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
SELECT month, agency_id, service_code, adopted, active, idle_months, underused, units
FROM fct_agency_service_month
WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
  AND ((active AND NOT adopted)
   OR (underused AND (NOT adopted OR active))
   OR underused <> (idle_months >= 3)
   OR (NOT adopted AND (units <> 0 OR idle_months <> 0)))
