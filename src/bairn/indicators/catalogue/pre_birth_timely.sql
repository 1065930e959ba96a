SELECT m.council_code, m.meeting_date AS event_date,
       CASE WHEN m.meeting_date <= k.expected_birth_date - (40 - t.limit_value) * 7 THEN 1 ELSE 0 END
           AS numerator,
       1 AS denominator, k.simd_quintile, k.disability
FROM meetings m
JOIN child_facts k ON k.child_key = m.child_key
JOIN timescales t ON t.stage = 'pre_birth_meeting'
 AND m.meeting_date >= t.in_force_from
 AND (t.in_force_until IS NULL OR m.meeting_date < t.in_force_until)
WHERE m.meeting_type = 'pre_birth' AND k.expected_birth_date IS NOT NULL
