"""Hostile input is harmless (SPEC, "Non-negotiables"): repositories built to break `lz`.

Each case is a folder `tests/hostile/<name>/` whose files overlay a copy of the small valid
repository of the rule fixtures (`tests/rules/base/`), as the rule fixtures do:

- `generate.py`: run with `REPO` (the copy, `tmp/repo`) to make what cannot be committed:
  symbolic links, pipes, big files. Its sibling `tmp/outside/` stands for the rest of the
  machine: a link may lead there, and nothing of it may ever be read;
- `expect`: every finding `lz validate` must report, and no other, one per line:
  `path:line:column CODE [variant]`;
- `secrets`: text that must appear in no output of any command (stdout, stderr, the
  published site, the cache), one per line;
- `delete`: base files to remove.

Every command runs in-process on the case (no traceback is allowed out) in both languages.
"""

from __future__ import annotations

import json
import os
import runpy
import shutil
from pathlib import Path

import pytest

from lianzheng import open_repository
from lianzheng.rules import RULES
from lianzheng.rules.validate import validate
from tests.clirunner import lz
from tests.conftest import BASE_REPO, TODAY

CASES = Path(__file__).parent
SPECIAL = {"expect", "secrets", "delete", "generate.py"}
AS_OF = ["--as-of", TODAY.isoformat()]


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and (p / "expect").is_file())


def lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


def build(case: Path, tmp: Path) -> Path:
    repo = tmp / "repo"
    shutil.copytree(BASE_REPO, repo)
    (tmp / "outside").mkdir()
    for rel in lines(case / "delete"):
        (repo / rel).unlink()
    for src in sorted(case.rglob("*")):
        rel = src.relative_to(case)
        if src.is_file() and str(rel) not in SPECIAL and "__pycache__" not in rel.parts:
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, repo / rel)
    if (case / "generate.py").exists():
        runpy.run_path(str(case / "generate.py"), init_globals={"REPO": repo})
    return repo


def finding_lines(repo: Path) -> list[str]:
    report = validate(open_repository(repo, cache=False), TODAY)
    for f in report.findings:  # every message can be written, in both languages
        RULES[f.code].message(f, "zh")
        RULES[f.code].message(f, "en")
    return sorted(f"{f.path}:{f.line}:{f.column} {f.code}" + (f" {f.variant}" if f.variant else "")
                  for f in report.findings)


def outputs(repo: Path, tmp: Path) -> tuple[dict[str, str], bool]:
    """What every command prints, by command line; and whether publish published."""
    site = tmp / "site"
    runs = {
        "validate": ["validate", str(repo), *AS_OF],
        "validate en": ["validate", str(repo), "--lang", "en", *AS_OF],
        "validate json": ["validate", str(repo), "--format", "json", *AS_OF],
        "validate sarif": ["validate", str(repo), "--format", "sarif", *AS_OF],
        "grade json": ["grade", str(repo), "--format", "json"],
        "due": ["due", str(repo), *AS_OF],
        "codeowners": ["codeowners", str(repo)],
        "publish": ["publish", str(repo), "--out", str(site), *AS_OF],
    }
    printed: dict[str, str] = {}
    published = False
    for name, args in runs.items():
        result = lz(args)
        text = result.stdout + result.stderr
        # findings, or a clear refusal (codeowners without a valid leadership): never a crash
        assert result.exit_code in (0, 1, 2), f"lz {name}: exit {result.exit_code}\n{text}"
        assert "Traceback" not in text and "内部错误" not in text, f"lz {name}:\n{text}"
        printed[name] = text
        if name == "publish":
            published = result.exit_code == 0
    return printed, published


@pytest.mark.parametrize("name", case_names())
def test_hostile_repository(name: str, tmp_path: Path) -> None:
    case = CASES / name
    repo = build(case, tmp_path)
    expected = sorted(lines(case / "expect"))
    if expected == ["clean"]:
        expected = []
    assert finding_lines(repo) == expected

    printed, published = outputs(repo, tmp_path)
    # publish refuses a register with errors, and publishes one without
    assert published == (not any(RULES[ln.split()[1]].severity == "error" for ln in expected))
    secrets = lines(case / "secrets")
    written = [p for folder in (tmp_path / "site", repo / ".lz-cache") if folder.is_dir()
               for p in sorted(folder.rglob("*")) if p.is_file()]
    for secret in secrets:
        for command, text in printed.items():
            assert secret not in text, f"`lz {command}` shows {secret!r}"
        for path in written:
            assert secret.encode("utf-8") not in path.read_bytes(), f"{path} holds {secret!r}"


def test_every_case_is_complete() -> None:
    for name in case_names():
        assert lines(CASES / name / "expect"), f"{name}: `expect` lists nothing (write `clean` for none)"


def test_json_output_names_the_link_not_its_target(tmp_path: Path) -> None:
    repo = build(CASES / "link-to-outside-file", tmp_path)
    doc = json.loads(lz(["validate", str(repo), "--format", "json", *AS_OF]).stdout)
    assert [(d["path"], d["line"], d["column"], d["code"]) for d in doc] == [("powers/secret.yaml", 1, 1, "Y013")]
    assert "outside" not in doc[0]["message"]


def test_a_link_added_after_a_run_is_not_hidden_by_the_remembered_output(tmp_path: Path) -> None:
    """`lz validate` replays its last output when no data file changed: a link out of
    the repository, or a pipe, added since is a change (the run is keyed on the scan's
    view of the files, refused ones included)."""
    repo = build(CASES / "links-inside", tmp_path)
    for _ in range(2):
        assert lz(["validate", str(repo), *AS_OF]).exit_code == 0
    (tmp_path / "outside" / "secret.yaml").write_text("kind: Power\nid: SECRET-9\n", encoding="utf-8")
    os.symlink("../../outside/secret.yaml", repo / "powers" / "secret.yaml")
    again = lz(["validate", str(repo), *AS_OF])
    assert again.exit_code == 1 and "powers/secret.yaml:1:1: Y013" in again.stdout
    os.unlink(repo / "powers" / "secret.yaml")
    os.mkfifo(repo / "powers" / "secret.yaml")
    piped = lz(["validate", str(repo), *AS_OF])  # never opened: it would block
    assert piped.exit_code == 1 and "powers/secret.yaml:1:1: Y014" in piped.stdout
