# Two leadership accounts that would add a rule or an owner to CODEOWNERS (issue 10, item 5).
unit = REPO / "lianzheng.yaml"  # noqa: F821 (REPO is given by the fixture builder)
text = unit.read_text(encoding="utf-8")
text = text.replace("role: discipline, account: discipline}",
                    'role: discipline, account: "disc\\n/powers/XK-001.yaml @attacker\\n"}')
text = text.replace("role: principal, account: chief}", 'role: principal, account: "chief @evil"}')
unit.write_text(text, encoding="utf-8")
