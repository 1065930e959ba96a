WITH first_concern AS (
    SELECT m.council_code, m.meeting_id, m.child_key, m.meeting_date, c.received_date
    FROM meetings m
    JOIN investigations v ON v.council_code = m.council_code
                          AND v.investigation_id = m.investigation_id
    JOIN irds i ON i.council_code = v.council_code AND i.ird_id = v.ird_id
    JOIN concerns c ON c.council_code = i.council_code AND c.concern_id = i.concern_id
    WHERE m.meeting_type = 'initial'
)
SELECT f.council_code, f.meeting_date AS event_date,
       CASE WHEN f.meeting_date <= f.received_date + t.limit_value THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       age_band(k.birth, f.meeting_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM first_concern f
JOIN timescales t ON t.stage = 'initial_meeting'
 AND f.received_date >= t.in_force_from
 AND (t.in_force_until IS NULL OR f.received_date < t.in_force_until)
JOIN child_facts k ON k.child_key = f.child_key
