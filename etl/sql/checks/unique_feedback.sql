-- asserts: feedback.response_id is unique
SELECT response_id, count(*) AS n FROM feedback GROUP BY response_id HAVING count(*) > 1
