"""The rule registry: every rule documented, codes and names well-formed, docs generated."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from string import Formatter

from lianzheng import open_repository
from lianzheng.rules import RULES
from lianzheng.rules.registry import DOCUMENT_CHECKS, FAMILIES, REPOSITORY_CHECKS
from lianzheng.rules.validate import validate


def test_every_rule_is_documented_in_both_languages() -> None:
    for code, rule in RULES.items():
        assert re.fullmatch(r"[A-Z]\d{3}", code), code
        assert rule.family in FAMILIES, code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert not rule.name.startswith("no-"), "names say the problem: duplicate-x, not no-duplicate-x"
        for text in (rule.summary, rule.why, *rule.messages.values()):
            assert text.zh.strip() and text.en.strip(), code
            assert re.search(r"[\u4e00-\u9fff]", text.zh), f"{code}: Chinese text expected: {text.zh}"
        assert rule.bad.strip() and rule.good.strip() and rule.bad != rule.good, code
        assert rule.severity in ("error", "warning")


def test_names_are_unique() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))


def test_every_check_reports_registered_rules_and_every_rule_has_a_reporter() -> None:
    checked = {c for check in (*DOCUMENT_CHECKS, *REPOSITORY_CHECKS) for c in check.codes}
    assert checked <= set(RULES)
    # Y rules come from the reader and S001-S009 from the schema stage; W from `lz warn`'s
    # engine and M from `lz monitor`'s (judged on a date, never by validate); all others from checks.
    reader = {c for c in RULES if c.startswith("Y")} | {f"S00{i}" for i in range(1, 10)}
    engines = {c for c in RULES if c[0] in "WM"}
    assert set(RULES) - reader - engines <= checked, sorted(set(RULES) - reader - engines - checked)


def test_both_languages_of_a_message_name_the_same_arguments() -> None:
    """An English template names `x_en` where the Chinese one names `x` (a term in each
    language); otherwise the two say the same things."""
    for code, rule in RULES.items():
        for variant, text in rule.messages.items():
            names = [{n.removesuffix("_en") for _, n, _, _ in Formatter().parse(t) if n} for t in (text.zh, text.en)]
            assert names[0] == names[1], f"{code} {variant!r}: {names[0]} vs {names[1]}"


def test_every_message_a_check_reports_formats_in_both_languages() -> None:
    """Each failing fixture's findings, rendered with exactly the arguments the check gave:
    a template naming an argument the check does not give fails here."""
    from tests.conftest import TODAY
    from tests.rules.test_fixtures import FIXTURES, build

    seen = 0
    for fixture in sorted(FIXTURES.glob("*/fail")):
        with tempfile.TemporaryDirectory() as tmp:
            repo = build(fixture, Path(tmp) / "repo")
            for finding in validate(open_repository(repo, cache=False), TODAY).findings:
                for lang in ("zh", "en"):
                    assert RULES[finding.code].message(finding, lang)
                seen += 1
    assert seen >= len(RULES) - 5
