"""The command line as users run it: exit codes and outputs (SPEC.md, Commands)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lianzheng.cli import COMMANDS, command_module
from lianzheng.rules import RULES
from tests.clirunner import lz
from tests.conftest import BASE_REPO, ROOT

SPEC_COMMANDS = ["init", "validate", "rules", "schema", "grade", "render", "publish", "diff", "due", "codeowners",
                 "warn", "monitor", "export", "import", "assess", "rollup"]
AS_OF = ["--as-of", "2026-11-28"]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    repo = tmp_path / "broken"
    shutil.copytree(BASE_REPO, repo)
    text = (repo / "powers" / "P-1.yaml").read_text(encoding="utf-8")
    text = text.replace("subject: D-PERMIT", "subject: D-PERMT").replace("time_limit: 5\n", "time_limit: 5\n      colour: red\n")
    (repo / "powers" / "P-1.yaml").write_text(text, encoding="utf-8")
    return repo


def test_help_lists_every_command_of_the_spec() -> None:
    result = lz(["--help"])
    assert result.exit_code == 0
    for name in SPEC_COMMANDS:
        assert name in result.stdout
    assert set(COMMANDS) == set(SPEC_COMMANDS)


@pytest.mark.parametrize("name", SPEC_COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    zh, en = lz([name, "--help"]), lz([name, "--help", "--lang", "en"])
    assert zh.exit_code == 0 and "示例" in zh.stdout
    assert en.exit_code == 0 and "Example" in en.stdout
    assert command_module(name).HELP.zh.split("\n")[0][:10] in zh.stdout


def test_validate_clean_repository_exits_0() -> None:
    result = lz(["validate", str(BASE_REPO), "--no-cache", *AS_OF])
    assert result.exit_code == 0, result.stdout
    assert "未发现问题" in result.stdout


def test_validate_reports_every_problem_with_position_code_and_suggestion(broken: Path) -> None:
    result = lz(["validate", str(broken), *AS_OF])
    assert result.exit_code == 1
    out = result.stdout
    assert "P-1.yaml:7:10: R001 错误 科室 `D-PERMT` 不存在（是否应为 `D-PERMIT`？）" in out
    assert ": S006 错误 未知字段 `colour`" in out
    assert "发现 2 个错误、0 个警告。" in out


def test_validate_json_is_only_json_with_the_spec_keys(broken: Path) -> None:
    result = lz(["validate", str(broken), "--format", "json", *AS_OF])
    assert result.exit_code == 1
    items = json.loads(result.stdout)
    assert [set(i) for i in items] == [{"path", "line", "column", "code", "severity", "message"}] * 2
    first = items[0]
    assert (first["path"], first["line"], first["column"], first["code"], first["severity"]) == \
        ("powers/P-1.yaml", 7, 10, "R001", "error")
    assert items == sorted(items, key=lambda i: (i["path"], i["line"], i["column"]))


def test_validate_english(broken: Path) -> None:
    result = lz(["validate", str(broken), "--lang", "en", *AS_OF])
    assert "department `D-PERMT` does not exist (did you mean `D-PERMIT`?)" in result.stdout
    assert "Found 2 errors and 0 warnings." in result.stdout
    env = lz(["validate", str(broken), *AS_OF], env={"LZ_LANG": "en"})
    assert "does not exist" in env.stdout


def test_validate_github_annotations(broken: Path) -> None:
    result = lz(["validate", str(broken), "--format", "github", *AS_OF])
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=")
    assert "P-1.yaml,line=7,col=10,title=R001 unknown-department::科室 `D-PERMT` 不存在" in lines[0]


def test_validate_gitlab_code_quality(broken: Path) -> None:
    items = json.loads(lz(["validate", str(broken), "--format", "gitlab", *AS_OF]).stdout)
    assert len(items) == 2 and len({i["fingerprint"] for i in items}) == 2
    first = items[0]
    assert first["check_name"] == "R001 unknown-department" and first["severity"] == "major"
    assert first["location"]["path"].endswith("P-1.yaml") and first["location"]["lines"] == {"begin": 7}
    assert first["description"].startswith("R001 科室 `D-PERMT` 不存在")
    again = json.loads(lz(["validate", str(broken), "--format", "gitlab", *AS_OF]).stdout)
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in items]


def test_validate_sarif(broken: Path) -> None:
    doc = json.loads(lz(["validate", str(broken), "--format", "sarif", *AS_OF]).stdout)
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} == set(RULES)
    result = run["results"][0]
    assert result["ruleId"] == "R001" and result["level"] == "error"
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 7, "startColumn": 10}


def test_strict_select_and_ignore(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    shutil.copytree(BASE_REPO, repo)
    text = (repo / "powers" / "P-1.yaml").read_text(encoding="utf-8")
    (repo / "powers" / "P-1.yaml").write_text(text.replace("      supervision: 科长复核\n", ""), encoding="utf-8")
    assert lz(["validate", str(repo), *AS_OF]).exit_code == 0  # a completeness warning only
    strict = lz(["validate", str(repo), "--strict", *AS_OF])
    assert strict.exit_code == 1 and "C003" in strict.stdout
    assert lz(["validate", str(repo), "--strict", "--ignore", "C003", *AS_OF]).exit_code == 0
    assert lz(["validate", str(repo), "--strict", "--select", "F,R", *AS_OF]).exit_code == 0
    assert lz(["validate", str(repo), "--strict", "--select", "C", *AS_OF]).exit_code == 1
    bad = lz(["validate", str(repo), "--select", "Z999"])
    assert bad.exit_code == 2 and "Z999" in bad.stderr


def test_usage_and_io_errors_exit_2(tmp_path: Path) -> None:
    missing = lz(["validate", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "路径不存在" in missing.stderr
    no_root = lz(["validate", str(tmp_path)])
    assert no_root.exit_code == 2 and "lianzheng.yaml" in no_root.stderr
    assert lz(["validate", str(BASE_REPO), "--format", "xml"]).exit_code == 2
    assert lz(["validate", str(BASE_REPO), "--as-of", "2026-13-01"]).exit_code == 2


def test_validate_from_a_subfolder_finds_the_root(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    shutil.copytree(BASE_REPO, repo)
    result = lz(["validate", str(repo / "powers"), "--format", "json", *AS_OF])
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_init_creates_a_valid_repository_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "unit"
    result = lz(["init", str(target)])
    assert result.exit_code == 0
    for name in ("lianzheng.yaml", "powers/SAMPLE-XK-001.yaml", ".gitignore", ".github/workflows/lianzheng.yml",
                 ".gitlab-ci.yml", ".pre-commit-config.yaml", ".lz/schemas/power.schema.json"):
        assert (target / name).is_file(), name
    assert (target / "powers/SAMPLE-XK-001.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../.lz/schemas/power.schema.json")
    assert (target / "lianzheng.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=.lz/schemas/unit.schema.json")
    check = lz(["validate", str(target), "--strict", "--format", "json"])
    assert check.exit_code == 0 and json.loads(check.stdout) == []
    before = (target / "lianzheng.yaml").read_bytes()
    again = lz(["init", str(target)])
    assert again.exit_code == 2 and (target / "lianzheng.yaml").read_bytes() == before


def test_rules_lists_every_rule_and_explains_one() -> None:
    result = lz(["rules"])
    assert result.exit_code == 0
    for code, rule in RULES.items():
        assert code in result.stdout and rule.name in result.stdout
    one = lz(["rules", "F003"])
    assert one.exit_code == 0 and "unreachable-step" in one.stdout and "```yaml" in one.stdout
    by_name = lz(["rules", "unreachable-step", "--lang", "en"])
    assert "Why is this bad?" in by_name.stdout
    assert lz(["rules", "X123"]).exit_code == 2
    listed = json.loads(lz(["rules", "--format", "json"]).stdout)
    assert [r["code"] for r in listed] == sorted(RULES)


def test_schema_out_is_the_committed_schemas_folder(tmp_path: Path) -> None:
    result = lz(["schema", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0
    written = sorted(p.name for p in (tmp_path / "s").iterdir())
    committed = sorted(p.name for p in (ROOT / "schemas").iterdir())
    assert written == committed, "run `make schemas` and commit schemas/"
    for name in written:
        assert (tmp_path / "s" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes(), \
            f"schemas/{name} drifted from the models: run `make schemas`"
    printed = json.loads(lz(["schema"]).stdout)
    assert printed["title"] == "lianzheng 文档"


def test_rules_reference_document_is_generated(tmp_path: Path) -> None:
    doc = ROOT / "docs" / "rules.md"
    assert doc.read_text(encoding="utf-8") == lz(["rules", "--format", "markdown"]).stdout, \
        "docs/rules.md drifted: run `make docs`"
