SELECT c.council_code, c.received_date AS event_date,
       CASE WHEN EXISTS (SELECT 1 FROM irds i WHERE i.council_code = c.council_code
                         AND i.concern_id = c.concern_id) THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       age_band(k.birth, c.received_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM concerns c
JOIN child_facts k ON k.child_key = c.child_key
