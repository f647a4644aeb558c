"""Small builders for the warn tests: facts written by hand, and a tiny unit repository."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from lianzheng.repo.facts import DisposalFact, SignalFact, TargetRef
from lianzheng.warn.engine import Directory, Ladder, Policy

AS_OF = dt.date(2026, 11, 28)
D = dt.date.fromisoformat


def target(spec: str) -> TargetRef:
    kind, id_ = spec.split(":", 1)
    return TargetRef(kind, id_, 1, 1)


def sig(id_: str, date: str, severity: int = 1, *about: str, source: str = "audit",
        confidential: bool = False, summary: str | None = None) -> SignalFact:
    return SignalFact("signals.yaml", 1, 1, id_, D(date), source, severity,
                      tuple(target(a) for a in (about or ("risk:R1",))), confidential, summary)


def disp(id_: str, about: str, action: str, date: str, *, due: str | None = None,
         status: str = "done", with_: tuple[str, ...] = ()) -> DisposalFact:
    return DisposalFact("disposals.yaml", 2, 3, id_, target(about), action, D(date), D(due) if due else None,
                        (4, 5), status, with_)


def policy(window: int = 365, respond: int = 15, **levels: int) -> Policy:
    from lianzheng.spec.models import WarningSettings

    return Policy(Ladder.of(WarningSettings(levels=levels) if levels else None), window, respond)


DIRECTORY = Directory(
    names={("risk", "R1"): "违规受理", ("risk", "R4"): "审批放水", ("post", "P-WIN"): "窗口受理岗"},
    leaders={("risk", "R1"): "L2", ("post", "P-WIN"): "L2"},
    leader_names={"L2": "乙副局长"},
    probability={"R1": 3, "R4": 4},
    risk_at={"R1": ("powers/P-1.yaml", 50, 5), "R4": ("powers/P-1.yaml", 60, 5)},
)


UNIT = """\
apiVersion: lianzheng/v1
kind: Unit
name: 测试县测试局
leadership:
  - {id: L1, name: 甲局长, title: 局长, role: principal}
  - {id: L2, name: 乙副局长, title: 副局长}
  - {id: L3, name: 丙组长, title: 纪检组长, role: discipline}
departments:
  - {id: D-PERMIT, name: 审批科, leader: L2}
  - {id: D-FIN, name: 财务科, leader: L1}
posts:
  - {id: P-WIN, name: 窗口受理岗, department: D-PERMIT}
  - {id: P-CASH, name: 出纳岗, department: D-FIN}
"""

POWER = """\
apiVersion: lianzheng/v1
kind: Power
id: P-1
name: 食品经营许可
category: licensing
subject: D-PERMIT
flow:
  start: S1
  steps:
    - {id: S1, name: 受理, actor: P-WIN, next: [S2]}
    - {id: S2, name: 决定, actor: D-PERMIT, end: true}
risks:
  - id: R1
    title: 违规受理
    category: power
    steps: [S1]
    post: P-WIN
    factors: {importance: 3, discretion: 3, probability: 3, harm: 3}
    grade: medium
    leader: L2
  - id: R2
    title: 决定不公
    category: power
    steps: [S2]
    factors: {importance: 4, discretion: 4, probability: 4, harm: 4}
    grade: high
  - id: R3
    title: 未评定的风险
    category: ethics
    grade: low
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def unit_repo(root: Path, files: dict[str, str] | None = None) -> Path:
    """A tiny unit repository, plus `files` (relative path -> text)."""
    return write(root, {"lianzheng.yaml": UNIT, "powers/P-1.yaml": POWER, **(files or {})})


def warn_at(root: Path, as_of: dt.date = AS_OF, *, signals: Path | None = None, cache: bool = False,
            show_confidential: bool = False):  # type: ignore[no-untyped-def]
    """`lz warn` as the command runs it: the repository (and the `--signals` folder) opened once."""
    from lianzheng import open_repository
    from lianzheng.warn import warn

    return warn(open_repository(root, cache=cache, signals=signals), as_of, show_confidential=show_confidential)
