"""`lz codeowners` output: the CODEOWNERS file itself (GitHub and GitLab syntax).

Every line of it is a rule the forge enforces, so this writes only the lines it means:
the comments' values (risk ids are free text) are made `visible`, which keeps each on its
comment line, and an owner or pattern that is not what `review.codeowners` allows is
refused rather than written (a second check, for a model that was not validated)."""

from __future__ import annotations

import re

from lianzheng.report.base import Reporter
from lianzheng.report.text import visible
from lianzheng.review.codeowners import TEXT, Codeowners, handle, pattern


# A pattern `review.codeowners.pattern` writes: anchored, printable, every space and
# backslash escaped, no glob character.
_PATTERN = re.compile(r"/(?:[^ \\*?\[\]]|\\[ \\])*")


def _pattern(text: str) -> str:
    if text != "*" and not (text.isprintable() and _PATTERN.fullmatch(text)):
        raise ValueError(f"not a CODEOWNERS pattern: {text!r}")
    return text


def _owners(owners: tuple[str, ...]) -> str:
    for owner in owners:
        if handle(owner) != owner:
            raise ValueError(f"not a CODEOWNERS owner: {owner!r}")
    return " ".join(owners)


def render_codeowners(owners: Codeowners, lang: str = "zh") -> str:
    out = [TEXT["header"](lang), "", TEXT["all"](lang), f"{_pattern(owners.data)} {_owners(owners.discipline)}"]
    if owners.files:
        out += ["", TEXT["high"](lang)]
    sep = "、" if lang == "zh" else ", "
    for f in owners.files:
        out += [TEXT["risks"](lang).format(risks=visible(sep.join(f.risks))),
                f"{_pattern(pattern(f.path))} {_owners(f.owners)}"]
    return "\n".join(out) + "\n"


class CodeownersFile(Reporter):
    def render(self, owners: Codeowners) -> str:
        return render_codeowners(owners, self.lang)
