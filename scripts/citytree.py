"""The unit tree of the generated benchmark cities: 5101 成都市, 10 districts, 30 streets and N
communities spread evenly over the streets. Shared by make-city.py and make-bench.py."""


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
