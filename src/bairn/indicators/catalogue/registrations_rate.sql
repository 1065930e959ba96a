-- One fact per registration: dated by start_date; breakdowns from the child at that date.
SELECT e.council_code, e.start_date AS event_date, 1 AS numerator,
       age_band(k.birth, e.start_date) AS age_band, k.sex, k.simd_quintile
FROM registrations e
JOIN child_facts k ON k.child_key = e.child_key
