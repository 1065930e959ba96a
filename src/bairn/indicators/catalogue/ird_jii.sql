SELECT i.council_code, i.start_date AS event_date,
       CASE WHEN i.jii_decision = 'yes' THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       age_band(k.birth, i.start_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM irds i
JOIN child_facts k ON k.child_key = i.child_key
