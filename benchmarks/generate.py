"""Generate a city-scale unit repository for the benchmarks.

3,000 powers with 6-8-step flows (with a 补正 loop and a branch), 4 risks each (12,000),
discretion benchmarks for the penalty powers, post risk registers and a law registry,
about 25 MB of YAML. Deterministic: the same seed writes the same bytes.

    python benchmarks/generate.py OUT [--powers 3000] [--seed 1]
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
from pathlib import Path

CATEGORIES = [
    ("licensing", "XK"), ("penalty", "CF"), ("inspection", "JC"), ("enforcement", "QZ"),
    ("levy", "ZS"), ("payment", "GF"), ("confirmation", "QR"), ("reward", "JL"),
    ("procurement", "CG"), ("finance", "CW"), ("personnel", "RS"), ("assets", "ZC"),
]
LAWS = [
    ("food-safety-law", "中华人民共和国食品安全法", "2021-04-29"),
    ("licensing-law", "中华人民共和国行政许可法", "2019-04-23"),
    ("penalty-law", "中华人民共和国行政处罚法", "2021-01-22"),
    ("enforcement-law", "中华人民共和国行政强制法", "2011-06-30"),
    ("procurement-law", "中华人民共和国政府采购法", "2014-08-31"),
    ("budget-law", "中华人民共和国预算法", "2018-12-29"),
]
STEP_NAMES = ["受理", "补正材料", "初审", "现场核查", "复审", "集体讨论", "审批决定", "制证送达"]
NUMERALS = "一二三四五六七八九十"


def cn(n: int) -> str:
    return NUMERALS[n - 1] if n <= 10 else f"第{n}"


def grade(f: dict[str, int]) -> str:
    score = math.ceil((f["probability"] + f["discretion"]) / 2) * math.ceil((f["importance"] + f["harm"]) / 2)
    return "high" if score >= 15 else "medium" if score >= 8 else "low"


def unit(n_depts: int, code: str = "CITY-0001", name: str = "某市人民政府（基准测试）") -> str:
    lines = [
        "apiVersion: lianzheng/v1", "kind: Unit", f"code: {code}", f"name: {name}",
        "type: administrative", "region: 某省某市", 'supervision_phone: "12388"', "leadership:",
    ]
    for i in range(1, 9):
        role = "principal" if i == 1 else "discipline" if i == 8 else "member"
        lines.append(f"  - {{id: L{i}, name: 领导{i}, title: 副市长, role: {role}, account: leader{i}}}")
    lines.append("departments:")
    for d in range(n_depts):
        lines.append(f"  - {{id: D{d:03d}, name: 第{d}局业务处, leader: L{1 + d % 7}, head: 处长{d}}}")
    lines.append("posts:")
    for d in range(n_depts):
        for p in range(4):
            lines.append(f"  - {{id: P{d:03d}-{p}, name: 第{d}局岗位{p}, department: D{d:03d}}}")
    return "\n".join(lines) + "\n"


def power(i: int, rng: random.Random, n_depts: int) -> tuple[str, str, str]:
    category, prefix = CATEGORIES[i % len(CATEGORIES)]
    pid = f"{prefix}-{i:05d}"
    dept = f"D{i % n_depts:03d}"
    law = LAWS[i % len(LAWS)][0]
    n_steps = 6 + i % 3
    names = STEP_NAMES[:n_steps - 1] + ["办结"]
    out = [
        "# yaml-language-server: $schema=../schemas/power.schema.json",
        "apiVersion: lianzheng/v1", "kind: Power", f"id: {pid}",
        f"name: 第{i}项{'许可' if category == 'licensing' else '职权'}事项",
        f"content: 依法对辖区内第{i}类事项实施管理，对符合条件的申请人作出决定，并对执行情况进行监督检查",
        f"category: {category}", f"subject: {dept}", "basis:",
        f"  - law: {law}", f"    article: 第{cn(1 + i % 10)}十{cn(1 + i % 9)}条",
        "areas: [approval]" if category == "licensing" else "areas: [penalty]" if category == "penalty" else "areas: []",
        "statutory_days: 60", "promised_days: 45", "fee: 不收费", "flow:", "  start: S1", "  steps:",
    ]
    for s in range(1, n_steps + 1):
        actor = f"P{i % n_depts:03d}-{s % 4}"
        out += [
            f"    - id: S{s}", f"      name: {names[s - 1]}", f"      actor: {actor}",
            f"      conditions: 申请材料齐全、符合法定形式，前一环节已办理完毕并形成书面记录（第{s}环节）",
            "      procedure: 承办人员按照办事指南逐项审查，填写审查意见，按程序报送下一环节负责人审核",
            f"      time_limit: {1 + (s * 3) % 5}",
            "      supervision: 电子监察系统实时监控办理时限，纪检监察机构定期抽查办件记录",
        ]
        if s == n_steps:
            out.append("      end: true")
        elif s == 1:
            out += ["      next:", "        - to: S2", "          when: 材料齐全", "        - to: S3",
                    "          when: 材料不齐全需补正"]
        elif s == 2:
            out.append("      next: [S3]")
        elif s == 3:
            out += ["      next:", "        - to: S4", "          when: 符合条件", "        - to: S2",
                    "          when: 需要补正"]
        else:
            out.append(f"      next: [S{s + 1}]")
    out.append("risks:")
    for r in range(4):
        f = {k: rng.randint(1, 5) for k in ("importance", "discretion", "probability", "harm")}
        g = grade(f)
        cat = ("power", "system", "ethics")[r % 3]
        out += [
            f"  - id: R-{pid}-{r + 1:02d}",
            f"    title: 第{r + 1}环节存在违规办理或利益输送风险",
            "    description: 经办人员可能收受管理服务对象财物或者接受请托，降低审查标准、拖延办理或者泄露内部信息，"
            "损害公共利益和群众合法权益",
            f"    category: {cat}", f"    steps: [S{1 + r % n_steps}]", f"    post: P{i % n_depts:03d}-{r}",
            "    identified_by: [self, case]",
            f"    factors: {{importance: {f['importance']}, discretion: {f['discretion']}, "
            f"probability: {f['probability']}, harm: {f['harm']}}}",
            f"    grade: {g}", f"    owner: 责任人{i}-{r}", f"    leader: L{1 + (i + r) % 7}", "    measures:",
        ]
        types = ["education" if cat == "ethics" else "procedure", "supervision", "disclosure"]
        for m in range(3 if g == "high" else 2):
            out += [
                f"      - id: M{m + 1}", f"        type: {types[m]}",
                "        text: 严格执行办事公开和一次性告知制度，关键环节实行双人审核并全程留痕，纪检监察机构每季度抽查",
                f"        owner: 措施责任人{m}", f"        due: 2027-0{1 + m}-28",
                f"        status: {('planned', 'in_progress', 'done')[m % 3]}",
            ]
        out += ["    reviewed: 2026-06-01", "    approval: {date: 2026-06-10, by: 市政府党组会议, ref: 2026年第8次会议纪要}"]
    bench = ""
    if category == "penalty":
        bench = "\n".join([
            "apiVersion: lianzheng/v1", "kind: DiscretionBenchmark", f"id: BM-{pid}", f"power: {pid}",
            f"violation: 第{i}项违法行为", "basis:", f"  - {{law: {law}, article: 第一百二十四条}}", "cases:",
            "  - when: 货值金额不足一万元", "    legal_range: {min: 50000, max: 100000, unit: yuan}", "    tiers:",
            "      - {level: exempt, conditions: [初次违法且危害后果轻微并及时改正], outcome: 不予行政处罚}",
            "      - {level: mitigated, conditions: [主动消除危害后果], range: {min: 10000, max: 49999}}",
            "      - {level: lighter, conditions: [配合调查], range: {min: 50000, max: 65000}}",
            "      - {level: general, conditions: [一般情节], range: {min: 65001, max: 85000}}",
            "      - {level: heavier, conditions: [拒不配合调查], range: {min: 85001, max: 100000}}",
        ]) + "\n"
    return pid, "\n".join(out) + "\n", bench


def generate(out: Path, n_powers: int = 3000, seed: int = 1, code: str = "CITY-0001",
             name: str = "某市人民政府（基准测试）") -> Path:
    """The repository (`code` and `name`: of its unit, for many units side by side)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "powers").mkdir(parents=True)
    (out / "benchmarks").mkdir()
    (out / "risks").mkdir()
    n_depts = max(4, n_powers // 40)
    (out / "lianzheng.yaml").write_text(unit(n_depts, code, name), encoding="utf-8")
    laws = ["apiVersion: lianzheng/v1", "kind: LawRegistry", "laws:"]
    laws += [f"  - {{id: {lid}, title: {title}, level: 法律, revised: {rev}}}" for lid, title, rev in LAWS]
    (out / "laws.yaml").write_text("\n".join(laws) + "\n", encoding="utf-8")
    for i in range(n_powers):
        pid, text, bench = power(i, rng, n_depts)
        (out / "powers" / f"{pid}.yaml").write_text(text, encoding="utf-8")
        if bench:
            (out / "benchmarks" / f"BM-{pid}.yaml").write_text(bench, encoding="utf-8")
    for d in range(min(n_depts, 20)):
        text = "\n".join([
            "apiVersion: lianzheng/v1", "kind: RiskRegister", f"id: RR-D{d:03d}", f"department: D{d:03d}", "risks:",
            f"  - id: R-POST-D{d:03d}", "    title: 财务报销审核不严", "    category: system", f"    post: P{d:03d}-0",
            "    factors: {importance: 2, discretion: 2, probability: 2, harm: 2}", "    grade: low",
            "    owner: 财务负责人", "    leader: L1", "    measures:",
            "      - {id: M1, type: institution, text: 修订报销制度, owner: 财务负责人, due: 2027-01-31, status: planned}",
            "    reviewed: 2026-06-01", "    approval: {date: 2026-06-10, by: 党组会议, ref: 2026年第8次会议纪要}",
        ]) + "\n"
        (out / "risks" / f"RR-D{d:03d}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--powers", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.powers, args.seed)
    size = sum(p.stat().st_size for p in args.out.rglob("*.yaml"))
    print(f"wrote {args.out}: {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
