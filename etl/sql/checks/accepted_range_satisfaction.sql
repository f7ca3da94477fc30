-- asserts: feedback.satisfaction is between 1 and 5
SELECT response_id, satisfaction FROM feedback WHERE satisfaction NOT BETWEEN 1 AND 5
