"""One cause, one finding: what failed to load is reported once, never again through the
checks that would have used it (the repository-wide cases, whole repositories, are in
`tests/hostile/cascade-*`)."""

from __future__ import annotations

from lianzheng.rules.validate import validate_files
from tests.conftest import BASE_REPO, TODAY

BASE = {p.relative_to(BASE_REPO).as_posix(): p.read_bytes() for p in BASE_REPO.rglob("*.yaml")}


def found(path: str, *edits: tuple[str, str]) -> list[tuple[int, str, str]]:
    text = BASE[path].decode()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return sorted((f.line, f.code, f.variant) for f in validate_files({**BASE, path: text.encode()}, TODAY))


def test_a_dangling_next_is_one_f002_not_unreachable_and_dead_steps() -> None:
    assert found("powers/P-1.yaml", ("{to: S2, when: 材料齐全}", "{to: SHH, when: 材料齐全}")) == [(23, "F002", "")]
    # an arrow that is simply missing still leaves its steps unreachable
    got = found("powers/P-1.yaml", ("        - {to: S2, when: 材料齐全}\n", ""))
    assert {c for _, c, _ in got} == {"F003", "F004"}


def test_a_next_or_end_that_failed_the_schema_is_one_finding() -> None:
    assert found("powers/P-1.yaml", ("      next: [S3]\n", "      next: 5\n")) == [(40, "S005", "list")]
    assert found("powers/P-1.yaml", ("      end: true\n", "      end: 是\n")) == [(48, "S005", "boolean")]
    # an arrow to a step whose own id failed is not dangling: the id is the cause, and
    # the risks at that step are not "not in the flowchart"
    got = found("powers/P-1.yaml", ("    - id: S3\n", "    - id: [S3]\n"))
    assert got == [(41, "S005", "text")]
    got = found("powers/P-1.yaml", ("    - id: S1\n", "    - id: [S1]\n"))
    assert got == [(15, "S005", "text")]


def test_a_field_that_failed_the_schema_is_not_also_missing() -> None:
    assert found("powers/P-1.yaml", ("      time_limit: 5\n", "      time_limit: 五个工作日\n")) == [
        (38, "S005", "duration")]
    # a collective step written `collective: 是` is not "no collective step" (C005)
    got = found("powers/P-1.yaml", ("subject: D-PERMIT\n", "subject: D-PERMIT\nmajor_matter: [funds]\n"),
                ("      end: true\n", "      end: true\n      collective: 是\n"))
    assert [(c, v) for _, c, v in got] == [("S005", "boolean")]


def test_references_into_a_namespace_that_failed_to_load_are_not_reported() -> None:
    # laws.yaml does not load: no R005 for the laws every power cites
    assert found("laws.yaml", ("revised: 2021-04-29}", "revised: 2021-04-29")) == [(4, "Y001", "unclosed-bracket")]
    # one law's id failed the schema: the references to laws are not reported either
    assert found("laws.yaml", ("{id: food-law,", "{id: [food-law],")) == [(4, "S005", "text")]
    # a misspelt kind: what the document would declare is lost (S002 names the kind)
    assert found("laws.yaml", ("kind: LawRegistry", "kind: LawRegistri")) == [(2, "S002", "")]
    # ... but a law that is simply not registered is still reported
    food_law = ("  - {id: food-law, title: 中华人民共和国食品安全法, level: 法律, issuer: 全国人民代表大会常务委员会, "
                "revised: 2021-04-29}\n")
    got = found("laws.yaml", (food_law, ""))
    assert {c for _, c, _ in got} == {"R005"}


def test_no_missing_unit_when_lianzheng_yaml_does_not_load() -> None:
    got = found("lianzheng.yaml", ("  - {id: D-LAW, name: 执法大队, leader: L2, head: 戊队长}",
                                   "  - {id: D-LAW, name: 执法大队, leader: L2, head: 戊队长"))
    assert got == [(13, "Y001", "unclosed-bracket")]
    # a lianzheng.yaml that loads but holds no Unit is still S010
    assert [c for _, c, _ in found("lianzheng.yaml", ("kind: Unit", "kind: LawRegistry"))][:1] == ["S010"]
