SELECT r.council_code, r.start_date AS event_date,
       CASE WHEN k.simd_quintile = 1 THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       age_band(k.birth, r.start_date) AS age_band, k.sex, k.disability
FROM registrations r
JOIN child_facts k ON k.child_key = r.child_key
WHERE k.simd_quintile IS NOT NULL
