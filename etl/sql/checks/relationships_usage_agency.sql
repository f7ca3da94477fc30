-- asserts: every usage_monthly.agency_id is in agencies
SELECT u.agency_id, count(*) AS usage_rows FROM usage_monthly AS u
ANTI JOIN agencies AS a ON a.agency_id = u.agency_id
GROUP BY u.agency_id
