-- asserts: every feedback.province_code and events.province_code is in provinces
SELECT 'feedback' AS tbl, f.response_id AS key, f.province_code FROM feedback AS f
ANTI JOIN provinces AS p ON p.province_code = f.province_code
UNION ALL
SELECT 'events', e.event_id, e.province_code FROM events AS e
ANTI JOIN provinces AS p ON p.province_code = e.province_code
