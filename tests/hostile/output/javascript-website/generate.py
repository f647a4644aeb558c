# lianzheng.yaml's website is a script (issue 10, item 2).
unit = REPO / "lianzheng.yaml"  # noqa: F821 (REPO is given by the fixture builder)
text = unit.read_text(encoding="utf-8")
unit.write_text(text.replace('supervision_phone: "12388"\n',
                             'supervision_phone: "12388"\nwebsite: "javascript:alert(document.domain)"\n'),
                encoding="utf-8")
