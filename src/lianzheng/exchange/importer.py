"""`lz import`: an existing spreadsheet register (廉政风险防控登记表) into the repository.

The pipeline, stage by stage:

1. read the workbook (`reader.py`) and choose the sheet: the one named, else 风险登记表,
   else the first with a header row;
2. find the header: within the first ten rows, the first with at least three known column
   names (`columns.py`); title rows above it are skipped; the next row joins it when it
   holds the names under merged group cells (a two-row header);
3. read each row below it, a merged range giving its value to every row it covers; blank
   rows (spacers) are skipped and do not end the table; a row that cannot be used is
   reported at its cell and skipped;
4. match departments, posts, leaders and powers by name (or id) against the repository;
   new departments and posts get the next free `D-NN` / `P-NN`;
5. write one new RiskRegister file per department (`risks/<department-id>.yaml`, a free
   name when that one is taken: an existing file is never touched) and splice the new
   departments and posts into `lianzheng.yaml`, keeping every byte already there.

Before anything is written, every new file and the new `lianzheng.yaml` are read back with
the loader every command uses and compared with what was meant; `dry_run` stops there.

Grades: a sheet's grade is kept as the register approved it. When the row also has the
four factors and they compute another grade under the unit's model, the sheet's grade is
written as `grade_override` with a reason naming the cell (a warning says so), so that the
register states what the office decided and `lz validate` accepts it; without a grade the
computed one is taken. A row without 风险类别 is imported as 权力行使 with a warning.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lianzheng.repo.document import suggest
from lianzheng.rules.stage import STAGE
from lianzheng.i18n import Text, in_lang, listing
from lianzheng.grading.model import PowerContext, assess
from lianzheng.spec.models import API_VERSION, RiskRegister, Settings, Unit
from lianzheng.rules import RULES
from lianzheng.repo.repository import Repository
from lianzheng.spec.terms import label
from lianzheng.exchange import columns as C
from lianzheng.exchange.cells import (
    CellError,
    cell_ref,
    cell_text,
    column_letter,
    joined,
    spaced,
    parse_category,
    parse_date,
    parse_factor,
    parse_grade,
    parse_term,
    split_measures,
    squeeze,
    terminal_text,
)
from lianzheng.exchange.errors import ExchangeError
from lianzheng.exchange.reader import Grid, Workbook, read_workbook
from lianzheng.exchange.yamlwrite import append_items, document, without

HEADER_ROWS_SEARCHED = 10
MIN_KNOWN_COLUMNS = 3
UNIT_FILE = "lianzheng.yaml"  # layout.UNIT_FILE: where the Unit lives, at the root
RISKS_DIR = "risks"
UNASSIGNED = "imported"  # the register of risks whose department the sheet does not say
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# A register file the loader refuses (10 MB) is split well before it.
MAX_REGISTER_BYTES = 8 * 1024 * 1024
MAX_CELLS_LISTED = 5

ERROR, WARNING = "error", "warning"

M = {
    # the file and the sheet (ExchangeError: exit 2)
    "no_sheet": Text("没有名为“{name}”的工作表（有：{names}）", "no sheet named \"{name}\" (there are: {names})"),
    "no_header": Text("{where}中找不到登记表的表头：前 {rows} 行中没有一行含有至少 {n} 个已知列名（如 科室、岗位、风险点、风险等级、防控措施）",
                      "no register header in {where}: none of the first {rows} rows has {n} known column names "
                      "(such as 科室, 岗位, 风险点, 风险等级, 防控措施)"),
    "no_title_column": Text("工作表“{sheet}”没有风险点列（风险点、风险名称、风险内容……），无法导入",
                            "sheet \"{sheet}\" has no risk column (风险点, 风险名称, 风险内容 …): nothing can be imported"),
    "unit_changed": Text("lianzheng.yaml 在导入过程中被修改，未写入任何文件；请重新导入",
                         "lianzheng.yaml changed while importing; nothing was written: import again"),
    "unsafe_dir": Text("{path} 指向仓库之外，未写入任何文件", "{path} leads out of the repository; nothing was written"),
    "write": Text("无法写入 {path}：{error}（未写入其他文件）", "cannot write {path}: {error} (nothing else was written)"),
    "internal": Text("导入生成的 {path} 读回后与表格内容不一致（{detail}），未写入任何文件；请报告此问题",
                     "the {path} the import made does not read back as the sheet says ({detail}); nothing was written: please report this"),
    "no_unit": Text("{path} 不是有效的单位文件，无法导入", "{path} is not a valid Unit file; nothing can be imported"),
    # rows that are skipped
    "grade": Text("风险等级“{value}”无法识别", "risk grade \"{value}\" is not recognised"),
    "grade_empty": Text("风险等级为空，且没有评定因素可据以计算", "no risk grade, and no factors to compute one from"),
    "factor": Text("{factor}“{value}”不是 1–5 的整数", "{factor_en} \"{value}\" is not a whole number from 1 to 5"),
    "factors_partial": Text("评定因素不全：缺少{missing}", "factors incomplete: {missing_en} missing"),
    "category": Text("风险类别“{value}”无法识别（可用 权力行使、制度机制、思想道德）",
                     "risk category \"{value}\" is not recognised (权力行使, 制度机制 or 思想道德)"),
    "date": Text("复核日期“{value}”不是日期", "review date \"{value}\" is not a date"),
    "title": Text("风险点为空", "the risk has no title (风险点)"),
    "id_taken": Text("风险编号“{value}”已在 {where} 中使用", "risk id \"{value}\" is already used in {where}"),
    "id_repeated": Text("风险编号“{value}”与第 {row} 行重复", "risk id \"{value}\" repeats row {row}"),
    # imported, with a warning
    "category_default": Text("风险类别为空，按“权力行使”导入，请核对", "no risk category: imported as 权力行使 (power); check it"),
    "category_column": Text("没有风险类别列：全部 {n} 个风险按“权力行使”导入，请逐条核对",
                            "no risk category column: all {n} risks imported as 权力行使 (power); check each"),
    "category_mapped": Text("风险类别“{value}”按第5条归入“{category}”", "risk category \"{value}\" filed under {category_en} (art. 5)"),
    "override": Text("登记表评定为{grade}，按评定因素计算为{computed}（分值 {score}）：保留登记表的等级，写为等级调整，理由待集体审定确认",
                     "the sheet grades it {grade_en}, the factors compute {computed_en} (score {score}): the sheet's grade is kept as a grade_override; confirm its reason"),
    "override_reason": Text("导入自 {ref}：登记表评定为{grade}，按评定因素计算为{computed}",
                            "imported from {ref}: graded {grade_en} in the sheet, {computed_en} by its factors"),
    "factors_columns": Text("登记表只有部分评定因素列（{present}），评定因素未导入",
                            "the sheet has only some factor columns ({present}); factors were not imported"),
    "power": Text("职权“{value}”不在本库中，风险导入时未关联职权", "no power \"{value}\" in the repository: imported without its power"),
    "power_ambiguous": Text("职权名称“{value}”对应多个职权（{ids}），风险导入时未关联职权",
                            "power name \"{value}\" matches several powers ({ids}): imported without its power"),
    "leader_new": Text("责任领导“{value}”不在领导班子中，已作为新成员 {id} 追加（请核对其职务和班子角色）",
                       "\"{value}\" is not in the leadership: added as new member {id} (check the title and role)"),
    "leader_ambiguous": Text("责任领导“{value}”无法确定为一人，风险导入时未写责任领导",
                             "\"{value}\" does not name one leader: imported without a responsible leader"),
    "no_measures": Text("没有防控措施（lz validate 将报告 K001）", "no control measures (lz validate reports K001)"),
    "few_measures": Text("高风险只有 {count} 项防控措施，至少应有 {minimum} 项（lz validate 将报告 K002）",
                         "a high risk with {count} measure(s), {minimum} required (lz validate reports K002)"),
    "measure_type": Text("措施类型“{value}”无法识别，措施导入时未写类型", "measure type \"{value}\" is not recognised: imported without a type"),
    "measure_types_count": Text("措施类型有 {types} 项，防控措施有 {measures} 项，无法对应，未导入类型",
                                "{types} measure type(s) for {measures} measure(s): types not imported"),
    "approval": Text("集体审定“{value}”没有审定日期，未导入", "collective approval \"{value}\" has no date: not imported"),
    "identified_by": Text("查找方式“{value}”无法识别，未导入", "how the risk was found, \"{value}\", is not recognised: not imported"),
    "note_row": Text("不是风险（没有风险点、等级和措施），未导入：“{value}”", "not a risk (no title, grade or measures), not imported: \"{value}\""),
    "department_above": Text("科室为空，沿用上一行的科室“{value}”（合并单元格另存为 CSV 后只有第一行有值）",
                             "no department: the one of the row above, \"{value}\", is used (a merged cell saved as CSV keeps its value in the first row only)"),
    "several_posts": Text("岗位“{value}”不止一个，风险导入时未写岗位", "\"{value}\" names more than one post: imported without a post"),
    "several_departments": Text("科室“{value}”不止一个，风险导入时未分科室",
                                "\"{value}\" names more than one department: imported without a department"),
    "similar_department": Text("新增科室“{value}”（{id}）；单位已有相近的“{close}”，如是同一科室，请改正表格后重新导入",
                               "new department \"{value}\" ({id}); the unit has \"{close}\": if they are one, correct the sheet and import again"),
    "similar_post": Text("新增岗位“{value}”（{id}）；已有相近的“{close}”，如是同一岗位，请改正表格后重新导入",
                         "new post \"{value}\" ({id}); there is \"{close}\": if they are one, correct the sheet and import again"),
    "unassigned": Text("{n} 个风险没有科室，写入 {path}", "{n} risk(s) have no department: written to {path}"),
    "duplicate_column": Text("与 {first} 列同为“{field}”，本列未导入", "the same field as column {first} (\"{field}\"): this column is not read"),
    "measure_detail": Text("{field}“{value}”无法识别，未导入", "{field_en} \"{value}\" is not recognised: not imported"),
    "measure_unmatched": Text("措施不在风险 {risk} 的防控措施栏中，未导入", "measure is not in the measures cell of risk {risk}: not imported"),
}
FIELD_LABEL = {f: (label("factor", f), label("factor", f, "en")) for f in C.FACTORS}


# --- results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A row skipped (`error`) or a value not taken as written (`warning`), at its cell(s)."""

    severity: str
    where: str | Text  # `风险登记表!F12`, or several cells `风险登记表!D5、D6` (`D5, D6`), or the sheet
    text: Text
    args: tuple[tuple[str, Any], ...] = ()
    row: int = -1  # 0-based, for ordering; -1 for the sheet as a whole
    col: int = -1
    cells: int = 1  # how many cells it is about (`where` lists the first few)

    def place(self, lang: str = "zh") -> str:
        """`where`, in `lang` (a list of cells reads as the language lists things)."""
        return in_lang(self.where, lang)

    def message(self, lang: str = "zh") -> str:
        body = self.text(lang).format(**{k: in_lang(v, lang) for k, v in self.args})
        where = self.place(lang)
        if self.cells > MAX_CELLS_LISTED:
            where += f" 等 {self.cells} 处" if lang == "zh" else f" ({self.cells} cells)"
        return f"{where}{'：' if lang == 'zh' else ': '}{body}"


@dataclass(frozen=True)
class ImportedRisk:
    id: str
    title: str
    department: str | None
    file: str  # relative to the repository root
    row: int  # 1-based, as the spreadsheet shows it


@dataclass
class ImportResult:
    """What `import_register` read, wrote (or, with `dry_run`, would write) and skipped."""

    source: Path
    sheet: str
    dry_run: bool
    header_rows: tuple[int, int] = (0, 0)  # 1-based, first and last
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (letter, header, field)
    unknown_columns: list[tuple[str, str]] = field(default_factory=list)  # (cell, header text)
    rows_read: int = 0  # rows below the header that hold anything
    risks: list[ImportedRisk] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # new files, relative to the root
    unit_changed: bool = False
    leaders_added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    departments_added: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    posts_added: list[tuple[str, str, str | None]] = field(default_factory=list)  # (id, name, department)
    file_departments: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # file -> (id, name)
    problems: list[Problem] = field(default_factory=list)
    notes: list[tuple[Text, dict[str, Any]]] = field(default_factory=list)  # about the file (its encoding)

    @property
    def skipped(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def exit_code(self) -> int:
        """SPEC: 1 when a row was skipped, else 0 (a file that cannot be read raises)."""
        return 1 if self.skipped else 0

    def note_texts(self, lang: str = "zh") -> list[str]:
        return [t(lang).format(**args) for t, args in self.notes]


# --- the sheet: header and rows ---------------------------------------------------------------


@dataclass
class Header:
    first: int  # 0-based row of the header (its first row)
    last: int  # its last row (first + 1 for a two-row header)
    fields: dict[int, str]  # column -> field
    labels: dict[int, str]  # column -> header text as written (one line)
    unknown: list[int]  # columns with a header this importer does not know
    duplicates: list[tuple[int, int]]  # (column, first column with the same field)


class Filled:
    """A sheet's values with each merged range's value in the cells of the range: every
    row of it (SPEC: the value applies to every row of the range) and, with `across`,
    every column too (a header's group cell names the columns under it)."""

    def __init__(self, grid: Grid, width: int, across: bool = True) -> None:
        self.grid = grid
        self.origin: dict[tuple[int, int], tuple[int, int]] = {}
        for r1, c1, r2, c2 in grid.merges:
            for r in range(r1, min(r2, len(grid.rows) - 1) + 1):
                for c in range(c1, min(c2 if across else c1, width - 1) + 1):
                    if (r, c) != (r1, c1):
                        self.origin[(r, c)] = (r1, c1)
        self.horizontal: dict[tuple[int, int], int] = {(r1, c1): c2 - c1 + 1 for r1, c1, r2, c2 in grid.merges}

    def value(self, row: int, col: int) -> Any:
        at = self.origin.get((row, col))
        return self.grid.value(*at) if at else self.grid.value(row, col)


def _known(text: str, table: dict[str, str]) -> str | None:
    return C.column_field(text, table) if text else None


def find_header(grid: Grid, table: dict[str, str] = C.RISK_COLUMNS) -> Header | None:
    """The header of a register sheet, or None when the first ten rows hold none."""
    width = max((len(r) for r in grid.rows[:HEADER_ROWS_SEARCHED + 1]), default=0)
    filled = Filled(grid, width)
    for r in range(min(HEADER_ROWS_SEARCHED, len(grid.rows))):
        known = {c for c in range(width) if _known(cell_text(grid.value(r, c)), table)}
        if len(known) < MIN_KNOWN_COLUMNS:
            continue
        last = r + 1 if _continues(grid, filled, r, width, table) else r
        fields: dict[int, str] = {}
        labels: dict[int, str] = {}
        unknown: list[int] = []
        duplicates: list[tuple[int, int]] = []
        first_of: dict[str, int] = {}
        for c in range(width):
            upper = cell_text(filled.value(r, c))
            lower = cell_text(filled.value(last, c)) if last != r else ""
            candidates = [lower, upper, upper + lower] if last != r else [upper]
            chosen, text = None, next((t for t in candidates if t), "")
            for t in candidates:
                f = _known(t, table) if t else None
                if f is not None:
                    chosen, text = f, t
                    break
            if not text:
                continue
            labels[c] = joined(text)
            if chosen is None:
                unknown.append(c)
            elif chosen != C.IGNORED and chosen in first_of:
                duplicates.append((c, first_of[chosen]))
            else:
                first_of.setdefault(chosen, c)
                fields[c] = chosen
        return Header(r, last, fields, labels, unknown, duplicates)
    return None


def _continues(grid: Grid, filled: Filled, r: int, width: int, table: dict[str, str]) -> bool:
    """Whether row r + 1 is the second row of the header: the names under group cells."""
    if r + 1 >= len(grid.rows):
        return False
    cells = {c: cell_text(grid.value(r + 1, c)) for c in range(width)}
    cells = {c: t for c, t in cells.items() if t}
    if not cells:
        return False
    under_group = False
    for c, text in cells.items():
        if _known(text, table) is None:
            if text != cell_text(filled.value(r, c)):
                return False  # a value that is not a header name: a data row
            continue
        above = cell_text(grid.value(r, c))
        if not above or (r, c) in filled.origin or filled.horizontal.get((r, c), 1) > 1:
            under_group = True
    return under_group


def choose_sheet(book: Workbook, name: str | None) -> tuple[Grid, Header]:
    if name is not None:
        match = [s for s in book.sheet_names if s == name] or [s for s in book.sheet_names if squeeze(s) == squeeze(name)]
        if not match:
            raise ExchangeError(M["no_sheet"], name=terminal_text(name),
                                names=listing(terminal_text(s) for s in book.sheet_names))
        grid = book.sheet(match[0])
        header = find_header(grid)
        if header is None:
            raise ExchangeError(M["no_header"], where=f"“{terminal_text(grid.name)}”", rows=HEADER_ROWS_SEARCHED,
                                n=MIN_KNOWN_COLUMNS)
        return grid, header
    named = [s for s in book.sheet_names if squeeze(s) == C.SHEET_RISKS]
    if named:
        grid = book.sheet(named[0])
        header = find_header(grid)
        if header is None:
            raise ExchangeError(M["no_header"], where=f"“{terminal_text(grid.name)}”", rows=HEADER_ROWS_SEARCHED,
                                n=MIN_KNOWN_COLUMNS)
        return grid, header
    for s in book.sheet_names:
        grid = book.sheet(s)
        header = find_header(grid)
        # a register's header: a catalogue (序号、职权编号、职权名称) has three known names too
        if header is not None and {C.TITLE, C.STEP} & set(header.fields.values()):
            return grid, header
    raise ExchangeError(M["no_header"], where=terminal_text(book.path.name), rows=HEADER_ROWS_SEARCHED,
                        n=MIN_KNOWN_COLUMNS)


# --- the repository: what the rows are matched against ------------------------------------------


class Directory:
    """The unit's names and the ids in use, and the ones this import adds."""

    def __init__(self, unit: Unit, decls: dict[str, dict[str, str]], powers: dict[str, str | None],
                 existing_files: set[str]) -> None:
        self.unit = unit
        self.decls = decls  # namespace -> id -> file
        self.files = existing_files
        self.dept_by_name: dict[str, list[str]] = defaultdict(list)
        self.dept_names: dict[str, str] = {}
        for d in unit.departments or ():
            if d is not None and d.id:
                self.dept_by_name[squeeze(str(d.name or ""))].append(str(d.id))
                self.dept_names[str(d.id)] = str(d.name or d.id)
        self.post_by_name: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        self.post_dept: dict[str, str | None] = {}
        for p in unit.posts or ():
            if p is not None and p.id:
                dept = str(p.department) if p.department else None
                self.post_by_name[squeeze(str(p.name or ""))].append((str(p.id), dept))
                self.post_dept[str(p.id)] = dept
        self.leader_by_name: dict[str, list[str]] = defaultdict(list)
        self.leaders: set[str] = set()
        for m in unit.leadership or ():
            if m is not None and m.id:
                self.leader_by_name[squeeze(str(m.name or ""))].append(str(m.id))
                self.leaders.add(str(m.id))
        self.powers = powers  # id -> name
        self.power_by_name: dict[str, list[str]] = defaultdict(list)
        for pid, name in sorted(powers.items()):
            if name:
                self.power_by_name[squeeze(name)].append(pid)
        self.new_leaders: list[dict[str, str]] = []
        self.new_departments: list[dict[str, str]] = []
        self.new_posts: list[dict[str, str]] = []
        self.used_risk_ids: set[str] = set(decls.get("risk", {}))
        self.existing_departments = set(self.dept_names)
        self.existing_posts = [(str(p.name or ""), str(p.id), str(p.department) if p.department else None)
                               for p in unit.posts or () if p is not None and p.id]
        self.highest: dict[str, int] = {}  # id prefix -> highest number in use

    def _next_id(self, prefix: str, taken: Iterable[str]) -> str:
        """`PREFIX-NN`, the number after the highest one in use."""
        if prefix not in self.highest:
            pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
            self.highest[prefix] = max((int(m[1]) for m in (pattern.match(t) for t in taken) if m), default=0)
        self.highest[prefix] += 1
        return f"{prefix}-{self.highest[prefix]:02d}"

    def department(self, name: str) -> str:
        key = squeeze(name)
        if name in self.dept_names:
            return name
        found = self.dept_by_name.get(key)
        if found:
            return found[0]
        new = self._next_id("D", [*self.dept_names, *self.decls.get("department", {})])
        self.dept_names[new] = name
        self.dept_by_name[key].append(new)
        self.new_departments.append({"id": new, "name": name})
        return new

    def known_department(self, name: str) -> bool:
        return name in self.dept_names or squeeze(name) in self.dept_by_name

    def known_post(self, name: str) -> bool:
        return name in self.post_dept or squeeze(name) in self.post_by_name

    def post(self, name: str, department: str | None) -> str:
        if name in self.post_dept and (department is None or self.post_dept[name] in (department, None)):
            return name
        key = squeeze(name)
        found = self.post_by_name.get(key, [])
        same = [pid for pid, d in found if d == department]
        if same:
            return same[0]
        if department is None and len(found) == 1:
            return found[0][0]
        new = self._next_id("P", [*self.post_dept, *self.decls.get("post", {})])
        self.post_dept[new] = department
        self.post_by_name[key].append((new, department))
        self.new_posts.append({"id": new, "name": name, "department": department} if department
                              else {"id": new, "name": name})
        return new

    def leader(self, text: str) -> tuple[str | None, str | None]:
        """(leader id, None); (a new member's id, "leader_new"); or (None, why it is none)."""
        if text in self.leaders:
            return text, None
        key = re.sub(r"\([^()]*\)$", "", squeeze(text))
        if re.search(r"[、,，;；/]", key):
            return None, "leader_ambiguous"
        found = self.leader_by_name.get(key, [])
        if not found:
            # 孙立群副局长: a name with its title after it
            found = [i for name, ids in self.leader_by_name.items() if len(name) >= 2 and key.startswith(name)
                     for i in ids]
        if len(found) == 1:
            return found[0], "leader_new" if any(m["id"] == found[0] for m in self.new_leaders) else None
        if found:
            return None, "leader_ambiguous"
        # a name the leadership does not have yet: a new member (the register is how the
        # repository learns its leaders, as it learns departments and posts)
        new = self._next_id("L", [*self.leaders, *self.decls.get("leader", {})])
        self.leaders.add(new)
        self.leader_by_name[key].append(new)
        self.new_leaders.append({"id": new, "name": text, "role": "member"})
        return new, "leader_new"

    def power(self, power_id: str, power_name: str) -> tuple[str | None, str | None, str]:
        """(power id, None, value) when matched; else (None, reason, the value tried)."""
        for text in (power_id, power_name):
            if text and text in self.powers:
                return text, None, text
        if power_name:
            found = self.power_by_name.get(squeeze(power_name), [])
            if len(found) == 1:
                return found[0], None, power_name
            if found:
                return None, "power_ambiguous", power_name
        return None, "power", power_id or power_name

    def risk_id(self, department: str | None) -> str:
        """`R-<department>-NN` (the ids the sheet gave are in use before any is made)."""
        new = self._next_id(f"R-{department}" if department else "R", self.used_risk_ids)
        self.used_risk_ids.add(new)
        return new


_SEVERAL = re.compile(r"[、,，;；/]")


def _several(name: str) -> bool:
    """`会计、出纳`: a cell naming more than one post (or department)."""
    return bool(_SEVERAL.search(name))


def _directory(result: Repository) -> tuple[Path, Directory, bytes, Settings]:
    """The repository imported into: its root, names and ids, unit file and settings."""
    root = result.root
    facts = result.files.get(UNIT_FILE)
    units = [u for u in (facts.units if facts else []) if u.path == UNIT_FILE]
    if not units or units[0].unit is None:
        raise ExchangeError(M["no_unit"], path=root / UNIT_FILE)
    decls: dict[str, dict[str, str]] = defaultdict(dict)
    powers: dict[str, str | None] = {}
    files = result.files
    for rel in sorted(files):
        f = files[rel]
        for d in f.decls:
            decls[d.ns].setdefault(d.id, rel)
        for p in f.powers:
            powers.setdefault(p.id, p.name)
    existing = set(files)
    risks_dir = root / RISKS_DIR
    if risks_dir.is_dir():
        existing |= {f"{RISKS_DIR}/{p.name}" for p in risks_dir.iterdir()}
    unit = units[0].unit
    try:
        raw = (root / UNIT_FILE).read_bytes()
    except OSError as exc:
        raise ExchangeError(M["no_unit"], path=root / UNIT_FILE) from exc
    # the unit's settings as every command reads them (the defaults when they are invalid)
    return root, Directory(unit, decls, powers, existing), raw, units[0].settings or Settings()


# --- rows ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One sheet row as far as it was understood."""

    index: int  # 0-based
    risk: dict[str, Any]
    department_name: str
    post_name: str
    measure_texts: list[str]
    explicit_id: bool


class Sheet:
    """The register sheet being read: values by field, cell references, problems."""

    def __init__(self, grid: Grid, header: Header, result: ImportResult) -> None:
        self.grid = grid
        self.header = header
        self.result = result
        self.col = {f: c for c, f in header.fields.items()}
        width = max(header.labels, default=-1) + 1
        self.width = width
        self.filled = Filled(grid, width, across=False)
        self.grouped: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        self.group_args: dict[tuple[str, str], dict[str, Any]] = {}

    def ref(self, row: int, field_or_col: str | int) -> str:
        col = self.col.get(field_or_col, 0) if isinstance(field_or_col, str) else field_or_col
        return cell_ref(self.grid.name, row, col)

    def value(self, row: int, f: str) -> Any:
        c = self.col.get(f)
        return None if c is None else self.filled.value(row, c)

    def text(self, row: int, f: str) -> str:
        return cell_text(self.value(row, f))

    def problem(self, severity: str, row: int, f: str | int, text: Text, /, **args: Any) -> None:
        col = self.col.get(f, 0) if isinstance(f, str) else f
        self.result.problems.append(Problem(severity, cell_ref(self.grid.name, row, col), text,
                                            tuple(sorted(args.items())), row, col))

    def group(self, key: str, value: str, row: int, f: str, /, **args: Any) -> None:
        """A warning that may repeat over many rows: one message, the cells listed."""
        self.grouped[(key, value)].append((row, self.col.get(f, 0)))
        self.group_args[(key, value)] = args

    def flush_groups(self) -> None:
        for (key, value), cells in self.grouped.items():
            letters = [f"{column_letter(c)}{r + 1}" for r, c in cells]
            shown = listing(letters[:MAX_CELLS_LISTED])
            args = {"value": terminal_text(value), **self.group_args.get((key, value), {})}
            where = Text(f"{self.grid.name}!{shown.zh}", f"{self.grid.name}!{shown.en}")
            self.result.problems.append(Problem(WARNING, where, M[key],
                                                tuple(sorted(args.items())), cells[0][0], cells[0][1], len(letters)))

    def raw_texts(self, row: int) -> list[str]:
        """The row's own cells (merged ranges not filled in), as text."""
        values = self.grid.rows[row] if row < len(self.grid.rows) else []
        return [cell_text(v) for v in values[:self.width]]

    def banner(self, row: int, raw: list[str]) -> str | None:
        """The text of a row that is one merged cell across the table (a section title or
        a footnote such as 注：…), or None."""
        filled = [c for c, t in enumerate(raw) if t]
        if len(filled) != 1:
            return None
        span = self.filled.horizontal.get((row, filled[0]), 1)
        return raw[filled[0]] if span >= max(3, self.width // 2) else None

    def repeats_header(self, raw: list[str]) -> bool:
        same = sum(1 for c, text in self.header.labels.items() if c < len(raw) and raw[c] and joined(raw[c]) == text)
        return same >= MIN_KNOWN_COLUMNS


def _factors(sheet: Sheet, r: int, usable: bool) -> tuple[dict[str, int] | None, bool]:
    """(factors or None, whether the row is unusable)."""
    if not usable:
        return None, False
    present = {f: sheet.value(r, f) for f in C.FACTORS}
    given = {f: v for f, v in present.items() if cell_text(v) != ""}
    if not given:
        return None, False
    if len(given) < len(C.FACTORS):
        missing = [f for f in C.FACTORS if f not in given]
        sheet.problem(ERROR, r, missing[0], M["factors_partial"],
                      missing="、".join(FIELD_LABEL[f][0] for f in missing),
                      missing_en=", ".join(FIELD_LABEL[f][1] for f in missing))
        return None, True
    out: dict[str, int] = {}
    for f, v in given.items():
        try:
            out[f] = parse_factor(v)
        except CellError:
            sheet.problem(ERROR, r, f, M["factor"], factor=FIELD_LABEL[f][0], factor_en=FIELD_LABEL[f][1],
                          value=terminal_text(cell_text(v)))
            return None, True
    return out, False


_APPROVAL_DATE = re.compile(r"^\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)\s*")
_APPROVAL_REF = re.compile(r"[（(]([^（()）]*)[)）]\s*$")


def _approval(sheet: Sheet, r: int) -> dict[str, Any] | None:
    value = sheet.value(r, C.APPROVAL)
    text = cell_text(value)
    if not text:
        return None
    try:
        if not isinstance(value, str):
            return {"date": parse_date(value)}
    except CellError:
        pass
    m = _APPROVAL_DATE.match(text)
    if m is None:
        sheet.problem(WARNING, r, C.APPROVAL, M["approval"], value=terminal_text(text))
        return None
    try:
        date = parse_date(m[1])
    except CellError:
        sheet.problem(WARNING, r, C.APPROVAL, M["approval"], value=terminal_text(text))
        return None
    rest = spaced(text[m.end():])
    ref = None
    found = _APPROVAL_REF.search(rest)
    if found:
        ref = found[1].strip() or None
        rest = rest[:found.start()].strip()
    return {"date": date, "by": rest or None, "ref": ref}


def _identified_by(sheet: Sheet, r: int) -> list[str]:
    out: list[str] = []
    for part in re.split(r"[、,，;；/\s]+", sheet.text(r, C.IDENTIFIED_BY)):
        if not part:
            continue
        try:
            term = parse_term("identified_by", part)
        except CellError:
            sheet.problem(WARNING, r, C.IDENTIFIED_BY, M["identified_by"], value=terminal_text(part))
            continue
        if term not in out:
            out.append(term)
    return out


def read_row(sheet: Sheet, r: int, raw: list[str], settings: Settings, factors_usable: bool) -> Row | None:
    """A risk from row r (`raw`: its own cells), or None when the row is skipped (its
    problem reported)."""
    banner = sheet.banner(r, raw)
    if banner is not None:
        sheet.problem(WARNING, r, next(c for c, t in enumerate(raw) if t), M["note_row"], value=terminal_text(banner))
        return None
    title = sheet.text(r, C.TITLE) or (sheet.text(r, C.STEP) if C.TITLE not in sheet.col else "")
    grade_text = sheet.text(r, C.GRADE)
    measures_text = sheet.text(r, C.MEASURES)
    description = sheet.text(r, C.DESCRIPTION)
    has_factors = any(sheet.text(r, f) for f in C.FACTORS)
    if not (title or grade_text or measures_text or description or has_factors):
        sheet.problem(WARNING, r, next((c for c, t in enumerate(raw) if t), 0), M["note_row"],
                      value=terminal_text(" ".join(t for t in raw if t)))
        return None
    if not title:
        sheet.problem(ERROR, r, C.TITLE if C.TITLE in sheet.col else C.STEP, M["title"])
        return None
    grade = None
    if grade_text:
        try:
            grade = parse_grade(grade_text)
        except CellError:
            sheet.problem(ERROR, r, C.GRADE, M["grade"], value=terminal_text(grade_text))
            return None
    factors, bad = _factors(sheet, r, factors_usable)
    if bad:
        return None
    category_text = sheet.text(r, C.CATEGORY)
    if category_text:
        try:
            category, mapped = parse_category(category_text)
        except CellError:
            sheet.problem(ERROR, r, C.CATEGORY, M["category"], value=terminal_text(category_text))
            return None
        if mapped:
            sheet.group("category_mapped", category_text, r, C.CATEGORY, category=label("risk_category", category),
                        category_en=label("risk_category", category, "en"))
    else:
        category = "power"
        if C.CATEGORY in sheet.col:
            sheet.problem(WARNING, r, C.CATEGORY, M["category_default"])
    reviewed = None
    if sheet.text(r, C.REVIEWED):
        try:
            reviewed = parse_date(sheet.value(r, C.REVIEWED))
        except CellError:
            sheet.problem(ERROR, r, C.REVIEWED, M["date"], value=terminal_text(sheet.text(r, C.REVIEWED)))
            return None
    risk: dict[str, Any] = {"id": joined(sheet.text(r, C.RISK_ID)) or None, "title": joined(title)}
    risk["description"] = description or None
    risk["category"] = category
    override = None
    if factors is not None:
        # graded as lz grades a register risk today: with no power context (no floors)
        a = assess(factors, settings.grading, PowerContext())
        if grade is None:
            grade = a.computed
        elif grade != a.computed:
            note = sheet.grid.comments.get((r, sheet.col[C.GRADE]), "").strip()
            reason = note[len(C.OVERRIDE_NOTE):].strip() if note.startswith(C.OVERRIDE_NOTE) else ""
            if not reason:
                ref = sheet.ref(r, C.GRADE)
                sheet.problem(WARNING, r, C.GRADE, M["override"], grade=label("grade", grade),
                              grade_en=grade, computed=label("grade", a.computed), computed_en=a.computed,
                              score=_number(a.score))
                reason = M["override_reason"]("zh").format(ref=f"{sheet.result.source.name} {ref}",
                                                           grade=label("grade", grade),
                                                           computed=label("grade", a.computed))
            override = {"grade": grade, "reason": reason}
    if grade is None:
        sheet.problem(ERROR, r, C.GRADE if C.GRADE in sheet.col else C.TITLE, M["grade_empty"])
        return None
    risk["identified_by"] = _identified_by(sheet, r) or None
    risk["factors"] = factors
    risk["grade"] = grade
    risk["grade_override"] = override
    owner = joined(sheet.text(r, C.OWNER) or sheet.text(r, C.HEAD))
    risk["owner"] = owner or None
    leader_text = joined(sheet.text(r, C.LEADER))
    risk["leader"] = leader_text  # resolved later (a name, by the directory)
    risk["reviewed"] = reviewed
    risk["approval"] = _approval(sheet, r)
    power_id, power_name = joined(sheet.text(r, C.POWER_ID)), joined(sheet.text(r, C.POWER_NAME))
    risk["power"] = (power_id, power_name)
    measures = split_measures(measures_text)
    return Row(r, risk, joined(sheet.text(r, C.DEPARTMENT)), joined(sheet.text(r, C.POST)), measures,
               bool(risk["id"]))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _measure_types(sheet: Sheet, r: int, count: int) -> list[str | None]:
    text = sheet.text(r, C.MEASURE_TYPE)
    if not text or not count:
        return [None] * count
    parts = split_measures(text)
    if len(parts) == 1:
        parts = [p for p in re.split(r"[、,，;；/]+", parts[0]) if p.strip()] or parts
    if len(parts) not in (1, count):
        sheet.problem(WARNING, r, C.MEASURE_TYPE, M["measure_types_count"], types=len(parts), measures=count)
        return [None] * count
    out: list[str | None] = []
    for part in parts:
        try:
            out.append(parse_term("measure_type", part))
        except CellError:
            sheet.problem(WARNING, r, C.MEASURE_TYPE, M["measure_type"], value=terminal_text(part))
            out.append(None)
    return out * count if len(out) == 1 else out


# --- the 防控措施 sheet: what one cell of measures cannot hold ----------------------------------------


@dataclass
class MeasureDetail:
    row: int
    id: str | None
    text: str
    type: str | None
    owner: str | None
    due: Any
    status: str | None
    col: int = 0  # of its text
    used: bool = False


def _measure_details(book: Workbook, main: str, result: ImportResult) -> tuple[dict[str, list[MeasureDetail]], str | None]:
    names = [s for s in book.sheet_names if squeeze(s) == C.SHEET_MEASURES and s != main]
    if not names:
        return {}, None
    grid = book.sheet(names[0])
    header = find_header(grid, C.MEASURE_COLUMNS)
    if header is None or not {C.M_RISK, C.M_TEXT} <= set(header.fields.values()):
        return {}, None
    col = {f: c for c, f in header.fields.items()}
    filled = Filled(grid, max(header.labels, default=-1) + 1, across=False)
    out: dict[str, list[MeasureDetail]] = defaultdict(list)

    def get(r: int, f: str) -> Any:
        return filled.value(r, col[f]) if f in col else None

    def bad(r: int, f: str, key: str, value: str) -> None:
        labels = {C.M_TYPE: ("措施类型", "measure type"), C.M_DUE: ("完成时限", "due date"),
                  C.M_STATUS: ("落实状态", "status")}
        result.problems.append(Problem(WARNING, cell_ref(grid.name, r, col[f]), M[key],
                                       (("field", labels[f][0]), ("field_en", labels[f][1]),
                                        ("value", terminal_text(value))), 10**9 + r, col[f]))

    for r in range(header.last + 1, len(grid.rows)):
        risk_id, text = cell_text(get(r, C.M_RISK)), cell_text(get(r, C.M_TEXT))
        if not risk_id or not text:
            continue
        kind = status = due = None
        if cell_text(get(r, C.M_TYPE)):
            try:
                kind = parse_term("measure_type", cell_text(get(r, C.M_TYPE)))
            except CellError:
                bad(r, C.M_TYPE, "measure_detail", cell_text(get(r, C.M_TYPE)))
        if cell_text(get(r, C.M_STATUS)):
            try:
                status = parse_term("measure_status", cell_text(get(r, C.M_STATUS)))
            except CellError:
                bad(r, C.M_STATUS, "measure_detail", cell_text(get(r, C.M_STATUS)))
        if cell_text(get(r, C.M_DUE)):
            try:
                due = parse_date(get(r, C.M_DUE))
            except CellError:
                bad(r, C.M_DUE, "measure_detail", cell_text(get(r, C.M_DUE)))
        out[risk_id].append(MeasureDetail(r, cell_text(get(r, C.M_ID)) or None, text, kind,
                                          spaced(cell_text(get(r, C.M_OWNER))) or None, due, status,
                                          col[C.M_TEXT]))
    return out, grid.name


def _measures(row: Row, types: list[str | None], details: list[MeasureDetail]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ids: set[str] = set()
    for text, kind in zip(row.measure_texts, types):
        key = squeeze(text)
        detail = next((d for d in details if not d.used and squeeze(d.text) == key), None)
        m: dict[str, Any] = {"id": None, "type": kind, "text": text}
        if detail is not None:
            detail.used = True
            m.update(text=detail.text, owner=detail.owner, due=detail.due, status=detail.status)
            m["type"] = detail.type or kind
            if detail.id and detail.id not in ids:
                m["id"] = detail.id
        if m["id"]:
            ids.add(str(m["id"]))
        out.append(m)
    n = 0
    for m in out:
        if m["id"] is None:
            n += 1
            while f"M{n}" in ids:
                n += 1
            new = f"M{n}"
            m["id"] = new
            ids.add(new)
    return [{"id": m["id"], "type": m["type"], "text": m["text"], "owner": m.get("owner"),
             "due": m.get("due"), "status": m.get("status")} for m in out]


# --- import ---------------------------------------------------------------------------------------


def import_register(
    file: str | os.PathLike[str],
    into: Repository,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import the register in `file` into the repository `into`.

    Returns what was read, written (or would be, with `dry_run`), skipped and warned.
    Raises `ExchangeError` when the file, the sheet or its header cannot be read, or the
    files cannot be written (nothing is written then)."""
    book = read_workbook(file)
    grid, header = choose_sheet(book, sheet)
    result = ImportResult(Path(file), grid.name, dry_run, (header.first + 1, header.last + 1))
    result.notes = list(book.notes)
    root, directory, unit_raw, settings = _directory(into)
    reader = Sheet(grid, header, result)
    _describe_columns(reader, result)
    if C.TITLE not in reader.col and C.STEP not in reader.col:
        raise ExchangeError(M["no_title_column"], sheet=grid.name)
    factor_cols = [f for f in C.FACTORS if f in reader.col]
    factors_usable = len(factor_cols) == len(C.FACTORS)
    if factor_cols and not factors_usable:
        result.problems.append(Problem(WARNING, grid.name, M["factors_columns"],
                                       (("present", listing((FIELD_LABEL[f][0] for f in factor_cols),
                                                                    (FIELD_LABEL[f][1] for f in factor_cols))),)))

    rows: list[Row] = []
    above = ""  # the department of the row above, for CSV (see below)
    for r in range(header.last + 1, len(grid.rows)):
        raw = reader.raw_texts(r)
        if not any(t and (header.fields.get(c) != C.IGNORED or not t.isdigit()) for c, t in enumerate(raw)) \
                or reader.repeats_header(raw):
            # blank rows are spacers (or numbered rows of a template left empty); a header
            # repeated is a sheet put together from printed parts
            continue
        result.rows_read += 1
        row = read_row(reader, r, raw, settings, factors_usable)
        if row is None:
            continue
        if book.kind == "csv" and C.DEPARTMENT in reader.col:
            # A register's 科室 cell is merged over its risks; saved as CSV, the value stays
            # in the first row only. The rows below it belong to the same department.
            if not row.department_name and above:
                row.department_name = above
                reader.group("department_above", above, r, C.DEPARTMENT)
            above = row.department_name or above
        rows.append(row)
    details, details_sheet = _measure_details(book, grid.name, result)
    written = _assemble(reader, rows, directory, details, settings, result)
    if C.CATEGORY not in reader.col and written:
        n = sum(len(v) for v in written.values())
        result.problems.append(Problem(WARNING, grid.name, M["category_column"], (("n", n),)))
    reader.flush_groups()
    imported = {risk["id"] for entries in written.values() for _, risk in entries}
    for risk_id, items in details.items():
        for d in items:
            if not d.used and risk_id in imported:
                result.problems.append(Problem(WARNING, cell_ref(details_sheet or C.SHEET_MEASURES, d.row, d.col),
                                               M["measure_unmatched"], (("risk", terminal_text(risk_id)),),
                                               10**9 + d.row, d.col))
    result.problems.sort(key=lambda p: (p.row, p.col, p.severity))
    _write(root, unit_raw, written, directory, result)
    return result


def _describe_columns(sheet: Sheet, result: ImportResult) -> None:
    h = sheet.header
    for c in sorted(h.labels):
        if c in h.fields:
            result.columns.append((column_letter(c), h.labels[c], h.fields[c]))
    for c in h.unknown:
        result.unknown_columns.append((cell_ref(sheet.grid.name, h.first, c), h.labels[c]))
    for c, first in h.duplicates:
        sheet.problem(WARNING, h.first, c, M["duplicate_column"], first=column_letter(first), field=h.labels[c])


def _similar(sheet: Sheet, r: int, f: str, key: str, name: str, new_id: str, existing: list[str]) -> None:
    """A new department or post whose name is close to one the unit has: a typo, or a
    short form of its name (窗口受理岗 for 审批窗口受理岗), that the office should decide."""
    close = suggest(name, existing)
    if close is not None:
        sheet.problem(WARNING, r, f, M[key], value=terminal_text(name), id=new_id, close=terminal_text(close))


def _assemble(sheet: Sheet, rows: list[Row], directory: Directory, details: dict[str, list[MeasureDetail]],
              settings: Settings, result: ImportResult) -> dict[str, list[tuple[Row, dict[str, Any]]]]:
    """Resolve names to ids and give ids; the risks by register key (department id)."""
    by_register: dict[str, list[tuple[Row, dict[str, Any]]]] = defaultdict(list)
    seen: dict[str, int] = {}
    for row in rows:
        risk = row.risk
        r = row.index
        if row.explicit_id:
            rid = risk["id"]
            if rid in seen:
                sheet.problem(ERROR, r, C.RISK_ID, M["id_repeated"], value=terminal_text(rid), row=seen[rid] + 1)
                continue
            if rid in directory.decls.get("risk", {}):
                sheet.problem(ERROR, r, C.RISK_ID, M["id_taken"], value=terminal_text(rid),
                              where=directory.decls["risk"][rid])
                continue
            seen[rid] = r
            directory.used_risk_ids.add(rid)
        department = None
        if row.department_name:
            if _several(row.department_name) and not directory.known_department(row.department_name):
                sheet.group("several_departments", row.department_name, r, C.DEPARTMENT)
            else:
                known = len(directory.new_departments)
                department = directory.department(row.department_name)
                if len(directory.new_departments) > known:
                    _similar(sheet, r, C.DEPARTMENT, "similar_department", row.department_name, department,
                             [n for i, n in directory.dept_names.items() if i in directory.existing_departments])
        post = None
        if row.post_name:
            if _several(row.post_name) and not directory.known_post(row.post_name):
                sheet.group("several_posts", row.post_name, r, C.POST)
            else:
                known = len(directory.new_posts)
                post = directory.post(row.post_name, department)
                if len(directory.new_posts) > known:
                    _similar(sheet, r, C.POST, "similar_post", row.post_name, post,
                             [n for n, pid, d in directory.existing_posts if d == department or department is None])
                department = department or directory.post_dept.get(post)
        power_id, power_name = risk.pop("power")
        if power_id or power_name:
            matched, why, value = directory.power(power_id, power_name)
            risk["power"] = matched
            if why:
                ids = listing(directory.power_by_name.get(squeeze(value), []))
                sheet.group(why, value, r, C.POWER_ID if power_id and C.POWER_ID in sheet.col else C.POWER_NAME,
                            **({"ids": ids} if why == "power_ambiguous" else {}))
        leader_text = risk.pop("leader")
        if leader_text:
            leader, why = directory.leader(leader_text)
            risk["leader"] = leader
            if why:
                sheet.group(why, leader_text, r, C.LEADER, **({"id": leader} if leader else {}))
        risk["post"] = post
        types = _measure_types(sheet, r, len(row.measure_texts))
        risk["measures"] = _measures(row, types, details.get(risk["id"] or "", []) if row.explicit_id else [])
        if not risk["measures"]:
            sheet.problem(WARNING, r, C.MEASURES if C.MEASURES in sheet.col else C.TITLE, M["no_measures"])
        elif (risk.get("grade_override") or {}).get("grade", risk["grade"]) == "high" \
                and len(risk["measures"]) < settings.high_risk_min_measures:
            sheet.problem(WARNING, r, C.MEASURES, M["few_measures"], count=len(risk["measures"]),
                          minimum=settings.high_risk_min_measures)
        by_register[department or ""].append((row, risk))
    for key in sorted(by_register, key=lambda k: (k == "", k)):
        for row, risk in by_register[key]:
            if not risk["id"]:
                risk["id"] = directory.risk_id(key or None)
    return by_register


# --- writing -----------------------------------------------------------------------------------------

RISK_KEYS = ("id", "title", "description", "category", "power", "post", "identified_by", "factors", "grade",
             "grade_override", "owner", "leader", "measures", "reviewed", "approval")


def _file_name(directory: Directory, key: str, taken: set[str]) -> tuple[str, str]:
    """(file, register id) for a department: `risks/<id>.yaml`, or a free variant of it."""
    stem = key if key and SAFE_NAME.match(key) else (re.sub(r"[^A-Za-z0-9_.-]", "_", key).strip("._") or UNASSIGNED)
    registers = directory.decls.get("register", {})
    n = 1
    while True:
        suffix = "" if n == 1 else f"-{n}"
        rel = f"{RISKS_DIR}/{stem}{suffix}.yaml"
        rid = f"RR-{key or UNASSIGNED.upper()}{suffix}"
        lower = {t.lower() for t in taken}  # case-insensitive file systems
        if rel.lower() not in lower and f"{rel[:-5]}.yml".lower() not in lower and rid not in registers:
            taken.add(rel)
            return rel, rid
        n += 1


def _register_texts(key: str, risks: list[dict[str, Any]], directory: Directory, result: ImportResult,
                    taken: set[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """(file, text, document) for one department's risks, split when the file would be too big."""
    chunks = [risks]
    while True:
        out = []
        local = set(taken)
        for chunk in chunks:
            rel, rid = _file_name(directory, key, local)
            name = f"{directory.dept_names.get(key, key)}风险登记表" if key else "导入的风险登记表（未分科室）"
            body: dict[str, Any] = {"apiVersion": API_VERSION, "kind": "RiskRegister", "id": rid, "name": name}
            if key:
                body["department"] = key
            body["risks"] = [_clean({k: risk.get(k) for k in RISK_KEYS}) for risk in chunk]
            comment = f"由 lz import 自 {result.source.name}（工作表“{result.sheet}”）导入。"
            out.append((rel, document(comment, body), body))
        if all(len(text.encode("utf-8")) <= MAX_REGISTER_BYTES for _, text, _ in out) or max(len(c) for c in chunks) == 1:
            taken |= {rel for rel, _, _ in out}
            return out
        chunks = [half for c in chunks for half in (c[: len(c) // 2], c[len(c) // 2:]) if half]


def _clean(value: Any) -> Any:
    """None for an empty value, recursively (the YAML leaves out what the sheet did not say)."""
    if isinstance(value, dict):
        cleaned = {k: _clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v is not None} or None
    if isinstance(value, list):
        items = [_clean(v) for v in value]
        return [v for v in items if v is not None] or None
    return value


def _check(rel: str, text: str, expected: dict[str, Any] | None, kind: type[Any]) -> Any:
    """Read `text` back with lz's loader; the model. Raises when it is not what was meant."""
    found = STAGE.check(rel, text.encode("utf-8"), want_models=True)
    bad = [f for f in found.findings if f.code[0] in "YS" and RULES[f.code].severity == "error"]
    models = [m for m in found.models or () if isinstance(m, kind)]
    if bad or len(models) != 1:
        detail = f"{bad[0].code} {RULES[bad[0].code].message(bad[0], 'en')}" if bad else "no document"
        raise ExchangeError(M["internal"], path=rel, detail=detail)
    if expected is not None:
        meant = kind.model_validate(expected).model_dump()
        if models[0].model_dump() != meant:
            raise ExchangeError(M["internal"], path=rel, detail="values differ")
    return models[0]


def _write(root: Path, unit_raw: bytes, by_register: dict[str, list[tuple[Row, dict[str, Any]]]],
           directory: Directory, result: ImportResult) -> None:
    taken = set(directory.files)
    outputs: list[tuple[str, str]] = []
    for key in sorted(by_register, key=lambda k: (k == "", k)):
        entries = by_register[key]
        risks = [risk for _, risk in entries]
        files = _register_texts(key, risks, directory, result, taken)
        at = 0
        for rel, text, body in files:
            _check(rel, text, body, RiskRegister)
            outputs.append((rel, text))
            result.file_departments[rel] = (key or None, directory.dept_names.get(key) if key else None)
            for risk in body["risks"]:
                row, _ = entries[at]
                at += 1
                result.risks.append(ImportedRisk(risk["id"], risk["title"], key or None, rel, row.index + 1))
        if not key:
            result.problems.append(Problem(WARNING, result.sheet, M["unassigned"],
                                           (("n", len(risks)), ("path", files[0][0]))))
    result.files = [rel for rel, _ in outputs]
    unit_text = None
    if directory.new_leaders or directory.new_departments or directory.new_posts:
        old = unit_raw.decode("utf-8-sig" if unit_raw.startswith(b"\xef\xbb\xbf") else "utf-8")
        new, insertions = append_items(old, {"leadership": directory.new_leaders,
                                             "departments": directory.new_departments, "posts": directory.new_posts})
        if without(new, insertions) != old:
            raise ExchangeError(M["internal"], path=UNIT_FILE, detail="existing text changed")
        unit = _check(UNIT_FILE, new, None, Unit)
        ids = {str(m.id) for m in unit.leadership} | {str(d.id) for d in unit.departments} | {str(p.id) for p in unit.posts}
        if not {d["id"] for d in directory.new_leaders + directory.new_departments + directory.new_posts} <= ids:
            raise ExchangeError(M["internal"], path=UNIT_FILE, detail="new items not read back")
        unit_text = ("\ufeff" if unit_raw.startswith(b"\xef\xbb\xbf") else "") + new
        result.unit_changed = True
        result.leaders_added = [(m["id"], m["name"]) for m in directory.new_leaders]
        result.departments_added = [(d["id"], d["name"]) for d in directory.new_departments]
        result.posts_added = [(p["id"], p["name"], p.get("department")) for p in directory.new_posts]
    if result.dry_run:
        return
    _commit(root, unit_raw, unit_text, outputs)


def _inside(root: Path, path: Path) -> bool:
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root


def _commit(root: Path, unit_raw: bytes, unit_text: str | None, outputs: list[tuple[str, str]]) -> None:
    """Write the new files (never over an existing one), then `lianzheng.yaml`; on a
    failure, the files this import wrote are removed again."""
    made: list[Path] = []
    try:
        for rel, text in outputs:
            target = root / rel
            if not _inside(root, target.parent if target.parent.exists() else root):
                raise ExchangeError(M["unsafe_dir"], path=target.parent)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not _inside(root, target):
                raise ExchangeError(M["unsafe_dir"], path=target)
            try:
                with open(target, "x", encoding="utf-8", newline="\n") as fh:
                    made.append(target)
                    fh.write(text)
            except OSError as exc:
                raise ExchangeError(M["write"], path=target, error=exc.strerror or exc) from exc
        if unit_text is not None:
            unit_path = root / UNIT_FILE
            if unit_path.read_bytes() != unit_raw:
                raise ExchangeError(M["unit_changed"])
            _replace(unit_path, unit_text.encode("utf-8"))
    except BaseException:
        for path in made:
            path.unlink(missing_ok=True)
        raise


def _replace(path: Path, data: bytes) -> None:
    import tempfile

    mode = path.stat().st_mode
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".lz-tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode & 0o7777)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExchangeError(M["write"], path=path, error=exc.strerror or exc) from exc
