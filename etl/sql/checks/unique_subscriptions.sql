-- asserts: subscriptions (agency_id, service_code, start_date) is unique
SELECT agency_id, service_code, start_date, count(*) AS n
FROM subscriptions GROUP BY ALL HAVING count(*) > 1
