"""Benchmark of `lz rollup`, each figure next to its floor measured in the same run.

    python benchmarks/rollup.py [--units 1000] [--powers 30] [--repeat 3] [--spark]

Generates once (cached under benchmarks/out/rollup/, reused while `--units`/`--powers` stay
the same) N unit repositories of `--powers` powers each (benchmarks/generate.py, a code and
a seed per unit) and their `lz export --format parquet` folders, then measures:

- `lz rollup` of the N export folders, against the floor: one DuckDB query reading the same
  `unit.parquet` and `risks.parquet` files (a fresh interpreter importing duckdb, as the
  command is one) — target ≤ 2×;
- `lz rollup` of the N repositories (warm caches), against the floor: a warm `lz validate`
  of every repository, run in parallel on all cores (each a process, as CI runs them) —
  target ≤ 1.2×;
- with `--spark`, `lz rollup --engine spark` of the exports (a local session `local[2]`),
  for the record: no target (a JVM's start is most of it).

Every figure is a subprocess as a user runs it, best of `--repeat` (the repository
figures of 2 at most: each pass is long), with the peak memory of the process tree.
Figures, not assertions: nothing here fails a test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import as_installed, best, timed  # noqa: E402

PY = sys.executable
LZ = [PY, "-m", "lianzheng"]
AS_OF = "2026-11-28"

# The floor: DuckDB alone doing the reading `lz rollup` must do — every unit's figure row
# (its file named) and the risks' grade, category and areas aggregated — with no Python
# between the files and the result (DuckDB matches the files' columns by name).
FLOOR_QUERY = """
import duckdb, json, sys
units, risks = json.load(open(sys.argv[1]))
con = duckdb.connect()
rows = con.execute(
    "SELECT filename, unit_code, name, type, as_of, powers, risks_high, risks_medium, risks_low, "
    "high_short_of_measures, reviews_due, measures_overdue, warnings_undisposed, disposals_overdue, score, "
    "red_cases, on_time_rate FROM read_parquet($1, filename = true)", [units]).fetchall()
groups = con.execute(
    "SELECT grade, category, areas, COUNT(*) FROM read_parquet($1) GROUP BY ALL",
    [risks]).fetchall()
assert len(rows) == len(units) and groups
"""


def make_unit(args: tuple[Path, Path, int, int]) -> None:
    """One unit: its repository and its Parquet export (which also warms its cache)."""
    from lianzheng import open_repository
    from lianzheng.exchange import export
    from lianzheng.rollup.figures import figure_columns, unit_figures

    repo, out, i, powers = args
    generate(repo, powers, seed=i, code=f"BENCH-{i:04d}", name=f"第{i}号基准测试单位")
    opened = open_repository(repo, models=True, jobs=1)
    export(opened, format="parquet", out=out,
           unit_columns=figure_columns(unit_figures(opened, dt.date.fromisoformat(AS_OF))))


def prepare(base: Path, n_units: int, powers: int) -> tuple[list[Path], list[Path]]:
    repos = [base / "repos" / f"u{i:04d}" for i in range(n_units)]
    exports = [base / "exports" / f"u{i:04d}" for i in range(n_units)]
    stamp = base / ".generated"
    if stamp.exists() and stamp.read_text() == f"{n_units}x{powers}":
        return repos, exports
    shutil.rmtree(base, ignore_errors=True)
    (base / "repos").mkdir(parents=True)
    (base / "exports").mkdir(parents=True)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        list(pool.map(make_unit, [(r, e, i, powers) for i, (r, e) in enumerate(zip(repos, exports))], chunksize=8))
    stamp.write_text(f"{n_units}x{powers}")
    print(f"(generated {n_units} units of {powers} powers and their exports in {time.perf_counter() - start:.0f} s)")
    return repos, exports


def row(name: str, seconds: float, floor: float | None, target: float | None, peak: int | None) -> None:
    ratio = seconds / floor if floor else None
    ok = "" if target is None or ratio is None else ("yes" if ratio <= target else "NO")
    print(f"{name:<62} {seconds:8.2f} {'' if ratio is None else f'{ratio:8.2f}':>8} "
          f"{'' if target is None else f'≤ {target:g}×':>8} {peak if peak is not None else '':>8}  {ok}", flush=True)


def validate_all(repos: list[Path], jobs: int) -> tuple[float, int]:
    """Wall seconds of a warm `lz validate` of every repository, `jobs` at a time."""
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = list(pool.map(lambda r: timed([*LZ, "validate", str(r), "-q", "--as-of", AS_OF]), repos))
    return time.perf_counter() - start, max(r[2] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--powers", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "rollup")
    parser.add_argument("--spark", action="store_true", help="also time --engine spark on the exports")
    parser.add_argument("--only", default="exports,repositories")
    args = parser.parse_args()
    as_installed()
    repos, exports = prepare(args.out, args.units, args.powers)
    jobs = os.cpu_count() or 1
    files = args.out / "files.json"
    files.write_text(json.dumps([[str(e / "unit.parquet") for e in exports], [str(e / "risks.parquet") for e in exports]]))
    rollup = [*LZ, "rollup", "--as-of", AS_OF, "--format", "json", "-q"]
    print(f"{args.units} units of {args.powers} powers, {jobs} cores")
    print(f"{'measure':<62} {'seconds':>8} {'ratio':>8} {'target':>8} {'peak MB':>8}  ok")

    if "exports" in args.only:
        bench_exports(args, exports, files, rollup)
    if "repositories" in args.only:
        bench_repositories(args, repos, jobs, rollup)


def bench_exports(args: argparse.Namespace, exports: list[Path], files: Path, rollup: list[str]) -> None:
    floor = best([PY, "-c", FLOOR_QUERY, str(files)], args.repeat)
    row("floor: DuckDB reading every unit.parquet row and the risks", floor[0], floor[0], None, floor[2])
    got = best([*rollup, *map(str, exports)], args.repeat)
    row(f"lz rollup of {args.units} exports", got[0], floor[0], 2, got[2])
    if args.spark:
        spark = best([*rollup, "--engine", "spark", *map(str, exports)], 1)
        row(f"lz rollup --engine spark of {args.units} exports (local[2])", spark[0], floor[0], None, spark[2])


def bench_repositories(args: argparse.Namespace, repos: list[Path], jobs: int, rollup: list[str]) -> None:
    repeat = min(args.repeat, 2)
    validate_all(repos, jobs)  # warm: the caches, and the replay of an unchanged repository
    runs = [validate_all(repos, jobs) for _ in range(repeat)]
    vfloor = min(r[0] for r in runs)
    row(f"floor: warm lz validate of each repository, {jobs} at a time", vfloor, vfloor, None, max(r[1] for r in runs))
    timed([*rollup, *map(str, repos)])  # the caches as rollup reads them (no models)
    got = best([*rollup, *map(str, repos)], repeat)
    row(f"lz rollup of {args.units} repositories (warm caches)", got[0], vfloor, 1.2, got[2])


if __name__ == "__main__":
    main()
