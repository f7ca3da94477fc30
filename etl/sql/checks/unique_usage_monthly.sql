-- asserts: usage_monthly (month, agency_id, service_code, metric) is unique (the table has no PK, for load speed)
-- scope: the months from getvariable('checks_since') on, after an incremental build (NULL: all; etl/marts.py);
-- none when getvariable('usage_keys_by_loader') is true: the loader sets it when the warehouse held no usage
-- row before the batch, so that every row is one the batch brought, and the loader has already proved
-- those keys unique exactly (each file's own sorted key hashes, settled by the key itself; a file whose
-- months overlap another file's of the batch joined with it by key): etl/load.py, tests/test_etl.py
-- Exact, in two steps, because one GROUP BY over ~10M distinct keys was the slowest check:
--   1. sort a 64-bit hash of every row's key and keep the hashes met twice in a row: a repeated key
--      always repeats its hash (two different keys sharing a hash are a false alarm, settled in step 2);
--   2. group only the rows carrying such a hash by the key itself.
WITH hashed AS (
    SELECT hash(month, agency_id, service_code, metric) AS h FROM usage_monthly
    WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
      AND NOT coalesce(getvariable('usage_keys_by_loader'), false)
),
repeated AS (
    SELECT DISTINCT h
    FROM (SELECT h, lag(h) OVER (ORDER BY h) AS previous_h FROM hashed)
    WHERE h = previous_h
)
SELECT month, agency_id, service_code, metric, count(*) AS n
FROM usage_monthly
WHERE (getvariable('checks_since') IS NULL OR month >= getvariable('checks_since'))
  AND hash(month, agency_id, service_code, metric) IN (SELECT h FROM repeated)
GROUP BY ALL HAVING count(*) > 1
