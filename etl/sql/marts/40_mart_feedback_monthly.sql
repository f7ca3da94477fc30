-- mart_feedback_monthly: month x province x ministry x level x service x event x issue (NULL service /
-- event / issue kept as their own group). Province is the response's own; ministry and level are the
-- responding agency's (ministry_code NULL and level 'unknown' when the response names no agency, as
-- the dashboard's ministry and level filters have always treated such a response), so the Feedback
-- page's filters apply here without reading the feedback table (egov/reads/feedback.py:_feedback_cells).
--   responses          feedback rows
--   satisfaction_sum   sum of the 1-5 scores (mean = satisfaction_sum / responses)
--   satisfied          satisfied responses (etl/sql/definitions.sql: satisfied; share = satisfied / responses)
-- egov/metrics.py:satisfaction_summary turns these sums into mean, share and the too-few flag.
-- checks: mart_feedback_reconcile (totals), mart_feedback_cells (every cell against the feedback table).
CREATE OR REPLACE TABLE mart_feedback_monthly AS
SELECT
    CAST(date_trunc('month', fb.response_date) AS DATE) AS month,
    fb.province_code,
    a.ministry_code,
    coalesce(a.level, 'unknown') AS level,  -- dim_agency's level; 'unknown' also when no agency
    fb.service_code,
    fb.event_id,
    fb.issue,
    count(*) AS responses,
    CAST(sum(fb.satisfaction) AS BIGINT) AS satisfaction_sum,
    count(*) FILTER (WHERE satisfied(fb.satisfaction)) AS satisfied
FROM feedback AS fb
LEFT JOIN dim_agency AS a ON a.agency_id = fb.agency_id
GROUP BY ALL
ORDER BY month, province_code, ministry_code, level, service_code, event_id, issue;
