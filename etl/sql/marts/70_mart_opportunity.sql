-- mart_opportunity: one row per province, at the latest month of the data ("where to go next").
--   eligible                   agencies in the province
--   not_adopted                agency-service pairs not adopted = sum over services of (eligible - adopted)
--   potential_savings_mid_thb  sum over services of (eligible - adopted) x the national mean mid
--                              saving per adopted agency-year of that service, where that mean is
--                              national savings_mid over the last 12 months / (adopted agency-months
--                              over those months / 12), i.e. / average adopted agencies
--   open_issues                feedback rows in the province dated in the last 12 months whose issue
--                              is not NULL and not 'none'
--   open_tickets               tickets not closed (closed_at NULL), province via the ticket's agency
--   score                      potential_savings_mid_thb; rank 1 = highest score (ties share a rank)
-- Provinces: every province of the reference table or of an agency.
CREATE OR REPLACE TABLE mart_opportunity AS
WITH last AS (
    SELECT max(month) AS last_month,
           CAST(max(month) - INTERVAL 11 MONTH AS DATE) AS first_month_12
    FROM dim_month
),
national AS (
    SELECT
        s.service_code,
        sv.savings_mid / nullif(ad.agency_months / 12, 0) AS mid_per_agency_year
    FROM services AS s
    LEFT JOIN (
        SELECT service_code, sum(savings_mid_thb) AS savings_mid
        FROM mart_savings_monthly, last
        WHERE month BETWEEN last.first_month_12 AND last.last_month
        GROUP BY ALL
    ) AS sv ON sv.service_code = s.service_code
    LEFT JOIN (
        SELECT service_code, CAST(sum(adopted) AS DOUBLE) AS agency_months
        FROM mart_adoption_monthly, last
        WHERE month BETWEEN last.first_month_12 AND last.last_month
        GROUP BY ALL
    ) AS ad ON ad.service_code = s.service_code
),
gap AS (
    SELECT
        a.province_code,
        CAST(sum(a.eligible - a.adopted) AS BIGINT) AS not_adopted,
        sum((a.eligible - a.adopted) * n.mid_per_agency_year) AS potential_savings_mid_thb
    FROM mart_adoption_monthly AS a
    JOIN last ON a.month = last.last_month
    LEFT JOIN national AS n ON n.service_code = a.service_code
    GROUP BY ALL
),
eligible AS (
    SELECT province_code, count(*) AS eligible FROM dim_agency GROUP BY ALL
),
issues AS (
    SELECT f.province_code, count(*) AS open_issues
    FROM feedback AS f, last
    WHERE f.issue IS NOT NULL AND f.issue <> 'none'
      AND f.response_date >= last.first_month_12
      AND f.response_date <= last_day(last.last_month)
    GROUP BY ALL
),
tix AS (
    SELECT a.province_code, count(*) AS open_tickets
    FROM tickets AS t
    JOIN dim_agency AS a ON a.agency_id = t.agency_id
    WHERE t.closed_at IS NULL
    GROUP BY ALL
),
province AS (
    SELECT province_code FROM provinces
    UNION
    SELECT province_code FROM dim_agency
),
scored AS (
    SELECT
        p.province_code,
        last.last_month AS month,
        coalesce(e.eligible, 0) AS eligible,
        coalesce(g.not_adopted, 0) AS not_adopted,
        coalesce(g.potential_savings_mid_thb, 0.0) AS potential_savings_mid_thb,
        coalesce(i.open_issues, 0) AS open_issues,
        coalesce(k.open_tickets, 0) AS open_tickets
    FROM province AS p
    CROSS JOIN last
    LEFT JOIN eligible AS e ON e.province_code = p.province_code
    LEFT JOIN gap AS g ON g.province_code = p.province_code
    LEFT JOIN issues AS i ON i.province_code = p.province_code
    LEFT JOIN tix AS k ON k.province_code = p.province_code
    WHERE last.last_month IS NOT NULL
)
SELECT
    *,
    potential_savings_mid_thb AS score,
    CAST(rank() OVER (ORDER BY potential_savings_mid_thb DESC) AS INTEGER) AS rank
FROM scored
ORDER BY rank, province_code;
