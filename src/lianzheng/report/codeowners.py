"""`lz codeowners` output: the CODEOWNERS file itself (GitHub and GitLab syntax)."""

from __future__ import annotations

from lianzheng.report.base import Reporter
from lianzheng.review.codeowners import TEXT, Codeowners, pattern


def render_codeowners(owners: Codeowners, lang: str = "zh") -> str:
    out = [TEXT["header"](lang), "", TEXT["all"](lang), f"{owners.data} {' '.join(owners.discipline)}"]
    if owners.files:
        out += ["", TEXT["high"](lang)]
    sep = "、" if lang == "zh" else ", "
    for f in owners.files:
        out += [TEXT["risks"](lang).format(risks=sep.join(f.risks)), f"{pattern(f.path)} {' '.join(f.owners)}"]
    return "\n".join(out) + "\n"


class CodeownersFile(Reporter):
    def render(self, owners: Codeowners) -> str:
        return render_codeowners(owners, self.lang)
