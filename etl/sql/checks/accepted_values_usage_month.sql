-- asserts: usage_monthly.month is the first day of a month (months are first days everywhere)
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py)
SELECT month, count(*) AS usage_rows FROM usage_monthly WHERE day(month) <> 1
  AND (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since')) GROUP BY month
