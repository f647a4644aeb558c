"""Issue 10, item 22: what the command line says of itself. Whole first sentences in
`lz --help`; click's own errors in the user's language (English with `--lang en`);
`lz --version`; "did you mean" for rule codes and names; no `None` for an invalid id; a
space before Latin text in Chinese; ", " (never "、") in English; and `render --format dot`
saying what it wrote."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lianzheng import __version__, open_repository
from lianzheng.cli import COMMANDS, command_module
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_shows_each_commands_whole_first_sentence(lang: str) -> None:
    out = lz(["--help"], env={"LZ_LANG": lang}).stdout
    commands = out.split("\n\n")[-1]  # (the usage line ends in "[ARGS]...": click's own)
    assert "..." not in commands
    for name in COMMANDS:
        text = command_module(name).HELP(lang).split("\n\n")[0]
        first = text.split("。")[0] + "。" if lang == "zh" else text.split(". ")[0].rstrip(".") + "."
        # click wraps long lines (inside a Chinese word too): compare without the blanks
        assert re.sub(r"\s+", "", f"{name} {first}") in re.sub(r"\s+", "", out), (name, first)


def test_version() -> None:
    result = lz(["--version"])
    assert (result.exit_code, result.stdout) == (0, f"lz {__version__}\n")


# args, the last line of stderr in Chinese, in English
CLICK_ERRORS = [
    (["nosuch"], "错误：没有命令 nosuch", "error: no such command: nosuch"),
    (["valdate"], "错误：没有命令 valdate（是否应为 validate？）", "error: no such command: valdate (did you mean validate?)"),
    (["validate", "--format", "xml"], "错误：--format 的值 `xml` 无效，可选：text、json、github、gitlab、sarif",
     "error: --format: `xml` is not allowed; choose one of: text, json, github, gitlab, sarif"),
    (["validate", "-f", "jsn"], "错误：--format 的值 `jsn` 无效，可选：text、json、github、gitlab、sarif（是否应为 json？）",
     "error: --format: `jsn` is not allowed; choose one of: text, json, github, gitlab, sarif (did you mean json?)"),
    (["validate", "--stric"], "错误：没有选项 --stric（是否应为 --strict？）", "error: no such option: --stric (did you mean --strict?)"),
    (["validate", "--bogus"], "错误：没有选项 --bogus", "error: no such option: --bogus"),
    (["validate", "a", "b"], "错误：多余的参数：b", "error: unexpected extra argument(s): b"),
    (["validate", "--as-of"], "错误：选项 --as-of 需要一个值", "error: option --as-of needs a value"),
    (["grade", "--by", "dept"], "错误：--by 的值 `dept` 无效，可选：department、category、area、leader",
     "error: --by: `dept` is not allowed; choose one of: department, category, area, leader"),
]


@pytest.mark.parametrize("args, zh, en", CLICK_ERRORS, ids=[" ".join(c[0]) for c in CLICK_ERRORS])
def test_clicks_errors_in_the_users_language(args: list[str], zh: str, en: str) -> None:
    chinese = lz(args)
    assert chinese.exit_code == 2
    assert chinese.stderr.splitlines()[-1] == zh
    assert not re.search(r"Usage|Error|Try |Invalid|No such|Missing|Got unexpected", chinese.stderr)
    english = lz(args, env={"LZ_LANG": "en"})
    assert english.exit_code == 2
    assert english.stderr.splitlines()[-1] == en


def test_usage_line_and_help_option_in_chinese() -> None:
    result = lz(["validate", "--bogus"])
    assert result.stderr.splitlines()[:2] == ["用法：lz validate [OPTIONS] [path]", "运行 'lz validate -h' 查看帮助。"]
    out = lz(["validate", "--help"]).stdout
    assert out.startswith("用法：lz validate") and "显示此帮助并退出" in out and "Show this message" not in out
    assert "Usage: lz validate" in lz(["validate", "--help", "--lang", "en"]).stdout


@pytest.mark.parametrize("args, zh, en", [
    (["rules", "k03"], "错误：未知的规则：k03（是否应为 K003？）", "error: unknown rule: k03 (did you mean K003?)"),
    (["rules", "missing-benchmrk"], "错误：未知的规则：missing-benchmrk（是否应为 missing-benchmark？）",
     "error: unknown rule: missing-benchmrk (did you mean missing-benchmark?)"),
    (["validate", str(BASE_REPO), "--select", "c04,missing-benchmrk", "--no-cache"],
     "错误：未知的规则代码：c04（是否应为 C004？）、missing-benchmrk（是否应为 missing-benchmark？）",
     "error: unknown rule codes: c04 (did you mean C004?), missing-benchmrk (did you mean missing-benchmark?)"),
])
def test_did_you_mean_for_rules(args: list[str], zh: str, en: str) -> None:
    assert lz(args).stderr == zh + "\n"
    assert lz([*args, "--lang", "en"]).stderr == en + "\n"
    assert lz(["rules", "k003"]).exit_code == 0 and lz(["validate", str(BASE_REPO), "--select", "c004", "--no-cache"]).exit_code == 0


def _findings(repo: Path, code: str, lang: str) -> list[str]:
    report = validate(open_repository(repo, cache=False), TODAY)
    return [RULES[f.code].message(f, lang) for f in report.findings if f.code == code]


def test_an_invalid_id_is_shown_as_written_not_none(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    power = repo / "powers" / "P-1.yaml"
    text = power.read_text(encoding="utf-8").replace("id: P-1\n", 'id: "P 1!"\n', 1)
    power.write_text(re.sub(r"basis:\n  - \{law: food-law, article: 第三十五条\}\n", "", text), encoding="utf-8")
    assert _findings(repo, "C001", "zh") == ["职权 `P 1!` 没有法律依据（basis）"]


def test_chinese_spacing_and_english_separators(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    power = repo / "powers" / "P-1.yaml"
    power.write_text(power.read_text(encoding="utf-8").replace("      end: true\n", "      end: 是的\n", 1)
                     .replace("category: licensing", "category: 许可", 1), encoding="utf-8")
    assert _findings(repo, "S005", "zh") == ["`flow.steps[3].end` 应为 true 或 false，实际为 `是的`"]
    (en,) = _findings(repo, "S007", "en")
    assert "、" not in en and "choose one of: licensing, non_licensing_approval," in en
    (zh,) = _findings(repo, "S007", "zh")
    assert "可选：licensing、non_licensing_approval、" in zh


def test_render_dot_says_what_it_wrote(tmp_path: Path) -> None:
    out = tmp_path / "flows"
    result = lz(["render", str(BASE_REPO), "--format", "dot", "--out", str(out), "--no-cache"])
    assert result.exit_code == 0
    assert result.stdout == f"已输出 2 个流程图 DOT 文件到 {out}\n"
    english = lz(["render", str(BASE_REPO), "--format", "dot", "--out", str(out), "--no-cache", "--lang", "en"])
    assert english.stdout == f"wrote 2 flowchart DOT file(s) to {out}\n"
