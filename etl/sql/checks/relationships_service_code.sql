-- asserts: every service_code in subscriptions, usage_monthly, feedback, tickets and cost_assumptions is in services
-- scope: usage_monthly's months from getvariable('checks_since') on, after an incremental build (services are
-- then unchanged; NULL: all; etl/marts.py)
WITH used AS (
    SELECT 'subscriptions' AS tbl, service_code FROM (SELECT DISTINCT service_code FROM subscriptions)
    UNION ALL SELECT 'usage_monthly', service_code FROM (SELECT DISTINCT service_code FROM usage_monthly
        WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since')))
    UNION ALL SELECT 'feedback', service_code FROM (SELECT DISTINCT service_code FROM feedback WHERE service_code IS NOT NULL)
    UNION ALL SELECT 'tickets', service_code FROM (SELECT DISTINCT service_code FROM tickets)
    UNION ALL SELECT 'cost_assumptions', service_code FROM cost_assumptions
)
SELECT u.tbl, u.service_code FROM used AS u
ANTI JOIN services AS s ON s.service_code = u.service_code
