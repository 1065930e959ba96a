WITH registering AS (
    SELECT m.council_code, m.meeting_id, m.meeting_date
    FROM meetings m
    WHERE m.meeting_type IN ('initial', 'pre_birth') AND m.outcome = 'register'
),
registered_concerns AS (
    SELECT g.council_code, g.meeting_id, g.meeting_date, c.concern_type,
           row_number() OVER (PARTITION BY g.council_code, g.meeting_id
                              ORDER BY c.concern_type) AS nth
    FROM registering g
    LEFT JOIN meeting_concerns c
      ON c.council_code = g.council_code AND c.meeting_id = g.meeting_id
)
-- numerator per (child, concern); the denominator counts each registered child once
SELECT council_code, meeting_date AS event_date,
       CASE WHEN concern_type IS NULL THEN 0 ELSE 1 END AS numerator,
       CASE WHEN nth = 1 THEN 1 ELSE 0 END AS denominator,
       concern_type
FROM registered_concerns
