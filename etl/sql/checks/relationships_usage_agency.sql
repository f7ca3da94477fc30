-- asserts: every usage_monthly.agency_id is in agencies
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
SELECT u.agency_id, count(*) AS usage_rows FROM usage_monthly AS u
ANTI JOIN agencies AS a ON a.agency_id = u.agency_id
WHERE (getvariable('checks_since') IS NULL OR u.month >= getvariable('checks_since'))
GROUP BY u.agency_id
