"""Benchmarks of `lz export` and `lz import`, each figure next to its floor, same run.

    python benchmarks/exchange.py [--powers 3000] [--rows 10000] [--repeat 3]

- export of the city-scale repository (benchmarks/generate.py: 3,000 powers, 12,000
  risks) to xlsx, csv and parquet, cold (no cache) and warm; floor: xlsxwriter writing the
  same cells of the same five sheets, and nothing else (no formats, lists, notes);
- import of a 10,000-row office register (.xlsx: title rows, a two-row header, 科室 and
  岗位 merged over their risks, numbered measures) into a copy of the county example;
  floor: python-calamine's bare read of the same sheet (`to_python()`).

Every figure is a subprocess as a user runs it (interpreter start and imports included,
in the floors too), best of `--repeat`, with the peak memory of the process tree.
Figures, not assertions: nothing here fails a test suite.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate
from run import as_installed, best, timed

PY = sys.executable
EXAMPLE = HERE.parent / "examples" / "county-market-bureau"


def row(name: str, seconds: float, floor: float | None, peak: int | None) -> None:
    ratio = f"{seconds / floor:8.2f}" if floor else f"{'':>8}"
    print(f"{name:<58} {seconds:8.2f} {ratio} {peak if peak is not None else '':>8}", flush=True)


def export_floor_cells(repo: Path, dump: Path) -> None:
    """The values of every cell export writes, for the floor to write them again."""
    from lianzheng import open_repository
    from lianzheng.exchange.export import sheets
    from lianzheng.exchange.tables import build_tables
    from lianzheng.grading.report import grade_report

    result = open_repository(repo, models=True)
    tables = build_tables(result, grade_report(result))
    data = [(name, [c.header for c in cols], [[c.value(r) for c in cols] for r in rows])
            for name, cols, rows in sheets(tables)]
    dump.write_bytes(pickle.dumps(data))


FLOOR_WRITE = """
import datetime as dt, io, pickle, sys, xlsxwriter
data = pickle.loads(open(sys.argv[1], 'rb').read())
buf = io.BytesIO()
wb = xlsxwriter.Workbook(buf, {'in_memory': True})
for name, header, rows in data:
    ws = wb.add_worksheet(name)
    ws.write_row(0, 0, header)
    for r, values in enumerate(rows, 1):
        for c, v in enumerate(values):
            if v is None:
                continue
            if isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()))
            else:
                ws.write_string(r, c, str(v))
wb.close()
open(sys.argv[2], 'wb').write(buf.getvalue())
"""

EXPORT = ("import sys; from lianzheng import open_repository; from lianzheng.exchange import export; "
          "export(open_repository(sys.argv[1], models=True, cache=sys.argv[4] == 'cache'), format=sys.argv[2], "
          "out=sys.argv[3])")
IMPORT = ("import sys; from lianzheng import open_repository; from lianzheng.exchange import import_register; "
          "r = import_register(sys.argv[1], into=open_repository(sys.argv[2], cache=False), "
          "dry_run=sys.argv[3] == 'dry'); "
          "assert len(r.risks) == int(sys.argv[4]), (len(r.risks), [p.message() for p in r.skipped[:3]])")
FLOOR_READ = ("import sys, python_calamine as pc; "
              "rows = pc.CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('风险登记表').to_python(); "
              "assert len(rows) > int(sys.argv[2])")


def bench_export(repo: Path, work: Path, repeat: int) -> None:
    dump = work / "cells.pickle"
    export_floor_cells(repo, dump)  # also fills the repository's cache
    floor = best([PY, "-c", FLOOR_WRITE, str(dump), str(work / "floor.xlsx")], repeat)
    row("floor: xlsxwriter writing the same cells", floor[0], floor[0], floor[2])
    cold = best([PY, "-c", EXPORT, str(repo), "xlsx", str(work / "a.xlsx"), "no-cache"], repeat)
    row("export xlsx, cold (no cache)", cold[0], floor[0], cold[2])
    timed([PY, "-c", EXPORT, str(repo), "xlsx", str(work / "b.xlsx"), "cache"])  # fill the cache
    warm = best([PY, "-c", EXPORT, str(repo), "xlsx", str(work / "b.xlsx"), "cache"], repeat)
    row("export xlsx, warm cache", warm[0], floor[0], warm[2])
    same = (work / "a.xlsx").read_bytes() == (work / "b.xlsx").read_bytes()
    print(f"  (the two workbooks are byte-identical: {same})")
    for fmt in ("csv", "parquet"):
        t = best([PY, "-c", EXPORT, str(repo), fmt, str(work / fmt), "cache"], repeat)
        row(f"export {fmt}, warm cache", t[0], floor[0], t[2])


def office_workbook(path: Path, rows: int) -> Path:
    """A 10,000-row register as a large unit's office keeps it (see tests/exchange/workbooks.py
    for the small one the tests check cell by cell)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    wb.add_worksheet("填表说明").write(0, 0, "本表由各科室填写，风险等级分高、中、低。")
    ws = wb.add_worksheet("风险登记表")
    top = ["序号", "科室", "岗位", "廉政风险点", "风险描述", "风险类别", "评定因素", "", "", "", "风险等级", "防控措施",
           "责任人", "分管领导"]
    width = len(top)
    ws.merge_range(0, 0, 0, width - 1, "某市廉政风险点登记表（基准测试）")
    for c, text in enumerate(top):
        if c in (6, 7, 8, 9):
            continue
        ws.merge_range(1, c, 2, c, text)
    ws.merge_range(1, 6, 1, 9, "评定因素")
    ws.write_row(2, 6, ["权力重要程度", "自由裁量权大小", "发生概率", "危害程度"])
    grades = ["高", "中", "低", "一级", "二级", "三级", "★★★", "★★", "★"]
    categories = ["权力行使", "制度机制", "思想道德"]
    per_department, per_post = 250, 25
    r = 3
    for i in range(rows):
        d, p = i // per_department, i // per_post
        if i % per_department == 0:
            ws.merge_range(r, 1, r + min(per_department, rows - i) - 1, 1, f"第{d + 1}科")
        if i % per_post == 0:
            ws.merge_range(r, 2, r + min(per_post, rows - i) - 1, 2, f"第{d + 1}科岗位{p % 10 + 1}")
        ws.write_number(r, 0, i + 1)
        ws.write_string(r, 3, f"风险点{i + 1}：违规办理第{i % 97}类事项")
        ws.write_string(r, 4, f"利用职务便利，在第{i % 97}类事项办理中为他人谋取利益，收受财物")
        ws.write_string(r, 5, categories[i % 3])
        ws.write_string(r, 10, grades[i % len(grades)])
        ws.write_string(r, 11, "1.实行双人审核，全程留痕\n2.纪检组每季度抽查\n3.办理结果公开")
        ws.write_string(r, 12, f"责任人{i % 50}")
        ws.write_string(r, 13, "孙立群")
        r += 1
    wb.close()
    return path


def bench_import(work: Path, rows: int, repeat: int) -> None:
    book = office_workbook(work / "register.xlsx", rows)
    pristine = work / "pristine"
    shutil.rmtree(pristine, ignore_errors=True)
    shutil.copytree(EXAMPLE, pristine, ignore=shutil.ignore_patterns(".lz-cache"))
    repo = work / "repo"

    def reset() -> None:
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(pristine, repo)

    floor = best([PY, "-c", FLOOR_READ, str(book), str(rows)], repeat)
    row(f"floor: python-calamine bare read ({rows:,} rows)", floor[0], floor[0], floor[2])
    reset()
    dry = best([PY, "-c", IMPORT, str(book), str(repo), "dry", str(rows)], repeat)
    row("import --dry-run (read, match, render, read back)", dry[0], floor[0], dry[2])
    real = best([PY, "-c", IMPORT, str(book), str(repo), "write", str(rows)], repeat, before=reset)
    row("import (writes 40 registers, appends 40 + 400 to the unit)", real[0], floor[0], real[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--powers", type=int, default=3000)
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "city")
    parser.add_argument("--only", default="export,import")
    args = parser.parse_args()
    as_installed()
    stamp = args.out / ".generated"
    if not stamp.exists() or stamp.read_text() != f"{args.powers}":
        generate(args.out, args.powers)
        stamp.write_text(f"{args.powers}")
    work = args.out.parent / "exchange"
    work.mkdir(parents=True, exist_ok=True)
    print(f"{'measure':<58} {'seconds':>8} {'ratio':>8} {'peak MB':>8}")
    if "export" in args.only:
        bench_export(args.out, work, args.repeat)
    if "import" in args.only:
        bench_import(work, args.rows, args.repeat)


if __name__ == "__main__":
    main()
