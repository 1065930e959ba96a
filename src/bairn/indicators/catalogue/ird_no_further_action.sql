SELECT i.council_code, i.start_date AS event_date,
       CASE WHEN i.outcome = 'no_further_action' THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       age_band(k.birth, i.start_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM irds i
JOIN child_facts k ON k.child_key = i.child_key
WHERE i.outcome IS NOT NULL
