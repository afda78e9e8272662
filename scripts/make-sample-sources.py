#!/usr/bin/env python3
"""Writes the demo district's department uploads (数据回流): samples/sources/SOURCE/2023-MM.csv for
公安 (gongan) and 民政 (minzheng_jiuzhu), and samples/corrections.csv.

The departments' figures are the communities' own (samples/data), except where the story needs
them to differ: 龙王庙社区's June 常住人口 is 37 higher in 公安's register and the community says
why (a correction); 水井坊社区's June 户数 is 12 higher and nobody has said why yet (a conflict).
王家坝社区 has not filled June: the departments' June figures wait for it on its form.

    python3 scripts/make-sample-sources.py [path/to/bbt]
"""
import csv
import json
import os
import subprocess
import sys

BBT = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/bbt"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SAMPLES = os.path.join(ROOT, "samples")
SOURCES = ["gongan", "minzheng_jiuzhu"]
MONTHS = [f"2023-{m:02d}" for m in range(1, 7)]
LATE = "510104002003"          # 王家坝社区: June not yet filled
CORRECTED = ("510104001002", "2023-06", "pop_resident", 37,
             "公安实有人口含已搬离但未注销户口的37人, 以社区6月入户核实为准")
CONFLICT = ("510104003001", "2023-06", "households", 12)

communities = []
with open(os.path.join(SAMPLES, "units.csv"), encoding="utf-8") as f:
    for row in csv.DictReader(f):
        if row["level"] == "community":
            communities.append(row["code"])


def form(month):
    out = subprocess.run([BBT, "form", "--templates", os.path.join(ROOT, "FormTemplates"), "--month", month, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["fields"]


def values(month, unit):
    path = os.path.join(SAMPLES, "data", month, unit + ".json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)["values"]


def csv_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


for source in SOURCES:
    folder = os.path.join(SAMPLES, "sources", source)
    os.makedirs(folder, exist_ok=True)
    for month in MONTHS:
        fields = [f for f in form(month) if f.get("source") == source]
        rows = []
        for unit in communities:
            own = values(month, unit)
            if own is None:
                # The department holds its figures whether or not the community has filled the month:
                # last month's levels, this month's events as the register had them.
                own = dict(values(MONTHS[MONTHS.index(month) - 1], unit) or {})
                earlier = values(f"{month[:5]}03", unit) or {}
                for f in fields:
                    if f["id"] not in own and f["id"] in earlier:
                        own[f["id"]] = earlier[f["id"]]
            for f in fields:
                v = own.get(f["id"])
                if v is None:
                    continue
                if (unit, month, f["id"]) == CORRECTED[:3]:
                    v += CORRECTED[3]
                if (unit, month, f["id"]) == CONFLICT[:3]:
                    v += CONFLICT[3]
                rows.append((unit, f["period"], f["id"], csv_text(v)))
        with open(os.path.join(folder, month + ".csv"), "w", encoding="utf-8", newline="") as out:
            w = csv.writer(out, lineterminator="\n")
            w.writerow(["unit", "period", "field", "value"])
            w.writerows(rows)

with open(os.path.join(SAMPLES, "corrections.csv"), "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["unit", "period", "field", "reason"])
    w.writerow([CORRECTED[0], CORRECTED[1], CORRECTED[2], CORRECTED[4]])
