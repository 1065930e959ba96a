SELECT r.council_code, r.end_date AS event_date,
       date_diff('day', r.start_date, r.end_date) AS numerator, 1 AS denominator,
       age_band(k.birth, r.end_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM registrations r
JOIN child_facts k ON k.child_key = r.child_key
WHERE r.end_date IS NOT NULL
