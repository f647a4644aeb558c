"""`lz diff` names changed signals and disposals by id and source (or action) only: a
confidential signal's text never reaches a pull-request comment, yet an edit of it shows."""

from __future__ import annotations

import json
from pathlib import Path

from tests.clirunner import lz
from tests.conftest import BASE_REPO
from tests.gitutil import commit, edit, init_repo

SIGNALS = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - {id: S1, date: 2026-05-01, source: 信访举报, about: {risk: R-P1-01}, summary: 举报人称 CANARY-ONE, ref: XF-CANARY}
  - {id: S2, date: 2026-05-02, source: audit, about: {risk: R-P1-01}, summary: 审计发现 CANARY-PUBLIC}
"""
DISPOSALS = """\
apiVersion: lianzheng/v1
kind: Disposals
disposals:
  - {id: C1, about: {risk: R-P1-01}, action: reminder, date: 2026-05-05, with: [L2], result: 已谈话 CANARY-RESULT}
"""


def test_signals_and_disposals_by_id_and_source_only(tmp_path: Path) -> None:
    unit = init_repo(tmp_path / "git", BASE_REPO)
    (unit / "signals").mkdir()
    (unit / "signals" / "2026.yaml").write_text(SIGNALS, encoding="utf-8")
    (unit / "disposals").mkdir()
    (unit / "disposals" / "2026.yaml").write_text(DISPOSALS, encoding="utf-8")
    commit(tmp_path / "git", "signals")
    edit(unit / "signals" / "2026.yaml", "CANARY-ONE", "CANARY-TWO")  # a secret summary edited
    edit(unit / "signals" / "2026.yaml", "  - {id: S2", "  - {id: S3")
    edit(unit / "disposals" / "2026.yaml", "action: reminder", "action: 诫勉谈话")
    for fmt in ("text", "markdown", "json"):
        for lang in ("zh", "en"):
            out = lz(["diff", "--repo", str(unit), "--format", fmt, "--lang", lang]).stdout
            assert "CANARY" not in out, (fmt, lang)
    md = lz(["diff", "--repo", str(unit), "--format", "markdown"]).stdout
    assert "修改 `S1`（信访举报）" in md and "新增 `S3`（审计）" in md and "删除 `S2`（审计）" in md
    assert "修改 `C1`（诫勉谈话）" in md and "修改预警信号 1 条" in md
    doc = json.loads(lz(["diff", "--repo", str(unit), "--format", "json"]).stdout)
    signal = next(c for c in doc["changes"] if c["id"] == "S1")
    assert signal == {"kind": "signal", "id": "S1", "change": "changed", "name": None,
                      "path": "signals/2026.yaml", "old_path": "signals/2026.yaml", "source": "petition"}
