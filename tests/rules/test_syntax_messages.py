"""Syntax errors as a clerk can act on them: at the line to fix, in Chinese (English with
`--lang en`), naming the slips of a Chinese input method — a full-width colon after a key,
a full-width space in the indentation, a Chinese comma between the items of a list."""

from __future__ import annotations

import pytest

from lianzheng.rules import RULES
from lianzheng.rules.stage import STAGE
from lianzheng.rules.validate import validate_files
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY

BASE = {p.relative_to(BASE_REPO).as_posix(): p.read_bytes() for p in BASE_REPO.rglob("*.yaml")}
POWER = "apiVersion: lianzheng/v1\nkind: Power\nid: XK-001\nname: 食品经营许可\n"

CASES = [
    # (YAML, line, column, code, Chinese message, English message)
    (POWER + "content：对生产经营者的许可\ncategory: licensing\n", 5, 8, "Y001",
     "键 `content` 后面用了中文冒号“：”，应为英文冒号“:”加一个空格",
     "a full-width colon “：” follows the key `content`: YAML needs an ASCII colon and a space (`content: `)"),
    (POWER + "content：对生产经营者的许可\n", 5, 8, "Y001", "键 `content` 后面用了中文冒号“：”，应为英文冒号“:”加一个空格", None),
    ("steps:\n  - id：S1\n    name: 受理\n", 2, 7, "Y001", "键 `id` 后面用了中文冒号“：”，应为英文冒号“:”加一个空格", None),
    ("flow:\n  steps:\n    - id: S1\n　　　　　name: 受理\n      actor: P-WIN\n", 4, 1, "Y001",
     "缩进中有全角空格（U+3000），缩进只能用英文空格",
     "the indentation holds a full-width space (U+3000); indent with ASCII spaces only"),
    ("basis: [{law: food，article: 第三十五条}]\n", 1, 19, "Y001", "用了中文逗号“，”，请改为英文逗号“,”或分行",
     "a Chinese comma “，” separates the items: use an ASCII comma “,” or one item per line"),
    ("steps:\n  - id: S1\n   - id: S2\n", 3, 4, "Y001", "缩进不对：列表项的“- ”应与同一列表的其他项对齐",
     "bad indentation: a list item's “- ” must line up with the other items of its list"),
    ("a:\n  b: 1\n   c: 2\n", 3, 5, "Y001",
     "此处不能出现“键: 值”：可能是缩进不对，或上一行的值中含有“: ”（这样的文本请加引号）", None),
    ("name: 食品经营许可\ncontent 核发许可证\ncategory: licensing\n", 2, 1, "Y001",
     "这一行缺少英文冒号“:”：键和值之间应写“: ”（冒号后加空格）",
     "this line lacks a colon: a key and its value are written `key: value`"),
    ('name: "食品经营许可\ncategory: licensing\n', 1, 7, "Y001", "从这里开始的引号 \" 没有闭合",
     "the quote \" opened here is never closed"),
    ("areas: [food_drug, penalty\ncategory: licensing\n", 1, 8, "Y001",
     "“[”没有闭合（缺少“]”），或其中的项之间缺少英文逗号“,”",
     "“[” is not closed (no “]”), or its items are not separated by commas"),
    ("name: @食品\n", 1, 7, "Y001", "值不能以“@”开头：请给这个值加上引号", "a value cannot start with “@”: put the value in quotes"),
    ("a:\n\tb: 1\n", 2, 1, "Y006", "此行用 Tab 缩进，YAML 只允许空格缩进", None),
    ("a: *nope\n", 1, 4, "Y001", "别名 `*nope` 没有定义（前面没有 `&nope`）", None),
    ("a: b\x07c\n", 1, 5, "Y001", "文件中有不允许的控制字符 U+0007（多为从别处粘贴来的不可见字符），请删除", None),
]


@pytest.mark.parametrize(("text", "line", "col", "code", "zh", "en"), CASES,
                         ids=[f"{c[3]}-{c[1]}:{c[2]}-{i}" for i, c in enumerate(CASES)])
def test_a_syntax_error_is_named_at_the_line_to_fix(text: str, line: int, col: int, code: str, zh: str,
                                                   en: str | None) -> None:
    findings = STAGE.check("powers/XK-001.yaml", text.encode()).findings
    assert [(f.line, f.column, f.code) for f in findings] == [(line, col, code)]
    assert RULES[code].message(findings[0], "zh") == zh
    if en is not None:
        assert RULES[code].message(findings[0], "en") == en


def test_other_libyaml_problems_keep_libyamls_words() -> None:
    [finding] = STAGE.check("f.yaml", b"a: &\n").findings
    assert RULES["Y001"].message(finding, "zh") == "YAML 语法错误：did not find expected alphabetic or numeric character"


def power_with(old: str, new: str) -> dict[str, bytes]:
    text = BASE["powers/P-1.yaml"].decode()
    assert old in text
    return {**BASE, "powers/P-1.yaml": text.replace(old, new).encode()}


def test_a_chinese_comma_in_a_flow_list_is_named_not_guessed_at() -> None:
    files = power_with("subject: D-PERMIT\n", "subject: D-PERMIT\nareas: [行政处罚，食品药品安全]\n")
    [finding] = validate_files(files, TODAY)
    assert (finding.line, finding.column, finding.code) == (8, 9, "S007")
    assert RULES["S007"].message(finding, "zh") == "`areas[0]` 的值 `行政处罚，食品药品安全` 用了中文逗号，请改为英文逗号或分行"
    assert "suggest" not in finding.args  # never "did you mean 食品药品安全?"
    # a value that is not two valid ones keeps the plain message and its suggestion
    [other] = validate_files(power_with("subject: D-PERMIT\n", "subject: D-PERMIT\nareas: [食品药品安全区]\n"), TODAY)
    assert other.variant == "" and other.args["suggest"] == "食品药品安全"


def test_a_chinese_comma_between_steps() -> None:
    got = validate_files(power_with("steps: [S1]", "steps: [S1、S2]"), TODAY)
    assert [(f.line, f.column, f.code, f.variant) for f in got] == [(54, 13, "R008", "chinese-comma")]
    assert RULES["R008"].message(got[0], "zh") == "环节 `S1、S2` 用了中文逗号，请改为英文逗号或分行"
    nxt = [f for f in validate_files(power_with("next: [S3]", "next: [S3，S1]"), TODAY) if f.code == "F002"]
    assert RULES["F002"].message(nxt[0], "en") == ("next steps `S3，S1` are separated by a Chinese comma; "
                                                   "use an ASCII comma or one per line")


def test_slips_that_are_valid_yaml_are_named_by_the_schema() -> None:
    got = validate_files(power_with("    approval: {date: 2026-03-10, by: 局党组会议, ref: 2026年第3次党组会议纪要}",
                                    "    approval:\n      date：2026-03-10"), TODAY)
    [s005] = [f for f in got if f.code == "S005"]
    assert (s005.line, s005.column, s005.variant) == (65, 7, "fullwidth-colon")
    assert "中文冒号" in RULES["S005"].message(s005, "zh")
    got = validate_files(power_with("subject: D-PERMIT\n", "subject: D-PERMIT\n　category: licensing\n"), TODAY)
    [s006] = [f for f in got if f.code == "S006"]
    assert RULES["S006"].message(s006, "zh").startswith("字段名 `　category` 前有全角空格（U+3000）")
    assert s006.args["suggest"] == "category"


def test_validate_in_english_says_it_in_english(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    path = repo / "powers" / "P-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("content: 核发", "content：核发"), encoding="utf-8")
    zh = lz(["validate", str(repo), "--as-of", TODAY.isoformat()])
    en = lz(["validate", str(repo), "--lang", "en", "--as-of", TODAY.isoformat()])
    assert "powers/P-1.yaml:5:8: Y001" in zh.stdout and "中文冒号" in zh.stdout
    assert "powers/P-1.yaml:5:8: Y001" in en.stdout and "full-width colon" in en.stdout
