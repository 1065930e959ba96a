-- One fact per meeting: dated by meeting_date; breakdowns from the child at that date.
SELECT e.council_code, e.meeting_date AS event_date, 1 AS numerator,
       age_band(k.birth, e.meeting_date) AS age_band, k.sex, k.simd_quintile
FROM meetings e
JOIN child_facts k ON k.child_key = e.child_key
WHERE e.meeting_type IN ('initial', 'pre_birth')
