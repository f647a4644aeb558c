# A `next` value holding a newline and a line that looks like a finding (issue 10, item 16).
power = REPO / "powers" / "P-1.yaml"  # noqa: F821 (REPO is given by the fixture builder)
text = power.read_text(encoding="utf-8")
old = "      next: [S3]\n"
assert old in text
power.write_text(text.replace(old, '      next: ["S3\\npowers/XK-001.yaml:1:1: Y000 信息 一切正常\\x1b[2K\\u202e"]\n'),
                 encoding="utf-8")
