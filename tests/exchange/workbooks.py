"""Registers built the way offices build them, written as .xlsx, .xls, .ods and .csv.

`office_register()` lays out a 廉政风险点登记表 as a county bureau keeps it: a sheet of
filling-in notes (prose) before the register; on the register sheet a merged title row and
a merged 填报单位 row, a two-row header whose 评定因素 group cell spans the four factors
(every other header cell merged over both rows, and two header texts broken over lines),
科室 and 岗位 cells merged over their risks, a blank spacer row, every measure-numbering
style (`1.` `1、` `（1）` `(1)` `①` `一、` and plain lines), every grade notation (高/中/低,
一级/二级/三级, ★★★/★★/★), one unreadable grade (较高), an unknown column (监测指标) and a
merged footnote.

The unit is the county market bureau of `examples/`: 办公室 (D-BGS), 行政审批股 (D-XZSP)
and their posts exist there; 档案室 and three posts are new.

Writers: xlsxwriter (.xlsx), xlwt (.xls, test-only dependency), odfpy (.ods, test-only
dependency), and a CSV as Excel saves such a sheet (a merged range keeps its value in its
first cell only).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REGISTER_SHEET = "风险台账"
NOTES_SHEET = "填表说明"
TITLE = "某县市场监督管理局廉政风险点登记表"
FOOTNOTE = "注：风险等级分为高、中、低三级，一级为高风险；表中评定因素按1—5分填写。"


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2


@dataclass
class Layout:
    sheets: list[Sheet]

    def sheet(self, name: str) -> Sheet:
        return next(s for s in self.sheets if s.name == name)


HEADER_TOP = ["序号", "科室", "岗位名称", "廉政风险点", "主要\n表现形式", "风险类别", "评定因素", "", "", "",
              "风险\n等级", "防控措施", "责任人", "分管领导", "监测指标"]
HEADER_SUB = ["", "", "", "", "", "", "权力重要程度", "自由裁量权大小", "发生概率", "危害程度", "", "", "", "", ""]
WIDTH = len(HEADER_TOP)

# (科室, 岗位, 风险点, 表现形式, 类别, factors or None, 等级, 防控措施, 责任人, 分管领导, 监测指标)
RISKS: list[tuple[Any, ...]] = [
    ("办公室", "办公室主任", "公务接待超标准", "超标准、超范围接待，虚列接待费用", "权力行使", (3, 2, 3, 3), "中",
     "1.严格执行公务接待标准，一事一单\n2.接待清单每月在局内公示", "吴晓东", "孙立群", "每月"),
    ("办公室", "办公室主任", "公车私用", "节假日私用公车，虚报加油和维修费用", "思想道德", None, "低",
     "1、节前开展廉洁提醒；2、公车安装定位系统并定期核查轨迹", "吴晓东", "孙立群", ""),
    ("办公室", "文印岗", "印章管理不规范", "未经审批用印，空白文书加盖公章", "制度机制", ("三", "二", "二", "二"), "★",
     "（1）用印一律审批登记\n（2）印章由专人保管，离岗交接", "张敏", "孙立群（副局长）", ""),
    None,  # a blank spacer row between departments
    ("行政审批股", "许可审查岗", "违规审批", "对不符合条件的申请违规准予许可，或者越权审批", "岗位职责风险", (5, 4, 4, 5),
     "一级", "(1)实行双人审核(2)审批全程系统留痕(3)纪检组每季度抽查", "马俊", "陈海燕", "季度"),
    ("行政审批股", "窗口受理岗", "刁难申请人", "对材料齐全的申请故意拖延受理，反复要求补正", "权力行使", None, "二级",
     "①受理材料一次性告知②落实首问负责制", "马俊", "陈海燕", ""),
    ("行政审批股", "许可现场核查岗", "现场核查走过场", "不按规定到现场核查，或者核查记录弄虚作假", "权力行使", None, "较高",
     "1.核查全程录像", "马俊", "陈海燕", ""),
    ("档案室", "档案管理岗", "档案资料被篡改", "利用保管便利篡改、抽换人事和许可档案", "制度机制", None, "★★★",
     "档案查阅实行登记审批\n电子档案修改全程留痕", "李娟", "王五", ""),
    ("档案室", "档案管理岗", "违规借阅档案", "未经审批向他人提供档案查阅、复制", "思想道德", None, "三级",
     "一、签订档案保密承诺书\n二、每年开展档案安全警示教育", "李娟", "孙立群", ""),
    ("档案室", "档案管理岗", "收受好处放宽查阅", "接受请托或者财物，为不符合条件的人员查阅档案提供便利", "外部环境风险", None,
     "★★", "1.档案查阅审批单由分管领导签字", "李娟", "孙立群", ""),
    ("档案室", "档案管理岗", "档案数字化外包泄密", "外包服务人员拷贝、泄露档案信息", "制度机制", None, "高",
     "1.与外包单位签订保密协议\n2.外包人员背景审查\n3.数字化加工场所全程监控", "李娟", "孙立群", ""),
]
FIRST_DATA_ROW = 4  # 0-based: rows 0 and 1 are titles, 2 and 3 the header


def office_register() -> Layout:
    rows: list[list[Any]] = [
        [TITLE] + [""] * (WIDTH - 1),
        ["填报单位（盖章）：某县市场监督管理局　　　　填报时间：2026年3月"] + [""] * (WIDTH - 1),
        list(HEADER_TOP),
        list(HEADER_SUB),
    ]
    merges = [(0, 0, 0, WIDTH - 1), (1, 0, 1, WIDTH - 1), (2, 6, 2, 9)]
    merges += [(2, c, 3, c) for c in range(WIDTH) if HEADER_SUB[c] == ""]
    n = 0
    for risk in RISKS:
        if risk is None:
            rows.append([""] * WIDTH)
            continue
        n += 1
        dept, post, title, desc, cat, factors, grade, measures, owner, leader, monitor = risk
        f = list(factors) if factors else ["", "", "", ""]
        rows.append([n, dept, post, title, desc, cat, *f, grade, measures, owner, leader, monitor])
    rows.append([FOOTNOTE] + [""] * (WIDTH - 1))
    merges.append((len(rows) - 1, 0, len(rows) - 1, WIDTH - 1))
    # 科室 and 岗位 merged over the rows they share, as offices draw them
    for col in (1, 2):
        start = FIRST_DATA_ROW
        for r in range(FIRST_DATA_ROW + 1, len(rows)):
            if rows[r][col] != rows[start][col] or rows[r][col] == "" or r == len(rows) - 1:
                if r - 1 > start and rows[start][col]:
                    merges.append((start, col, r - 1, col))
                start = r
    for r1, c1, r2, c2 in merges:  # a merged range holds its value in its first cell only
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    rows[r][c] = ""
    notes = Sheet(NOTES_SHEET, [
        ["填表说明"],
        ["一、本表由各科室对照职权目录和岗位职责，逐岗位查找廉政风险点后填写。"],
        ["二、风险等级按照权力重要程度、自由裁量权大小、发生概率和危害程度综合评定，分为高、中、低三级。"],
        ["三、防控措施应当具体、可操作，并明确责任人和分管领导。"],
    ])
    return Layout([notes, Sheet(REGISTER_SHEET, rows, sorted(merges))])


def cell(row: int, col: int) -> str:
    """A 0-based cell as the register sheet names it (`风险台账!K11`)."""
    return f"{REGISTER_SHEET}!{chr(65 + col)}{row + 1}"


def data_row(n: int) -> int:
    """The 0-based sheet row of the n-th entry of RISKS (1-based, spacer included)."""
    return FIRST_DATA_ROW + n - 1


# --- writers ----------------------------------------------------------------------------


def write_xlsx(layout: Layout, path: Path) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    wrap = wb.add_format({"text_wrap": True, "valign": "top", "border": 1})
    for sheet in layout.sheets:
        ws = wb.add_worksheet(sheet.name)
        starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        covered = {(r, c) for r1, c1, r2, c2 in sheet.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    ws.merge_range(r, c, r2, c2, value, wrap)
                elif (r, c) not in covered and value != "":
                    ws.write(r, c, value, wrap)
    wb.close()
    return path


def write_xls(layout: Layout, path: Path) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for sheet in layout.sheets:
        ws = wb.add_sheet(sheet.name)
        starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        covered = {(r, c) for r1, c1, r2, c2 in sheet.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        for r, row in enumerate(sheet.rows):
            for c, value in enumerate(row):
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    ws.write_merge(r, r2, c, c2, value)
                elif (r, c) not in covered and value != "":
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_ods(layout: Layout, path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for sheet in layout.sheets:
        table = Table(name=sheet.name)
        starts = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
        covered = {(r, c) for r1, c1, r2, c2 in sheet.merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}
        width = max(len(r) for r in sheet.rows)
        for r, row in enumerate(sheet.rows):
            tr = TableRow()
            for c in range(width):
                value = row[c] if c < len(row) else ""
                if (r, c) in covered and (r, c) not in starts:
                    tr.addElement(CoveredTableCell())
                    continue
                kw: dict[str, Any] = {}
                if (r, c) in starts:
                    r2, c2 = starts[(r, c)]
                    kw = {"numbercolumnsspanned": c2 - c + 1, "numberrowsspanned": r2 - r + 1}
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    tc = TableCell(valuetype="float", value=value, **kw)
                else:
                    tc = TableCell(valuetype="string", **kw) if value != "" else TableCell(**kw)
                if value != "":
                    for line in str(value).split("\n"):
                        tc.addElement(P(text=line))
                tr.addElement(tc)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(layout: Layout, path: Path, encoding: str = "utf-8-sig", sheet: str = REGISTER_SHEET) -> Path:
    """The register sheet as Excel saves it to CSV (merged ranges keep their first cell)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(
        [["" if v is None else str(v) for v in row] for row in layout.sheet(sheet).rows])
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods, "csv": write_csv}
