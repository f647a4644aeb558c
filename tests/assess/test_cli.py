"""`lz assess` as users run it: options, outputs and exit codes (SPEC.md: 0 fine, 2 usage or
I/O error)."""

from __future__ import annotations

import json
from pathlib import Path

from tests.assess.conftest import AS_OF
from tests.clirunner import lz

DAY = ["--as-of", "2026-11-28"]


def test_text_by_default(register: Path) -> None:
    result = lz(["assess", str(register), *DAY])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("检查考核（截至 2026-11-28）\n总分：61.8 / 100\n")
    assert "各科室得分" not in result.stdout and "得分趋势" not in result.stdout


def test_json_by_department(register: Path) -> None:
    result = lz(["assess", str(register), *DAY, "--by", "department", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)  # stdout holds only the JSON document
    assert [(d["id"], d["score"]) for d in data["departments"]] == [("D-PERMIT", 64.7), ("D-LAW", 88.2),
                                                                    ("D-FIN", 53.3)]


def test_english_and_every_format(register: Path) -> None:
    for fmt in ("text", "markdown", "csv"):
        result = lz(["assess", str(register), *DAY, "--format", fmt, "--lang", "en", "--no-cache"])
        assert result.exit_code == 0
        assert "61.8" in result.stdout
    assert "Inspection and assessment" in lz(["assess", str(register), *DAY, "--lang", "en"]).stdout


def test_a_second_run_replays_and_a_new_date_recomputes(register: Path) -> None:
    first = lz(["assess", str(register), *DAY])
    assert (register / ".lz-cache" / "runs" / "assess.cache").is_file()
    assert lz(["assess", str(register), *DAY]).stdout == first.stdout
    later = lz(["assess", str(register), "--as-of", "2027-06-01"])
    assert "截至 2027-06-01" in later.stdout and later.stdout != first.stdout
    # a change to a data file is seen
    (register / "powers" / "P-2.yaml").write_text(
        (register / "powers" / "P-2.yaml").read_text(encoding="utf-8") + "basis: [{title: 会计法}]\n", encoding="utf-8")
    assert "总分：61.8" not in lz(["assess", str(register), *DAY]).stdout


def test_trend(history: tuple[Path, dict[str, str]]) -> None:
    unit, ids = history
    result = lz(["assess", str(unit), "--as-of", AS_OF.isoformat(), "--trend", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    trend = json.loads(result.stdout)["trend"]
    assert [p["commit"] for p in trend] == [ids["jan"], ids["feb"], ids["apr"], ids["may"]]
    tags = lz(["assess", str(unit), "--as-of", AS_OF.isoformat(), "--trend", "--every", "tag", "--since",
               "2026-05-01"])
    assert tags.exit_code == 0
    assert "得分趋势（每个标签）" in tags.stdout and ids["may"][:12] in tags.stdout and ids["apr"][:12] not in tags.stdout


def test_trend_outside_git_exits_2(register: Path) -> None:
    result = lz(["assess", str(register), *DAY, "--trend"])
    assert result.exit_code == 2
    assert "不在 git 仓库中" in result.stderr


def test_usage_errors_exit_2(register: Path, tmp_path: Path) -> None:
    only = lz(["assess", str(register), "--every", "tag"])
    assert only.exit_code == 2 and "--every 和 --since 只用于 --trend" in only.stderr
    assert lz(["assess", str(register), "--trend", "--since", "last year"]).exit_code == 2
    assert lz(["assess", str(register), "--as-of", "2026-13-01"]).exit_code == 2
    assert lz(["assess", str(register), "--by", "post"]).exit_code == 2
    assert lz(["assess", str(register), "--format", "xlsx"]).exit_code == 2
    missing = lz(["assess", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2 and "路径不存在" in missing.stderr
    (tmp_path / "empty").mkdir()
    assert lz(["assess", str(tmp_path / "empty")]).exit_code == 2
