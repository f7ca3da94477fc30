-- asserts: mart_feedback_monthly counts every feedback row once, and satisfied <= responses
SELECT (SELECT count(*) FROM feedback) AS feedback_rows,
       (SELECT coalesce(sum(responses), 0) FROM mart_feedback_monthly) AS mart_responses,
       (SELECT count(*) FROM mart_feedback_monthly WHERE satisfied > responses) AS bad_rows
WHERE feedback_rows <> mart_responses OR bad_rows > 0
