-- asserts: every cell of mart_feedback_monthly (month x province x ministry x level x service x event x
-- issue) holds exactly the responses, satisfaction sum and satisfied count of the feedback rows it stands
-- for, ministry and level taken from the responding agency (NULL / 'unknown' without one); that no
-- feedback row is missing from it and no cell is there twice. The Feedback page's filtered counts read
-- the mart, not the table.
WITH src AS (
    SELECT CAST(date_trunc('month', fb.response_date) AS DATE) AS month, fb.province_code, a.ministry_code,
           coalesce(a.level, 'unknown') AS level, fb.service_code, fb.event_id, fb.issue,
           count(*) AS responses, CAST(sum(fb.satisfaction) AS BIGINT) AS satisfaction_sum,
           count(*) FILTER (WHERE satisfied(fb.satisfaction)) AS satisfied
    FROM feedback AS fb
    LEFT JOIN agencies AS a ON a.agency_id = fb.agency_id
    GROUP BY ALL
), mart AS (
    SELECT month, province_code, ministry_code, level, service_code, event_id, issue, count(*) AS cell_rows,
           CAST(sum(responses) AS BIGINT) AS responses, CAST(sum(satisfaction_sum) AS BIGINT) AS satisfaction_sum,
           CAST(sum(satisfied) AS BIGINT) AS satisfied
    FROM mart_feedback_monthly
    GROUP BY ALL
)
SELECT coalesce(s.month, m.month) AS month, coalesce(s.province_code, m.province_code) AS province_code,
       coalesce(s.ministry_code, m.ministry_code) AS ministry_code, coalesce(s.level, m.level) AS level,
       coalesce(s.service_code, m.service_code) AS service_code, coalesce(s.event_id, m.event_id) AS event_id,
       coalesce(s.issue, m.issue) AS issue,
       s.responses AS feedback_responses, m.responses AS mart_responses,
       s.satisfaction_sum AS feedback_satisfaction_sum, m.satisfaction_sum AS mart_satisfaction_sum,
       s.satisfied AS feedback_satisfied, m.satisfied AS mart_satisfied, m.cell_rows AS mart_rows
FROM src AS s
FULL OUTER JOIN mart AS m
    ON m.month = s.month AND m.province_code IS NOT DISTINCT FROM s.province_code
    AND m.ministry_code IS NOT DISTINCT FROM s.ministry_code AND m.level IS NOT DISTINCT FROM s.level
    AND m.service_code IS NOT DISTINCT FROM s.service_code AND m.event_id IS NOT DISTINCT FROM s.event_id
    AND m.issue IS NOT DISTINCT FROM s.issue
WHERE s.responses IS DISTINCT FROM m.responses
   OR s.satisfaction_sum IS DISTINCT FROM m.satisfaction_sum
   OR s.satisfied IS DISTINCT FROM m.satisfied
   OR m.cell_rows > 1
