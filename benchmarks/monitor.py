"""Benchmarks of `lz monitor`, each figure next to its floor measured in the same run.

    python benchmarks/monitor.py [--events 5000000] [--repeat 1] [--only csv,pm4py[,spark]]

1. csv: a generated 5,000,000-event CSV log, as a licensing platform exports it (rows in
   time order, most cases by the book, a few skipping steps, overdue, 补正 loops, open).
   Floor: DuckDB reading the same file and materialising it sorted by case and time, as a
   whole process. lz monitor (this library, in a subprocess, printing its text report)
   must take at most 2.5 times the floor, with a peak memory of the process tree of at
   most 2 GB.
2. pm4py: the 231 real road-traffic-fine variants repeated into a ~561,000-event XES log.
   Peer: PM4Py's token-based replay of it against PM4Py's own model (the inductive miner's
   net of the same variants, which has the same directly-follows graph; discovered once,
   untimed), as a whole process reading the XES file. lz monitoring the same XES file must
   be at least 5 times faster. PM4Py is AGPL and never a dependency: it runs from its own
   virtualenv (`/work/bench-pm4py`, or `--pm4py PYTHON`); without it the peer is skipped.
3. spark (with csv, when asked): the csv log through `lz monitor --engine spark` on a local
   session, next to the same DuckDB floor; no target (docs/scale.md says why).

Figures, not assertions: nothing here fails a test suite. The monitoring side is the
command as a user runs it: `python -m lianzheng monitor ROOT --log ID=FILE` (text report).
"""

from __future__ import annotations

import argparse
import gzip
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from run import as_installed, timed

OUT = HERE / "out" / "monitor"
AS_OF = "2026-11-28"
PM4PY = Path("/work/bench-pm4py/bin/python")
ROADTRAFFIC = Path(__file__).resolve().parent.parent / "tests" / "monitor" / "data" / "eventlogs" / "roadtraffic-variants.xes.gz"

# (variant, share in ‰, [(activity, day offset, login)]) of the generated permit log: most
# cases by the book, a tenth through a 补正 loop, a few per cent deviating.
VARIANTS = [
    (0, 600, [("受理", 0, "wangli"), ("材料审查", 1, "zhaoqiang"), ("现场核查", 2, "liuyang"),
              ("审核决定", 3, "chenhaiyan"), ("制证送达", 4, "wangli")]),
    (1, 240, [("受理", 0, "zhoumin"), ("材料审查", 1, "lihua"), ("审核决定", 2, "chenhaiyan"),
              ("制证送达", 3, "zhoumin")]),
    (2, 100, [("受理", 0, "wangli"), ("补正告知", 0, "wangli"), ("受理", 6, "wangli"), ("材料审查", 7, "lihua"),
              ("现场核查", 8, "sunwei"), ("审核决定", 9, "chenhaiyan"), ("制证送达", 10, "wangli")]),
    (3, 10, [("受理", 0, "zhoumin"), ("审核决定", 1, "chenhaiyan"), ("制证送达", 2, "zhoumin")]),
    (4, 10, [("受理", 0, "wangli"), ("材料审查", 1, "zhaoqiang"), ("现场核查", 12, "liuyang"),
             ("审核决定", 14, "chenhaiyan"), ("制证送达", 15, "wangli")]),
    (5, 20, [("受理", 0, "zhoumin"), ("不予受理", 0, "zhoumin")]),
    (6, 5, [("受理", 0, "wangli"), ("材料审查", 1, "majun")]),
    (7, 15, [("受理", 0, "wangli"), ("材料审查", 2, "zhaoqiang"), ("现场核查", 5, "liuyang"),
             ("审核决定", 7, "chenhaiyan"), ("制证送达", 9, "wangli")]),
]


def sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def generate_csv(path: Path, events: int) -> None:
    """The permit log, written by DuckDB in time order (the platform's export order)."""
    import duckdb

    values = ", ".join(f"({v}, {k}, {sql_str(a)}, {d}, {sql_str(login)})"
                       for v, _, steps in VARIANTS for k, (a, d, login) in enumerate(steps))
    bounds, acc = [], 0
    for v, share, _ in VARIANTS:
        acc += share
        bounds.append(f"WHEN r < {acc} THEN {v}")
    per_case = sum(share * len(steps) for _, share, steps in VARIANTS) / 1000
    cases = int(events / per_case) + 1000
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"""
COPY (
    SELECT 'XK' || lpad(CAST(c.i AS VARCHAR), 8, '0') AS 办件编号, '食品经营许可' AS 事项名称,
           s.activity AS 环节名称, s.login AS 办理人账号,
           strftime(TIMESTAMP '2026-01-05 09:00:00' + INTERVAL (c.i % 300 + s.day) DAY
                    + INTERVAL (c.i * 37 % 420 + s.k * 11) MINUTE, '%Y-%m-%d %H:%M:%S') AS 办理时间
    FROM (SELECT i, CASE {' '.join(bounds)} END AS variant
          FROM (SELECT i, CAST(hash(i) % 1000 AS INTEGER) AS r FROM range({cases}) t(i))) c
    JOIN (VALUES {values}) s(variant, k, activity, day, login) ON s.variant = c.variant
    ORDER BY 办理时间, c.i, s.k
    LIMIT {events}
) TO {sql_str(str(path))} (HEADER, DELIMITER ',')
""")
    con.close()


def permit_repo(repo: Path, log: Path) -> None:
    """A repository: the county unit, its XK-001, and a CaseLog of the generated log."""
    county = ROOT / "examples" / "county-market-bureau"
    if repo.exists():
        shutil.rmtree(repo)
    (repo / "powers").mkdir(parents=True)
    (repo / "caselogs").mkdir()
    shutil.copyfile(county / "lianzheng.yaml", repo / "lianzheng.yaml")
    shutil.copyfile(county / "powers" / "XK-001.yaml", repo / "powers" / "XK-001.yaml")
    caselog = (county / "caselogs" / "permits.yaml").read_text(encoding="utf-8")
    caselog = caselog.replace("source: caselogs/data/permits-2026.csv", f"source: {log.name}")
    caselog = caselog.replace("id: permits", "id: big")
    (repo / "caselogs" / "big.yaml").write_text(caselog, encoding="utf-8")


def traffic_repo(repo: Path) -> None:
    data = ROOT / "tests" / "monitor" / "data"
    if repo.exists():
        shutil.rmtree(repo)
    (repo / "caselogs").mkdir(parents=True)
    (repo / "lianzheng.yaml").write_text(
        "apiVersion: lianzheng/v1\nkind: Unit\nname: 某市公安局交通警察支队\n"
        "departments: [{id: D-JJ, name: 违法处理大队}]\nposts: [{id: P-JJ, name: 违法处理岗, department: D-JJ}]\n",
        encoding="utf-8")
    shutil.copyfile(data / "traffic-fines.yaml", repo / "traffic-fines.yaml")
    caselog = (data / "traffic-caselog.yaml").read_text(encoding="utf-8")
    (repo / "caselogs" / "fines.yaml").write_text(
        caselog.replace("source: roadtraffic100traces.csv", "source: fines.xes"), encoding="utf-8")


def repeat_variants(target: Path, copies: int) -> int:
    """The real variants, each trace repeated `copies` times under new case ids."""
    raw = gzip.decompress(ROADTRAFFIC.read_bytes()).decode("utf-8")
    traces = re.findall(r"<trace>.*?</trace>", raw, re.DOTALL)
    head = re.compile(r'(<trace>\s*<string key="concept:name" value=")([^"]*)(")')
    events = 0
    with open(target, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8" ?>\n<log>\n')
        for k in range(copies):
            for t in traces:
                out.write("\t" + head.sub(lambda m, k=k: f"{m.group(1)}{m.group(2)}-{k}{m.group(3)}", t, count=1) + "\n")
                events += t.count("<event>")
        out.write("</log>\n")
    return events


PM4PY_MODEL = """
import sys, pm4py
log = pm4py.read_xes(sys.argv[1])
net, im, fm = pm4py.discover_petri_net_inductive(log)
pm4py.write_pnml(net, im, fm, sys.argv[2])
"""
PM4PY_REPLAY = """
import sys, pm4py
log = pm4py.read_xes(sys.argv[1])
net, im, fm = pm4py.read_pnml(sys.argv[2])
print(pm4py.fitness_token_based_replay(log, net, im, fm))
"""


def lz_run(repo: Path, *logs: str, engine: str = "duckdb") -> list[str]:
    """`lz monitor` on `repo` (the logs as `ID=FILE`), its text report to stdout."""
    cmd = [sys.executable, "-m", "lianzheng", "monitor", str(repo), "--as-of", AS_OF, "--no-cache", "--quiet"]
    for log in logs:
        cmd += ["--log", log]
    return cmd + (["--engine", engine] if engine != "duckdb" else [])


def row(name: str, seconds: float, floor: float | None, target: str, ok: bool | None, peak: int | str) -> None:
    ratio = "" if floor is None else f"{seconds / floor:8.2f}"
    mark = "" if ok is None else ("yes" if ok else "NO")
    print(f"{name:<58} {seconds:8.2f} {ratio:>8} {target:>10} {peak:>8}  {mark}", flush=True)


def bench_csv(events: int, repeat: int, spark: bool) -> None:
    log = OUT / f"permits-{events}.csv"
    if not log.exists():
        generate_csv(log, events)
    repo = OUT / "permit-repo"
    permit_repo(repo, log)
    floor_cmd = [sys.executable, "-c", textwrap.dedent(f"""
        import duckdb
        con = duckdb.connect()
        con.execute("CREATE TABLE t AS SELECT * FROM read_csv({sql_str(str(log))}) ORDER BY 办件编号, 办理时间")
        """)]
    floors = [timed(floor_cmd) for _ in range(repeat)]
    floor = min(f[0] for f in floors)
    row(f"floor: DuckDB reads {events:,} rows, sorts by case, time", floor, floor, "", None, max(f[2] for f in floors))
    runs = [timed(lz_run(repo, f"big={log}")) for _ in range(repeat)]
    best = min(r[0] for r in runs)
    peak = max(r[2] for r in runs)
    row("lz monitor, 5M-event CSV (text report)", best, floor, "≤ 2.5×", best <= 2.5 * floor, peak)
    row("  peak memory of the process tree (MB)", float(peak), None, "≤ 2048", peak <= 2048, peak)
    if spark:
        # no target: a local Spark session is the engine for a cluster, not for speed on one machine
        runs = [timed(lz_run(repo, f"big={log}", engine="spark")) for _ in range(repeat)]
        row("lz monitor --engine spark (local[2]), the same CSV", min(r[0] for r in runs), floor, "—", None,
            max(r[2] for r in runs))


def bench_pm4py(repeat: int, pm4py: Path, copies: int) -> None:
    if not ROADTRAFFIC.is_file():
        print(f"pm4py: skipped ({ROADTRAFFIC} is not on this machine)")
        return
    xes = OUT / "roadtraffic-repeated.xes"
    repo = OUT / "traffic-repo"
    traffic_repo(repo)
    events = repeat_variants(xes, copies)
    runs = [timed(lz_run(repo, f"fines={xes}")) for _ in range(repeat)]
    lz = min(r[0] for r in runs)
    if not pm4py.is_file():
        row(f"lz monitor, {events:,}-event XES", lz, None, "", None, max(r[2] for r in runs))
        print(f"pm4py: skipped (no benchmark virtualenv at {pm4py}; python3 -m venv /work/bench-pm4py && "
              "/work/bench-pm4py/bin/pip install pm4py)")
        return
    model = OUT / "roadtraffic-im.pnml"
    for name, code in (("model.py", PM4PY_MODEL), ("replay.py", PM4PY_REPLAY)):
        (OUT / name).write_text(code, encoding="utf-8")
    subprocess.run([str(pm4py), str(OUT / "model.py"), str(ROADTRAFFIC), str(model)], check=True,
                   capture_output=True)
    peer = timed([str(pm4py), str(OUT / "replay.py"), str(xes), str(model)])
    row(f"peer: PM4Py token-based replay, {events:,}-event XES", peer[0], peer[0], "", None, peer[2])
    row("lz monitor, the same XES file", lz, peer[0], "≤ 0.2×", lz * 5 <= peer[0], max(r[2] for r in runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--copies", type=int, default=297, help="repeats of the 231 variants (297: 561,627 events)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--only", default="csv,pm4py")
    parser.add_argument("--pm4py", type=Path, default=PM4PY, help="python of the benchmark-only PM4Py venv")
    args = parser.parse_args()
    as_installed()
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{'measure':<58} {'seconds':>8} {'ratio':>8} {'target':>10} {'peak MB':>8}  ok")
    only = set(args.only.split(","))
    if "csv" in only:
        bench_csv(args.events, args.repeat, "spark" in only)
    if "pm4py" in only:
        bench_pm4py(args.repeat, args.pm4py, args.copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
