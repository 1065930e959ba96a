SELECT m.council_code, m.meeting_date AS event_date,
       CASE WHEN g.first_core_group_date IS NULL THEN 0
            WHEN t.unit = 'working_days'
                 AND working_days(m.meeting_date, g.first_core_group_date) <= t.limit_value THEN 1
            WHEN t.unit = 'calendar_days'
                 AND g.first_core_group_date <= m.meeting_date + t.limit_value THEN 1
            ELSE 0 END AS numerator,
       1 AS denominator,
       age_band(k.birth, m.meeting_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM meetings m
JOIN timescales t ON t.stage = 'first_core_group'
 AND m.meeting_date >= t.in_force_from
 AND (t.in_force_until IS NULL OR m.meeting_date < t.in_force_until)
LEFT JOIN core_groups g ON g.council_code = m.council_code AND g.meeting_id = m.meeting_id
JOIN child_facts k ON k.child_key = m.child_key
WHERE m.meeting_type IN ('initial', 'pre_birth') AND m.outcome = 'register'
