-- Derived from registrations_rate by SIMD quintile; this query only documents the source.
SELECT NULL AS council_code WHERE FALSE
