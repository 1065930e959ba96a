WITH registering AS (
    SELECT m.council_code, m.meeting_id, m.meeting_date
    FROM meetings m
    WHERE m.meeting_type IN ('initial', 'pre_birth') AND m.outcome = 'register'
)
SELECT g.council_code, g.meeting_date AS event_date, 1 AS numerator, 1 AS denominator,
       c.concern_type
FROM registering g
JOIN meeting_concerns c ON c.council_code = g.council_code AND c.meeting_id = g.meeting_id
