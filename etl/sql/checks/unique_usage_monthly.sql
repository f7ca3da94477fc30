-- asserts: usage_monthly (month, agency_id, service_code, metric) is unique (the table has no PK, for load speed)
SELECT month, agency_id, service_code, metric, count(*) AS n
FROM usage_monthly GROUP BY ALL HAVING count(*) > 1
