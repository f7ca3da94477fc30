-- asserts: usage_monthly.month is the first day of a month (months are first days everywhere)
SELECT month, count(*) AS usage_rows FROM usage_monthly WHERE day(month) <> 1 GROUP BY month
