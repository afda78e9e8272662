#!/usr/bin/env python3
"""Generates a large city for benchmarks: units.csv and forms for FormTemplates, of one month or of
every month in a range (years of history: scripts/bench-history).

    python3 scripts/make-city.py OUT [--communities 3000] [--month 2023-06 | --months 2021-11:2026-10] [--bbt .build/release/bbt]

10 districts, 30 streets, communities spread evenly; values as believable as samples/ (same generator).
Nothing here is committed: benchmarks make their data when they run.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citytree  # noqa: E402
samples = citytree.samples()

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--communities", type=int, default=3000)
parser.add_argument("--month", default="2023-06")
parser.add_argument("--months", help="FROM:UNTIL, both included")
parser.add_argument("--bbt", default=".build/release/bbt")
args = parser.parse_args()

months = list(citytree.month_range(args.months)) if args.months else [tuple(int(x) for x in args.month.split("-"))]
fields_of = citytree.form_fields(args.bbt, months, args.out)

rows = ["code,name,level,parent"]
n = 0
for code, name, level, parent in citytree.city_units(args.communities):
    rows.append(f"{code},{name},{level},{parent}")
    if level == "community":
        citytree.write_forms(samples, code, months, fields_of, args.out)
        n += 1
with open(os.path.join(args.out, "units.csv"), "w", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
print(f"make-city: {n} communities, {len(months)} month(s), {max(len(f) for f in fields_of.values())} fields at most, in {args.out}")
