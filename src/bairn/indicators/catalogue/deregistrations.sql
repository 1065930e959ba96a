-- One fact per registration that ended, dated by its end.
SELECT e.council_code, e.end_date AS event_date, 1 AS numerator,
       age_band(k.birth, e.end_date) AS age_band, k.sex, k.simd_quintile
FROM registrations e
JOIN child_facts k ON k.child_key = e.child_key
WHERE e.end_date IS NOT NULL
