"""`lz export` and `lz import` as a clerk runs them: files, messages, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.clirunner import lz
from tests.conftest import ROOT

COUNTY = ROOT / "examples" / "county-market-bureau"


def test_export_then_import_into_a_fresh_repository(tmp_path: Path) -> None:
    book = tmp_path / "台账.xlsx"
    out = lz(["export", str(COUNTY), "--out", str(book), "--no-cache", "-q"])
    assert out.exit_code == 0, out.stderr
    assert out.stdout.splitlines()[0] == "已导出 1 个文件（内部版）：" and "风险登记表：41 行" in out.stdout
    assert book.read_bytes()[:2] == b"PK"
    assert lz(["init", str(tmp_path / "fresh")]).exit_code == 0
    unit = (tmp_path / "fresh" / "lianzheng.yaml").read_bytes()
    dry = lz(["import", str(book), "--into", str(tmp_path / "fresh"), "--dry-run"])
    assert dry.exit_code == 0, dry.stdout + dry.stderr
    assert "将导入 41 个风险：" in dry.stdout and dry.stdout.rstrip().endswith("（试运行：未写入任何文件）")
    assert (tmp_path / "fresh" / "lianzheng.yaml").read_bytes() == unit and not (tmp_path / "fresh" / "risks").exists()
    done = lz(["import", str(book), "--into", str(tmp_path / "fresh"), "--format", "json"])
    assert done.exit_code == 0
    doc = json.loads(done.stdout)
    assert len(doc["risks"]) == 41 and doc["skipped"] == [] and doc["files"][0].startswith("risks/D-")
    assert lz(["validate", str(tmp_path / "fresh"), "--no-cache", "-q"]).exit_code == 0


def test_export_formats_and_audience(tmp_path: Path) -> None:
    repo = tmp_path / "county"
    shutil.copytree(COUNTY, repo, ignore=shutil.ignore_patterns(".lz-cache"))
    out = lz(["export", str(repo), "--format", "csv", "--audience", "public", "-q", "--lang", "en"])
    assert out.exit_code == 0 and out.stdout.startswith("exported 3 file(s) (public edition):")
    assert sorted(p.name for p in (repo / "build" / "lianzheng-csv").iterdir()) == [
        "benchmarks.csv", "powers.csv", "steps.csv"]
    assert lz(["export", str(repo), "--format", "parquet", "-q"]).exit_code == 0
    assert (repo / "build" / "lianzheng-parquet" / "unit.parquet").is_file()
    bad = lz(["export", str(repo), "--format", "pdf"])
    assert bad.exit_code == 2 and "pdf" in bad.stderr


def test_import_errors_exit_2_with_a_message(tmp_path: Path) -> None:
    assert lz(["init", str(tmp_path / "repo")]).exit_code == 0
    missing = lz(["import", str(tmp_path / "无此文件.xlsx"), "--into", str(tmp_path / "repo")])
    assert missing.exit_code == 2 and missing.stderr.startswith("错误：") and "无此文件.xlsx" in missing.stderr
    (tmp_path / "register.csv").write_text("风险点,风险等级,防控措施\n违规审批,较高,1.双人审核\n", encoding="utf-8")
    no_repo = lz(["import", str(tmp_path / "register.csv"), "--into", str(tmp_path)])
    assert no_repo.exit_code == 2 and "lianzheng.yaml" in no_repo.stderr
    skipped = lz(["import", str(tmp_path / "register.csv"), "--into", str(tmp_path / "repo")])
    assert skipped.exit_code == 1 and "register!B2：风险等级“较高”无法识别" in skipped.stdout, skipped.stdout
    assert "Traceback" not in missing.stderr + no_repo.stderr + skipped.stderr
