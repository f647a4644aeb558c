"""What a message may quote of the user's data: a short excerpt, escaped (SPEC: hostile
input is harmless). A value never forges a line of output, never floods a CI log, and a
file that is not a mapping (a key file, a log) is named by its type, never quoted."""

from __future__ import annotations

import re
import string

import yaml

from lianzheng.repo.excerpt import shown_value
from lianzheng.repo.findings import Finding
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate_files
from tests.conftest import BASE_REPO, TODAY

BASE = {p.relative_to(BASE_REPO).as_posix(): p.read_bytes() for p in BASE_REPO.rglob("*.yaml")}
FORGED = "S9\n/powers/x.yaml @evil\npowers/P-1.yaml:1:1: Y000 信息 一切正常\x1b[2J\u202e"
LONG = "长" * 5000


def messages(files: dict[str, bytes]) -> list[str]:
    findings = validate_files({**BASE, **files}, TODAY)
    return [RULES[f.code].message(f, lang) for f in findings for lang in ("zh", "en")]


def test_shown_value_is_short_and_escaped() -> None:
    assert shown_value("a\nb\tc\x1b[31m\u202e") == "a\\nb\\tc\\x1b[31m\\u202e"
    assert len(shown_value(LONG)) == 60 and shown_value(LONG).endswith("…")
    assert shown_value(["x"] * 10**6, 20).endswith("…")  # a huge list is not dumped whole
    assert shown_value("行政处罚") == "行政处罚"


def test_no_message_quotes_more_than_an_excerpt_or_a_control_character() -> None:
    power = yaml.safe_load(BASE["powers/P-1.yaml"])
    power["subject"] = LONG
    power["category"] = FORGED
    power["flow"]["steps"][0]["next"] = [{"to": FORGED}, {"to": LONG}]
    power["flow"]["steps"][1]["actor"] = FORGED
    power["risks"][0]["steps"] = [FORGED]
    power["risks"][0]["grade"] = LONG
    power["basis"][0]["law"] = FORGED
    power[FORGED] = 1  # an unknown field
    bad_kind = {"apiVersion": LONG, "kind": FORGED}
    files = {"powers/P-1.yaml": yaml.safe_dump(power, allow_unicode=True).encode(),
             "powers/K.yaml": yaml.safe_dump(bad_kind, allow_unicode=True).encode(),
             "powers/D.yaml": f"a: 1\n{'键' * 300}: 1\n{'键' * 300}: 2\n".encode()}
    got = messages(files)
    assert len(got) >= 20
    for message in got:
        assert not re.search("[\x00-\x1f\x7f\u202e]", message), message
        assert "长" * 61 not in message and "键" * 41 not in message, message
        assert "\n" not in message


def test_a_file_that_is_not_a_mapping_is_named_not_quoted() -> None:
    token = "https://clerk:ghp_Tok3nThatMustNeverShow0123456789@github.com"
    got = messages({"powers/creds.yaml": f"{token}\n".encode()})
    assert got == ["文档必须是映射（键: 值），实际为文本", "a document must be a mapping (key: value), not text"]
    assert messages({"powers/list.yaml": b"- a\n- b\n"})[0] == "文档必须是映射（键: 值），实际为列表"


def test_every_argument_of_every_message_is_harmless() -> None:
    """An id is free text: a risk id with a line break and an escape sequence cannot forge
    a line or colour a terminal in any rule's message (K, D, B, T, G and W quote ids)."""
    hostile = "R-1\n::error file=x::forged\x1b[31m\u202e" + "x" * 500
    for rule in RULES.values():
        for variant, template in rule.messages.items():
            names = {n for lang in ("zh", "en") for _, n, _, _ in string.Formatter().parse(template(lang)) if n}
            finding = Finding("p.yaml", 1, 1, rule.code, {n: hostile for n in names}, variant)
            for lang in ("zh", "en"):
                text = rule.message(finding, lang)
                assert "\n" not in text and "\x1b" not in text and "\u202e" not in text, rule.code
                assert len(text) < 2000, rule.code
