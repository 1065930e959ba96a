SELECT r.council_code, r.end_date AS event_date,
       CASE WHEN r.end_date < r.start_date + INTERVAL 6 MONTH THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       age_band(k.birth, r.end_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM registrations r
JOIN child_facts k ON k.child_key = r.child_key
WHERE r.end_date IS NOT NULL
