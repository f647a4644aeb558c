"""The `--signals` folder's files that are not read are said (issue 10, leftovers): a link
leading out of the folder is a Y013 at the link, a pipe or a dangling link a Y014, as the
scan says them of the repository's own files; `lz validate --signals` and `lz warn
--signals` both report them, and what failed to load there never hides a finding of the
unit's own files."""

from __future__ import annotations

import os
from pathlib import Path

from lianzheng import open_repository
from lianzheng.rules.validate import validate
from tests.clirunner import lz

from .helpers import AS_OF, POWER, unit_repo, write
from .test_load import FOLDER_DISPOSALS, FOLDER_SIGNALS


def office(tmp_path: Path) -> tuple[Path, Path]:
    """The office's folder with a good file, and beside it every kind of file not read."""
    jjz = write(tmp_path / "jjz", {"2026/signals.yaml": FOLDER_SIGNALS, "2026/disposals.yaml": FOLDER_DISPOSALS})
    outside = write(tmp_path / "elsewhere", {"secret.yaml": "apiVersion: lianzheng/v1\nkind: Signals\nsignals: []\n"})
    os.symlink(outside / "secret.yaml", jjz / "link-out.yaml")
    os.symlink(outside, jjz / "folder-out")
    os.symlink(jjz / "gone.yaml", jjz / "dangling.yaml")
    os.mkfifo(jjz / "pipe.yaml")
    return jjz, jjz.resolve()


def test_files_not_read_are_findings_at_the_file(tmp_path: Path) -> None:
    jjz, base = office(tmp_path)
    repo = unit_repo(tmp_path / "repo")
    findings = validate(open_repository(repo, cache=False, signals=jjz), AS_OF).findings
    refused = sorted((f.path, f.line, f.code, f.variant) for f in findings if f.code in ("Y013", "Y014"))
    assert refused == [
        (f"{base}/dangling.yaml", 1, "Y014", "dangling"),
        (f"{base}/folder-out", 1, "Y013", ""),
        (f"{base}/link-out.yaml", 1, "Y013", ""),
        (f"{base}/pipe.yaml", 1, "Y014", "special"),
    ]
    # the good files are read as before
    assert {s.id for s in open_repository(repo, cache=False, signals=jjz).signals()} == {"J1", "X1", "J2"}


def test_validate_and_warn_say_so(tmp_path: Path) -> None:
    jjz, base = office(tmp_path)
    repo = unit_repo(tmp_path / "repo")
    done = lz(["validate", str(repo), "--signals", str(jjz), "--as-of", AS_OF.isoformat(), "--no-cache",
               "--format", "json", "--select", "Y"])
    assert done.exit_code == 1
    import json

    shown = sorted((f["path"], f["code"]) for f in json.loads(done.stdout))
    assert shown == [(f"{base}/dangling.yaml", "Y014"), (f"{base}/folder-out", "Y013"),
                     (f"{base}/link-out.yaml", "Y013"), (f"{base}/pipe.yaml", "Y014")]
    warned = lz(["warn", str(repo), "--signals", str(jjz), "--as-of", AS_OF.isoformat(), "--no-cache",
                 "--lang", "en"])
    assert warned.exit_code == 1
    assert f"{base}/link-out.yaml:1:1: Y013 error symbolic link leads out of the repository" in warned.stderr
    assert f"{base}/pipe.yaml:1:1: Y014 error not a regular file (a pipe or a device)" in warned.stderr
    assert "secret" not in warned.stdout + warned.stderr.replace("elsewhere", "")


def test_an_unreadable_file_there_hides_nothing_of_the_unit(tmp_path: Path) -> None:
    jjz, _ = office(tmp_path)
    # a power citing a law the unit never registered: R005 whatever the folder holds
    power = POWER.replace("flow:", "basis:\n  - {law: LAW-NONE, article: 第一条}\nflow:")
    repo = unit_repo(tmp_path / "repo", {"powers/P-1.yaml": power, "laws.yaml": (
        "apiVersion: lianzheng/v1\nkind: LawRegistry\nlaws:\n  - {id: L-X, title: 某法, level: 法律, revised: 2020-01-01}\n")})
    alone = {(f.code, f.path) for f in validate(open_repository(repo, cache=False), AS_OF).findings}
    with_folder = {(f.code, f.path) for f in validate(open_repository(repo, cache=False, signals=jjz), AS_OF).findings}
    assert ("R005", "powers/P-1.yaml") in alone
    assert {f for f in alone if not f[1].startswith("/")} <= with_folder
