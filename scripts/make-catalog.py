#!/usr/bin/env python3
"""Generates a large template catalog for timing `bbt check`: 10,000 fields in 100 sections,
1,000 computed indicators and 500 reports of 21 columns each.

    python3 scripts/make-catalog.py /tmp/p4 && .build/release/bbt check /tmp/p4
"""
import os
import sys

out_dir = sys.argv[1] if len(sys.argv) > 1 else "/tmp/p4"
os.makedirs(out_dir, exist_ok=True)
out = []
for s in range(100):
    out.append(f'section "分组{s}" {{')
    for i in range(100):
        n = s * 100 + i
        kind = "stock carry" if n % 2 == 0 else "flow"
        out.append(f'  field f{n} "指标{n}" int unit "人" min 0 {kind}')
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
    out.append("}")
with open(os.path.join(out_dir, "big.bbt"), "w", encoding="utf-8") as f:
    f.write("\n".join(out) + "\n")
print(f"make-catalog: {len(out)} lines in {out_dir}/big.bbt")
