SELECT v.council_code, v.start_date AS event_date,
       CASE WHEN v.outcome = 'meeting_required' THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       age_band(k.birth, v.start_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM investigations v
JOIN child_facts k ON k.child_key = v.child_key
WHERE v.outcome IS NOT NULL
