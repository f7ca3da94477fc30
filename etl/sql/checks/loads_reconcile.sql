-- asserts: every load of the latest batch left in its table exactly the rows_loaded that etl_loads (and the
-- load's summary) report: no row lost, overwritten by a later file of the batch, or added unseen
WITH batch AS (
    SELECT load_id, kind, rows_loaded FROM etl_loads
    WHERE load_id >= (SELECT max(value)::BIGINT FROM warehouse_info WHERE key = 'batch_first_load')
),
since AS (SELECT min(load_id) AS first_load FROM batch),
present AS (
    SELECT load_id, count(*) AS n FROM agencies WHERE load_id >= (SELECT first_load FROM since) GROUP BY load_id
    UNION ALL
    SELECT load_id, count(*) FROM subscriptions WHERE load_id >= (SELECT first_load FROM since) GROUP BY load_id
    UNION ALL
    SELECT load_id, count(*) FROM usage_monthly WHERE load_id >= (SELECT first_load FROM since) GROUP BY load_id
    UNION ALL
    SELECT load_id, count(*) FROM feedback WHERE load_id >= (SELECT first_load FROM since) GROUP BY load_id
    UNION ALL
    SELECT load_id, count(*) FROM events WHERE load_id >= (SELECT first_load FROM since) GROUP BY load_id
    UNION ALL
    SELECT load_id, count(*) FROM tickets WHERE load_id >= (SELECT first_load FROM since) GROUP BY load_id
)
SELECT load_id, b.kind, b.rows_loaded, coalesce(sum(p.n), 0) AS in_warehouse
FROM batch b FULL JOIN present p USING (load_id)
GROUP BY ALL
HAVING coalesce(b.rows_loaded, -1) <> coalesce(sum(p.n), 0)
