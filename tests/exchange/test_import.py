from __future__ import annotations

import datetime as dt
import difflib
import os
from pathlib import Path
from typing import Any

import pytest

from lianzheng.exchange import ExchangeError
from lianzheng.report.exchange import render_import

from .conftest import export, import_register, risks_of, validate
from .workbooks import (
    FOOTNOTE,
    REGISTER_SHEET,
    WRITERS,
    Layout,
    Sheet,
    office_register,
    write_csv,
    write_xlsx,
)

EXPECTED: dict[str, dict[str, Any]] = {
    "R-D-BGS-01": {"title": "公务接待超标准", "category": "power", "post": "P-BGS-ZR", "grade": "medium",
                       "factors": {"importance": 3, "discretion": 2, "probability": 3, "harm": 3},
                       "measures": ["严格执行公务接待标准，一事一单", "接待清单每月在局内公示"], "owner": "吴晓东",
                       "leader": "L-FJZ-ZH", "department": "D-BGS"},
    "R-D-BGS-02": {"title": "公车私用", "category": "ethics", "post": "P-BGS-ZR", "grade": "low", "factors": None,
                       "measures": ["节前开展廉洁提醒", "公车安装定位系统并定期核查轨迹"], "owner": "吴晓东",
                       "leader": "L-FJZ-ZH", "department": "D-BGS"},
    "R-D-BGS-03": {"title": "印章管理不规范", "category": "system", "post": "P-01", "grade": "low",
                       "factors": {"importance": 3, "discretion": 2, "probability": 2, "harm": 2},
                       "measures": ["用印一律审批登记", "印章由专人保管，离岗交接"], "owner": "张敏", "leader": "L-FJZ-ZH",
                       "department": "D-BGS"},
    "R-D-XZSP-01": {"title": "违规审批", "category": "power", "post": "P-SP-SC", "grade": "high",
                        "factors": {"importance": 5, "discretion": 4, "probability": 4, "harm": 5},
                        "measures": ["实行双人审核", "审批全程系统留痕", "纪检组每季度抽查"], "owner": "马俊",
                        "leader": "L-FJZ-SP", "department": "D-XZSP"},
    "R-D-XZSP-02": {"title": "刁难申请人", "category": "power", "post": "P-02", "grade": "medium", "factors": None,
                        "measures": ["受理材料一次性告知", "落实首问负责制"], "owner": "马俊", "leader": "L-FJZ-SP",
                        "department": "D-XZSP"},
    "R-D-01-01": {"title": "档案资料被篡改", "category": "system", "post": "P-03", "grade": "high", "factors": None,
                      "measures": ["档案查阅实行登记审批", "电子档案修改全程留痕"], "owner": "李娟", "leader": "L-01",
                      "department": "D-01"},
    "R-D-01-02": {"title": "违规借阅档案", "category": "ethics", "post": "P-03", "grade": "low", "factors": None,
                      "measures": ["签订档案保密承诺书", "每年开展档案安全警示教育"], "owner": "李娟", "leader": "L-FJZ-ZH",
                      "department": "D-01"},
    "R-D-01-03": {"title": "收受好处放宽查阅", "category": "ethics", "post": "P-03", "grade": "medium", "factors": None,
                      "measures": ["档案查阅审批单由分管领导签字"], "owner": "李娟", "leader": "L-FJZ-ZH", "department": "D-01"},
    "R-D-01-04": {"title": "档案数字化外包泄密", "category": "system", "post": "P-03", "grade": "high", "factors": None,
                      "measures": ["与外包单位签订保密协议", "外包人员背景审查", "数字化加工场所全程监控"], "owner": "李娟",
                      "leader": "L-FJZ-ZH", "department": "D-01"},
}
# Saved as CSV, a merged 岗位 cell keeps its value in its first row only (the 科室 of the
# rows below is taken from above, with a warning; a post is not guessed).
CSV_POSTS = {"R-D-BGS-02": None, "R-D-01-02": None, "R-D-01-03": None, "R-D-01-04": None}
WARNINGS = [
    "风险台账!F9：风险类别“岗位职责风险”按第5条归入“权力行使”",
    "风险台账!C10：新增岗位“窗口受理岗”（P-02）；已有相近的“审批窗口受理岗”，如是同一岗位，请改正表格后重新导入",
    "风险台账!N12：责任领导“王五”不在领导班子中，已作为新成员 L-01 追加（请核对其职务和班子角色）",
    "风险台账!F14：风险类别“外部环境风险”按第5条归入“思想道德”",
    f"风险台账!A16：不是风险（没有风险点、等级和措施），未导入：“{FOOTNOTE}”",
]
CSV_WARNINGS = [
    "风险台账!B6、B7：科室为空，沿用上一行的科室“办公室”（合并单元格另存为 CSV 后只有第一行有值）",
    "风险台账!B10：科室为空，沿用上一行的科室“行政审批股”（合并单元格另存为 CSV 后只有第一行有值）",
    "风险台账!B13、B14、B15：科室为空，沿用上一行的科室“档案室”（合并单元格另存为 CSV 后只有第一行有值）",
]


def register(tmp_path: Path, fmt: str, layout: Layout | None = None) -> Path:
    return WRITERS[fmt](layout or office_register(), tmp_path / f"{REGISTER_SHEET}.{fmt}")


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods", "csv"])
def test_office_register(fmt: str, county: Path, tmp_path: Path) -> None:
    unit_before = (county / "lianzheng.yaml").read_bytes()
    files_before = {p.relative_to(county): p.read_bytes() for p in county.rglob("*") if p.is_file()}
    result = import_register(register(tmp_path, fmt), into=county, cache=False)

    assert result.sheet == REGISTER_SHEET
    assert result.header_rows == (3, 4)
    assert result.unknown_columns == [("风险台账!O3", "监测指标")]
    assert [p.message() for p in result.skipped] == ["风险台账!K11：风险等级“较高”无法识别"]
    assert result.exit_code == 1
    expected_warnings = sorted(WARNINGS + (CSV_WARNINGS if fmt == "csv" else []))
    assert sorted(p.message() for p in result.warnings) == expected_warnings
    assert result.departments_added == [("D-01", "档案室")]
    assert result.posts_added == [("P-01", "文印岗", "D-BGS"), ("P-02", "窗口受理岗", "D-XZSP"),
                                  ("P-03", "档案管理岗", "D-01")]
    assert result.files == ["risks/D-01.yaml", "risks/D-BGS.yaml", "risks/D-XZSP.yaml"]
    assert [(r.id, r.row) for r in result.risks][:3] == [("R-D-01-01", 12), ("R-D-01-02", 13), ("R-D-01-03", 14)]

    got = risks_of(county, result.files)
    assert sorted(got) == sorted(EXPECTED)
    for rid, want in EXPECTED.items():
        r = got[rid]
        post = CSV_POSTS.get(rid, want["post"]) if fmt == "csv" else want["post"]
        assert (r["title"], r["category"], r["post"], r["grade"], r["factors"], r["owner"], r["leader"],
                r["department"]) == (want["title"], want["category"], post, want["grade"], want["factors"],
                                     want["owner"], want["leader"], want["department"]), rid
        assert [m[1] for m in r["measures"]] == want["measures"], rid
        assert [m[0] for m in r["measures"]] == [f"M{i}" for i in range(1, len(want["measures"]) + 1)]
        assert r["override"] is None

    # lianzheng.yaml: every byte that was there is still there, in order; only insertions
    unit_after = (county / "lianzheng.yaml").read_bytes()
    ops = difflib.SequenceMatcher(None, unit_before, unit_after, autojunk=False).get_opcodes()
    assert {op[0] for op in ops} == {"equal", "insert"}
    assert b"  - id: D-01\n    name: \xe6\xa1\xa3\xe6\xa1\x88\xe5\xae\xa4\n" in unit_after  # 档案室
    # no other file was touched
    for rel, data in files_before.items():
        if str(rel) != "lianzheng.yaml":
            assert (county / rel).read_bytes() == data, rel
    # lz validate finds no error in the imported register
    report = validate(county, cache=False, today=dt.date(2026, 11, 28))
    assert report.errors == 0, [f for f in report.findings if f.code[0] not in "KC"]


def test_text_report(county: Path, tmp_path: Path) -> None:
    result = import_register(register(tmp_path, "xlsx"), into=county, cache=False, dry_run=True)
    text = render_import(result)
    assert text.splitlines()[:5] == [
        "读取：风险台账.xlsx 工作表“风险台账”（表头第 3–4 行，11 行数据）",
        "将导入 9 个风险：",
        "  risks/D-01.yaml  档案室  4 个",
        "  risks/D-BGS.yaml  办公室  3 个",
        "  risks/D-XZSP.yaml  行政审批股  2 个",
    ]
    assert "跳过 1 行：\n  风险台账!K11：风险等级“较高”无法识别\n" in text
    assert "未识别的列（未导入）：风险台账!O3“监测指标”" in text
    assert text.endswith("（试运行：未写入任何文件）\n")
    en = render_import(result, "en")
    assert "  风险台账!K11: risk grade \"较高\" is not recognised" in en
    assert "would import 9 risk(s):" in en


def test_dry_run_writes_nothing(county: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in county.rglob("*") if p.is_file()}
    result = import_register(register(tmp_path, "xlsx"), into=county, cache=False, dry_run=True)
    assert result.files and result.unit_changed and result.exit_code == 1
    assert {p: p.read_bytes() for p in county.rglob("*") if p.is_file() and ".lz-cache" not in p.parts} == before


def test_existing_file_is_never_overwritten(county: Path, tmp_path: Path) -> None:
    (county / "risks" / "D-BGS.yaml").write_text("# 办公室自己的登记表\n", encoding="utf-8")
    result = import_register(register(tmp_path, "xlsx"), into=county, cache=False)
    assert "risks/D-BGS-2.yaml" in result.files
    assert (county / "risks" / "D-BGS.yaml").read_text(encoding="utf-8") == "# 办公室自己的登记表\n"
    assert "id: RR-D-BGS-2\n" in (county / "risks" / "D-BGS-2.yaml").read_text(encoding="utf-8")


def test_importing_twice_skips_every_row_the_second_time(county: Path, tmp_path: Path) -> None:
    """A sheet with ids imported again would duplicate every risk: each row is refused."""
    rows = [["风险编号", "科室", "风险点", "风险类别", "风险等级", "防控措施"],
            ["R-BGS-X1", "办公室", "公务接待超标准", "权力行使", "中", "1.接待清单公示"]]
    path = write_xlsx(Layout([Sheet("风险登记表", rows)]), tmp_path / "a.xlsx")
    assert import_register(path, into=county, cache=False).exit_code == 0
    again = import_register(path, into=county, cache=False)
    assert [p.message() for p in again.skipped] == ["风险登记表!A2：风险编号“R-BGS-X1”已在 risks/D-BGS.yaml 中使用"]
    assert again.files == [] and again.exit_code == 1


def simple(tmp_path: Path, rows: list[list[Any]], name: str = "风险登记表", fmt: str = "xlsx",
           merges: list[tuple[int, int, int, int]] | None = None, sheets: list[Sheet] | None = None) -> Path:
    layout = Layout([*(sheets or []), Sheet(name, rows, merges or [])])
    return WRITERS[fmt](layout, tmp_path / f"{name}.{fmt}") if fmt != "csv" else write_csv(
        layout, tmp_path / f"{name}.csv", sheet=name)


HEADER = ["科室", "岗位", "风险点", "风险类别", "风险等级", "防控措施", "责任人"]


def test_hostile_values_survive_and_stay_strings(county: Path, tmp_path: Path) -> None:
    titles = ["yes", "1.0", "@x", "a: b", "#1", "2026-01-01", "null", "- item", "=SUM(A1)", "第一行\n第二行", "x\x1b[2Jy"]
    rows = [HEADER] + [["办公室", "", t, "权力行使", "低", "1.措施: 内容 #1\n2.'=1+1", "张三"] for t in titles]
    result = import_register(simple(tmp_path, rows), into=county, cache=False)
    assert result.exit_code == 0
    got = risks_of(county, result.files)
    assert [got[r.id]["title"] for r in result.risks] == ["yes", "1.0", "@x", "a: b", "#1", "2026-01-01", "null",
                                                          "- item", "=SUM(A1)", "第一行第二行", "x\x1b[2Jy"]
    # only a cell's first character can make it a formula: inside it, `'` is the writer's own
    assert [m[1] for m in got[result.risks[0].id]["measures"]] == ["措施: 内容 #1", "'=1+1"]
    assert "\x1b" not in render_import(result)


def test_factors_that_compute_another_grade_keep_the_sheet_grade(county: Path, tmp_path: Path) -> None:
    rows = [["科室", "风险点", "风险类别", "权力重要程度", "自由裁量权大小", "发生概率", "危害程度", "风险等级", "防控措施"],
            ["办公室", "经费报销把关不严", "制度机制", 2, 2, 2, 2, "高", "1.双人审核\n2.季度抽查"],
            ["办公室", "没有等级", "制度机制", 5, 5, 5, 5, "", "1.双人审核\n2.季度抽查"],
            ["办公室", "因素不全", "制度机制", 5, "", 5, 5, "高", "1.a"],
            ["办公室", "因素错误", "制度机制", 5, 9, 5, 5, "高", "1.a"]]
    result = import_register(simple(tmp_path, rows), into=county, cache=False)
    assert [p.message() for p in result.skipped] == [
        "风险登记表!E4：评定因素不全：缺少自由裁量权大小",
        "风险登记表!E5：自由裁量权大小“9”不是 1–5 的整数",
    ]
    assert [p.message() for p in result.warnings] == [
        "风险登记表!H2：登记表评定为高，按评定因素计算为低（分值 4）：保留登记表的等级，写为等级调整，理由待集体审定确认"]
    got = risks_of(county, result.files)
    first, second = (got[r.id] for r in result.risks)
    assert first["grade"] == first["declared"] == "high"
    assert first["override"] == ("high", "导入自 风险登记表.xlsx 风险登记表!H2：登记表评定为高，按评定因素计算为低")
    assert second["grade"] == "high" and second["override"] is None  # computed from the factors
    assert validate(county, cache=False).errors == 0


def test_sheet_without_category_column(county: Path, tmp_path: Path) -> None:
    rows = [["部门", "风险名称", "风险级次", "防控要点及防控措施"], ["办公室", "公车私用", "低", "定位管理"],
            ["办公室", "接待超标", "中", "清单公示"]]
    result = import_register(simple(tmp_path, rows), into=county, cache=False)
    assert [p.message() for p in result.warnings] == [
        "风险登记表：没有风险类别列：全部 2 个风险按“权力行使”导入，请逐条核对"]
    assert {r["category"] for r in risks_of(county, result.files).values()} == {"power"}


def test_sheet_choice(county: Path, tmp_path: Path) -> None:
    prose = Sheet("说明", [["本表由各科室填写。"], ["风险等级分高、中、低。"]])
    other = Sheet("汇总", [HEADER, ["办公室", "", "别的表", "权力行使", "低", "x", ""]])
    rows = [HEADER, ["办公室", "", "登记表里的", "权力行使", "低", "x", ""]]
    path = simple(tmp_path, rows, sheets=[prose, other])  # 风险登记表 is third
    assert import_register(path, into=county, cache=False, dry_run=True).sheet == "风险登记表"
    assert import_register(path, into=county, cache=False, dry_run=True, sheet="汇总").sheet == "汇总"
    first_with_header = simple(tmp_path, rows, name="Sheet2", sheets=[prose])
    assert import_register(first_with_header, into=county, cache=False, dry_run=True).sheet == "Sheet2"
    with pytest.raises(ExchangeError) as exc:
        import_register(path, into=county, sheet="没有这张表", cache=False)
    assert exc.value.message() == "没有名为“没有这张表”的工作表（有：说明、汇总、风险登记表）"
    assert exc.value.exit_code == 2
    with pytest.raises(ExchangeError) as exc:
        import_register(path, into=county, sheet="说明", cache=False)
    assert exc.value.message().startswith("“说明”中找不到登记表的表头")


def test_files_that_cannot_be_read(county: Path, tmp_path: Path) -> None:
    cases = {
        "missing.xlsx": None,
        "page.xls": b"<html><body><table><tr><td>\xe9\xa3\x8e\xe9\x99\xa9</td></tr></table></body></html>",
        "broken.xlsx": b"PK\x03\x04garbage",
        "notes.docx": b"hello",
        "binary.csv": bytes(range(128, 256)) * 4,
    }
    messages = {}
    for name, data in cases.items():
        if data is not None:
            (tmp_path / name).write_bytes(data)
        with pytest.raises(ExchangeError) as exc:
            import_register(tmp_path / name, into=county, cache=False)
        messages[name] = exc.value.message()
    assert messages["missing.xlsx"].startswith("找不到文件")
    assert "网页（HTML）格式" in messages["page.xls"]
    assert "不是可读取的电子表格" in messages["broken.xlsx"]
    assert messages["notes.docx"].startswith("不支持的文件类型")
    assert "GB18030" in messages["binary.csv"]
    assert exc.value.message("en")  # every message has an English form


def test_gbk_csv_is_read(county: Path, tmp_path: Path) -> None:
    path = write_csv(Layout([Sheet("登记表", [HEADER, ["办公室", "", "公车私用", "思想道德", "低", "教育", ""]])]),
                     tmp_path / "登记表.csv", encoding="gbk", sheet="登记表")
    result = import_register(path, into=county, cache=False)
    assert result.note_texts() == ["登记表.csv 不是 UTF-8 编码，已按 GB18030（GBK）读取"]
    assert [r.title for r in result.risks] == ["公车私用"]


def test_unit_file_style_is_followed(tmp_path: Path) -> None:
    """Flow-style items, CRLF line ends and a byte order mark stay as they are."""
    repo = tmp_path / "repo"
    repo.mkdir()
    unit = ("\ufeffapiVersion: lianzheng/v1\r\nkind: Unit\r\nname: 某局\r\n"
            "departments: [{id: D-A, name: 甲科}]\r\nposts:\r\n  - {id: P-A, name: 甲岗, department: D-A}  # 注\r\n"
            "# 结尾注释\r\n")
    (repo / "lianzheng.yaml").write_bytes(unit.encode("utf-8"))
    rows = [HEADER, ["乙科", "乙岗", "风险一", "权力行使", "低", "措施", ""]]
    result = import_register(simple(tmp_path, rows), into=repo, cache=False)
    assert result.exit_code == 0
    after = (repo / "lianzheng.yaml").read_bytes().decode("utf-8")
    assert after == ("\ufeffapiVersion: lianzheng/v1\r\nkind: Unit\r\nname: 某局\r\n"
                     "departments: [{id: D-A, name: 甲科}, {id: D-01, name: 乙科}]\r\nposts:\r\n"
                     "  - {id: P-A, name: 甲岗, department: D-A}  # 注\r\n"
                     "  - {id: P-01, name: 乙岗, department: D-01}\r\n# 结尾注释\r\n")


def test_risks_folder_leading_out_of_the_repository_is_refused(county: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (county / "risks").rename(county / "risks-old")
    os.symlink(outside, county / "risks")
    with pytest.raises(ExchangeError):
        import_register(register(tmp_path, "xlsx"), into=county, cache=False)
    assert list(outside.iterdir()) == []


def test_cells_naming_several_posts_or_departments(county: Path, tmp_path: Path) -> None:
    rows = [HEADER,
            ["财务装备股", "会计岗、出纳岗", "坐支现金", "权力行使", "中", "1.收支两条线", ""],
            ["办公室、财务装备股", "", "经费报销", "制度机制", "低", "1.双人审核", ""],
            ["", "", "", "", "", "", ""],
            [None, None, None, None, None, None, None]]
    rows[3][0] = ""  # a template's numbered rows left empty are no rows at all
    result = import_register(simple(tmp_path, [["序号", *HEADER]] + [[i, *r] for i, r in enumerate(rows[1:], 1)]),
                             into=county, cache=False)
    assert sorted(p.message() for p in result.warnings) == [
        "风险登记表!B3：科室“办公室、财务装备股”不止一个，风险导入时未分科室",
        "风险登记表!C2：岗位“会计岗、出纳岗”不止一个，风险导入时未写岗位",
        "风险登记表：1 个风险没有科室，写入 risks/imported.yaml",
    ]
    assert result.rows_read == 2 and result.exit_code == 0
    got = risks_of(county, result.files)
    assert {r.id: got[r.id]["post"] for r in result.risks} == {"R-D-CWGL-01": None, "R-01": None}
    assert result.files == ["risks/D-CWGL.yaml", "risks/imported.yaml"]


def test_merged_ranges_fill_their_rows_not_their_columns(county: Path, tmp_path: Path) -> None:
    """One measures cell merged over two risks applies to both; merged across into 责任人,
    it does not become the owner."""
    rows = [HEADER, ["办公室", "", "风险一", "权力行使", "低", "1.共同措施", ""],
            ["", "", "风险二", "权力行使", "低", "", ""], ["办公室", "", "风险三", "权力行使", "低", "1.宽的措施", ""]]
    path = simple(tmp_path, rows, merges=[(1, 5, 2, 5), (3, 5, 3, 6)])
    result = import_register(path, into=county, cache=False)
    got = risks_of(county, result.files)
    one, two, three = (next(r for r in got.values() if r["title"] == t) for t in ("风险一", "风险二", "风险三"))
    assert [m[1] for m in one["measures"]] == [m[1] for m in two["measures"]] == ["共同措施"]
    assert two["department"] is None  # 科室 was not merged: the second row has none
    assert three["owner"] is None and [m[1] for m in three["measures"]] == ["宽的措施"]


def test_a_workbook_without_a_register_sheet_is_refused(county: Path, tmp_path: Path) -> None:
    """The public edition holds a catalogue (序号、职权编号、职权名称 are three known names),
    steps and benchmarks, but no register: nothing is taken for one."""

    public = export(county, out=tmp_path / "公开.xlsx", audience="public", cache=False).files[0]
    with pytest.raises(ExchangeError) as exc:
        import_register(public, into=county, cache=False)
    assert exc.value.message().startswith("公开.xlsx中找不到登记表的表头")


def test_utf16_text_and_header_within_ten_rows(county: Path, tmp_path: Path) -> None:
    text = "\t".join(HEADER) + "\r\n" + "办公室\t\t公车私用\t思想道德\t低\t教育\t" + "\r\n"
    (tmp_path / "unicode.txt").write_bytes(text.encode("utf-16"))
    result = import_register(tmp_path / "unicode.txt", into=county, cache=False, dry_run=True)
    assert [r.title for r in result.risks] == ["公车私用"]
    assert result.note_texts("en") == ["unicode.txt is UTF-16 text; it was read as tab-separated"]
    late = [[f"说明第{i}行"] for i in range(10)] + [HEADER, ["办公室", "", "公车私用", "思想道德", "低", "教育", ""]]
    with pytest.raises(ExchangeError) as exc:
        import_register(simple(tmp_path, late), into=county, cache=False)
    assert "前 10 行" in exc.value.message()
    on_tenth = late[1:]
    assert import_register(simple(tmp_path, on_tenth, name="第十行"), into=county, cache=False,
                           dry_run=True).header_rows == (10, 10)


def test_layouts_of_published_registers(county: Path, tmp_path: Path) -> None:
    """Two header layouts as units have published them: a 单位/科室 sheet with the
    five-way risk categories and the department head as the one answering for it; and a
    重要环节 sheet (no 风险点 column) with 直接责任人, 部门责任人 and 责任领导."""
    bureau = [["序号", "单位/科室", "风险\n类别", "风险点", "廉政风险主要内容及表现形式", "风险等级", "防控措施", "部门\n负责人",
               "责任\n领导"],
              [1, "财务装备股", "岗位职责风险", "公车管理", "公车私用、违规加油及维修。", "低",
               "1.加强教育提醒; 2.制定加油、维修及车辆管理制度;\n 3.加强过程管理,每月汇总核对相关信息并公示", "郑红", "孙立群"],
              [2, "", "业务流程风险", "重大经济事项决策", "大额资金使用未按规定经集体讨论。", "高",
               "加强“三重一大”制度的执行管理，严格落实重大事项集体决策制度", "", ""]]
    path = simple(tmp_path, bureau, name="Sheet1", merges=[(1, 1, 2, 1), (1, 7, 2, 7), (1, 8, 2, 8)])
    result = import_register(path, into=county, cache=False)
    got = {r["title"]: r for r in risks_of(county, result.files).values()}
    car, decision = got["公车管理"], got["重大经济事项决策"]
    assert [m[1] for m in car["measures"]] == ["加强教育提醒", "制定加油、维修及车辆管理制度", "加强过程管理,每月汇总核对相关信息并公示"]
    assert (car["category"], car["owner"], car["leader"], car["department"]) == ("power", "郑红", "L-FJZ-ZH", "D-CWGL")
    assert (decision["category"], decision["grade"], decision["owner"], decision["department"]) == (
        "power", "high", "郑红", "D-CWGL")
    assert "Sheet1!G3：高风险只有 1 项防控措施，至少应有 2 项（lz validate 将报告 K002）" in [
        p.message() for p in result.warnings]

    steps = [["序号", "部门", "重要环节", "廉政风险点表现形式", "风险点涉及的岗位", "风险等级", "防控要点及防控措施",
              "直接责任人", "部门责任人", "责任领导"],
             [1, "人事教育股", "公务员考试和录用", "1.招考录用不按规定的资格条件进行审查；2.泄露其他考录秘密信息", "干部人事岗", "中",
              "1.资格审查实行双人复核\n2.考录全程接受纪检监督", "黄丽萍", "黄丽萍", "周志远"]]
    result = import_register(simple(tmp_path, steps, name="Sheet2"), into=county, cache=False)
    (risk,) = risks_of(county, result.files).values()
    assert (risk["title"], risk["post"], risk["owner"], risk["leader"], risk["department"]) == (
        "公务员考试和录用", "P-RS-GB", "黄丽萍", "L-JZ", "D-RSJY")
    assert risk["description"] == "1.招考录用不按规定的资格条件进行审查；2.泄露其他考录秘密信息"
    assert result.columns[1:3] == [("B", "部门", "department"), ("C", "重要环节", "step")]


def test_an_id_given_twice_in_the_sheet(county: Path, tmp_path: Path) -> None:
    rows = [["编号", "科室", "风险点", "风险类别", "风险等级", "防控措施"],
            ["BGS-1", "办公室", "风险一", "权力行使", "低", "1.a"], ["BGS-1", "办公室", "风险二", "权力行使", "低", "1.b"]]
    result = import_register(simple(tmp_path, rows), into=county, cache=False)
    assert [p.message() for p in result.skipped] == ["风险登记表!A3：风险编号“BGS-1”与第 2 行重复"]
    assert [r.id for r in result.risks] == ["BGS-1"]


def test_the_report_shows_how_each_column_was_read(county: Path, tmp_path: Path) -> None:
    result = import_register(register(tmp_path, "xlsx"), into=county, cache=False, dry_run=True)
    line = next(x for x in render_import(result).splitlines() if x.startswith("列："))
    assert line.startswith("列：A 序号（不导入）、B 科室、C 岗位名称（岗位）、D 廉政风险点（风险点）、E 主要表现形式（风险描述）、")
    assert "K 风险等级、L 防控措施、M 责任人、N 分管领导（责任领导）" in line


def test_json_report(county: Path, tmp_path: Path) -> None:
    import json

    from lianzheng.report.exchange import import_json

    doc = json.loads(import_json(import_register(register(tmp_path, "csv"), into=county, cache=False, dry_run=True)))
    assert doc["skipped"] == [{"cell": "风险台账!K11", "message": "风险台账!K11：风险等级“较高”无法识别"}]
    assert doc["exit_code"] == 1 and doc["dry_run"] is True and doc["header_rows"] == [3, 4]
    assert doc["risks"][0] == {"id": "R-D-01-01", "title": "档案资料被篡改", "department": "D-01",
                               "file": "risks/D-01.yaml", "row": 12}


def test_leaders_by_name(county: Path, tmp_path: Path) -> None:
    rows = [["科室", "风险点", "风险类别", "风险等级", "防控措施", "分管领导"]] + [
        ["办公室", f"风险{i}", "权力行使", "低", "1.a", leader]
        for i, leader in enumerate(["孙立群", "孙立群（副局长）", "孙立群副局长", "L-FJZ-ZH", "孙立群、陈海燕", "张三"])]
    result = import_register(simple(tmp_path, rows), into=county, cache=False)
    got = risks_of(county, result.files)
    # 张三 is no member yet: a new one (reported); two names cannot be one leader
    assert [got[r.id]["leader"] for r in result.risks] == ["L-FJZ-ZH"] * 4 + [None, "L-01"]
    assert result.leaders_added == [("L-01", "张三")]
    assert sorted(p.message() for p in result.warnings) == [
        "风险登记表!F6：责任领导“孙立群、陈海燕”无法确定为一人，风险导入时未写责任领导",
        "风险登记表!F7：责任领导“张三”不在领导班子中，已作为新成员 L-01 追加（请核对其职务和班子角色）",
    ]


def test_one_warning_for_a_value_repeated_over_many_rows(county: Path, tmp_path: Path) -> None:
    rows = [["科室", "职权名称", "风险点", "风险类别", "风险等级", "防控措施"]] + [
        ["办公室", "公务用车管理", f"风险{i}", "权力行使", "低", "1.a"] for i in range(7)]
    (warning,) = import_register(simple(tmp_path, rows), into=county, cache=False, dry_run=True).warnings
    assert warning.message() == "风险登记表!B2、B3、B4、B5、B6 等 7 处：职权“公务用车管理”不在本库中，风险导入时未关联职权"
    assert warning.message("en").startswith("风险登记表!B2, B3, B4, B5, B6 (7 cells): no power \"公务用车管理\"")


def test_unit_file_without_departments_or_posts(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    unit = "apiVersion: lianzheng/v1\nkind: Unit\nname: 某局\nsettings:\n  review_cycle_days: 365  # 一年"
    (repo / "lianzheng.yaml").write_text(unit, encoding="utf-8")
    rows = [HEADER, ["办公室", "文印岗", "风险一", "权力行使", "低", "措施", ""]]
    assert import_register(simple(tmp_path, rows), into=repo, cache=False).exit_code == 0
    assert (repo / "lianzheng.yaml").read_text(encoding="utf-8") == unit + (
        "\ndepartments:\n  - id: D-01\n    name: 办公室\nposts:\n  - id: P-01\n    name: 文印岗\n    department: D-01\n")
    assert validate(repo, cache=False).errors == 0
