"""A unit's template overrides are read as the scan reads data files (issue 10, leftovers):
`templates/index.html -> ~/.ssh/id_rsa`, a folder link out of the repository, or the
`templates` folder itself leading out, are never read, published or hashed; neither is a
pipe or a file over the size cap. `lz publish` says which override it did not use, on
stderr, and uses the site's own template; its exit code is unchanged. Links inside the
repository are followed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import lianzheng.repo.layout as layout
from lianzheng.repo.layout import Refused
from lianzheng.site.templating import TEMPLATES, environment, refused_overrides, template_fingerprint
from tests.clirunner import lz
from tests.conftest import BASE_REPO

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")

SECRET = "SECRET-TOKEN-5f1c"
CUSTOM = '{% extends "base.html" %}{% block content %}<h1>本单位自定义首页 THEME-MARK</h1>{% endblock %}\n'


def repository(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    shutil.copytree(BASE_REPO, repo)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "id_rsa").write_text(f"{SECRET} {{{{ 6 * 7 }}}}\n", encoding="utf-8")
    (outside / "index.html").write_text(f"<p>{SECRET}</p>\n", encoding="utf-8")
    return repo, outside


def published(tmp_path: Path, repo: Path, *extra: str) -> tuple[object, dict[str, bytes]]:
    out = tmp_path / "site"
    done = lz(["publish", str(repo), "--out", str(out), "--audience", "public", "--as-of", "2026-11-28",
               "--no-cache", *extra])
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return done, files


def test_overrides_linked_out_of_the_repository_are_not_read(tmp_path: Path) -> None:
    repo, outside = repository(tmp_path)
    (repo / "templates" / "assets").mkdir(parents=True)
    os.symlink(outside / "id_rsa", repo / "templates" / "index.html")
    os.symlink(outside / "id_rsa", repo / "templates" / "assets" / "style.css")
    os.symlink(outside, repo / "templates" / "partials")
    done, files = published(tmp_path, repo)
    assert done.exit_code == 0, done.stderr
    assert all(SECRET.encode() not in data for data in files.values())
    assert files["public/assets/style.css"] == (TEMPLATES / "assets" / "style.css").read_bytes()
    assert b'<meta name="generator" content="lianzheng ' in files["public/index.html"]
    warned = [line for line in done.stderr.splitlines() if line.startswith("警告：")]
    assert warned == [
        f"警告：未使用 templates/{name}：符号链接指向仓库之外，未读取（请把文件本身放进仓库）；改用网站自带的同名模板"
        for name in ("assets/style.css", "index.html", "partials")]
    assert SECRET not in done.stdout + done.stderr
    english, _ = published(tmp_path, repo, "--lang", "en", "--quiet")
    assert english.exit_code == 0 and english.stdout == ""
    assert ("warning: templates/index.html not used: symbolic link leads out of the repository; not read "
            "(put the file itself in the repository); the site's own of that name is used instead") in english.stderr


def test_the_templates_folder_itself_leading_out(tmp_path: Path) -> None:
    repo, outside = repository(tmp_path)
    os.symlink(outside, repo / "templates")
    done, files = published(tmp_path, repo)
    assert done.exit_code == 0
    assert all(SECRET.encode() not in data for data in files.values())
    assert "警告：未使用 templates：符号链接指向仓库之外" in done.stderr
    assert refused_overrides(repo / "templates") == {".": Refused("link-outside-repository")}


def test_links_inside_the_repository_are_followed(tmp_path: Path) -> None:
    repo, _ = repository(tmp_path)
    theme = repo / "theme"
    (theme / "assets").mkdir(parents=True)
    (theme / "index.html").write_text(CUSTOM, encoding="utf-8")
    (theme / "assets" / "style.css").write_text("/* THEME-CSS */\n", encoding="utf-8")
    (repo / "templates").mkdir()
    os.symlink("../theme/index.html", repo / "templates" / "index.html")
    os.symlink("../theme/assets", repo / "templates" / "assets")
    done, files = published(tmp_path, repo)
    assert done.exit_code == 0 and "警告" not in done.stderr
    assert "THEME-MARK".encode() in files["public/index.html"]
    assert files["public/assets/style.css"] == b"/* THEME-CSS */\n"


def test_the_fingerprint_does_not_read_through_a_link_out(tmp_path: Path) -> None:
    repo, outside = repository(tmp_path)
    folder = repo / "templates"
    folder.mkdir()
    (folder / "index.html").write_text(CUSTOM, encoding="utf-8")
    os.symlink(outside / "id_rsa", folder / "base.html")
    before = template_fingerprint(folder)
    (outside / "id_rsa").write_text("something else entirely\n", encoding="utf-8")
    assert template_fingerprint(folder) == before  # what lies outside is never read
    (folder / "index.html").write_text(CUSTOM.replace("THEME-MARK", "OTHER"), encoding="utf-8")
    assert template_fingerprint(folder) != before  # the unit's own are


def test_a_pipe_or_an_oversized_override_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = repository(tmp_path)
    folder = repo / "templates"
    folder.mkdir()
    os.mkfifo(folder / "index.html")  # reading it would block for ever
    (folder / "base.html").write_text("x" * 64, encoding="utf-8")
    monkeypatch.setattr(layout, "MAX_FILE_BYTES", 32)
    assert refused_overrides(folder) == {
        "base.html": Refused("file-too-large", "", (("size", 64), ("limit", 32))),
        "index.html": Refused("unreadable-file", "special"),
    }
    env = environment(folder)
    for name in ("index.html", "base.html"):  # the site's own
        assert env.get_template(name).filename == str(TEMPLATES / name)
    template_fingerprint(folder)  # returns: the pipe is not opened
