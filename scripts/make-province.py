#!/usr/bin/env python3
"""Generates a province for scripts/bench-province: units.csv (51 四川省, 20 cities, about 180
districts, 2,800 streets and N communities) and FormTemplates' monthly forms of every community for
every month of a range, as a seed folder (`bbt serve --seed`, `bbt render --data`).

    python3 scripts/make-province.py OUT [--communities 50000] [--months 2025-01:2025-12] [--bbt .build/release/bbt]
        [--cities 20 --districts 180 --streets 2800] [--users 1000]

Values as believable as samples/ (same generator as make-city.py); users.csv holds a reviewer of the
province (`province`), one of the first city (`city`) and `--users` fillers of communities
spread over the province (passwords are hashed when seeded: every filler costs a bcrypt). Nothing here is committed.
"""
import argparse
import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import citytree  # noqa: E402
samples = citytree.samples()

parser = argparse.ArgumentParser()
parser.add_argument("out")
parser.add_argument("--communities", type=int, default=50000)
parser.add_argument("--months", default="2025-01:2025-12", help="FROM:UNTIL, both included")
parser.add_argument("--cities", type=int, default=20)
parser.add_argument("--districts", type=int, default=180)
parser.add_argument("--streets", type=int, default=2800)
parser.add_argument("--users", type=int, default=1000, help="fillers, of communities spread over the province")
parser.add_argument("--bbt", default=".build/release/bbt")
args = parser.parse_args()


months = list(citytree.month_range(args.months))
fields_of = citytree.form_fields(args.bbt, months, args.out)


def write_forms(code):
    citytree.write_forms(samples, code, months, fields_of, args.out)


units = list(citytree.province_units(args.communities, args.cities, args.districts, args.streets))
communities = [code for code, _, level, _ in units if level == "community"]
with multiprocessing.Pool() as pool:
    for _ in pool.imap_unordered(write_forms, communities, chunksize=200):
        pass
with open(os.path.join(args.out, "units.csv"), "w", encoding="utf-8") as f:
    f.write("code,name,level,parent\n")
    f.writelines(f"{code},{name},{level},{parent}\n" for code, name, level, parent in units)
first_city = next(code for code, _, level, _ in units if level == "city")
with open(os.path.join(args.out, "users.csv"), "w", encoding="utf-8") as f:
    f.write(f"username,password,role,unit\nprovince,load1234,reviewer,51\ncity,load1234,reviewer,{first_city}\n")
    # Fillers spread over the whole province, so that their saves touch many streets.
    step = max(1, len(communities) // max(1, args.users))
    f.writelines(f"u{code},load1234,filler,{code}\n" for code in communities[::step][:args.users])
levels = {lv: sum(1 for u in units if u[2] == lv) for lv in ("city", "district", "street", "community")}
print(f"make-province: {levels['city']} cities, {levels['district']} districts, {levels['street']} streets, "
      f"{levels['community']} communities; {len(months)} month(s) of forms in {args.out}")
