-- asserts: the required columns of every core table are not NULL
-- scope: usage_monthly's months from getvariable('checks_since') on, after an incremental build (NULL: all)
SELECT 'agencies' AS tbl, agency_id AS key FROM agencies
 WHERE agency_id IS NULL OR agency_name IS NULL OR ministry_code IS NULL OR province_code IS NULL
UNION ALL
SELECT 'subscriptions', agency_id FROM subscriptions
 WHERE agency_id IS NULL OR service_code IS NULL OR start_date IS NULL OR units IS NULL
UNION ALL
SELECT 'usage_monthly', agency_id FROM usage_monthly
 WHERE (month IS NULL OR agency_id IS NULL OR service_code IS NULL OR metric IS NULL OR value IS NULL)
   AND (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since') OR month IS NULL)
UNION ALL
SELECT 'feedback', response_id FROM feedback
 WHERE response_id IS NULL OR response_date IS NULL OR province_code IS NULL OR satisfaction IS NULL
UNION ALL
SELECT 'events', event_id FROM events
 WHERE event_id IS NULL OR event_date IS NULL OR province_code IS NULL OR event_type IS NULL
UNION ALL
SELECT 'tickets', ticket_id FROM tickets
 WHERE ticket_id IS NULL OR opened_at IS NULL OR service_code IS NULL
