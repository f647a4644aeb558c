from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import datetime as dt

from lianzheng import open_repository
from lianzheng.exchange import ExportResult, ImportResult
from lianzheng.exchange import export as export_repo
from lianzheng.exchange import import_register as import_into
from lianzheng.grading.report import grade_report
from lianzheng.rules.validate import Report
from lianzheng.rules.validate import validate as validate_repo
from lianzheng.spec.models import Power, RiskRegister

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
COUNTY = EXAMPLES / "county-market-bureau"
CITY = EXAMPLES / "city-investment-group"


def copy_repo(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(".lz-cache"))
    return dest


@pytest.fixture
def county(tmp_path: Path) -> Path:
    return copy_repo(COUNTY, tmp_path / "county")


def export(path: Path, *, cache: bool = True, **options: Any) -> ExportResult:
    """`lz export` on the repository holding `path`."""
    return export_repo(open_repository(path, cache=cache, models=True), **options)


def import_register(file: Path, *, into: Path, cache: bool = True, **options: Any) -> ImportResult:
    """`lz import` of `file` into the repository holding `into`."""
    return import_into(file, into=open_repository(into, cache=cache), **options)


def validate(path: Path, *, cache: bool = True, today: dt.date | None = None) -> Report:
    """`lz validate` of the repository holding `path`."""
    return validate_repo(open_repository(path, cache=cache), today)


def risks_of(repo: Path, files: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Every risk of a repository (or of some of its files) as plain values, by id."""
    result = open_repository(repo, cache=False, models=True)
    final = {g.risk.id: g.final for g in grade_report(result).risks}
    out: dict[str, dict[str, Any]] = {}
    for rel in sorted(result.files):
        if files is not None and rel not in files:
            continue
        for doc in result.models_of(rel):
            if not isinstance(doc, (Power, RiskRegister)):
                continue
            for r in doc.risks:
                out[r.id] = {
                    "title": r.title, "description": r.description, "category": str(r.category),
                    "factors": r.factors.model_dump() if r.factors else None, "grade": final[r.id],
                    "declared": str(r.grade),
                    "override": (str(r.grade_override.grade), r.grade_override.reason) if r.grade_override else None,
                    "measures": [(m.id, m.text, str(m.type) if m.type else None, m.owner, m.due,
                                  str(m.status)) for m in r.measures],
                    "owner": r.owner, "leader": r.leader, "reviewed": r.reviewed, "post": r.post,
                    "power": r.power, "register": doc.id if isinstance(doc, RiskRegister) else None,
                    "department": doc.department if isinstance(doc, RiskRegister) else None,
                    "approval": r.approval.model_dump() if r.approval else None,
                    "identified_by": [str(x) for x in r.identified_by],
                }
    return out
