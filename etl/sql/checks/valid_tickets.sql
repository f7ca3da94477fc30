-- asserts: a ticket is not closed before it was opened
SELECT ticket_id, opened_at, closed_at FROM tickets WHERE closed_at < opened_at
