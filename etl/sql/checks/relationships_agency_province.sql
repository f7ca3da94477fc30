-- asserts: every agencies.province_code is in provinces
SELECT a.agency_id, a.province_code FROM agencies AS a
ANTI JOIN provinces AS p ON p.province_code = a.province_code
