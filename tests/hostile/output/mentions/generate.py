# Mentions (and a line break) in the texts a pull-request comment or report shows (issue 10, item 6).
unit = REPO / "lianzheng.yaml"  # noqa: F821 (REPO is given by the fixture builder)
text = unit.read_text(encoding="utf-8")
unit.write_text(text.replace("name: 财务科", 'name: "@all 财务科"'), encoding="utf-8")
power = REPO / "powers" / "P-1.yaml"  # noqa: F821
text = power.read_text(encoding="utf-8")
text = text.replace("    title: 违规受理\n", '    title: "请@leadership-team 审核\\n| 伪造 | 行 |"\n')
power.write_text(text, encoding="utf-8")
posts = REPO / "risks" / "posts.yaml"  # noqa: F821
text = posts.read_text(encoding="utf-8")
text = text.replace("text: 每季度开展警示教育", 'text: "抄送 @org/discipline-team，见 @chief"')
posts.write_text(text, encoding="utf-8")
