-- asserts: every subscriptions.agency_id is in agencies
SELECT s.agency_id, s.service_code, s.start_date FROM subscriptions AS s
ANTI JOIN agencies AS a ON a.agency_id = s.agency_id
