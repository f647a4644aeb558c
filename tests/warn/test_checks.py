"""Signals and Disposals as documents: their facts, and the checks at file:line:column
(R009–R012, D001 for their ids, S012 for the `--signals` folder), and the confidentiality of
what validate reports and caches."""

from __future__ import annotations

from pathlib import Path

from lianzheng import open_repository
from lianzheng.repo.facts import FileFacts
from lianzheng.repo.findings import Finding
from lianzheng.rules import RULES
from lianzheng.rules.stage import STAGE
from lianzheng.rules.validate import validate
from lianzheng.rules.w_warn import REDACTED
from lianzheng.spec.models import Signals

from .helpers import AS_OF, D, unit_repo

SIGNALS = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - id: S1
    date: 2026-05-01
    source: audit
    about: {risk: R1}
    summary: 审计发现
  - id: S2
    date: 2026-05-02
    source: 审计
    severity: 较重
    about:
      - {risk: R-TYPO}
      - {post: P-WN}
      - {power: P-9}
      - {department: D-X}
      - {leader: L9}
      - {risk: R1}
      - {risk: R1}
  - id: S1
    date: 2026-05-03
    source: petition
    about: {risk: R2}
    summary: 举报内容
    ref: XF-1
"""

DISPOSALS = """\
apiVersion: lianzheng/v1
kind: Disposals
disposals:
  - id: C1
    about: {risk: R1}
    action: 风险提示
    with: [L2, 某某]
    date: 2026-05-05
    due: 2026-06-05
    signals: [S1, S9, "monitor:permits:7"]
  - id: C2
    about: {post: P-CASH}
    action: reminder
    date: 2026-05-05
    signals: [S2]
  - id: C1
    about: {risk: R1}
    action: reminder
    date: 2026-05-06
  - id: C3
    about: {post: P-WIN}
    action: reminder
    date: 2026-05-06
    signals: ["monitor:permits:8"]
"""


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def repo(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return unit_repo(tmp_path / "repo", {"signals/s.yaml": SIGNALS, "disposals/d.yaml": DISPOSALS, **(files or {})})


def findings_of(root: Path) -> list[Finding]:
    """What validate finds in the signal and disposal files."""
    found = validate(open_repository(root, cache=False), AS_OF).findings
    return [f for f in found if f.path.startswith(("signals/", "disposals/"))]


def message(f: Finding, lang: str) -> str:
    return RULES[f.code].message(f, lang)


def read_record_bytes(path: str, raw: bytes) -> tuple[FileFacts, list[Finding]]:
    result = STAGE.check(path, raw)
    return result.facts, result.findings


def where(findings: list[Finding], code: str) -> list[tuple[str, int, int]]:
    return sorted((f.path, f.line, f.column) for f in findings if f.code == code)


def test_facts_of_signals_and_disposals() -> None:
    facts, problems = read_record_bytes("signals/s", SIGNALS.encode())
    assert problems == []
    s1, s2, dup = facts.signals
    assert (s1.id, s1.date, s1.source, s1.severity, s1.confidential, s1.summary) == (
        "S1", D("2026-05-01"), "audit", 1, False, "审计发现")
    assert [t.key for t in s1.about] == [("risk", "R1")] and (s1.about[0].line, s1.about[0].col) == pos(SIGNALS, "R1}")
    # Chinese terms read as ids; a target listed twice counts once
    assert (s2.source, s2.severity) == ("audit", 2)
    assert [t.key for t in s2.about] == [("risk", "R-TYPO"), ("post", "P-WN"), ("power", "P-9"),
                                         ("department", "D-X"), ("leader", "L9"), ("risk", "R1")]
    # a petition is confidential by default: its text is not in the facts
    assert (dup.confidential, dup.summary, dup.ref) == (True, None, None)
    facts, _ = read_record_bytes("disposals/d", DISPOSALS.encode())
    c1 = facts.disposals[0]
    assert (c1.action, c1.with_, c1.status, c1.due, c1.due_at) == (
        "reminder", ("L2", "某某"), "open", D("2026-06-05"), pos(DISPOSALS, "2026-06-05"))
    assert [(r.id, r.line, r.col) for r in c1.signals][1] == ("S9", *pos(DISPOSALS, "S9"))


def test_checks_report_at_the_value(tmp_path: Path) -> None:
    found = findings_of(repo(tmp_path))
    s, d = "signals/s.yaml", "disposals/d.yaml"
    assert where(found, "R009") == sorted([
        (s, *pos(SIGNALS, "R-TYPO")), (s, *pos(SIGNALS, "P-WN")), (s, *pos(SIGNALS, "P-9")),
        (s, *pos(SIGNALS, "D-X")), (s, *pos(SIGNALS, "L9")),
    ])
    assert where(found, "D001") == [(d, *pos(DISPOSALS, "C1", 1)), (s, *pos(SIGNALS, "S1", 1))]
    assert where(found, "R010") == [(d, *pos(DISPOSALS, "S9"))]  # a red card's id is not unknown
    assert where(found, "R011") == [(d, *pos(DISPOSALS, "P-CASH"))]  # C3 answers a red card
    assert where(found, "R012") == [(d, *pos(DISPOSALS, "S2"))]
    assert len(found) == 10


def test_messages_name_the_value_and_suggest(tmp_path: Path) -> None:
    found = findings_of(repo(tmp_path))
    r009 = {f.args["value"]: f for f in found if f.code == "R009"}
    assert message(r009["L9"], "zh") == "预警对象领导班子成员 `L9` 不存在"
    assert message(r009["P-WN"], "en") == "target post `P-WN` does not exist (did you mean `P-WIN`?)"
    assert message(r009["R-TYPO"], "zh") == "预警对象风险 `R-TYPO` 不存在"
    r010 = next(f for f in found if f.code == "R010")
    assert message(r010, "en") == "signal `S9` does not exist"
    d001 = next(f for f in found if f.code == "D001" and f.path == "signals/s.yaml")
    assert message(d001, "zh") == f"预警信号编号 `S1` 重复（已在 signals/s.yaml:{pos(SIGNALS, 'S1')[0]} 定义）"


def test_a_clean_pair_of_files_has_no_finding(tmp_path: Path) -> None:
    root = unit_repo(tmp_path / "repo", {"signals/s.yaml": """\
        apiVersion: lianzheng/v1
        kind: Signals
        signals:
          - {id: S1, date: 2026-05-01, source: audit, about: [{risk: R1}, {post: P-WIN}]}
          - {id: S2, date: 2026-05-01, source: 巡察, about: {leader: L2}}
        """, "disposals/d.yaml": """\
        apiVersion: lianzheng/v1
        kind: Disposals
        disposals:
          - {id: C1, about: {post: P-WIN}, action: reminder, date: 2026-05-02, signals: [S1]}
        """})
    assert findings_of(root) == []


def test_without_a_unit_only_risks_and_powers_are_checked(tmp_path: Path) -> None:
    root = repo(tmp_path)
    (root / "lianzheng.yaml").write_text("apiVersion: lianzheng/v1\nkind: Signals\nsignals: []\n", encoding="utf-8")
    values = sorted(f.args["value"] for f in findings_of(root) if f.code == "R009")
    assert values == ["P-9", "R-TYPO"]


# --- confidential values out of findings ------------------------------------------------------


BROKEN = """\
apiVersion: lianzheng/v1
kind: Signals
signals:
  - id: S1
    date: 2026-05-01
    source: petition
    about: {risk: R1}
    summary: [CANARY-LIST, {deep: CANARY-DEEP}]
    ref: {no: CANARY-REF}
  - id: S2
    date: 2026-05-01
    source: audit
    confidential: maybe
    about: {risk: R1}
    summary: CANARY-FAILSAFE
  - id: S3
    date: 2026-05-01
    source: audit
    about: {risk: R1}
    summary: [open, list]
  - 举报人 CANARY-ITEM
"""


def test_schema_errors_do_not_quote_confidential_values() -> None:
    facts, problems = read_record_bytes("signals/s.yaml", BROKEN.encode())
    text = repr(problems) + "".join(message(f, lang) for f in problems for lang in ("zh", "en"))
    assert "CANARY" not in text
    assert {f.code for f in problems} == {"S005"}
    redacted = [f for f in problems if f.args.get("value") == REDACTED]
    assert len(redacted) == 3  # summary and ref of S1, and the item that is not a mapping
    # a non-confidential signal's bad value is still shown, as for every other document
    assert any("open" in str(f.args.get("value")) for f in problems)
    # a `confidential` that is not a boolean keeps the text secret
    s2 = facts.signals[1]
    assert (s2.confidential, s2.summary) == (True, None)
    assert "CANARY" not in repr(facts)


def test_shareable_keeps_only_what_may_be_stored() -> None:
    doc = Signals.model_validate({
        "apiVersion": "lianzheng/v1", "kind": "Signals", "signals": [
            {"id": "S1", "date": "2026-05-01", "source": "petition", "about": {"risk": "R1"},
             "summary": "CANARY-1", "ref": "CANARY-2"},
            {"id": "S2", "date": "2026-05-01", "source": "audit", "about": {"risk": "R1"}, "summary": "公开内容"},
        ]})
    kept = doc.shareable()
    assert "CANARY" not in repr(kept) and kept.signals[1].summary == "公开内容"
    assert doc.signals[0].summary == "CANARY-1"  # the original is untouched
    assert kept.signals[0].is_confidential
    data = {"signals": [{"confidential": "maybe"}]}
    odd = Signals.model_construct(signals=[doc.signals[1].model_copy(update={"confidential": None})])
    assert odd.shareable(data).signals[0].summary is None


def test_neither_validate_nor_the_cache_holds_a_confidential_value(tmp_path: Path) -> None:
    """A schema error quotes the value it rejects: in a secret signal it is redacted, and
    the model store keeps no secret text either (publish draws from it)."""
    root = unit_repo(tmp_path / "repo", {"signals/s.yaml": BROKEN})
    repo = open_repository(root, cache=True, models=True)
    report = validate(repo, AS_OF)
    assert "CANARY" not in repr(report.findings)
    assert "CANARY" not in repr(repo.models_of("signals/s.yaml"))
    for f in (root / ".lz-cache").rglob("*"):
        if f.is_file():
            assert b"CANARY" not in f.read_bytes(), f
