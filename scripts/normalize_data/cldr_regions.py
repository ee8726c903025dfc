#!/usr/bin/env python3
"""Writes models/normalize/regions.tsv: the names of CLDR's world regions
(continents and their parts: Europe, Africa, South America, Southeast Asia…)
and of the United Nations, in the locales of the place gazetteer.

The CLDR extract in the shared data (`cldr/territories.tsv`) holds countries
only; Babel ships CLDR's full territory names, regions included.

    python3 -m pip install babel==2.19.0   # CLDR 47 data, BSD-3 + Unicode License v3
    python3 scripts/normalize_data/cldr_regions.py [TERRITORIES_TSV] [OUT]

Format: `English name<TAB>name<TAB>name…` (names as written; the normalize
stage takes their lookup keys, and a key the country table already has stays
the country's).
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel import Locale

# Regions: every numeric CLDR region but the world (001: "мир" is a common
# word) and the UN (an organisation CLDR lists among territories).
SKIP = {"001"}


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    territories = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "../shared/data/cldr/territories.tsv"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "models/normalize/regions.tsv"
    locales = sorted({line.split("\t")[0] for line in territories.read_text(encoding="utf-8").splitlines()[1:] if line})
    english = Locale.parse("en").territories
    codes = sorted(c for c in english if (c.isdigit() and c not in SKIP) or c == "UN")
    rows = []
    for code in codes:
        names: list[str] = []
        for loc in locales:
            try:
                name = Locale.parse(loc.replace("-", "_")).territories.get(code)
            except Exception:  # a locale Babel lacks
                continue
            if name and name not in names:
                names.append(name)
        rows.append("\t".join([english[code], *names]))
    import babel
    header = (
        f"# CLDR world regions and the UN in {len(locales)} locales (Babel {babel.__version__}, "
        "Unicode License v3): English name<TAB>names…\n"
        "# Derived by scripts/normalize_data/cldr_regions.py; do not edit by hand.\n"
    )
    out.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} regions, {sum(r.count(chr(9)) for r in rows)} names -> {out}")


if __name__ == "__main__":
    main()
