-- One fact per registration: the engine counts it at every period end it spans.
SELECT e.council_code, e.start_date, e.end_date, k.birth, k.sex, k.simd_quintile, k.disability
FROM registrations e
JOIN child_facts k ON k.child_key = e.child_key
