SELECT m.council_code, m.meeting_date AS event_date,
       CASE WHEN m.child_attended = 'yes' THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       age_band(k.birth, m.meeting_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM meetings m
JOIN child_facts k ON k.child_key = m.child_key
WHERE m.child_attended IN ('yes', 'no') AND age_years(k.birth, m.meeting_date) >= 5
