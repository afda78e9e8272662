#!/usr/bin/env python3
"""Generates a large template catalog for timing `bbt check`: 10,000 fields in 100 sections,
1,000 computed indicators and 500 reports of 21 columns each. With `--dimensions N` (200 for the
benchmark of docs/performance.md), N dimensions of 2 to 6 members (and a group each), every tenth
field collected by one of them (every 20th by two, crossed), each report slicing its first such
field by its dimension.

    python3 scripts/make-catalog.py /tmp/p4 [--dimensions 200] && .build/release/bbt check /tmp/p4
"""
import os
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
out_dir = args[0] if args else "/tmp/p4"
dimensions = int(sys.argv[sys.argv.index("--dimensions") + 1]) if "--dimensions" in sys.argv else 0
if dimensions:
    args = [a for a in args if a != str(dimensions)]
    out_dir = args[0] if args else "/tmp/p4"
os.makedirs(out_dir, exist_ok=True)
out = []
for d in range(dimensions):
    members = 2 + d % 5
    names = ", ".join(f'm{k} "成员{k}"' for k in range(members))
    out.append(f'dimension d{d} "维度{d}" {{ {names}\n  group g "前两项" = m0, m1\n}}')


def by(n):
    """The breakdowns of field n: every tenth field by one dimension, every 20th by two crossed."""
    if not dimensions or n % 10:
        return ""
    d = (n // 10) % dimensions
    return f" by d{d} * d{(d + 1) % dimensions}" if n % 20 == 0 else f" by d{d}"
for s in range(100):
    out.append(f'section "分组{s}" {{')
    for i in range(100):
        n = s * 100 + i
        kind = "stock carry" if n % 2 == 0 else "flow"
        out.append(f'  field f{n} "指标{n}" int unit "人" min 0 {kind}{by(n)}')
    out.append("}")
for c in range(1000):
    out.append(f'computed c{c} "计算{c}" = pct(f{c * 2}, f{c * 2 + 1}) decimal(2)')
for r in range(500):
    freq = ["month", "quarter", "half", "year"][r % 4]
    out.append(f'report R{r} "报表{r}" {{\n  form_no "统{r}表"\n  authority "机关{r % 13}"\n  every {freq}  due 5  filled_by community')
    for g in range(2):
        out.append(f'  group "组{g}" {{')
        for k in range(10):
            out.append(f'    column "列{g}{k}" = f{(r * 20 + g * 10 + k) % 10000}')
        out.append("  }")
    out.append(f'  column cc "计算" = c{r % 1000}')
    if dimensions:
        n = (r * 20 // 10) * 10 % 10000 + 10  # a field collected by breakdowns
        out.append(f'  columns f{n} by d{(n // 10) % dimensions}')
    out.append("}")
with open(os.path.join(out_dir, "big.bbt"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print(f"make-catalog: {len(out)} lines in {out_dir}/big.bbt")
