-- mart_opportunity: one row per province, at the latest month of the data ("where to go next"): the
-- opportunity macro of etl/sql/definitions.sql (where every column is defined) with no filter. The
-- dashboard reads this table when no ministry, level or service filter is set and calls the same macro
-- with the filters otherwise.
CREATE OR REPLACE TABLE mart_opportunity AS
SELECT *
FROM opportunity(NULL, NULL, NULL)
ORDER BY rank, province_code;
