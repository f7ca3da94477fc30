-- asserts: tickets.ticket_id is unique
SELECT ticket_id, count(*) AS n FROM tickets GROUP BY ticket_id HAVING count(*) > 1
