-- asserts: mart_adoption_monthly has one row per (month, province_code, ministry_code, level, service_code) and no NULL level
SELECT month, province_code, ministry_code, level, service_code, count(*) AS n
FROM mart_adoption_monthly GROUP BY ALL HAVING count(*) > 1 OR level IS NULL
