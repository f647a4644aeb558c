"""`--signals DIR` on every command that reads signals and disposals (issue 12): `lz
validate` checks the folder's files as the repository's (findings at their absolute
path), `lz due` lists their W001/W002, `lz publish` draws the 预警处置 page from them, `lz
assess` scores the `warning` indicator on them; and a remembered output is never replayed
for a changed file of the folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lianzheng.repo.runs import RunRecord
from tests.clirunner import lz
from tests.conftest import BASE_REPO

from .helpers import AS_OF, write

SIGNALS = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - {id: J1, date: 2026-10-01, source: audit, about: {risk: R-P1-01}, severity: 3, summary: 审计发现的问题}
  - {id: J2, date: 2026-10-02, source: petition, about: {risk: R-P1-01}, summary: CANARY-举报内容}
"""
BROKEN = SIGNALS.replace("{risk: R-P1-01}, severity: 3", "{risk: R-NOWHERE}, severity: 3")
DAY = AS_OF.isoformat()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    dest = tmp_path / "repo"
    shutil.copytree(BASE_REPO, dest)
    return dest


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return write(tmp_path / "jjz", {"2026/signals.yaml": SIGNALS})


def test_validate_checks_the_folder(repo: Path, office: Path) -> None:
    write(office, {"2026/signals.yaml": BROKEN})
    alone = lz(["validate", str(repo), "--as-of", DAY, "--no-cache"])
    assert alone.exit_code == 0
    done = lz(["validate", str(repo), "--signals", str(office), "--as-of", DAY, "--no-cache", "--format", "json"])
    assert done.exit_code == 1
    file = (office / "2026" / "signals.yaml").resolve().as_posix()
    assert [(f["path"], f["line"], f["code"]) for f in json.loads(done.stdout)] == [(file, 4, "R009")]
    text = lz(["validate", str(repo), "--signals", str(office), "--as-of", DAY, "--no-cache", "--lang", "en"])
    assert text.stdout.startswith(f"{file}:4:") and "R009 error" in text.stdout


def test_validate_replays_nothing_old_for_a_changed_folder(repo: Path, office: Path) -> None:
    args = ["validate", str(repo), "--signals", str(office), "--as-of", DAY]
    first = lz(args)
    assert (first.exit_code, first.stdout) == (0, "未发现问题。\n")
    assert lz(args).stdout == first.stdout  # replayed (same input)
    write(office, {"2026/signals.yaml": BROKEN})
    second = lz(args)
    assert second.exit_code == 1 and "R009" in second.stdout
    write(office, {"2026/signals.yaml": SIGNALS})
    assert (lz(args).exit_code, lz(args).stdout) == (0, first.stdout)
    # another folder with the same files names other paths: not the same output
    other = write(office.parent / "jjz2", {"2026/signals.yaml": BROKEN})
    moved = lz(["validate", str(repo), "--signals", str(other), "--as-of", DAY])
    assert str(other.resolve()) in moved.stdout


def test_run_record_keys_on_the_folders_files(repo: Path, office: Path) -> None:
    def key() -> str:
        return RunRecord(repo, "due", ("text",), annex=office).key

    before = key()
    assert key() == before
    assert RunRecord(repo, "due", ("text",)).key != before
    write(office, {"2026/disposals.yaml": "apiVersion: lianzheng/v1\nkind: Disposals\ndisposals: []\n"})
    assert key() != before
    (office / "2026" / "disposals.yaml").unlink()
    assert key() == before
    write(office, {"2026/signals.yaml": SIGNALS.replace("severity: 3", "severity: 2")})
    assert key() != before


def test_due_lists_the_folders_warnings(repo: Path, office: Path) -> None:
    alone = json.loads(lz(["due", str(repo), "--as-of", DAY, "--format", "json"]).stdout)
    done = lz(["due", str(repo), "--signals", str(office), "--as-of", DAY, "--format", "json"])
    assert done.exit_code == 0
    items = json.loads(done.stdout)
    assert "W001" not in json.dumps(alone) and "warning_undisposed" not in json.dumps(alone)
    assert "warning_undisposed" in json.dumps(items) and "R-P1-01" in json.dumps(items)
    assert "CANARY" not in done.stdout
    # remembered per folder: the same command on another folder is not replayed
    write(office, {"2026/signals.yaml": SIGNALS.replace("severity: 3", "severity: 1").replace(
        "  - {id: J2", "  - {id: J3, date: 2020-01-01, source: audit, about: {risk: R-P1-01}}\n  - {id: J2")})
    again = lz(["due", str(repo), "--signals", str(office), "--as-of", DAY, "--format", "json"])
    assert again.stdout != done.stdout


def test_assess_scores_the_warning_indicator(repo: Path, office: Path) -> None:
    def indicators(*extra: str) -> dict[str, dict]:
        out = lz(["assess", str(repo), "--as-of", DAY, "--format", "json", *extra])
        assert out.exit_code == 0, out.stderr
        return {i["id"]: i for i in json.loads(out.stdout)["indicators"]}

    assert "warning" not in indicators()
    warning = indicators("--signals", str(office))["warning"]
    assert (warning["numerator"], warning["denominator"]) == (0, 1)


def test_publish_draws_the_warnings_page_from_the_folder(repo: Path, office: Path, tmp_path: Path) -> None:
    alone = lz(["publish", str(repo), "--out", str(tmp_path / "a"), "--as-of", DAY, "--quiet"])
    assert alone.exit_code == 0, alone.stderr
    assert not (tmp_path / "a" / "internal" / "warnings.html").exists()
    done = lz(["publish", str(repo), "--out", str(tmp_path / "b"), "--signals", str(office), "--as-of", DAY,
               "--quiet"])
    assert done.exit_code == 0, done.stderr
    page = (tmp_path / "b" / "internal" / "warnings.html").read_text(encoding="utf-8")
    assert "R-P1-01" in page and "诫勉谈话" in page
    assert 'href="warnings.html"' in (tmp_path / "b" / "internal" / "index.html").read_text(encoding="utf-8")
    site = b"".join(p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert "CANARY".encode() not in site and "审计发现的问题".encode() not in site
    public = b"".join(p.read_bytes() for p in (tmp_path / "b" / "public").rglob("*") if p.is_file())
    assert b"J1" not in public and "预警处置".encode() not in public


def test_a_missing_folder_is_a_usage_error_everywhere(repo: Path, tmp_path: Path) -> None:
    for command in ("validate", "due", "assess", "publish"):
        done = lz([command, str(repo), "--signals", str(tmp_path / "missing"), "--as-of", DAY])
        assert done.exit_code == 2 and f"路径不存在：{tmp_path / 'missing'}" in done.stderr, command
