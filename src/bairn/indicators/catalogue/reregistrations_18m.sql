SELECT r.council_code, r.start_date AS event_date,
       CASE WHEN EXISTS (
           SELECT 1 FROM registrations p
           WHERE p.child_key = r.child_key
             AND p.registration_id <> r.registration_id
             AND p.end_date IS NOT NULL AND p.end_date <= r.start_date
             AND p.end_date >= r.start_date - INTERVAL ${window_months} MONTH
       ) THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       age_band(k.birth, r.start_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM registrations r
JOIN child_facts k ON k.child_key = r.child_key
