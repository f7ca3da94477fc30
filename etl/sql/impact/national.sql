-- What the dashboard shows nationally (no filter) at its as-of month, per service; run once on the live
-- warehouse and once on the next one. The same reads as egov/reads/: the as-of month is the latest
-- month of mart_adoption_monthly (filters.period with no filter, reads.reference.warehouse_status), and each
-- service's eligible / adopted / active are the sums of mart_adoption_monthly at that month
-- (reads.adoption.service_summary); rates are egov.metrics.adoption_rate / active_rate of these sums.
WITH a AS (SELECT max(month) AS as_of FROM mart_adoption_monthly)
SELECT
    s.service_code,
    a.as_of,
    CAST(coalesce(sum(m.eligible), 0) AS BIGINT) AS eligible,
    CAST(coalesce(sum(m.adopted), 0) AS BIGINT) AS adopted,
    CAST(coalesce(sum(m.active), 0) AS BIGINT) AS active
FROM services AS s
CROSS JOIN a
LEFT JOIN mart_adoption_monthly AS m
  ON m.service_code = s.service_code
 AND m.month = a.as_of
GROUP BY s.service_code, s.sort_order, a.as_of
ORDER BY s.sort_order, s.service_code;
