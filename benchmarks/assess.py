"""Benchmark of `lz assess` at city scale, with its floors measured in the same run.

    python benchmarks/assess.py [--powers 3000] [--repeat 3] [--changed 25]

The city-scale repository of benchmarks/generate.py (3,000 powers, 12,000 risks).

1. `lz assess` against warm `lz validate`, both as a user runs them (a subprocess) with the
   facts cache warm and the whole-output replay defeated: every run gets an `--as-of` it
   has not seen, so both recheck every risk and measure of the register against a new date
   (what the issue's "≤ 1.3 × warm lz validate" compares; a replayed run of either costs
   only the hashing of the files).
2. `lz assess --trend` over 12 monthly commits of a git history of the same repository,
   each commit changing `--changed` power files, against a single cold `lz assess
   --no-cache` (target ≤ 12 ×; it is far less, because each (path, blob) goes through the
   document stage once for the whole trend).

Figures, not assertions: nothing here fails a test suite.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402
from run import LZ, Table, as_installed, best, parse_floor, timed, yaml_files  # noqa: E402

AS_OF = dt.date(2026, 11, 28)
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "基准",
           "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "基准",
           "GIT_COMMITTER_EMAIL": "bench@example.org"}


class Dates:
    """A new reference date at every call: no run can replay another's output."""

    def __init__(self, start: dt.date) -> None:
        self.day = start

    def __call__(self) -> str:
        self.day += dt.timedelta(days=1)
        return self.day.isoformat()


def alternating(cmds: list[list[str]], dates: Dates, repeat: int) -> list[tuple[float, int, int]]:
    """The best of `repeat` runs of each command, each run with an `--as-of` it has not
    seen, the commands taking turns so that a change in the machine's load (it is shared)
    weighs on all of them alike."""
    runs: list[list[tuple[float, int, int]]] = [[] for _ in cmds]
    for _ in range(repeat):
        for i, cmd in enumerate(cmds):
            runs[i].append(timed([*cmd, "--as-of", dates()]))
    return [(min(r[0] for r in rs), rs[0][1], max(r[2] for r in rs)) for rs in runs]


def git(top: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, **GIT_ENV}
    if date is not None:
        env |= {"GIT_AUTHOR_DATE": f"{date}T18:00:00+08:00", "GIT_COMMITTER_DATE": f"{date}T18:00:00+08:00"}
    subprocess.run(["git", *args], cwd=top, env=env, check=True, stdout=subprocess.DEVNULL)


STALE = "    reviewed: 2024-06-01"


def history(source: Path, top: Path, changed: int) -> Path:
    """A git repository with the unit in `unit/` and one commit on the 20th of each of
    the 12 months before `AS_OF`: the first with every power's risks last reviewed in
    2024 (due for review), each later one reviewing the risks of `changed` more power
    files (their `reviewed` date becomes the commit's day), so the score rises a little
    each month while the rest of the repository stays as it was."""
    shutil.rmtree(top, ignore_errors=True)
    unit = top / "unit"
    shutil.copytree(source, unit, ignore=shutil.ignore_patterns(".lz-cache", ".generated"))
    powers = sorted((unit / "powers").glob("*.yaml"))
    for path in powers:
        path.write_text(path.read_text(encoding="utf-8").replace("    reviewed: 2026-06-01", STALE), encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    first = dt.date(AS_OF.year - 1, AS_OF.month + 1, 20) if AS_OF.month < 12 else dt.date(AS_OF.year, 1, 20)
    for month in range(12):
        year, m = divmod(first.month - 1 + month, 12)
        day = dt.date(first.year + year, m + 1, 20)
        for path in powers[(month - 1) * changed:month * changed] if month else ():
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace(STALE, f"    reviewed: {day}"), encoding="utf-8")
        git(top, "add", "-A")
        git(top, "commit", "-q", "-m", f"month {month + 1}", date=day.isoformat())
    return unit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--changed", type=int, default=25, help="power files changed per monthly commit")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "city")
    args = parser.parse_args()
    as_installed()

    stamp = args.out / ".generated"
    if not stamp.exists() or stamp.read_text() != f"{args.powers}":
        generate(args.out, args.powers)
        stamp.write_text(f"{args.powers}")
    size = sum(p.stat().st_size for p in yaml_files(args.out))
    print(f"repository: {args.out} — {args.powers} powers, {size / 1e6:.1f} MB of YAML, {os.cpu_count()} cores")
    parse_floor(args.out)  # warm the page cache
    table = Table(min(parse_floor(args.out) for _ in range(2)))
    print("(ratios: assess to the warm validate that rechecks; the trend to one cold assess)")
    repo = str(args.out)
    dates = Dates(AS_OF)

    # 1. warm: the facts cache filled once, every run judged at a date it has not seen
    shutil.rmtree(args.out / ".lz-cache", ignore_errors=True)
    best([*LZ, "validate", repo, "-q", "--as-of", AS_OF.isoformat()], 1)
    validate, assess, by_dept = alternating([[*LZ, "validate", repo, "-q"], [*LZ, "assess", repo, "-q"],
                                             [*LZ, "assess", repo, "-q", "--by", "department"]], dates, 2 * args.repeat)
    table.row("lz validate (warm facts, rechecked)", validate[0], None, validate[2])
    table.row("lz assess (warm facts, rechecked)", assess[0], 1.3, assess[2], base=validate[0])
    table.row("lz assess --by department (warm)", by_dept[0], 1.3, by_dept[2], base=validate[0])

    # 2. the trend: 12 monthly commits, against one cold assess (taking turns as above;
    #    every date keeps the 12 monthly commits inside the year before it)
    unit = history(args.out, args.out.parent / "assess-history", args.changed)
    cold, trend = alternating([[*LZ, "assess", repo, "-q", "--no-cache"],
                               [*LZ, "assess", str(unit), "-q", "--no-cache", "--trend"]], dates, args.repeat)
    table.row("lz assess --no-cache (cold)", cold[0], None, cold[2])
    table.row(f"lz assess --trend --no-cache (12 months, {args.changed} files each)", trend[0], 12.0, trend[2],
              base=cold[0])
    shown = subprocess.run([*LZ, "assess", str(unit), "--no-cache", "--trend", "--format", "json", "--as-of",
                            AS_OF.isoformat()], capture_output=True, text=True, check=True).stdout
    print("  trend:", " ".join(f"{p['date']} {p['score']}" for p in json.loads(shown)["trend"]))
    best([*LZ, "assess", str(unit), "-q", "--as-of", AS_OF.isoformat()], 1)  # fill the facts cache
    warm = alternating([[*LZ, "assess", str(unit), "-q", "--trend"]], dates, args.repeat)[0]
    table.row("lz assess --trend (warm facts of the working tree)", warm[0], 12.0, warm[2], base=cold[0])


if __name__ == "__main__":
    main()
