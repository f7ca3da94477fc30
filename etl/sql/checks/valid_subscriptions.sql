-- asserts: subscriptions have units >= 0 and end_date (when given) not before start_date
SELECT agency_id, service_code, start_date, end_date, units FROM subscriptions
WHERE units < 0 OR end_date < start_date
