-- asserts: fct_agency_service_month has one row per (month, agency_id, service_code)
SELECT month, agency_id, service_code, count(*) AS n
FROM fct_agency_service_month GROUP BY ALL HAVING count(*) > 1
