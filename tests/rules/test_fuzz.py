"""Bad input never crashes or hangs the loader and validator: random YAML, random text and
bytes, and random mutations of every example and fixture file. The only outcomes allowed
are reported problems or a clean pass."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lianzheng.repo.layout import data_files
from lianzheng.rules import RULES
from lianzheng.rules.stage import STAGE
from lianzheng.rules.validate import validate_files
from tests.conftest import BASE_REPO, TODAY, example_dirs

FUZZ = settings(max_examples=int(os.environ.get("LZ_FUZZ_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def no_hang(seconds: int = 20) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer within {seconds}s: a hang")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def repositories() -> list[dict[str, bytes]]:
    repos = []
    for root in [BASE_REPO, *example_dirs()]:
        repos.append({rel: (root / rel).read_bytes() for rel in data_files(root)})
    return repos


REPOS = repositories()
FILES = [(i, rel) for i, repo in enumerate(REPOS) for rel in sorted(repo)]


def assert_reported(findings: list) -> None:
    for f in findings:
        assert f.code in RULES
        assert f.line >= 1 and f.column >= 1
        RULES[f.code].message(f, "zh")
        RULES[f.code].message(f, "en")


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
                    st.sampled_from(["high", "高", "S1", "P-WIN", "2026-02-30", "2026-01-01", "licensing", "Power"]))
keys = st.one_of(st.sampled_from(["apiVersion", "kind", "id", "name", "category", "flow", "steps", "next", "start",
                                  "risks", "factors", "grade", "measures", "tiers", "cases", "legal_range", "range",
                                  "laws", "leadership", "departments", "posts", "settings", "time_limit", "end"]),
                 st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                      max_leaves=30)
documents = st.fixed_dictionaries(
    {"apiVersion": st.sampled_from(["lianzheng/v1", "lianzheng/v2"]),
     "kind": st.sampled_from(["Unit", "Power", "RiskRegister", "DiscretionBenchmark", "LawRegistry", "Nope"])},
    optional={"id": scalars, "name": scalars, "category": scalars, "flow": values, "risks": values,
              "cases": values, "laws": values, "leadership": values, "settings": values, "power": scalars},
)


@FUZZ
@given(doc=documents, flow_style=st.booleans())
def test_random_documents(doc: dict, flow_style: bool) -> None:
    raw = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow_style).encode()
    with no_hang():
        findings = validate_files({**REPOS[0], "powers/fuzz.yaml": raw}, TODAY)
    assert_reported(findings)


@FUZZ
@given(text=st.text(max_size=300))
def test_random_text(text: str) -> None:
    with no_hang():
        assert_reported(STAGE.check("f.yaml", text.encode("utf-8", "surrogatepass")).findings)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_random_bytes(raw: bytes) -> None:
    with no_hang():
        assert_reported(STAGE.check("f.yaml", raw).findings)


def _mutate(raw: bytes, how: str, at: float, junk: bytes) -> bytes:
    lines = raw.split(b"\n")
    i = int(at * len(lines)) % max(1, len(lines))
    if how == "delete-line":
        del lines[i]
    elif how == "indent":
        lines[i] = b"  " + lines[i]
    elif how == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith(b"  ") else lines[i]
    elif how == "swap-lines" and len(lines) > 1:
        j = (i + 1) % len(lines)
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "truncate":
        return raw[: int(at * len(raw))]
    elif how == "bytes":
        pos = int(at * len(raw))
        return raw[:pos] + junk + raw[pos:]
    elif how == "duplicate-line":
        lines.insert(i, lines[i])
    return b"\n".join(lines)


@settings(max_examples=2 * int(os.environ.get("LZ_FUZZ_EXAMPLES", 150)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    target=st.sampled_from(FILES),
    steps=st.lists(st.tuples(
        st.sampled_from(["delete-line", "indent", "dedent", "swap-lines", "truncate", "bytes", "duplicate-line"]),
        st.floats(0, 1), st.binary(min_size=1, max_size=6)), min_size=1, max_size=3),
)
def test_mutated_examples(target: tuple[int, str], steps: list) -> None:
    repo_index, rel = target
    files = dict(REPOS[repo_index])
    raw = files[rel]
    for how, at, junk in steps:
        raw = _mutate(raw, how, at, junk)
    files[rel] = raw
    with no_hang():
        findings = validate_files(files, TODAY)
    assert_reported(findings)


def test_fuzz_covers_the_examples() -> None:
    assert len(REPOS) >= 1 + len(example_dirs())
    assert all(Path(rel).suffix in (".yaml", ".yml") for _, rel in FILES)
