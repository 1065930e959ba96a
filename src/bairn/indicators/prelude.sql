-- Shared definitions every indicator's SQL may use. DuckDB dialect; see docs/indicators.md for
-- how they translate to Spark. Written as plain arithmetic (no string formatting, no subqueries)
-- because they run once per fact.

-- Age in whole years on a date; NULL before birth (or when the birth date is unknown).
CREATE OR REPLACE TEMP MACRO age_years(birth, on_date) AS
    CASE WHEN birth IS NULL OR birth > on_date THEN NULL
         ELSE year(on_date) - year(birth)
              - CASE WHEN month(on_date) * 100 + day(on_date) < month(birth) * 100 + day(birth)
                     THEN 1 ELSE 0 END
    END;

-- The published age bands; a child not yet born is 'unborn'.
CREATE OR REPLACE TEMP MACRO age_band(birth, on_date) AS
    CASE WHEN birth IS NULL THEN 'not_known'
         WHEN birth > on_date THEN 'unborn'
         WHEN age_years(birth, on_date) < 5 THEN '0-4'
         WHEN age_years(birth, on_date) < 11 THEN '5-10'
         WHEN age_years(birth, on_date) < 16 THEN '11-15'
         ELSE '16-17'
    END;

-- Working days after day_from up to and including day_to (Monday to Friday; public holidays are
-- not removed, which the guidance's local procedures also leave to each council): five a week
-- for whole weeks, then the r = (days % 7) remaining days less the Saturday and Sunday among
-- them (the Saturday is day ((5 - isodow(day_from) + 7) % 7) + 1 after day_from, the Sunday the
-- day after it). A day_to before day_from counts its whole weeks only, as the count always has.
CREATE OR REPLACE TEMP MACRO working_days(day_from, day_to) AS
    (date_diff('day', day_from, day_to) // 7) * 5
    + CASE
        WHEN date_diff('day', day_from, day_to) % 7 <= 0 THEN 0
        ELSE date_diff('day', day_from, day_to) % 7
             - CASE WHEN (5 - isodow(day_from) + 7) % 7 + 1 <= date_diff('day', day_from, day_to) % 7
                    THEN 1 ELSE 0 END
             - CASE WHEN (6 - isodow(day_from) + 7) % 7 + 1 <= date_diff('day', day_from, day_to) % 7
                    THEN 1 ELSE 0 END
      END;

-- One row per child, with the birth date that places events before or after birth (the expected
-- date for a baby not yet born) and the SIMD quintile from the decile. Definitions join it on
-- `child_key`, the store's number for a council's child, which is cheaper than the two strings
-- (council_code, child_id) that name the child. A view: DuckDB shares the scan of `children`
-- between the definitions of one statement, and with the integer join a table written first
-- costs more (about 1 s at scale 50) than it saves.
CREATE OR REPLACE TEMP VIEW child_facts AS
SELECT child_key, sex, disability, expected_birth_date,
       coalesce(birth_date, expected_birth_date) AS birth,
       CAST((simd_decile + 1) // 2 AS INTEGER) AS simd_quintile
FROM children;
