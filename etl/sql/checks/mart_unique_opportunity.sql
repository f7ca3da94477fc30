-- asserts: mart_opportunity has one row per province and 0 <= not_adopted <= eligible x number of services
SELECT province_code, count(*) AS n, max(not_adopted) AS not_adopted, max(eligible) AS eligible
FROM mart_opportunity
GROUP BY province_code
HAVING count(*) > 1
    OR max(not_adopted) < 0
    OR max(not_adopted) > max(eligible) * (SELECT count(*) FROM services)
