"""The reader: values as SafeLoader reads them, positions of every value, and every kind
of bad file reported (never raised)."""

from __future__ import annotations

import datetime as dt

import yaml

from lianzheng.repo.yamlread import MAX_FILE_BYTES, Problem, read_bytes
from lianzheng.rules import find_rule


def code(problem: Problem) -> str:
    """The rule code of a problem the reader names."""
    rule = find_rule(problem.rule)
    assert rule is not None, problem.rule
    return rule.code


def codes(raw: bytes | str) -> list[tuple[str, int, int]]:
    result = read_bytes(raw.encode() if isinstance(raw, str) else raw)
    return [(code(p), p.line, p.col) for p in result.problems]


def data(raw: str) -> list[object]:
    return [d.data for d in read_bytes(raw.encode()).documents]


def test_values_resolve_exactly_as_safe_loader_does() -> None:
    text = "a: [x, 2026-01-01, yes, ~, 0x1f, 1_000, 3.5, '7', .inf, 0o17, null, No]\nb: {c: 1, d: '2'}\nempty:\n"
    assert data(text) == [yaml.safe_load(text)]
    assert data(text)[0]["a"][1] == dt.date(2026, 1, 1)
    # an impossible date stays text, for the schema to report
    assert data("d: 2026-02-30\n") == [{"d": "2026-02-30"}]


def test_every_value_and_key_has_its_position() -> None:
    doc = read_bytes("risks:\n  - id: R1\n    grade: 高  # comment\n".encode()).documents[0]
    loc, found = doc.loc.find(("risks", 0, "grade"))
    assert found and (loc.line, loc.col) == (3, 12)
    assert (loc.key.line, loc.key.col) == (3, 5)
    assert "risks:\n  - id: R1\n    grade: 高"[loc.start:loc.end] == "高"
    loc, found = doc.loc.find(("risks", 0, "missing"))
    assert not found and (loc.line, loc.col) == (2, 5)


def test_positions_with_crlf_line_endings() -> None:
    doc = read_bytes(b"a: b\r\nc: d\r\n").documents[0]
    loc, _ = doc.loc.find(("c",))
    assert (loc.line, loc.col) == (2, 4)


def test_duplicate_key_is_reported_at_the_duplicate_and_the_file_still_loads() -> None:
    result = read_bytes(b"a: 1\nb: 2\na: 3\n")
    assert [(code(p), p.line, p.col, p.args["first"]) for p in result.problems] == [("Y002", 3, 1, 1)]
    assert result.documents[0].data == {"a": 3, "b": 2}


def test_merge_keys_follow_safe_loader() -> None:
    text = "base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n"
    assert data(text) == [yaml.safe_load(text)]
    assert codes("a: &a 5\nb:\n  <<: *a\n") == [("Y012", 3, 7)]


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    result = read_bytes("\n".join(lines).encode())
    assert [code(p) for p in result.problems] == ["Y009"]
    assert result.documents == []


def test_recursive_alias_is_refused() -> None:
    assert [c for c, _, _ in codes("a: &a\n  b: *a\n")] == ["Y009"]


def test_unsafe_tags_are_refused_and_read_as_text() -> None:
    result = read_bytes(b"a: !!python/object/apply:os.system [echo]\nb: !custom x\n")
    assert [code(p) for p in result.problems] == ["Y008", "Y008"]
    assert result.documents[0].data["b"] == "x"


def test_encoding_problems() -> None:
    assert codes(b"\xef\xbb\xbfa: 1\n") == [("Y004", 1, 1)]
    assert codes("a: 1\nb: 中\xff".encode("utf-8", "surrogateescape")[:-1] + b"\xff\n")[0][0] == "Y005"
    assert codes("名称: 食品".encode("gbk")) == [("Y005", 1, 1)]
    assert codes(b"\xff\xfea\x00") == [("Y005", 1, 1)]


def test_tab_indentation_has_its_own_message() -> None:
    assert codes("flow:\n\tstart: S1\n") == [("Y006", 2, 1)]
    assert codes("a: |\n  x\n  \tcode\n") == []  # a tab inside a block scalar is content


def test_empty_files() -> None:
    assert codes("") == [("Y007", 1, 1)]
    assert codes("# only a comment\n") == [("Y007", 1, 1)]
    assert codes("---\n---\n") == [("Y007", 1, 1)]


def test_file_over_the_size_cap_is_not_read() -> None:
    result = read_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert [code(p) for p in result.problems] == ["Y003"] and result.text is None


def test_syntax_error_keeps_the_documents_before_it() -> None:
    result = read_bytes(b"a: 1\n---\nb: [1\n")
    assert [d.data for d in result.documents] == [{"a": 1}]
    # at the bracket that is never closed, not at the end of the file where libyaml noticed
    assert [(code(p), p.line, p.col, p.variant) for p in result.problems] == [("Y001", 3, 4, "unclosed-bracket")]


def test_deep_nesting_is_refused() -> None:
    assert [c for c, _, _ in codes("a: " + "[" * 200 + "]" * 200)] == ["Y010"]


def test_complex_keys_are_refused() -> None:
    assert codes("? [a, b]\n: 1\n") == [("Y011", 1, 3)]


def test_a_line_fold_between_chinese_characters_is_not_a_space() -> None:
    text = 'a: 用于\n  违法经营的工具\nb: >\n  中文\n  文本 and more\n  text\nc: 一 二\nd: "引号\n  文本"\ne: |\n  保留\n  换行\n'
    assert data(text) == [{"a": "用于违法经营的工具", "b": "中文文本 and more text\n", "c": "一 二",
                           "d": "引号文本", "e": "保留\n换行\n"}]


def test_aliases_may_not_expand_a_file_past_the_size_cap() -> None:
    """Alias amplification: the expanded text of a file's values is capped, not only the
    number of values aliases add (Y009, variant `size`, at the alias that crosses it)."""
    from lianzheng.repo.yamlread import MAX_EXPANDED_CHARS

    big = "x" * 100_000
    items = "\n".join("  - *big" for _ in range(200))
    result = read_bytes(f"a: &big {big}\nb:\n{items}\n".encode())
    # 100,001 characters written ("a" and the text), each alias adds 100,000 more: the
    # 105th alias (line 106) passes 10 MiB
    crossing = next(n for n in range(1, 201) if 100_001 + 1 + n * 100_000 > MAX_EXPANDED_CHARS)
    assert [(code(p), p.line, p.col, p.variant) for p in result.problems] == [("Y009", 2 + crossing, 5, "size")]
    assert result.documents == []  # the document is refused, as an alias bomb is
    # the same text aliased within the cap is fine
    fine = read_bytes(f"a: &big {big}\nb: [*big, *big, *big]\n".encode())
    assert fine.problems == [] and fine.documents[0].data["b"] == [big] * 3


def test_the_alias_limits_count_the_whole_file_not_each_document() -> None:
    # each document alone stays under the limit; a thousand of them would not
    doc = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [" + ", ".join(["*a"] * 200) + "]\n"
    result = read_bytes((("---\n" + doc) * 100).encode())
    assert [code(p) for p in result.problems] == ["Y009"]
    assert 0 < len(result.documents) < 100
