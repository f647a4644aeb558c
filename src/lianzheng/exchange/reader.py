"""Reading a spreadsheet as offices save it: `.xlsx`, `.xls`, `.ods` or `.csv`.

python-calamine reads the three workbook formats and the merged ranges of `.xlsx` and
`.xls`; it does not report the merged ranges of `.ods`, so those come from the sheet's
`content.xml` (the spans of `table:table-cell`). The format is told by the file's content,
not its name: units' systems often save one format under another's extension, and some
"Excel" downloads are web pages.

CSV files are UTF-8, with or without a byte order mark, as Excel and WPS write them with
"CSV UTF-8"; a CSV saved by an older Excel in a Chinese locale is GB18030 (GBK's superset)
and is read as such, with a note in the result; UTF-16 text (Excel's "Unicode text") is
read with tab separators.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from lianzheng.i18n import Text
from lianzheng.exchange.errors import ExchangeError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
MAX_BYTES = 200 * 1024 * 1024
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"

MESSAGES = {
    "missing": Text("找不到文件：{path}", "no such file: {path}"),
    "unreadable": Text("无法读取 {path}：{error}", "cannot read {path}: {error}"),
    "too_big": Text("{path} 太大（{size} MB，上限 {limit} MB）", "{path} is too large ({size} MB, limit {limit} MB)"),
    "suffix": Text("不支持的文件类型：{path}（可导入 .xlsx、.xls、.ods、.csv）",
                   "unsupported file type: {path} (.xlsx, .xls, .ods and .csv can be imported)"),
    "html": Text("{path} 是网页（HTML）格式，不是电子表格；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入",
                 "{path} is a web page (HTML), not a spreadsheet: open it in Excel or WPS, save it as .xlsx, and import that"),
    "corrupt": Text("{path} 不是可读取的电子表格（文件损坏、加密，或格式与扩展名不符）：{error}",
                    "{path} is not a readable spreadsheet (damaged, encrypted, or not the format its name says): {error}"),
    "encoding": Text("{path} 既不是 UTF-8 也不是 GB18030 编码的文本，无法读取；请在 Excel 中另存为“CSV UTF-8”",
                     "{path} is neither UTF-8 nor GB18030 text; save it from Excel as \"CSV UTF-8\""),
    "csv": Text("{path} 第 {line} 行无法按 CSV 读取：{error}", "{path} line {line} is not valid CSV: {error}"),
}
NOTES = {
    "gb18030": Text("{path} 不是 UTF-8 编码，已按 GB18030（GBK）读取", "{path} is not UTF-8; it was read as GB18030 (GBK)"),
    "utf16": Text("{path} 是 UTF-16 文本，已按制表符分隔读取", "{path} is UTF-16 text; it was read as tab-separated"),
}


@dataclass
class Grid:
    """One sheet: its cells (rows of values, 0-based) and merged ranges
    (first row, first column, last row, last column; inclusive)."""

    name: str
    rows: list[list[Any]]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    comments: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> note text

    def value(self, row: int, col: int) -> Any:
        if row < len(self.rows):
            cells = self.rows[row]
            if col < len(cells):
                return cells[col]
        return None


@dataclass
class Workbook:
    path: Path
    kind: str  # xlsx, xls, ods, csv
    sheet_names: list[str]
    notes: list[tuple[Text, dict[str, Any]]] = field(default_factory=list)
    _book: Any = None
    _grids: dict[str, Grid] = field(default_factory=dict)
    _raw: bytes = b""

    def sheet(self, name: str) -> Grid:
        if name in self._grids:
            return self._grids[name]
        try:
            sheet = self._book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(r1, c1, r2, c2) for (r1, c1), (r2, c2) in sheet.merged_cell_ranges or ()]
        except Exception as exc:  # a damaged sheet inside a readable book
            raise ExchangeError(MESSAGES["corrupt"], path=self.path, error=exc) from exc
        comments: dict[tuple[int, int], str] = {}
        if self.kind == "ods":
            merges = ods_merges(self._raw, name)
        elif self.kind == "xlsx":
            comments = xlsx_comments(self._raw, name)
        grid = self._grids[name] = Grid(name, rows, sorted(merges), comments)
        return grid


def read_workbook(path: str | os.PathLike[str]) -> Workbook:
    """The workbook at `path`; `ExchangeError` when it cannot be read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ExchangeError(MESSAGES["missing"], path=path) from exc
    except OSError as exc:
        raise ExchangeError(MESSAGES["unreadable"], path=path, error=exc.strerror or exc) from exc
    if len(raw) > MAX_BYTES:
        raise ExchangeError(MESSAGES["too_big"], path=path, size=len(raw) // 2**20, limit=MAX_BYTES // 2**20)
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and (b"<html" in head or b"<table" in head):
        raise ExchangeError(MESSAGES["html"], path=path)
    suffix = path.suffix.lower()
    if raw.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _calamine(path, raw)
    if suffix in CSV_SUFFIXES:
        return _csv(path, raw)
    if suffix in SPREADSHEET_SUFFIXES:
        return _calamine(path, raw)  # let the reader say what is wrong with it
    raise ExchangeError(MESSAGES["suffix"], path=path)


def _calamine(path: Path, raw: bytes) -> Workbook:
    import python_calamine

    kind = "xls" if raw.startswith(b"\xd0\xcf\x11\xe0") else "xlsx"
    if raw.startswith(b"PK\x03\x04") and _is_ods(raw):
        kind = "ods"
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        names = list(book.sheet_names)
    except Exception as exc:
        raise ExchangeError(MESSAGES["corrupt"], path=path, error=exc) from exc
    return Workbook(path, kind, names, _book=book, _raw=raw if kind in ("ods", "xlsx") else b"")


def _is_ods(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "mimetype" in z.namelist() and z.read("mimetype").strip() == _ODS_MIME
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def ods_merges(raw: bytes, sheet: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of one sheet of an `.ods` file, from its cells' spans.

    Rows and cells may repeat (`number-rows-repeated`, `number-columns-repeated`), as
    LibreOffice writes the empty rest of a sheet; covered cells take their place."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            info = z.getinfo("content.xml")
            if info.file_size > MAX_BYTES:
                return []
            content = z.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return []
    if b"<!DOCTYPE" in content[:4096]:
        return []  # an OpenDocument file has no DTD; entity tricks are not read
    try:
        root = ElementTree.fromstring(content)
    except ElementTree.ParseError:
        return []
    t = f"{{{_TABLE}}}"
    merges: list[tuple[int, int, int, int]] = []
    for table in root.iter(f"{t}table"):
        if table.get(f"{t}name") != sheet:
            continue
        row = 0
        for tr in table.iter(f"{t}table-row"):
            repeat_rows = int(tr.get(f"{t}number-rows-repeated", "1"))
            col = 0
            for cell in tr:
                if cell.tag not in (f"{t}table-cell", f"{t}covered-table-cell"):
                    continue
                repeat = int(cell.get(f"{t}number-columns-repeated", "1"))
                span_c = int(cell.get(f"{t}number-columns-spanned", "1"))
                span_r = int(cell.get(f"{t}number-rows-spanned", "1"))
                if cell.tag == f"{t}table-cell" and (span_c > 1 or span_r > 1):
                    merges.append((row, col, row + span_r - 1, col + span_c - 1))
                col += repeat
            row += repeat_rows
        break
    return merges


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CELL = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _xml(z: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        info = z.getinfo(name)
        if info.file_size > MAX_BYTES:
            return None
        content = z.read(name)
    except (KeyError, OSError, zipfile.BadZipFile):
        return None
    if b"<!DOCTYPE" in content[:4096]:
        return None
    try:
        return ElementTree.fromstring(content)
    except ElementTree.ParseError:
        return None


def _resolve(base: str, target: str) -> str:
    """A relationship target relative to the part it belongs to, as a zip entry name."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def xlsx_comments(raw: bytes, sheet: str) -> dict[tuple[int, int], str]:
    """The notes (comments) of one sheet of an `.xlsx` file: python-calamine does not read
    them, and `lz export` keeps a grade override's reason in the grade cell's note."""
    try:
        z = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile:
        return {}
    with z:
        book = _xml(z, "xl/workbook.xml")
        rels = _xml(z, "xl/_rels/workbook.xml.rels")
        if book is None or rels is None:
            return {}
        rid = next((el.get(f"{{{_DOC_REL}}}id") for el in book.iter(f"{{{_MAIN}}}sheet") if el.get("name") == sheet), None)
        target = next((el.get("Target") for el in rels.iter(f"{{{_REL}}}Relationship") if el.get("Id") == rid), None)
        if not target:
            return {}
        part = _resolve("xl/workbook.xml", target)
        folder, _, file = part.rpartition("/")
        sheet_rels = _xml(z, f"{folder}/_rels/{file}.rels")
        if sheet_rels is None:
            return {}
        out: dict[tuple[int, int], str] = {}
        for rel in sheet_rels.iter(f"{{{_REL}}}Relationship"):
            if not str(rel.get("Type", "")).endswith("/comments"):
                continue
            comments = _xml(z, _resolve(part, str(rel.get("Target", ""))))
            if comments is None:
                continue
            for c in comments.iter(f"{{{_MAIN}}}comment"):
                m = _CELL.match(str(c.get("ref", "")))
                if m is None:
                    continue
                col = 0
                for ch in m[1]:
                    col = col * 26 + ord(ch) - 64
                text = "".join(t.text or "" for t in c.iter(f"{{{_MAIN}}}t"))
                out[(int(m[2]) - 1, col - 1)] = text
        return out


def _csv(path: Path, raw: bytes) -> Workbook:
    notes: list[tuple[Text, dict[str, Any]]] = []
    delimiter = ","
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
        delimiter = "\t"
        notes.append((NOTES["utf16"], {"path": path.name}))
    elif raw.startswith(b"\xef\xbb\xbf"):
        text = raw[3:].decode("utf-8", errors="strict") if _utf8(raw[3:]) else None  # type: ignore[assignment]
        if text is None:
            raise ExchangeError(MESSAGES["encoding"], path=path)
    elif _utf8(raw):
        text = raw.decode("utf-8")
    else:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ExchangeError(MESSAGES["encoding"], path=path) from exc
        notes.append((NOTES["gb18030"], {"path": path.name}))
    if path.suffix.lower() == ".tsv":
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows: list[list[Any]] = [list(r) for r in reader]
    except csv.Error as exc:
        raise ExchangeError(MESSAGES["csv"], path=path, line=reader.line_num, error=exc) from exc
    book = Workbook(path, "csv", [path.stem], notes)
    book._grids[path.stem] = Grid(path.stem, rows)
    return book


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
