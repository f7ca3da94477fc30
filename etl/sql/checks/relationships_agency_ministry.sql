-- asserts: every agencies.ministry_code is in ministries
SELECT a.agency_id, a.ministry_code FROM agencies AS a
ANTI JOIN ministries AS m ON m.ministry_code = a.ministry_code
