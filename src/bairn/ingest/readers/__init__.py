"""Readers: turn the files an analyst gives (a folder, or a list of CSV, XLSX and Parquet
files) into a Submission of text tables with row numbers as the user sees them.

Input that cannot be read at all (not a table file, an encrypted workbook, binary junk, an empty
folder) raises BairnError with exit code 2; everything else becomes issues in the report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from bairn.errors import BairnError
from bairn.ingest.model import Issue, SourceInfo, Submission
from bairn.ingest.readers.columns import identify_table, to_part
from bairn.ingest.readers.sheet import RawSheet
from bairn.ingest.rules import structure

TABLE_SUFFIXES = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
Progress = Callable[[str, int, int], None]


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """The table files named, or found (not recursively) in the folders named."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise BairnError(f"{path} does not exist; check the path.")
        if path.is_dir():
            found = sorted(
                p
                for p in path.iterdir()
                if p.is_file()
                and p.suffix.lower() in TABLE_SUFFIXES
                and not p.name.startswith((".", "~$"))
            )
            if not found:
                raise BairnError(
                    f"The folder {path} holds no CSV, XLSX or Parquet files; give the folder "
                    "with the extract, or the files themselves."
                )
            out.extend(found)
        else:
            if path.suffix.lower() == ".xls":
                raise BairnError(
                    f"{path.name} is an old Excel (.xls) file; save it as .xlsx or CSV UTF-8."
                )
            if path.suffix.lower() not in TABLE_SUFFIXES:
                raise BairnError(
                    f"{path.name} is not a table file Bairn reads; give CSV (.csv), XLSX (.xlsx) "
                    "or Parquet (.parquet) files, or a folder of them."
                )
            out.append(path)
    unique: dict[Path, Path] = {}
    for p in out:
        unique.setdefault(p.resolve(), p)
    if not unique:
        raise BairnError("No files were given; name a folder or the extract's files.")
    return list(unique.values())


def read_file(path: Path) -> list[RawSheet]:
    kind = TABLE_SUFFIXES[path.suffix.lower()]
    try:
        if kind == "csv":
            from bairn.ingest.readers.csv import read_csv

            return [read_csv(path)]
        if kind == "xlsx":
            from bairn.ingest.readers.xlsx import read_xlsx

            return read_xlsx(path)
        from bairn.ingest.readers.parquet import read_parquet

        return [read_parquet(path)]
    except OSError as exc:
        raise BairnError(f"{path.name} cannot be opened ({exc.strerror or exc}).") from None
    except MemoryError:
        raise BairnError(f"{path.name} is too large to read on this machine.") from None


def read_paths(
    paths: Iterable[str | Path],
    version: str | None = None,
    progress: Progress | None = None,
) -> Submission:
    """Read every table file in `paths` into one Submission for `version` of the standard."""
    from bairn.standard import load_standard
    from bairn.store.files import sha256_file

    standard = load_standard()
    version = standard.check_version(version)
    given = [Path(p) for p in paths]
    explicit = {p.resolve() for p in given if p.is_file()}
    files = find_files(given)
    submission = Submission(version)
    for n, path in enumerate(files):
        if progress:
            progress(f"reading {path.name}", n, len(files))
        sheets = read_file(path)
        used = False
        for sheet in sheets:
            table = identify_table(standard, version, sheet.name)
            if table is None and sheet.fallback_name:
                table = identify_table(standard, version, sheet.fallback_name)
            if table is None:
                check = structure.UNRECOGNISED_FILE
                submission.issues.append(
                    Issue(
                        sheet.file,
                        None,
                        None,
                        None,
                        check.code,
                        check.severity,
                        check.message.format(value=sheet.file),
                        sheet.file,
                    )
                )
                continue
            if not any(h and identify_column(h, table, version) for h in sheet.header):
                expected = ", ".join(table.field_names(version)[:4])
                raise BairnError(
                    f"{sheet.file} has none of the columns of {table.name} ({expected}, …) in "
                    "its header row; check it is the right file and that the first row names "
                    "the columns."
                )
            part, issues = to_part(standard, version, table, sheet)
            submission.parts.append(part)
            submission.issues.extend(issues)
            used = True
        if not used and path.resolve() in explicit:
            names = ", ".join(t.name for t in standard.tables_in(version))
            raise BairnError(
                f"Bairn cannot tell which table {path.name} holds; name the file (or its "
                f"sheets) after a table: {names}."
            )
        submission.sources.append(SourceInfo(path.name, str(path), sha256_file(path)))
    if progress:
        progress("read", len(files), len(files))
    if not submission.parts:
        raise BairnError(
            "None of the files holds a table of the standard; name each file (or sheet) after "
            "its table, such as children.csv or meetings.xlsx."
        )
    return submission


def identify_column(header: str, table, version: str) -> bool:
    from bairn.standard import normalise_name

    return normalise_name(header) in table.field_names(version)
