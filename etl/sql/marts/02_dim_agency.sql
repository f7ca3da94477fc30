-- dim_agency: the agencies as the marts group them (the eligible population; agencies are not dated).
-- The one place where a missing level becomes 'unknown'.
CREATE OR REPLACE TABLE dim_agency AS
SELECT
    agency_id,
    province_code,
    ministry_code,
    coalesce(level, 'unknown') AS level
FROM agencies;
