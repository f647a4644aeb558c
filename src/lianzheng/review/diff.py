"""`lz diff` as a library: what changed between two revisions of a unit's repository, as
the reviewer of a pull request wants it. Merging the reviewed pull request is the
collective approval (集体审定, art. 6), so the changes that need the leadership's
approval are picked out.

Entities (powers, risks, benchmarks, laws, risk registers, the unit) are matched by id
across the whole repository: one moved between files, or a risk moved to another power,
is a move, not a removal plus an addition. Only the files whose blob ids differ between
the two sides are read and parsed, on both sides; every entity that changed, moved, or
was added or removed is in one of them, so the cost follows the size of the change.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel

from lianzheng.grading.model import Assessment, PowerContext, assess, final_grade, model_context
from lianzheng.repo.document import field_shape
from lianzheng.repo.gitread import (
    WORKTREE,
    GitError,
    changed_files,
    default_branch,
    git,
    merge_base,
    read_objects,
    resolve,
    toplevel,
)
from lianzheng.repo.layout import (
    UNIT_FILE,
    Refused,
    RepositoryNotFound,
    find_root,
    is_data_path,
    read_path,
)
from lianzheng.repo.scan import FileResult
from lianzheng.repo.storage import digest
from lianzheng.repo.yamlread import read_bytes
from lianzheng.rules import RULES
from lianzheng.rules.stage import STAGE
from lianzheng.spec.models import (
    Case,
    Department,
    DiscretionBenchmark,
    FlowStep,
    LawRegistry,
    Leader,
    Measure,
    Post,
    Power,
    Risk,
    RiskRegister,
    Settings,
    Tier,
    Unit,
)
from lianzheng.spec.terms import GRADE_ORDER, VOCABULARIES
from lianzheng.spec.values import vocabulary_of

# The order in which a reviewer reads the kinds of change.
KINDS = ("power", "risk", "benchmark", "law", "register", "unit", "signal", "disposal")
# Signals and disposals are shown by id and source (or action) only: never their text,
# which for a confidential signal must not reach a pull-request comment.
RECORD_KINDS = ("signal", "disposal")


class Record(NamedTuple):
    """A signal or a disposal as `lz diff` may show it: its source (or action) id, and a
    digest of everything it says (a confidential summary included), to see that it changed
    without showing what."""

    label: str | None
    fingerprint: str

# Lists whose items are matched by a key, so that one changed step is one change,
# not a different list: item class -> (kind, key attribute).
KEYED_ITEMS: dict[type[BaseModel], tuple[str, str]] = {
    FlowStep: ("step", "id"), Measure: ("measure", "id"), Leader: ("leader", "id"),
    Department: ("department", "id"), Post: ("post", "id"), Case: ("case", "when"), Tier: ("tier", "level"),
}
# Fields compared elsewhere: risks are entities of their own, a risk's grade is its GradeChange.
SEPARATE: dict[type[BaseModel], frozenset[str]] = {
    Power: frozenset({"risks"}), RiskRegister: frozenset({"risks"}), Risk: frozenset({"grade"}),
}
NEVER = frozenset({"kind", "api_version"})


class FieldChange(NamedTuple):
    """One value that differs. `key`: dotted YAML keys below the entity or item
    (`flow.start`, `factors.harm`); `titles`: the Chinese titles of the same path."""

    key: str
    titles: tuple[str, ...]
    vocabulary: str | None
    old: Any
    new: Any


@dataclass
class ItemChange:
    """A flow step, measure, leader, department, post, benchmark case or tier."""

    kind: str
    key: str
    change: str  # added, removed, changed
    old: Any
    new: Any
    fields: list[FieldChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)


class GradeChange(NamedTuple):
    """A risk's grade on each side (`grade_of`: the override, else the computed grade,
    else the declared one), and the assessment of its factors under that side's settings."""

    old: str | None
    new: str | None
    old_assessment: Assessment | None
    new_assessment: Assessment | None
    mismatch: bool = False  # on the last side: declared ≠ computed with no override (K003)

    @property
    def direction(self) -> str | None:
        if self.old is None or self.new is None or self.old == self.new:
            return None
        return "raised" if GRADE_ORDER.get(self.new, -1) > GRADE_ORDER.get(self.old, -1) else "lowered"


class Parent(NamedTuple):
    """The power or register holding a risk."""

    kind: str  # power, register
    id: str


@dataclass
class EntityChange:
    kind: str  # one of KINDS
    id: str
    change: str  # added, removed, changed, moved
    path: str | None  # on the head side (None when removed)
    old_path: str | None  # on the base side (None when added)
    parent: Parent | None  # a risk's power or register on the head side
    old_parent: Parent | None
    old: Any  # the model on each side
    new: Any
    fields: list[FieldChange] = field(default_factory=list)
    items: list[ItemChange] = field(default_factory=list)
    grade: GradeChange | None = None  # a risk's grade, when there is something to say about it
    grades: tuple[str | None, str | None] = (None, None)  # a risk's grade on each side
    carried: bool = False  # a risk whose power or register moved to another file with it

    @property
    def moved(self) -> bool:
        """Moved on its own (a risk carried along by its moving power is not)."""
        return self.change in ("changed", "moved") and not self.carried \
            and (self.path != self.old_path or self.parent != self.old_parent)

    @property
    def name(self) -> str:
        """What people call it: a power's name, a risk's title, a benchmark's violation."""
        for model in (self.new, self.old):
            for attr in ("name", "title", "violation"):
                value = getattr(model, attr, None)
                if value:
                    return str(value)
        return ""

    def measures(self, change: str) -> list[ItemChange]:
        return [i for i in self.items if i.kind == "measure" and i.change == change]


class Approval(NamedTuple):
    """A change the leadership group must approve (art. 6): `reason` is high_added,
    high_removed, raised_to_high, lowered_from_high or high_measures_removed."""

    risk: str
    reason: str
    change: EntityChange


class Revision(NamedTuple):
    """One side of the comparison. `commit` None: the working tree. `merge_base_of`: the
    default branch, when the side was chosen as the merge base of HEAD with it."""

    name: str
    commit: str | None
    merge_base_of: str | None = None


@dataclass
class DiffReport:
    base: Revision
    head: Revision
    root: str  # the unit's folder relative to the top of the git repository ("" at the top)
    changes: list[EntityChange]
    files_read: int  # files parsed, both sides together: follows the size of the change
    grading_changed: bool  # settings.grading differs: computed grades of unchanged files may move too
    unreadable: list[str] = field(default_factory=list)  # changed files left out: not valid YAML on a side

    def of(self, kind: str) -> list[EntityChange]:
        return [c for c in self.changes if c.kind == kind]

    def counts(self) -> Counter[str]:
        """`kind.change` -> number, with `risk.raised` / `risk.lowered`, and the steps
        and measures inside powers and risks (`measure.status` for a new status)."""
        n: Counter[str] = Counter()
        for c in self.changes:
            n[f"{c.kind}.{c.change}"] += 1
            if c.grade is not None and c.grade.direction:
                n[f"risk.{c.grade.direction}"] += 1
            for item in c.items:
                if item.kind not in ("step", "measure"):
                    continue
                if item.kind == "measure" and item.change == "changed":
                    keys = {f.key for f in item.fields}
                    if "status" in keys:
                        n["measure.status"] += 1
                    if keys - {"status"}:
                        n["measure.changed"] += 1
                else:
                    n[f"{item.kind}.{item.change}"] += 1
        return n

    def approvals(self) -> list[Approval]:
        out = []
        for c in self.of("risk"):
            old, new = c.grades
            if c.change == "added" and new == "high":
                out.append(Approval(c.id, "high_added", c))
            elif c.change == "removed" and old == "high":
                out.append(Approval(c.id, "high_removed", c))
            elif c.change in ("changed", "moved"):
                if old != "high" and new == "high":
                    out.append(Approval(c.id, "raised_to_high", c))
                elif old == "high" and new is not None and new != "high":
                    out.append(Approval(c.id, "lowered_from_high", c))
                if "high" in (old, new) and c.measures("removed"):
                    out.append(Approval(c.id, "high_measures_removed", c))
        return out

    @property
    def empty(self) -> bool:
        return not self.changes


# --- comparing models -------------------------------------------------------------------


def _item_key(item: Any, attr: str) -> str | None:
    value = getattr(item, attr, None)
    return None if value is None else str(value)


def compare_models(cls: type[BaseModel], old: Any, new: Any, key: tuple[str, ...] = (),
                   titles: tuple[str, ...] = ()) -> tuple[list[FieldChange], list[ItemChange]]:
    """The fields that differ between two models of `cls`, nested models field by field
    and keyed lists item by item."""
    fields: list[FieldChange] = []
    items: list[ItemChange] = []
    skip = NEVER | SEPARATE.get(cls, frozenset())
    for name, info in cls.model_fields.items():
        if name in skip:
            continue
        a, b = getattr(old, name, None), getattr(new, name, None)
        if a == b:
            continue
        k, t = (*key, info.alias or name), (*titles, info.title or name)
        shape, sub = field_shape(info.annotation)
        if shape == "model" and sub is not None and isinstance(a, BaseModel) and isinstance(b, BaseModel):
            f, i = compare_models(sub, a, b, k, t)
            fields += f
            items += i
        elif shape == "list" and sub in KEYED_ITEMS and isinstance(a, (list, type(None))) \
                and isinstance(b, (list, type(None))):
            items += compare_items(sub, a or [], b or [])
        else:
            fields.append(FieldChange(".".join(k), t, vocabulary_of(info.annotation, info.metadata), a, b))
    return fields, items


def compare_items(cls: type[BaseModel], old: list[Any], new: list[Any]) -> list[ItemChange]:
    kind, attr = KEYED_ITEMS[cls]
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for items, index in ((old, before), (new, after)):
        for item in items:
            k = _item_key(item, attr)
            if k is not None:
                index.setdefault(k, item)
    out = []
    # The order of the file: the head side's, then what was removed.
    for k in [*after, *(k for k in before if k not in after)]:
        a, b = before.get(k), after.get(k)
        if a is None:
            out.append(ItemChange(kind, k, "added", None, b))
        elif b is None:
            out.append(ItemChange(kind, k, "removed", a, None))
        elif a != b:
            f, i = compare_models(cls, a, b)
            out.append(ItemChange(kind, k, "changed", a, b, f, i))
    return out


# --- the entities of one side -----------------------------------------------------------


class Entity(NamedTuple):
    kind: str
    id: str
    path: str
    model: Any
    parent: Parent | None = None  # a risk's power or register
    context: PowerContext = PowerContext()  # what the grading floors of a risk look at


def records(path: str, raw: bytes) -> list[Entity]:
    """The signals and disposals of a file as `Record`s, read from its bytes (the models
    hold no confidential text, and a change of it must still show as a change)."""
    out = []
    for document in read_bytes(raw).documents:
        data = document.data if isinstance(document.data, dict) else {}
        kind, key, label = {"Signals": ("signal", "signals", "source"),
                            "Disposals": ("disposal", "disposals", "action")}.get(data.get("kind"), (None, "", ""))
        items = data.get(key) if kind else None
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and item.get("id") is not None:
                value = item.get(label)
                canonical = VOCABULARIES["signal_source" if kind == "signal" else "disposal_action"].canonical(
                    str(value)) if isinstance(value, str) else None
                fingerprint = digest(json.dumps(item, ensure_ascii=False, sort_keys=True, default=str).encode())
                out.append(Entity(kind, str(item["id"]), path, Record(canonical, fingerprint)))
    return out


def entities(files: dict[str, FileResult], raw: dict[str, bytes] | None = None) -> dict[tuple[str, str], Entity]:
    """(kind, id) -> entity, over the given files (`raw`: their bytes, for signals and
    disposals); the first of a duplicated id wins, as in the repository-wide checks."""
    out: dict[tuple[str, str], Entity] = {}

    def add(e: Entity) -> None:
        out.setdefault((e.kind, e.id), e)

    for path in sorted(raw or {}):
        for e in records(path, raw[path]):  # type: ignore[index]
            add(e)

    for path in sorted(files):
        for doc in files[path].models or ():
            if isinstance(doc, Unit):
                add(Entity("unit", "unit", path, doc))
            elif isinstance(doc, LawRegistry):
                for law in doc.laws or ():
                    if law is not None and law.id is not None:
                        add(Entity("law", str(law.id), path, law))
            elif isinstance(doc, DiscretionBenchmark) and doc.id is not None:
                add(Entity("benchmark", str(doc.id), path, doc))
            elif isinstance(doc, (Power, RiskRegister)) and doc.id is not None:
                if isinstance(doc, Power):
                    kind, context = "power", model_context(doc)
                else:
                    kind, context = "register", PowerContext()
                add(Entity(kind, str(doc.id), path, doc))
                for risk in doc.risks or ():
                    if risk is not None and risk.id is not None:
                        add(Entity("risk", str(risk.id), path, risk, Parent(kind, str(doc.id)), context))
    return out


def assess_risk(e: Entity, settings: Settings) -> Assessment | None:
    f = e.model.factors
    if f is None:
        return None
    values = {"importance": f.importance, "discretion": f.discretion, "probability": f.probability, "harm": f.harm}
    if None in values.values():
        return None
    return assess(values, settings.grading, e.context)


def side_grade(e: Entity | None, settings: Settings) -> tuple[str | None, Assessment | None, bool]:
    """A risk's grade on one side, the assessment it rests on, and whether the declared
    grade differs from the computed one with no override."""
    if e is None:
        return None, None, False
    assessment = assess_risk(e, settings)
    override = getattr(e.model.grade_override, "grade", None)
    declared = None if e.model.grade is None else str(e.model.grade)
    mismatch = override is None and assessment is not None and declared is not None \
        and declared != assessment.computed
    return final_grade(declared, None if override is None else str(override), assessment), assessment, mismatch


def compare_sides(old: dict[tuple[str, str], Entity], new: dict[tuple[str, str], Entity],
                  old_settings: Settings, new_settings: Settings) -> list[EntityChange]:
    changes = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (KINDS.index(k[0]), k[1])):
        a, b = old.get(key), new.get(key)
        kind, id_ = key
        grade = None
        grades: tuple[str | None, str | None] = (None, None)
        if kind == "risk":
            (old_grade, old_a, old_m), (new_grade, new_a, new_m) = side_grade(a, old_settings), side_grade(b, new_settings)
            grade = GradeChange(old_grade, new_grade, old_a, new_a, new_m if b is not None else old_m)
            grades = (old_grade, new_grade)
        if a is None or b is None:
            assert a is not None or b is not None
            change = "added" if a is None else "removed"
            changes.append(EntityChange(kind, id_, change, b and b.path, a and a.path, b and b.parent,
                                        a and a.parent, a and a.model, b and b.model, grade=grade, grades=grades))
            continue
        if kind in RECORD_KINDS:
            if a.model.fingerprint != b.model.fingerprint or a.path != b.path:
                changes.append(EntityChange(kind, id_, "changed" if a.model.fingerprint != b.model.fingerprint
                                            else "moved", b.path, a.path, None, None, a.model, b.model))
            continue
        fields, items = compare_models(type(b.model), a.model, b.model)  # one kind, one model class
        if grade is not None and grade.old == grade.new and _scores(grade.old_assessment) == _scores(grade.new_assessment):
            grade = None  # nothing to say about the grade
        moved = a.path != b.path or a.parent != b.parent
        if not fields and not items and grade is None and not moved:
            continue
        change = "changed" if fields or items or grade is not None else "moved"
        changes.append(EntityChange(kind, id_, change, b.path, a.path, b.parent, a.parent, a.model, b.model,
                                    fields, items, grade, grades))
    # A risk that only went along when its power or register moved to another file is
    # said by the container's move; a risk that also changed keeps its entry.
    moves = {Parent(c.kind, c.id): (c.old_path, c.path) for c in changes if c.kind in ("power", "register") and c.moved}
    for c in changes:
        if c.kind == "risk" and c.parent == c.old_parent and c.parent in moves \
                and moves[c.parent] == (c.old_path, c.path):
            c.carried = True
    return [c for c in changes if not (c.carried and c.change == "moved")]


def _scores(a: Assessment | None) -> tuple[Any, ...] | None:
    return None if a is None else (a.score, a.computed)


# --- reading the two sides from git -----------------------------------------------------


def locate_root(start: Path, top: Path) -> Path:
    """The unit's folder: the nearest `lianzheng.yaml` at or above `start`, else (at the
    top of a repository whose unit lives in a subfolder) the shallowest one tracked below
    it, when no other lies at the same depth."""
    try:
        root = find_root(start)
    except RepositoryNotFound:
        folder = start if start.is_dir() else start.parent
        out = git(folder, "ls-files", "-z", "--full-name", "--", f":(glob)**/{UNIT_FILE}")
        found = sorted({(top / p.decode("utf-8", "surrogateescape")).parent for p in out.split(b"\0") if p},
                       key=lambda p: (len(p.parts), p))
        if not found or (len(found) > 1 and len(found[1].parts) == len(found[0].parts)):
            raise
        root = found[0].resolve()
    try:
        root.relative_to(top)
    except ValueError:
        raise RepositoryNotFound(str(start)) from None
    return root


def _settings(result: FileResult | None) -> Settings:
    if result is not None:
        for unit in result.facts.units:
            if unit.settings is not None:
                return unit.settings
    return Settings()


def diff(path: str | os.PathLike[str] = ".", base: str | None = None, head: str | None = None) -> DiffReport:
    """What changed in the unit's repository holding `path` between revision `base`
    (default: the merge base of HEAD with the default branch) and `head` (default:
    the working tree, uncommitted and untracked data files included)."""
    start = Path(path).resolve()
    if not start.exists():
        raise FileNotFoundError(str(path))
    top = toplevel(start)
    root = locate_root(start, top)
    rel = root.relative_to(top).as_posix()
    prefix = "" if rel == "." else rel + "/"

    head_rev = Revision(head, resolve(top, head)) if head is not None else Revision("", None)
    if base is not None:
        base_rev = Revision(base, resolve(top, base))
    else:
        branch = default_branch(top)
        resolve(top, "HEAD")  # an unborn HEAD is a bad revision, not a git failure
        base_rev = Revision(branch, merge_base(top, "HEAD", branch), merge_base_of=branch)
    assert base_rev.commit is not None

    changes = [c for c in changed_files(top, base_rev.commit, head_rev.commit, prefix.rstrip("/"))
               if is_data_path(c.path[len(prefix):])]
    unit_object = f"{base_rev.commit}:{prefix}{UNIT_FILE}"
    blobs = read_objects(top, [*(c.old for c in changes if c.old),
                               *(c.new for c in changes if c.new not in (None, WORKTREE)), unit_object])
    old_raw: dict[str, bytes] = {}
    new_raw: dict[str, bytes] = {}
    refused: dict[str, Refused] = {}
    for c in changes:
        rel_path = c.path[len(prefix):]
        if c.old is not None and blobs.get(c.old) is not None:
            old_raw[rel_path] = blobs[c.old]  # type: ignore[assignment]
        if c.new == WORKTREE:  # read as the scan reads: never through a link out of the repository
            got = read_path(root, rel_path)
            if isinstance(got, bytes):
                new_raw[rel_path] = got
            elif got is not None:
                refused[rel_path] = got
        elif c.new is not None and blobs.get(c.new) is not None:
            new_raw[rel_path] = blobs[c.new]  # type: ignore[assignment]
    for rel_path in [p for p in old_raw if old_raw[p] == new_raw.get(p)]:
        del old_raw[rel_path], new_raw[rel_path]  # a working tree file that only looked changed

    old_files = {p: STAGE.check(p, raw, want_models=True) for p, raw in old_raw.items()}
    new_files = {p: STAGE.check(p, raw, want_models=True) for p, raw in new_raw.items()}
    new_files.update({p: STAGE.unreadable(p, why) for p, why in refused.items()})
    # The grading settings of each side, read even when lianzheng.yaml did not change.
    unchanged_unit = blobs.get(unit_object)
    unit_result = STAGE.check(UNIT_FILE, unchanged_unit) if unchanged_unit is not None else None
    old_settings = _settings(old_files.get(UNIT_FILE) or unit_result)
    if UNIT_FILE in new_files:
        new_settings = _settings(new_files[UNIT_FILE])
    elif UNIT_FILE in old_files:  # lianzheng.yaml removed on the head side
        new_settings = Settings()
    else:
        new_settings = old_settings

    # A file that cannot be read on one side would show its entities as removed or added:
    # it is left out of the comparison on both sides and named instead.
    unreadable = sorted(p for side in (old_files, new_files) for p, r in side.items() if _unreadable(r))
    for path in unreadable:
        old_files.pop(path, None)
        new_files.pop(path, None)
    return DiffReport(
        base=base_rev, head=head_rev, root=prefix.rstrip("/"),
        changes=compare_sides(entities(old_files, {p: old_raw[p] for p in old_files}),
                              entities(new_files, {p: new_raw[p] for p in new_files}), old_settings, new_settings),
        files_read=len(old_raw) + len(new_raw),
        grading_changed=old_settings.grading != new_settings.grading,
        unreadable=list(dict.fromkeys(unreadable)),
    )


def _unreadable(result: FileResult) -> bool:
    """Whether reading the file lost documents: a YAML-level error (a duplicate key
    keeps its document)."""
    return any(f.code.startswith("Y") and f.code != "Y002" and RULES[f.code].severity == "error"
               for f in result.findings)


__all__ = ["DiffReport", "EntityChange", "FieldChange", "GitError", "ItemChange", "diff"]
