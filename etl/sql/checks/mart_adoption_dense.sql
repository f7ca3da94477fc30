-- asserts: mart_adoption_monthly is dense: months x cells with agencies x services rows
SELECT
    (SELECT count(*) FROM mart_adoption_monthly) AS n_rows,
    (SELECT count(*) FROM dim_month)
    * (SELECT count(*) FROM (SELECT DISTINCT province_code, ministry_code, level FROM dim_agency))
    * (SELECT count(*) FROM services) AS expected
WHERE n_rows <> expected
