"""Benchmark validation: Bairn's DuckDB rule engine against a plain pandas peer.

Run: .venv/bin/python benchmarks/bench_ingest.py [--scales 1 20] [--keep DIR]

For each scale it synthesises a national extract with bairn.synth (CSV, into a temporary
folder), then in separate processes (so each peak memory is its own):

- bairn: read the files with bairn.ingest's readers, then validate with (a) the ten rules the
  peer implements and (b) the whole rule pack of the current version;
- pandas: read the same CSVs with pandas (every column as text) and run the same ten rules the
  way the Data to Insight validators do (csc-validator-be-cin / -903): a dict of DataFrames,
  a deep copy of all the data for every rule, dates parsed inside each rule, merges and group-bys,
  each rule returning the row indices it flags.

It prints rows, wall times, validation throughput (rows/s), peak resident memory, issue counts
(both must agree) and the ratio pandas time / Bairn time for the same ten rules.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

TEN = ["G01", "G02", "G04", "G05", "G06", "G07", "D01", "D04", "P01", "P02"]
END = dt.date(2025, 6, 30)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------------------------
# Bairn


def run_bairn(folder: Path) -> dict:
    from bairn.ingest.engine import StagedSubmission
    from bairn.ingest.packs import build_pack, rules_for
    from bairn.ingest.readers import read_paths

    t0 = time.perf_counter()
    sub = read_paths([folder])
    t1 = time.perf_counter()
    pack = build_pack(sub.version)
    rows = sub.rows
    with StagedSubmission(sub, release=True) as staged:
        t2 = time.perf_counter()
        ten = staged.validate([pack[c] for c in TEN], as_of=END)
        t3 = time.perf_counter()
        full = staged.validate(rules_for(sub.version), as_of=END)
        t4 = time.perf_counter()
    counts: dict[str, int] = {}
    for code in ten.issues.column("rule").to_pylist():
        counts[code] = counts.get(code, 0) + 1
    return {
        "rows": rows,
        "read_s": t1 - t0,
        "stage_s": t2 - t1,
        "ten_s": (t2 - t1) + (t3 - t2),  # staging is part of the work the rules need
        "full_s": (t2 - t1) + (t4 - t3),
        "full_rules": len(full.rules_run),
        "full_issues": full.issues.num_rows,
        "issues": counts,
        "peak_mb": peak_mb(),
    }


# ---------------------------------------------------------------------------------------------
# The pandas peer, written the way the Data to Insight validators are written


def run_pandas(folder: Path) -> dict:
    import pandas as pd

    from bairn.standard import load_standard

    standard = load_standard()
    version = standard.current
    t0 = time.perf_counter()
    dfs = {}
    for table in standard.tables_in(version):
        path = folder / f"{table.name}.csv"
        if path.exists():
            dfs[table.name] = pd.read_csv(path, dtype=str, keep_default_na=False)
    t1 = time.perf_counter()
    rows = sum(len(df) for df in dfs.values())
    rules = {
        "G01": lambda d: g01_dates(d, standard, version),
        "G02": lambda d: g02_integers(d, standard, version),
        "G04": lambda d: g04_required(d, standard, version),
        "G05": lambda d: g05_codes(d, standard, version),
        "G06": lambda d: g06_unique(d, standard, version),
        "G07": lambda d: g07_child_reference(d),
        "D01": d01_end_before_start,
        "D04": d04_before_birth,
        "P01": p01_adult,
        "P02": p02_overlap,
    }
    counts = {}
    for code, func in rules.items():
        data = copy.deepcopy(dfs)  # as the D2I runners do: rules may mutate their input
        flagged = func(data)
        n = sum(len(v) for v in flagged.values())
        if n:
            counts[code] = n
    t2 = time.perf_counter()
    return {
        "rows": rows,
        "read_s": t1 - t0,
        "ten_s": t2 - t1,
        "issues": counts,
        "peak_mb": peak_mb(),
    }


def _date(s):
    import pandas as pd

    s = s.str.strip()
    iso = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    uk = pd.to_datetime(s, format="%d/%m/%Y", errors="coerce")
    return iso.fillna(uk)


def g01_dates(dfs, standard, version):
    out = {}
    for name, df in dfs.items():
        for f in standard.tables[name].fields(version):
            if f.type == "date" and f.name in df:
                text = df[f.name].str.strip()
                bad = (text != "") & _date(df[f.name]).isna()
                out.setdefault(name, []).extend(df.index[bad].tolist())
    return out


def g02_integers(dfs, standard, version):
    out = {}
    for name, df in dfs.items():
        for f in standard.tables[name].fields(version):
            if f.type == "integer" and f.name in df:
                text = df[f.name].str.strip()
                bad = (text != "") & ~text.str.fullmatch(r"[+-]?\d{1,9}")
                out.setdefault(name, []).extend(df.index[bad].tolist())
    return out


def g04_required(dfs, standard, version):
    out = {}
    for name, df in dfs.items():
        for f in standard.tables[name].fields(version):
            if f.required and f.name in df:
                bad = df[f.name].str.strip() == ""
                out.setdefault(name, []).extend(df.index[bad].tolist())
    return out


def g05_codes(dfs, standard, version):
    out = {}
    for name, df in dfs.items():
        for f in standard.tables[name].fields(version):
            if f.type == "code" and f.name in df:
                text = df[f.name].str.strip()
                codes = set(standard.codelists[f.codelist].values)
                bad = (text != "") & ~text.isin(codes)
                out.setdefault(name, []).extend(df.index[bad].tolist())
    return out


def g06_unique(dfs, standard, version):
    out = {}
    for name, df in dfs.items():
        key = list(standard.tables[name].primary_key)
        bad = df.duplicated(subset=key, keep="first")
        out[name] = df.index[bad].tolist()
    return out


def g07_child_reference(dfs):
    out = {}
    children = dfs["children"][["child_id"]].drop_duplicates()
    for name, df in dfs.items():
        if name == "children" or "child_id" not in df:
            continue
        df = df.reset_index().rename(columns={"index": "ROW_ID"})
        merged = df.merge(children, on="child_id", how="left", indicator=True)
        bad = (merged["_merge"] == "left_only") & (merged["child_id"].str.strip() != "")
        out[name] = merged.loc[bad, "ROW_ID"].tolist()
    return out


def d01_end_before_start(dfs):
    out = {}
    for name in ("irds", "investigations", "registrations"):
        df = dfs[name]
        bad = _date(df["end_date"]) < _date(df["start_date"])
        out[name] = df.index[bad].tolist()
    return out


def _with_birth(dfs, name):
    children = dfs["children"].drop_duplicates("child_id")[
        ["child_id", "birth_date", "expected_birth_date"]
    ]
    df = dfs[name].reset_index().rename(columns={"index": "ROW_ID"})
    merged = df.merge(children, on="child_id", how="inner")
    merged["birth"] = _date(merged["birth_date"])
    merged["expected"] = _date(merged["expected_birth_date"])
    return merged


DATES = {
    "concerns": ["received_date"],
    "irds": ["start_date", "end_date"],
    "investigations": ["start_date", "end_date"],
    "meetings": ["meeting_date"],
    "registrations": ["start_date", "end_date"],
    "core_groups": ["first_core_group_date"],
    "reporter_referrals": ["referral_date"],
}


def d04_before_birth(dfs):
    out = {}
    for name, cols in DATES.items():
        merged = _with_birth(dfs, name)
        for col in cols:
            bad = (_date(merged[col]) < merged["birth"]) & merged["expected"].isna()
            out.setdefault(name, []).extend(merged.loc[bad, "ROW_ID"].tolist())
    return out


def p01_adult(dfs):
    import pandas as pd

    out = {}
    for name, cols in DATES.items():
        merged = _with_birth(dfs, name)
        eighteen = merged["birth"] + pd.DateOffset(years=18)
        for col in cols:
            if col == "end_date":
                continue
            bad = _date(merged[col]) >= eighteen
            out.setdefault(name, []).extend(merged.loc[bad, "ROW_ID"].tolist())
    return out


def p02_overlap(dfs):
    import pandas as pd

    df = dfs["registrations"].reset_index().rename(columns={"index": "ROW_ID"})
    df["start"] = _date(df["start_date"])
    df["end"] = _date(df["end_date"]).fillna(pd.Timestamp("2262-01-01"))
    pairs = df.merge(df, on="child_id", suffixes=("_a", "_b"))
    later = (pairs["start_a"] < pairs["start_b"]) | (
        (pairs["start_a"] == pairs["start_b"]) & (pairs["ROW_ID_a"] < pairs["ROW_ID_b"])
    )
    bad = later & (pairs["start_b"] < pairs["end_a"])
    return {"registrations": sorted(set(pairs.loc[bad, "ROW_ID_b"].tolist()))}


# ---------------------------------------------------------------------------------------------


def worker(kind: str, folder: Path) -> dict:
    try:
        return run_bairn(folder) if kind == "bairn" else run_pandas(folder)
    except MemoryError:
        return {"failed": "out of memory", "peak_mb": peak_mb()}


def measure(kind: str, folder: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", kind, str(folder)], capture_output=True, text=True
    )
    if proc.returncode != 0:
        return {"failed": (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def dirty_sample(source: Path, out: Path, n: int = 3000) -> Path:
    """The first rows of each table of an extract, with errors of every kind the ten rules
    check injected, to show that the two implementations flag the same rows."""
    import pandas as pd

    out.mkdir(parents=True, exist_ok=True)
    dfs = {
        p.stem: pd.read_csv(p, dtype=str, keep_default_na=False, nrows=n)
        for p in sorted(source.glob("*.csv"))
    }
    kids = dfs["children"]
    kids.loc[0:9, "birth_date"] = "2025-02-30"  # G01
    kids.loc[10:19, "simd_decile"] = "three"  # G02
    kids.loc[20:29, "sex"] = ""  # G04
    kids.loc[30:39, "ethnic_group"] = "Martian"  # G05
    kids.loc[40:49, "child_id"] = kids.loc[50:59, "child_id"].to_numpy()  # G06
    kids.loc[60:99, "birth_date"] = "2001-01-01"  # P01 for their later events
    kids.loc[60:99, "expected_birth_date"] = ""
    con = dfs["concerns"]
    con.loc[0:9, "child_id"] = "NOBODY"  # G07
    con.loc[10:19, "received_date"] = "1990-01-01"  # D04 (children born later)
    irds = dfs["irds"]
    irds.loc[0:9, "end_date"] = "2000-01-01"  # D01
    regs = dfs["registrations"]
    extra = regs.iloc[0:10].copy()
    extra["registration_id"] = extra["registration_id"] + "-again"  # P02
    dfs["registrations"] = pd.concat([regs, extra], ignore_index=True)
    for name, df in dfs.items():
        df.to_csv(out / f"{name}.csv", index=False)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 20.0])
    parser.add_argument("--keep", type=Path, help="Keep the synthetic extracts in this folder.")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker[0], Path(args.worker[1]))))
        return
    try:
        from bairn.synth import generate
    except ImportError:
        sys.exit("bairn.synth is not available: this benchmark needs the synthetic generator.")
    import os

    print(f"Validation benchmark — {os.cpu_count()} CPU(s); ten rules: {', '.join(TEN)}")
    check_dir = Path(tempfile.mkdtemp(prefix="bench-ingest-check-"))
    generate(check_dir / "clean", seed=1, scale=0.05, end=END)
    dirty = dirty_sample(check_dir / "clean", check_dir / "dirty")
    b, p = measure("bairn", dirty), measure("pandas", dirty)
    same = "agree" if b.get("issues") == p.get("issues") else "DIFFER"
    print(f"Check on a dirty sample: bairn {b.get('issues')}, pandas {p.get('issues')}: {same}")
    for scale in args.scales:
        base = args.keep or Path(tempfile.mkdtemp(prefix="bench-ingest-"))
        folder = base / f"scale-{scale:g}"
        t = time.perf_counter()
        if not (folder / "children.csv").exists():
            generate(folder, seed=0, scale=scale, end=END)
        gen_s = time.perf_counter() - t
        b = measure("bairn", folder)
        p = measure("pandas", folder)
        print(f"\nscale {scale:g} (synthesised in {gen_s:.0f} s)")
        if "failed" in b:
            print(f"  bairn failed: {b['failed']}")
            continue
        rows = b["rows"]
        print(f"  rows                       {rows:>14,}")
        print(f"  bairn read (readers)       {b['read_s']:>12.1f} s")
        print(f"  bairn stage (one copy)     {b['stage_s']:>12.1f} s")
        ten_rate = rows / b["ten_s"]
        print(f"  bairn 10 rules incl. stage {b['ten_s']:>12.1f} s  {ten_rate:>12,.0f} rows/s")
        print(
            f"  bairn all {b['full_rules']} rules          {b['full_s']:>12.1f} s  "
            f"{rows / b['full_s']:>12,.0f} rows/s  ({b['full_issues']:,} issues)"
        )
        print(f"  bairn peak memory          {b['peak_mb']:>12,.0f} MB")
        if "failed" in p:
            print(f"  pandas failed: {p['failed']}")
            continue
        print(f"  pandas read (read_csv)     {p['read_s']:>12.1f} s")
        p_rate = rows / p["ten_s"]
        print(f"  pandas 10 rules            {p['ten_s']:>12.1f} s  {p_rate:>12,.0f} rows/s")
        print(f"  pandas peak memory         {p['peak_mb']:>12,.0f} MB")
        agree = "agree" if b["issues"] == p["issues"] else f"DIFFER {b['issues']} vs {p['issues']}"
        print(f"  issues (10 rules)          {sum(b['issues'].values()):>14,}  ({agree})")
        print(f"  ratio pandas / bairn, 10 rules: {p['ten_s'] / b['ten_s']:.1f}×")


if __name__ == "__main__":
    main()
