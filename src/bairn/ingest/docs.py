"""docs/validation.md, generated from the rule registry and the standard so that the two can
never disagree (a test compares the committed page with this output)."""

from __future__ import annotations

from bairn.ingest.packs import PACKS, all_checks, build_pack
from bairn.standard import load_standard

INTRO = """\
# Validation rules

<!-- Generated from src/bairn/ingest (the rule registry and packs) by
`python -m bairn.ingest.docs > docs/validation.md`; do not edit. -->

`bairn validate PATH…` reads the extract (CSV, XLSX or Parquet; a folder or a list of files),
checks it with the rule pack of its version of the standard, and reports every problem in one
long table: file, table, row (as your spreadsheet shows it: the header is row 1, so the first
record is row 2; for Parquet, row 1 is the first record), column, rule, severity, message and the
value found. `--format text|json|csv|xlsx` and `--out FILE` choose the report.

Exit codes: **0** no errors (warnings allowed); **1** at least one error; **2** the input cannot
be read at all (not a table file, encrypted workbook, binary data, empty folder); **3** a rule
failed inside Bairn (a bug, not your data: the traceback is written to `bairn-data/logs/`, and
the check counts as failed, never as passed).

`bairn load PATH… [--area CODE] [--period P] [--db FILE]` validates first, with the store's
resubmission checks; while any error stands nothing is written and the exit code is 1.

## How values are read

- Every value is read as text first, so a bad cell is reported, never fatal. Spaces around a
  value are ignored and an empty cell is empty.
- Column and table names are matched case- and space-insensitively (`Child ID` is `child_id`,
  `Case Conferences.xlsx` holds `meetings`); a file named `aberdeen_meetings_2025Q1.csv` holds
  `meetings`. XLSX sheets whose names start with `_` are skipped.
- Dates: `2025-01-31`, `31/01/2025` (day first, as in Scotland) or a date with a midnight time
  (`2025-01-31 00:00:00`, as Excel and Parquet write them). Whole numbers: digits only.
- CSV: UTF-8 with or without a byte-order mark, or UTF-16 with one; comma, semicolon or tab
  separated; quoted values may hold separators and line breaks. Other encodings are refused
  with the line of the first bad byte (exit 2): save as "CSV UTF-8".

## Decisions

- **References.** A row's child must be in the same submission's `children` (and a meeting's
  concerns' meeting in its `meetings`): the store places each row by its child's council and its
  parent's date, so a miss is an error (G07). Other references (an IRD's concern, a
  registration's meeting, a core group's meeting) may point to an earlier period, so they are
  looked up in the submission and the store, and a miss is a warning (G08).
- **Unborn children.** A child with an `expected_birth_date` may have events before birth
  (pre-birth work), but not more than 40 weeks before the earlier of the birth and expected
  dates (D05); a child without one may not (D04).
- **Age.** Events on or after the 18th birthday are errors (P01), except episode end dates: a
  registration may end on the 18th birthday.
- **Durations.** Registrations over 10 years (open ones measured to the day of checking) and
  IRDs over a year are warnings (P03, P04).
- **Resubmissions.** A record identifier already in the store for the same council in a period
  this load does not replace would be counted twice: an error (R03); correct the date or resubmit
  both periods together. The same identifier under another council is a warning (R04):
  Bairn keeps councils apart, but it may be the wrong council's extract.
"""


def _scope(items: list[str]) -> str:
    if not items:
        return "submission"
    shown = ", ".join(f"`{x}`" for x in items[:12])
    return shown + (f" and {len(items) - 12} more" if len(items) > 12 else "")


def render_markdown() -> str:
    standard = load_standard()
    out = [INTRO]
    for version in standard.versions:
        if version not in PACKS:
            continue
        pack = PACKS[version]
        base = build_pack(pack.base) if pack.base else {}
        out += ["", f"## Rule pack {version}", ""]
        if pack.base:
            changed = [r.code for r in pack.add_or_modify]
            added = [c for c in changed if c not in base]
            modified = [c for c in changed if c in base]
            out.append(
                f"Inherits the {pack.base} pack; adds {', '.join(added) or 'nothing'}; "
                f"modifies {', '.join(modified) or 'nothing'}; "
                f"deletes {', '.join(pack.delete) or 'nothing'}."
            )
            out.append("")
        out += [
            "| code | name | severity | checks | applies to | message |",
            "|---|---|---|---|---|---|",
        ]
        for r in all_checks(version):
            if pack.base and r.code in base and base[r.code] is r:
                continue
            desc = r.description.replace("|", "\\|")
            msg = r.message.replace("|", "\\|")
            scope = "files as read" if r.func is None else _scope(r.applies_to(standard, version))
            out.append(f"| {r.code} | {r.name} | {r.severity} | {desc} | {scope} | {msg} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(render_markdown())
