"""The unit tree of the generated benchmark cities: 5101 成都市, 10 districts, 30 streets and N
communities spread evenly over the streets (and of the province, `province_units`); the months and
fields of their forms. Shared by make-city.py, make-province.py and make-bench.py."""
import importlib.util
import json
import os
import subprocess


def samples():
    """make-samples.py as a module: its believable values (`profile`, `values_for`)."""
    here = os.path.dirname(os.path.abspath(__file__))
    spec = importlib.util.spec_from_file_location("make_samples", os.path.join(here, "make-samples.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def month_range(text):
    """(year, month) of every month of FROM:UNTIL, both included."""
    first, last = ([int(x) for x in m.split("-")] for m in text.split(":"))
    y, m = first
    while (y, m) <= tuple(last):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def write_forms(samples, code, months, fields_of, out):
    """A community's forms of every month, with believable values, as OUT/data/YYYY-MM/CODE.json."""
    profile = samples.profile(code)
    for year, month in months:
        ym = f"{year:04d}-{month:02d}"
        values = samples.values_for(profile, month, fields_of[ym])
        with open(os.path.join(out, "data", ym, code + ".json"), "w", encoding="utf-8") as f:
            json.dump({"values": values}, f, ensure_ascii=False)


def form_fields(bbt, months, out):
    """The field IDs of FormTemplates' community form of each month (`bbt form --json`), by
    "YYYY-MM"; makes OUT/data/YYYY-MM for each."""
    fields_of = {}
    for year, month in months:
        name = f"{year:04d}-{month:02d}"
        form = json.loads(subprocess.run([bbt, "form", "--month", name, "--json"], check=True,
                                         capture_output=True, text=True).stdout)
        fields_of[name] = [f["id"] for f in form["fields"]]
        os.makedirs(os.path.join(out, "data", name), exist_ok=True)
    return fields_of


def city_units(communities):
    """Yields (code, name, level, parent) rows, parents first."""
    yield "5101", "成都市", "city", ""
    per_street = -(-communities // 30)
    n = 0
    for d in range(10):
        dcode = f"5101{d + 4:02d}"
        yield dcode, f"第{d + 1}区", "district", "5101"
        for s in range(3):
            scode = f"{dcode}{s + 1:03d}"
            yield scode, f"第{d + 1}区第{s + 1}街道", "street", dcode
            for c in range(per_street):
                if n == communities:
                    break
                n += 1
                yield f"{scode}{c + 1:03d}", f"第{n}社区", "community", scode


def province_units(communities, cities=20, districts=180, streets=2800):
    """Yields (code, name, level, parent) rows of a province, parents first: 51 四川省, `cities`
    cities, `districts` districts and `streets` streets spread evenly, then `communities` communities
    spread evenly over the streets (codes in the 统计用区划代码 shape: 4, 6, 9 and 12 digits)."""
    def spread(total, over):
        return [total // over + (1 if i < total % over else 0) for i in range(over)]
    yield "51", "四川省", "province", ""
    district_counts = spread(districts, cities)
    street_counts = spread(streets, districts)
    community_counts = spread(communities, streets)
    d_index = s_index = n = 0
    for c in range(cities):
        ccode = f"51{c + 1:02d}"
        yield ccode, f"第{c + 1}市", "city", "51"
        for d in range(district_counts[c]):
            dcode = f"{ccode}{d + 1:02d}"
            yield dcode, f"第{c + 1}市第{d + 1}区", "district", ccode
            for s in range(street_counts[d_index]):
                scode = f"{dcode}{s + 1:03d}"
                yield scode, f"第{c + 1}市第{d + 1}区第{s + 1}街道", "street", dcode
                for k in range(community_counts[s_index]):
                    n += 1
                    yield f"{scode}{k + 1:03d}", f"第{n}社区", "community", scode
                s_index += 1
            d_index += 1
