#!/usr/bin/env python3
"""Writes samples/: a demo district of 报表通 with believable data for FormTemplates.

Deterministic (fixed seed): run it again and the files come out the same. It asks `bbt form` which
fields each month's one form holds, so the data follows the templates.

    swift build && python3 scripts/make-samples.py [path/to/bbt]
"""
import json
import os
import random
import subprocess
import sys

BBT = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/bbt"
OUT = "samples"
YEAR = 2023
MONTHS = range(1, 7)              # January to June 2023
LATE = "510104002003"             # has not submitted June yet
MISSING = ("510104001002", 4)     # skipped April
DRAFT = "510104003002"            # June saved as a draft only

DISTRICT = ("510104", "锦江区")
STREETS = [
    ("510104001", "春熙路街道", ["和平街社区", "龙王庙社区", "新街社区", "北糠市街社区"]),
    ("510104002", "书院街街道", ["镋钯街社区", "大慈寺社区", "王家坝社区"]),
    ("510104003", "合江亭街道", ["水井坊社区", "合江亭社区", "天仙桥社区"]),
]

rng = random.Random(20230601)


def profile(code):
    r = random.Random(int(code))
    pop = r.randrange(4200, 15800)
    return {
        "pop": pop,
        "type": r.choice(["城镇社区", "城镇社区", "城镇社区", "涉农社区"]),
        "compounds": r.randrange(12, 60),
        "firms": r.randrange(4, 18),
        "twonew": r.randrange(20, 140),
        "staff": r.randrange(12, 28),
        "oldyard_plan": r.randrange(2, 9),
        "elevator_plan": r.randrange(4, 30),
        "fund": r.choice([20, 25, 30, 35, 40]),
        "seed": r.random(),
    }


def stock(p, month, base, drift=0.002):
    """A level that drifts a little from month to month."""
    r = random.Random(f"{p['seed']}-{base}-{month}")
    return max(0, round(base * (1 + drift * (month - 3)) + r.uniform(-1, 1) * base * 0.001))


def flow(p, name, month, mean):
    r = random.Random(f"{p['seed']}-{name}-{month}")
    return max(0, round(r.gauss(mean, max(1, mean * 0.25))))


# 持证残疾人 by 残疾类别 (FormTemplates: by disability): fixed shares, the rounding left to 肢体.
DISABILITY = [("visual", 0.14), ("hearing", 0.12), ("speech", 0.02), ("physical", 0.45), ("intellectual", 0.08),
              ("mental", 0.11), ("multiple", 0.08)]


def registered_cells(total):
    """户籍人口 by 性别 and by 年龄段 (FormTemplates: by sex, age): both splits add up to the total."""
    male = round(total * 0.497)
    cells = {"pop_registered[sex.male]": male, "pop_registered[sex.female]": total - male}
    shares = [("a0_3", 0.03), ("a4_17", 0.13), ("a18_59", 0.60), ("a60_79", 0.20), ("a80", 0.04)]
    parts = {k: int(total * s) for k, s in shares}
    parts["a18_59"] += total - sum(parts.values())
    cells.update({f"pop_registered[age.{k}]": parts[k] for k, _ in shares})
    return cells


def dibao_cells(total, community_type):
    """城乡低保人数 by 城市/农村 (FormTemplates: by urbanrural): a 涉农社区 has rural cases too."""
    rural = round(total * 0.4) if community_type == "涉农社区" else 0
    return {"dibao_persons[urbanrural.urban]": total - rural, "dibao_persons[urbanrural.rural]": rural}


def disabled_cells(total):
    parts = {k: int(total * s) for k, s in DISABILITY}
    parts["physical"] += total - sum(parts.values())
    return {f"pop_disabled[disability.{k}]": parts[k] for k, _ in DISABILITY}


def values_for(p, month, fields):
    k = lambda name: 0.8 + 0.4 * random.Random(f"{p['seed']}-{name}").random()   # each community its own ratios
    pop = stock(p, month, p["pop"])
    hh = round(pop / (2.62 * k("hh")))
    elderly = round(pop * 0.215 * k("el"))
    members = round(pop * 0.061 * k("pm"))
    general = max(3, round(hh / 320))
    micro = general * 9 + 4
    orgs = max(3, round(members / 90))
    v = {
        "pop_resident": pop, **registered_cells(round(pop * 0.71 * k("rg"))), "pop_floating": round(pop * 0.27 * k("fl")),
        "households": hh, "elderly_alone": round(elderly * 0.19),
        **disabled_cells(round(pop * 0.021)),
        "pop_births": flow(p, "b", month, pop * 0.0055 / 12), "pop_deaths": flow(p, "d", month, pop * 0.0068 / 12),
        "pop_moved_in": flow(p, "i", month, pop * 0.012 / 12), "pop_moved_out": flow(p, "o", month, pop * 0.011 / 12),
        "community_type": p["type"],
        "party_members": members, "party_members_new": flow(p, "pm", month, 0.8),
        "party_members_floating": round(members * 0.09), "party_orgs": orgs, "party_branches": max(1, orgs - 1),
        "grid_party_branches": general, "property_firms": p["firms"], "property_party_orgs": round(p["firms"] * 0.8),
        "twonew_orgs": p["twonew"], "twonew_party_covered": round(p["twonew"] * 0.74 * k("tc")),
        "cadres_in_grid": general * 3, "joint_meetings": flow(p, "jm", month, 1),
        "grid_general": general, "grid_micro": micro, "grid_special": 3 + round(p["seed"] * 4),
        "grid_workers": general, "grid_micro_leaders": micro, "grid_visits": flow(p, "gv", month, hh * 0.3),
        "dibao_households": round(hh * 0.006) + 1, **dibao_cells(round(hh * 0.006 * 1.7) + 2, p["type"]),
        "tekun_persons": round(pop * 0.0006), "relief_amount": round(flow(p, "ra", month, 150) / 100, 2),
        "social_orgs": round(pop / 650), "social_enterprises": 1 + round(p["seed"] * 3),
        "volunteers": stock(p, month, round(pop * 0.13 * k("vo")), 0.01),
        "volunteer_hours": round(flow(p, "vh", month, pop * 0.09) * 1.0, 1),
        "volunteer_activities": flow(p, "va", month, 9),
        "staff_total": p["staff"], "staff_certified": round(p["staff"] * 0.62 * k("sc")), "staff_college": round(p["staff"] * 0.8),
        "elderly_centers": 1 + round(p["seed"] * 2), "elderly_beds": round(elderly * 0.012),
        "elderly_meal_points": 1 + round(p["seed"] * 3), "elderly_meals": flow(p, "em", month, elderly * 0.4),
        "compounds": p["compounds"], "compounds_managed": round(p["compounds"] * 0.83 * k("cm")),
        "compounds_trust": round(p["compounds"] * 0.08), "compounds_committee": round(p["compounds"] * 0.41),
        "property_complaints": flow(p, "pc", month, 11),
        "oldyard_plan": p["oldyard_plan"], "oldyard_started": min(p["oldyard_plan"], month),
        "oldyard_done": min(p["oldyard_plan"], max(0, month - 3)),
        "oldyard_invest": round(flow(p, "oi", month, 2600) / 100, 2),
        "elevator_plan": p["elevator_plan"], "elevator_started": flow(p, "es", month, p["elevator_plan"] / 12),
        "elevator_done": flow(p, "ed", month, p["elevator_plan"] / 14),
        "elevator_signed": min(p["elevator_plan"], 2 + month * 2),
        "disputes_received": flow(p, "dr", month, pop / 900), "petitions": flow(p, "pe", month, 3),
        "legal_consultations": flow(p, "lc", month, 14), "legal_advisor": True,
        "antifraud_sessions": flow(p, "af", month, 3),
        "emergency_team": 18 + round(p["seed"] * 20), "disaster_informants": 2 + round(p["seed"] * 3),
        "shelters": 1 + round(p["seed"] * 2), "drills": flow(p, "dl", month, 1),
        "drill_participants": flow(p, "dp", month, 70), "hazards_found": flow(p, "hf", month, 9),
        "fire_checks": flow(p, "fc", month, hh * 0.05),
        "doctor_signed": round(pop * 0.41 * k("ds")), "doctor_signed_key": round(pop * 0.19 * k("dk")),
        "elderly_health_checks": flow(p, "hc", month, elderly * 0.05),
        "childcare_centers": 1 + round(p["seed"] * 2), "childcare_places": round(pop * 0.0042 * k("cc")),
        "commerce_outlets": round(pop / 60), "commerce_scenes": round(p["seed"] * 3),
        "convenience_circle": p["seed"] > 0.3, "vegetable_outlets": 2 + round(p["seed"] * 5),
        "civic_activities": flow(p, "ca", month, 6), "civic_participants": flow(p, "cp", month, 420),
        "community_gardens": 1 + round(p["seed"] * 3), "best_balconies": 10 + round(p["seed"] * 30),
        "good_deeds": flow(p, "gd", month, 5),
        "fitness_facilities": 4 + round(pop / 2500), "fitness_corners": 1 + round(p["seed"] * 2),
        "sports_events": flow(p, "se", month, 2), "sports_participants": flow(p, "sp", month, 260),
        "resident_meetings": flow(p, "rm", month, 2), "proposals": flow(p, "pr", month, 5),
        "micro_updates": 1 + round(p["seed"] * 4), "fund_amount": p["fund"],
        "fund_used": round(p["fund"] * (0.05 + 0.08 * p["seed"]), 2),
        "report_count": flow(p, "rc", month, 19),
    }
    v["grid_issues_found"] = flow(p, "gf", month, hh * 0.012)
    v["grid_issues_solved"] = max(0, v["grid_issues_found"] - flow(p, "gs", month, 2))
    v["disputes_resolved"] = round(v["disputes_received"] * 0.93)
    v["petitions_agency"] = min(v["petitions"], flow(p, "pa", month, 1))
    v["hazards_fixed"] = max(0, v["hazards_found"] - flow(p, "hx", month, 1))
    v["proposals_done"] = max(0, v["proposals"] - flow(p, "px", month, 1))
    v.update({"hall_staff": 9 + round(p["seed"] * 8), "hall_items": 120 + round(p["seed"] * 60),
              "hall_services": flow(p, "hs", month, 2400)})
    missing = [f for f in fields if f not in v]
    if missing:
        sys.exit(f"make-samples: no generator for {missing}")
    return {f: v[f] for f in fields}


def main():
    forms = {}
    for level in ("community", "street"):
        for m in MONTHS:
            out = subprocess.run([BBT, "form", "--month", f"{YEAR}-{m:02d}", "--level", level, "--json"], check=True,
                                 capture_output=True, text=True).stdout
            forms[level, m] = [f["id"] for f in json.loads(out)["fields"]]

    os.makedirs(OUT, exist_ok=True)
    units = [("code", "name", "level", "parent"), (DISTRICT[0], DISTRICT[1], "district", "")]
    users = [("username", "password", "role", "unit", "source"), ("admin", "admin123", "admin", DISTRICT[0]),
             ("jinjiang", "demo1234", "reviewer", DISTRICT[0])]
    communities = []
    streets = [code for code, _, _ in STREETS]
    for s, (scode, sname, names) in enumerate(STREETS):
        units.append((scode, sname, "street", DISTRICT[0]))
        users.append((f"street{s + 1}", "demo1234", "reviewer", scode))
        for c, name in enumerate(names):
            code = f"{scode}{c + 1:03d}"
            units.append((code, name, "community", scode))
            users.append((f"c{code[-6:]}", "demo1234", "filler", code))
            communities.append(code)
    with open(f"{OUT}/units.csv", "w", encoding="utf-8") as f:
        f.writelines(",".join(row) + "\n" for row in units)
    # Department accounts (数据回流); their uploads are written by scripts/make-sample-sources.py.
    users += [("gongan", "demo1234", "provider", DISTRICT[0], "gongan"),
              ("minzheng", "demo1234", "provider", DISTRICT[0], "minzheng_jiuzhu")]
    with open(f"{OUT}/users.csv", "w", encoding="utf-8") as f:
        f.writelines(",".join(row) + "\n" for row in users)

    for m in MONTHS:
        folder = f"{OUT}/data/{YEAR}-{m:02d}"
        os.makedirs(folder, exist_ok=True)
        for code in communities + streets:
            if (code == LATE and m == 6) or (code, m) == MISSING:
                continue
            level = "street" if code in streets else "community"
            if not forms[level, m]:
                continue
            doc = {"values": values_for(profile(code), m, forms[level, m])}
            if code == DRAFT and m == 6:
                doc["status"] = "draft"
            with open(f"{folder}/{code}.json", "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False, indent=1)
                f.write("\n")
    print(f"make-samples: {len(communities)} communities, {len(MONTHS)} months in {OUT}/")


if __name__ == "__main__":
    main()
