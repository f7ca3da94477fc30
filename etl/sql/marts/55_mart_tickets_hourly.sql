-- mart_tickets_hourly: province x service x weekday x hour the ticket was opened
-- (ticket_weekday and ticket_hour of etl/sql/definitions.sql: weekday 1 = Monday ... 7 = Sunday, hour 0-23;
-- province via the ticket's agency).
CREATE OR REPLACE TABLE mart_tickets_hourly AS
SELECT
    a.province_code,
    t.service_code,
    ticket_weekday(t.opened_at) AS weekday,
    ticket_hour(t.opened_at) AS hour,
    count(*) AS tickets
FROM tickets AS t
LEFT JOIN dim_agency AS a ON a.agency_id = t.agency_id
GROUP BY ALL
ORDER BY province_code, service_code, weekday, hour;
