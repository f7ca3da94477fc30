-- asserts: events (event_id, province_code) is unique
SELECT event_id, province_code, count(*) AS n FROM events GROUP BY ALL HAVING count(*) > 1
