"""Benchmarks at city scale, with the floor measured in the same run.

    python benchmarks/run.py [--powers 3000] [--only validate,grade] [--repeat 3]
    python benchmarks/run.py --scale 30000      # ten times city scale: time and memory

Generates the city-scale repository (benchmarks/generate.py) under benchmarks/out/,
measures the floor — PyYAML's libyaml C loader loading the same files and doing
nothing else — and then each `lz` command as a user runs it (a subprocess), printing
the seconds, the ratio to the floor, the target and the peak memory of the whole
process tree. Figures, not assertions: nothing here fails a test suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

LZ = [sys.executable, "-m", "lianzheng"]
AS_OF = "2026-11-28"


def as_installed() -> None:
    """lz's modules compiled to bytecode, as `pip install` leaves an installed package. With
    PYTHONDONTWRITEBYTECODE set (as on the project's machine) an editable install compiles
    every module from source on every run (some 60 ms), which no installed lz does."""
    import compileall

    compileall.compile_dir(str(ROOT / "src" / "lianzheng"), quiet=1)


def yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".lz-cache" not in p.parts)


def parse_floor(root: Path) -> float:
    """PyYAML's libyaml C loader loading every file, doing nothing else."""
    files = yaml_files(root)
    start = time.perf_counter()
    for path in files:
        with open(path, "rb") as fh:
            list(yaml.load_all(fh.read(), Loader=yaml.CSafeLoader))
    return time.perf_counter() - start


def _tree_rss_kb(root_pid: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                fields = dict(line.split(":", 1) for line in fh if ":" in line)
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, ()))
    return total


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak RSS (MB) of the whole process tree."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace"))
    return elapsed, proc.returncode, peak // 1024


def best(cmd: list[str], repeat: int, before: Callable[[], None] | None = None) -> tuple[float, int, int]:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(timed(cmd))
    t = min(r[0] for r in runs)
    return t, runs[0][1], max(r[2] for r in runs)


class Table:
    def __init__(self, floor: float, quiet: bool = False) -> None:
        self.floor = floor
        if not quiet:
            print(f"{'measure':<44} {'seconds':>8} {'ratio':>8} {'target':>10} {'peak MB':>8}  ok")
            self.row("floor: libyaml CSafeLoader, every file", floor, None, None, ratio=1.0)

    def row(self, name: str, seconds: float, target: float | None, peak: int | None,
            ratio: float | None = None, base: float | None = None) -> None:
        """A measurement; its ratio is to `base` when given, else to the floor."""
        ratio = seconds / (base or self.floor) if ratio is None else ratio
        ok = "" if target is None else ("yes" if ratio <= target else "NO")
        tgt = "" if target is None else f"≤ {target:g}×"
        print(f"{name:<44} {seconds:8.2f} {ratio:8.2f} {tgt:>10} {peak if peak is not None else '':>8}  {ok}",
              flush=True)


# The physical floor of a warm run: start the interpreter, stat, read and hash every data
# file (a changed file must be noticed), and read one stored result.
WARM_FLOOR = """
import hashlib, os, sys
root, stored = sys.argv[1], sys.argv[2]
for top, dirs, files in os.walk(root):
    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
    for name in sorted(files):
        if name.endswith((".yaml", ".yml")):
            path = os.path.join(top, name)
            os.stat(path)
            with open(path, "rb") as fh:
                hashlib.blake2b(fh.read(), digest_size=16).digest()
with open(stored, "rb") as fh:
    fh.read()
"""
# The packages lz declares as dependencies, imported and nothing else (the floor of a
# small command, SPEC: a warm pre-commit `lz validate` costs no more than this).
DEPENDENCIES = "import pydantic, yaml, jinja2, rich, typer"


def largest_file(folder: Path) -> Path:
    return max((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def bench_validate(repo: Path, table: Table, repeat: int) -> float:
    """Cold and warm validate; returns the warm time (the base of the grade figures)."""
    cache = repo / ".lz-cache"
    cold = best([*LZ, "validate", str(repo), "--no-cache", "-q", "--as-of", AS_OF], repeat)
    table.row("lz validate --no-cache (cold)", cold[0], 1.5, cold[2])
    shutil.rmtree(cache, ignore_errors=True)
    timed([*LZ, "validate", str(repo), "-q", "--as-of", AS_OF])  # fill the cache
    warm = best([*LZ, "validate", str(repo), "-q", "--as-of", AS_OF], repeat)
    table.row("lz validate (warm, nothing changed)", warm[0], 0.25, warm[2])
    floor = best([sys.executable, "-c", WARM_FLOOR, str(repo), str(largest_file(cache / "runs"))], repeat)
    table.row("floor: start + stat, read, hash every file", floor[0], None, floor[2], base=floor[0])
    table.row("lz validate (warm) to that floor", warm[0], 3.0, None, base=floor[0])
    size = tree_bytes(cache) / tree_bytes_yaml(repo)
    print(f"  (.lz-cache/ is {tree_bytes(cache) / 1e6:.1f} MB: {size:.2f} × the YAML; target ≤ 2×"
          f" — {'yes' if size <= 2 else 'NO'})", flush=True)
    example = ROOT / "examples" / "county-market-bureau"
    timed([*LZ, "validate", str(example), "-q"])
    small = best([*LZ, "validate", str(example), "-q"], repeat)
    deps = best([sys.executable, "-c", DEPENDENCIES], repeat)
    table.row("floor: import lz's dependencies", deps[0], None, deps[2], base=deps[0])
    table.row("lz validate example (warm) to that floor", small[0], 1.0, small[2], base=deps[0])
    return warm[0]


def tree_bytes_yaml(repo: Path) -> int:
    return sum(p.stat().st_size for p in yaml_files(repo))


def _wrong_grades(repo: Path, count: int, pristine: dict[Path, bytes], mark: int = 0) -> None:
    """Give the first risk of `count` power files a wrong grade (from their pristine bytes,
    recorded in `pristine` the first time); `mark` makes each run's bytes new (no replay)."""
    powers = sorted((repo / "powers").glob("*.yaml"))
    files = powers[:: max(1, len(powers) // count)][:count]
    flip = {"high": "low", "medium": "high", "low": "high"}
    for path in files:
        raw = pristine.setdefault(path, path.read_bytes())
        text = raw.decode("utf-8")
        at = text.index("\n    grade: ") + len("\n    grade: ")
        end = text.index("\n", at)
        text = text[:at] + flip[text[at:end]] + f"  # benchmark: wrong on purpose ({mark})" + text[end:]
        path.write_bytes(text.encode("utf-8"))


def bench_grade(repo: Path, table: Table, repeat: int, warm_validate: float) -> float:
    timed([*LZ, "grade", str(repo), "-q"])  # the cache is warm from validate
    graded = best([*LZ, "grade", str(repo), "-q"], repeat)
    table.row("lz grade (warm cache)", graded[0], 1.2, graded[2], base=warm_validate)
    pristine: dict[Path, bytes] = {}
    marks = iter(range(1, 1000))

    def corrupt() -> None:
        _wrong_grades(repo, 100, pristine, next(marks))

    # --write is compared with what it replaces: a --check of the same 100 changed files
    # (their facts read again, nothing replayed)
    checked = best([*LZ, "grade", str(repo), "--check", "-q"], repeat, before=corrupt)
    table.row("lz grade --check (100 of 3,000 files changed)", checked[0], None, checked[2], base=graded[0])
    written = best([*LZ, "grade", str(repo), "--write", "-q"], repeat, before=corrupt)
    for path, raw in pristine.items():
        path.write_bytes(raw)
    table.row("lz grade --write (100 of 3,000 files)", written[0], 2.0, written[2], base=checked[0])
    return graded[0]


def dot_floor(repo: Path, work: Path) -> float:
    """One batched `dot -Tsvg -O` over the DOT files of every flowchart, in one process."""
    dots = work / "dot"
    shutil.rmtree(dots, ignore_errors=True)
    subprocess.run([*LZ, "render", str(repo), "--format", "dot", "--out", str(dots), "-q"], check=True)
    files = sorted(str(p) for p in dots.glob("*.dot"))
    start = time.perf_counter()
    subprocess.run(["dot", "-Tsvg", "-O", *files], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def bench_render(repo: Path, table: Table, repeat: int, work: Path, floor: float) -> float:
    out = work / "flows"
    cold = best([*LZ, "render", str(repo), "--no-cache", "-q", "--out", str(out)], repeat)
    table.row("lz render --no-cache (3,000 SVG, cold)", cold[0], 1.5, cold[2], base=floor)
    return floor


def bench_publish(repo: Path, table: Table, repeat: int, work: Path, floor: float) -> None:
    # A cold build writes into a new folder, as a CI job does. (Deleting the previous build
    # just before would measure the file system instead: ext4 skips recently freed inodes
    # when it allocates, which makes creating the next 17,000 files several times slower.)
    colds = []
    for n in range(max(1, repeat - 1)):
        colds.append(timed([*LZ, "publish", str(repo), "--no-cache", "-q", "--out", str(work / f"site-cold-{n}"),
                            "--as-of", AS_OF]))
    cold = (min(c[0] for c in colds), colds[0][1], max(c[2] for c in colds))
    table.row("lz publish --no-cache (both editions, cold)", cold[0], 2.0, cold[2], base=floor)
    try:
        bench_incremental(repo, table, repeat, work, cold=cold[0])
    finally:
        for n in range(len(colds)):
            shutil.rmtree(work / f"site-cold-{n}", ignore_errors=True)
    cached = tree_bytes(repo / ".lz-cache") / tree_bytes_yaml(repo)
    print(f"  (.lz-cache/ after render and publish: {tree_bytes(repo / '.lz-cache') / 1e6:.1f} MB, {cached:.2f} × "
          f"the YAML; target ≤ 2× — {'yes' if cached <= 2 else 'NO'})", flush=True)


def bench_incremental(repo: Path, table: Table, repeat: int, work: Path, cold: float | None = None) -> None:
    """`lz publish` after one power's name changed, to its floor; the files it rewrote."""
    site = work / "site"
    timed([*LZ, "publish", str(repo), "-q", "--out", str(site), "--as-of", AS_OF])  # fill the caches
    power = sorted((repo / "powers").glob("*.yaml"))[0]
    pristine = power.read_bytes()
    edits = iter(range(1, 1000))

    def change_one_power() -> None:
        text = pristine.decode("utf-8").replace("\nname: ", f"\nname: （第{next(edits)}次修订）", 1)
        power.write_bytes(text.encode("utf-8"))

    try:
        one = best([*LZ, "publish", str(repo), "-q", "--out", str(site), "--as-of", AS_OF], repeat,
                   before=change_one_power)
        change_one_power()
        before = site_state(site)
        timed([*LZ, "publish", str(repo), "-q", "--out", str(site), "--as-of", AS_OF])
        files, size = rewritten(before, site_state(site))
        floor = best([sys.executable, "-c", PUBLISH_FLOOR, str(repo), str(power), str(work / "floor-pages")], repeat)
    finally:
        power.write_bytes(pristine)
    if cold is not None:
        table.row("lz publish after one power file changed", one[0], 0.15, one[2], base=cold)
    table.row("floor: start, hash all, parse one, write 2 MB", floor[0], None, floor[2], base=floor[0])
    table.row("lz publish after one change to that floor", one[0], 10.0, one[2], base=floor[0])
    ok = "yes" if files <= 40 and size <= 2_000_000 else "NO"
    print(f"  (one change rewrote {files} files, {size / 1e6:.2f} MB; target ≤ 40 files, ≤ 2 MB — {ok})", flush=True)


# The floor of an incremental publish: start, stat and hash every data file, parse the one
# that changed, write 40 pages of 2 MB in all (each to a temporary name, then renamed).
PUBLISH_FLOOR = WARM_FLOOR.split("with open(stored")[0] + """
import yaml
with open(sys.argv[2], "rb") as fh:
    list(yaml.load_all(fh.read(), Loader=yaml.CSafeLoader))
out = sys.argv[3]
os.makedirs(out, exist_ok=True)
page = b"x" * 50_000
for n in range(40):
    tmp = os.path.join(out, f".{n}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(page)
    os.replace(tmp, os.path.join(out, f"{n}.html"))
"""


def site_state(site: Path) -> dict[str, tuple[int, int, int]]:
    """Every file of a site: (inode, mtime, size), to tell which ones a publish rewrote."""
    out = {}
    for p in site.rglob("*"):
        if p.is_file():
            st = p.stat()
            out[str(p.relative_to(site))] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def rewritten(before: dict[str, tuple[int, int, int]], after: dict[str, tuple[int, int, int]]) -> tuple[int, int]:
    """Files written or removed between two states, and the bytes written."""
    changed = [k for k, v in after.items() if before.get(k) != v]
    removed = [k for k in before if k not in after]
    return len(changed) + len(removed), sum(after[k][2] for k in changed)


SCALED = {
    "validate": lambda repo, work: [*LZ, "validate", str(repo), "--no-cache", "-q", "--as-of", AS_OF],
    "render": lambda repo, work: [*LZ, "render", str(repo), "--no-cache", "-q", "--out", str(work / "flows")],
    "publish": lambda repo, work: [*LZ, "publish", str(repo), "--no-cache", "-q", "--out", str(work / "site"),
                                   "--as-of", AS_OF],
}
MEMORY_MB = 2048


def bench_scale(small: Path, large: Path, factor: float, repeat: int) -> None:
    """Cold validate, render and publish at both sizes in the same run: the large one's
    time to `factor` times the small one's (≤ 1.2×), and its peak memory (≤ 2 GB)."""
    print(f"{'scaling (cold, no cache)':<44} {'small s':>8} {'large s':>8} {'ratio':>8} {'target':>8} "
          f"{'peak MB':>8}  ok")
    for name, command in SCALED.items():
        runs = []
        for repo in (small, large):
            work = repo.parent / f"work-{repo.name}"
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir(parents=True)
            runs.append(best(command(repo, work), repeat if repo is small else 1))
            shutil.rmtree(work, ignore_errors=True)
        ratio = runs[1][0] / (factor * runs[0][0])
        ok = "yes" if ratio <= 1.2 and runs[1][2] <= MEMORY_MB else "NO"
        print(f"{'lz ' + name:<44} {runs[0][0]:8.2f} {runs[1][0]:8.2f} {ratio:8.2f} {'≤ 1.2×':>8} "
              f"{runs[1][2]:>8}  {ok}", flush=True)
    timed([*LZ, "validate", str(large), "-q", "--as-of", AS_OF])  # the cache a user's runs leave
    size = tree_bytes(large / ".lz-cache") / tree_bytes_yaml(large)
    print(f"  (.lz-cache/ at {large.name} after validate: {size:.2f} × the YAML; target ≤ 2× — "
          f"{'yes' if size <= 2 else 'NO'})")
    work = large.parent / f"work-{large.name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    print(f"incremental publish at {large.name}:")
    bench_incremental(large, Table(1.0, quiet=True), repeat, work)
    shutil.rmtree(work, ignore_errors=True)
    size = tree_bytes(large / ".lz-cache") / tree_bytes_yaml(large)
    print(f"  (.lz-cache/ at {large.name} after publish: {size:.2f} × the YAML; target ≤ 2× — "
          f"{'yes' if size <= 2 else 'NO'})")


def generated(out: Path, powers: int) -> Path:
    stamp = out / ".generated"
    if not stamp.exists() or stamp.read_text() != f"{powers}":
        generate(out, powers)
        stamp.write_text(f"{powers}")
    return out


BENCHES = {"validate": bench_validate, "grade": bench_grade, "render": bench_render, "publish": bench_publish}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, default=3000)
    parser.add_argument("--only", default=",".join(BENCHES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "city")
    parser.add_argument("--scale", type=int, default=0, metavar="POWERS",
                        help="also generate POWERS powers (e.g. 30000) and compare cold validate, render and "
                             "publish there with --powers, scaled; peak memory ≤ 2 GB")
    args = parser.parse_args()

    as_installed()
    generated(args.out, args.powers)
    if args.scale:
        large = generated(args.out.parent / f"city-{args.scale}", args.scale)
        bench_scale(args.out, large, args.scale / args.powers, args.repeat)
        return
    size = sum(p.stat().st_size for p in yaml_files(args.out))
    print(f"repository: {args.out} — {args.powers} powers, {size / 1e6:.1f} MB of YAML, {os.cpu_count()} cores")
    parse_floor(args.out)  # warm the page cache
    floor = min(parse_floor(args.out) for _ in range(2))
    table = Table(floor)
    print("(ratios: validate to the parse floor; grade to the warm validate; grade --write to grade --check;\n"
          " render and cold publish to the parse floor plus one batched dot; the publish after one\n"
          " change to the cold publish)")
    warm_validate = drawing_floor = 0.0
    for name in args.only.split(","):
        if name == "validate":
            warm_validate = bench_validate(args.out, table, args.repeat)
        elif name == "grade":
            if not warm_validate:
                warm_validate = bench_validate(args.out, table, args.repeat)
            bench_grade(args.out, table, args.repeat, warm_validate)
        elif name in ("render", "publish"):
            work = args.out.parent / "work"
            if not drawing_floor:
                drawing_floor = table.floor + dot_floor(args.out, work)
                table.row("floor: parse + one batched dot -Tsvg -O", drawing_floor, None, None, base=drawing_floor)
            BENCHES[name](args.out, table, args.repeat, work, drawing_floor)


if __name__ == "__main__":
    main()
