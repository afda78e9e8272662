#!/usr/bin/env python3
"""Generates the benchmark city of issue 5: templates with one monthly report of 198 numeric fields
in 10 groups (int and decimal(2), stock and flow), a city of N communities (10 districts, 30
streets), and one month of forms. Deterministic; nothing here is committed.

    python3 scripts/make-bench.py OUT [--communities 3000] [--fields 198]
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citytree  # noqa: E402

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--communities", type=int, default=3000)
p.add_argument("--fields", type=int, default=198)
a = p.parse_args()

os.makedirs(os.path.join(a.out, "templates"), exist_ok=True)
fields = [f"f{i:03d}" for i in range(a.fields)]
kinds = [("int", "stock") if i % 4 == 0 else ("int", "flow") if i % 4 == 1 else ("decimal(2)", "stock") if i % 4 == 2
         else ("decimal(2)", "flow") for i in range(a.fields)]
groups = [list(range(g * 20, min((g + 1) * 20, a.fields))) for g in range((a.fields + 19) // 20)]
lines = []
for g, members in enumerate(groups):
    lines.append(f'section "第{g + 1}组" {{')
    for i in members:
        t, k = kinds[i]
        lines.append(f'  field {fields[i]} "指标{i + 1}" {t} unit "个" min 0 {k}')
    lines.append("}")
lines.append('report B01 "基准月报" {\n  form_no "基准01表"\n  authority "基准机关"\n  every month  due 5  filled_by community')
for g, members in enumerate(groups):
    lines.append(f'  group "第{g + 1}组" {{')
    for i in members:
        lines.append(f'    column "指标{i + 1}" = {fields[i]}')
    lines.append("  }")
lines.append("}")
with open(os.path.join(a.out, "templates", "bench.bbt"), "w", encoding="utf-8") as f:
    f.write("\n".join(lines) + "\n")

rng = random.Random(5)
units = ["code,name,level,parent"]
os.makedirs(os.path.join(a.out, "data", "2023-06"), exist_ok=True)
n = 0
for code, name, level, parent in citytree.city_units(a.communities):
    units.append(f"{code},{name},{level},{parent}")
    if level != "community":
        continue
    values = {}
    for i, fid in enumerate(fields):
        if kinds[i][0] == "int":
            values[fid] = rng.randrange(0, 100000)
        else:
            values[fid] = round(rng.randrange(0, 10000000) / 100, 2)
    with open(os.path.join(a.out, "data", "2023-06", code + ".json"), "w", encoding="utf-8") as f:
        json.dump({"values": values}, f, ensure_ascii=False)
    n += 1
with open(os.path.join(a.out, "units.csv"), "w", encoding="utf-8") as f:
    f.write("\n".join(units) + "\n")
print(f"make-bench: {n} communities × {a.fields} fields in {a.out}")
