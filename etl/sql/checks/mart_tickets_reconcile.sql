-- asserts: mart_tickets_monthly opened and closed total the tickets table, backlog is never negative, and the last backlog equals the open tickets
WITH last AS (
    SELECT province_code, service_code, category, channel,
           arg_max(backlog_end, month) AS backlog_last
    FROM mart_tickets_monthly GROUP BY ALL
)
SELECT (SELECT count(*) FROM tickets) AS tickets,
       (SELECT coalesce(sum(opened), 0) FROM mart_tickets_monthly) AS opened,
       (SELECT count(closed_at) FROM tickets) AS tickets_closed,
       (SELECT coalesce(sum(closed), 0) FROM mart_tickets_monthly) AS closed,
       (SELECT count(*) FROM mart_tickets_monthly WHERE backlog_end < 0) AS negative_backlog,
       (SELECT count(*) - count(closed_at) FROM tickets) AS open_tickets,
       (SELECT coalesce(sum(backlog_last), 0) FROM last) AS last_backlog
WHERE tickets <> opened OR tickets_closed <> closed OR negative_backlog > 0 OR open_tickets <> last_backlog
