#!/usr/bin/env python3
"""Writes models/normalize/subdivisions.tsv: the names of the world's
subdivisions (ISO 3166-2: states, provinces, regions, counties —
California, Nova Scotia, Bavaria, Fujian) in CLDR's locales, each under its
CLDR English name.

CLDR's JSON packages translate almost no subdivision; its XML release does
(`common/subdivisions/<locale>.xml`), as Debian's `unicode-cldr-core`
package ships it:

    apt-get download unicode-cldr-core   # 41-0.1: CLDR 41, Unicode-DFS-2016
    dpkg-deb -x unicode-cldr-core_41-0.1_all.deb /tmp/cldr41
    python3 scripts/normalize_data/cldr_subdivisions.py \
        /tmp/cldr41/usr/share/unicode/cldr/common/subdivisions [OUT]

Format: `English name<TAB>name<TAB>name…` (names as written; the normalize
stage takes their lookup keys after those of the countries, cities and
world regions, so a key those tables have stays theirs).

Left out: a name in Latin letters that only one locale gives ("City" for the
City of London, "Trenton" for Trentino: a Latin name is more often another
place's or a common word's), names with digits, names of fewer than three letters (two in Han,
kana or Hangul), a name that is another subdivision's English name, and a
name that two subdivisions with different English names share in the same
number of locales (the name more locales give wins otherwise).
"""
from __future__ import annotations

import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path


def key(name: str) -> str:
    """Close to the stage's normalize_key: NFKC, lower case, no marks, no punctuation."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = unicodedata.normalize("NFKC", s).lower()
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def letters_ok(name: str) -> bool:
    if any(c.isdigit() for c in name):
        return False
    letters = [c for c in name if c.isalpha()]
    cjk = any(0x3040 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF for c in letters)
    return len(letters) >= (2 if cjk else 3)


def names(path: Path) -> dict[str, str]:
    root = ET.parse(path).getroot()
    return {
        e.get("type"): (e.text or "").strip()
        for e in root.iter("subdivision")
        if e.get("type") and (e.text or "").strip() and e.get("alt") is None
    }


def main() -> None:
    src = Path(sys.argv[1])
    root = Path(__file__).resolve().parents[2]
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else root / "models/normalize/subdivisions.tsv"
    english = names(src / "en.xml")
    english_keys = {key(n): n for n in english.values()}
    # key -> English name -> locales; the written form kept per (English, key)
    votes: dict[str, Counter] = defaultdict(Counter)
    written: dict[tuple[str, str], str] = {}
    locales = sorted(p.stem for p in src.glob("*.xml") if p.stem not in ("en", "root"))
    for loc in locales:
        for code, name in names(src / f"{loc}.xml").items():
            en = english.get(code)
            if not en or not letters_ok(name) or not letters_ok(en):
                continue
            k = key(name)
            if not k or (k in english_keys and english_keys[k] != en):
                continue
            votes[k][en] += 1
            written.setdefault((en, k), name)
    rows: dict[str, list[str]] = defaultdict(list)
    dropped = 0
    for k, counts in votes.items():
        ranked = counts.most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            dropped += 1
            continue
        en, n = ranked[0]
        latin = all(ord(c) < 0x250 for c in k if c.isalpha())
        if latin and n < 2:
            continue
        if k != key(en):
            rows[en].append(written[(en, k)])
    lines = [
        "# CLDR 41 subdivision names (Unicode-DFS-2016), derived by scripts/normalize_data/cldr_subdivisions.py",
    ]
    for en in sorted(rows):
        lines.append("\t".join([en, *sorted(rows[en])]))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(
        f"{len(locales)} locales, {len(english)} English names; wrote {out}: "
        f"{len(rows)} subdivisions, {sum(map(len, rows.values()))} names, {dropped} shared names dropped, "
        f"{out.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
