"""A red card's summary is lz's own text, so it is in the user's language (issue 10, item
22, leftovers): "电子监察红牌：permits C-1（M101、M203）" in Chinese, "e-supervision red card:
permits C-1 (M101, M203)" in English, in every format of `lz warn`."""

from __future__ import annotations

import json
from pathlib import Path

from lianzheng import open_repository
from lianzheng.report import render
from lianzheng.warn import CaseFinding, RedCase, warn

from .helpers import AS_OF, unit_repo

ZH = "电子监察红牌：permits C-1（M101、M203）"
EN = "e-supervision red card: permits C-1 (M101, M203)"


def result(tmp_path: Path, show_confidential: bool = False):  # type: ignore[no-untyped-def]
    repo = open_repository(unit_repo(tmp_path / "repo"), cache=False)
    cases = [RedCase("permits", "C-1", "P-1", AS_OF, (CaseFinding("M203", None, ()), CaseFinding("M101", "S9", ())))]
    return warn(repo, AS_OF, red_cases=cases, show_confidential=show_confidential)


def test_text_and_markdown_in_each_language(tmp_path: Path) -> None:
    warned = result(tmp_path)
    for fmt in ("text", "markdown"):
        zh, en = render("warn", fmt, warned, lang="zh"), render("warn", fmt, warned, lang="en")
        assert ZH in zh and EN not in zh, fmt
        assert EN in en and "电子监察红牌" not in en and "、" not in en, fmt


def test_json_in_each_language(tmp_path: Path) -> None:
    warned = result(tmp_path, show_confidential=True)
    for lang, text in (("zh", ZH), ("en", EN)):
        doc = json.loads(render("warn", "json", warned, lang=lang))
        assert [s["summary"] for s in doc["signals"]] == [text]
