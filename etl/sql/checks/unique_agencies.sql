-- asserts: agencies.agency_id is unique
SELECT agency_id, count(*) AS n FROM agencies GROUP BY agency_id HAVING count(*) > 1
