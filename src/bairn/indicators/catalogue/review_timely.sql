WITH ordered AS (
    SELECT m.council_code, m.child_key, m.meeting_type, m.meeting_date,
           lag(m.meeting_date) OVER w AS previous_date,
           lag(m.meeting_type) OVER w AS previous_type
    FROM meetings m
    WINDOW w AS (PARTITION BY m.child_key ORDER BY m.meeting_date, m.meeting_id)
)
SELECT o.council_code, o.meeting_date AS event_date,
       CASE WHEN o.meeting_date <= o.previous_date + to_months(t.limit_value) THEN 1 ELSE 0 END
           AS numerator,
       1 AS denominator,
       age_band(k.birth, o.meeting_date) AS age_band, k.sex, k.simd_quintile, k.disability
FROM ordered o
JOIN timescales t
  ON t.stage = CASE WHEN o.previous_type IN ('initial', 'pre_birth') THEN 'first_review'
                    ELSE 'subsequent_review' END
 AND o.previous_date >= t.in_force_from
 AND (t.in_force_until IS NULL OR o.previous_date < t.in_force_until)
JOIN child_facts k ON k.child_key = o.child_key
WHERE o.meeting_type = 'review' AND o.previous_date IS NOT NULL
