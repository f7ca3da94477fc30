-- mart_feedback_monthly: month x province x service x event x issue (NULL service / event / issue
-- kept as their own group).
--   responses          feedback rows
--   satisfaction_sum   sum of the 1-5 scores (mean = satisfaction_sum / responses)
--   satisfied          responses scoring 4 or 5 (share = satisfied / responses)
-- egov/metrics.py:satisfaction_summary turns these sums into mean, share and the too-few flag.
CREATE OR REPLACE TABLE mart_feedback_monthly AS
SELECT
    CAST(date_trunc('month', response_date) AS DATE) AS month,
    province_code,
    service_code,
    event_id,
    issue,
    count(*) AS responses,
    CAST(sum(satisfaction) AS BIGINT) AS satisfaction_sum,
    count(*) FILTER (WHERE satisfaction >= 4) AS satisfied
FROM feedback
GROUP BY ALL
ORDER BY month, province_code, service_code, event_id, issue;
