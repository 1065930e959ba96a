-- One fact per reporter_referral: dated by referral_date; breakdowns from the child at that date.
SELECT e.council_code, e.referral_date AS event_date, 1 AS numerator,
       age_band(k.birth, e.referral_date) AS age_band, k.sex, k.simd_quintile
FROM reporter_referrals e
JOIN child_facts k ON k.child_key = e.child_key
