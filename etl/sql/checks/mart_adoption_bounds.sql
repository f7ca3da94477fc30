-- asserts: in mart_adoption_monthly 0 <= active <= adopted <= eligible, underused <= adopted and active + underused <= adopted
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
SELECT month, province_code, ministry_code, level, service_code, eligible, adopted, active, underused
FROM mart_adoption_monthly
WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
  AND (adopted > eligible OR active > adopted OR underused > adopted
   OR active + underused > adopted OR active < 0 OR underused < 0)
