#!/usr/bin/env python3
"""Wikidata entity names in news languages, for `models/normalize/wikidata.tsv`.

Reads a checkout of github.com/jzbjyb/X-FACTR (c1938ec): the Wikidata
entities of T-REx (LAMA) and mTREx with
- their English labels: the most frequent `sub_label`/`obj_label` of
  `data/mTREx/*/*.jsonl` that is also one of the entity's English aliases
  (`data/alias/*/en.txt`), else the most frequent one;
- their labels in Russian, French, Spanish, Greek, Hebrew, Korean, Bengali,
  Hungarian, Turkish and Vietnamese (`data/<language>/TREx_<language>.txt`);
- their names in Chinese, Japanese and Dutch (`data/alias/*/{zh,ja,nl}.txt`,
  which list every alias: X-FACTR ships no label file for these; an alias of
  two Han or kana characters ending in an institution's head noun, `国会`,
  `政府`, is left out);
- whether each is a person (instance of Q5, `data/*instanceof.txt`).

Writes `QID<TAB>P|O<TAB>English<TAB>name<TAB>name…` (P: a person), one
entity per line, sorted by QID. The English label loses a disambiguating
tail after a comma or in brackets ("Trenton, NJ" → "Trenton"). A one-word label in
Russian, French, Spanish, Greek or Hebrew of an entity whose English name has
several words is a common noun ("Sénat", the Belgian Senate) and is left out.
Entities whose English
name has no capital and no digit (common nouns: "electronic computer") are
left out. A name is
dropped when it is shorter than three letters (two in Han, kana or Hangul),
when it is a bare number, Latin capitals (`MIP`) or English (any entity's
English alias: `Anatolia`, `Walt Disney World`), or when its lookup key
belongs to two entities; an entity without names left is dropped.

Usage: python3 scripts/normalize_data/xfactr_entities.py X-FACTR_DIR > models/normalize/wikidata.tsv
"""

import collections
import glob
import json
import os
import re
import sys
import unicodedata

LABELS = {
    "ru": "russian",
    "fr": "french",
    "es": "spanish",
    "el": "greek",
    "he": "hebrew",
    "ko": "korean",
    "bn": "bengali",
    "hu": "hungarian",
    "tr": "turkish",
    "vi": "vietnamese",
}
ALIASES = ["zh", "ja", "nl"]
# Last characters of Chinese and Japanese institutions' names.
HEADS = set("会會府院部局所厅廳省市区區县縣军軍队隊社团團校館馆庁署室")
# Label languages that write a name's words apart, without compounds.
SPACED = {"ru", "fr", "es", "el", "he"}


def key(name):
    """`tidings_normalize::normalize_key`, closely enough to find clashes."""
    s = unicodedata.normalize("NFKC", name).lower().replace("ß", "ss")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not 0x300 <= ord(c) <= 0x36F)
    s = unicodedata.normalize("NFC", s)
    s = re.sub(r"['’‘ʼʻ`´.·。・]", "", s)
    return " ".join(re.split(r"[\W_]+", s)).strip()


def cjk(name):
    return any(0x3040 <= ord(c) <= 0x30FF or 0x4E00 <= ord(c) <= 0x9FFF or 0xAC00 <= ord(c) <= 0xD7AF for c in name)


def usable(name):
    letters = sum(c.isalpha() for c in name)
    return letters >= (2 if cjk(name) else 3) and not re.fullmatch(r"[\W\d_]+", name)


def latin_acronym(name):
    """`MIP`, `PIL`: Latin capitals stand for too many things."""
    return re.fullmatch(r"[A-Z0-9.\-&]{2,6}", name) is not None


def english(label):
    label = re.sub(r"\s*\([^)]*\)$", "", label)
    return label.split(",")[0].strip()


def main():
    root = sys.argv[1]
    en = collections.defaultdict(collections.Counter)
    for path in glob.glob(os.path.join(root, "data/mTREx/*/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                d = json.loads(line)
                en[d["sub_uri"]][d["sub_label"]] += 1
                en[d["obj_uri"]][d["obj_label"]] += 1
    # The English aliases of each entity (the label among them): a sentence's
    # surface form ("Soviet", "Roman Catholic") is no name of its own.
    aliases = collections.defaultdict(set)
    for path in glob.glob(os.path.join(root, "data/alias/*/en.txt")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                aliases[p[0]].update(p[1:])
    best = {}
    for q, counts in en.items():
        named = [(c, label) for label, c in counts.items() if label in aliases[q]]
        best[q] = english(max(named)[1] if named else counts.most_common(1)[0][0])
    en = best
    person = set()
    for path in glob.glob(os.path.join(root, "data/*instanceof.txt")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if any(t.split(",")[0] == "Q5" for t in p[1:]):
                    person.add(p[0])
    names = collections.defaultdict(set)
    for lang, folder in LABELS.items():
        with open(os.path.join(root, f"data/{folder}/TREx_{folder}.txt"), encoding="utf-8") as f:
            for line in f:
                p = line.rstrip("\n").split("\t")
                if len(p) < 2 or p[0] not in en:
                    continue
                label = p[1].strip()
                # One word where English needs several is a common noun the
                # entity's own country calls it by ("Sénat", the Belgian
                # Senate), in the languages that write no compounds.
                if lang in SPACED and len(label.split()) == 1 and len(en[p[0]].split()) > 1:
                    continue
                names[p[0]].add(label)
    # An alias of two Han or kana characters that ends in an institution's
    # head noun is a common noun one entity happens to list (`国会`,
    # parliament, for Croatia's Sabor; `政府`, government); `苏联` stays.
    for lang in ALIASES:
        for path in glob.glob(os.path.join(root, f"data/alias/*/{lang}.txt")):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    p = line.rstrip("\n").split("\t")
                    if p[0] in en:
                        names[p[0]].update(
                            a.strip()
                            for a in p[1:]
                            if a.strip() and not (cjk(a) and len(a.strip()) < 3 and a.strip()[-1] in HEADS)
                        )
    # A name English writes too ("Walt Disney World", "Anatolia", "Barça")
    # is English text's own: the mention stays as written.
    english_keys = {key(a) for q in aliases for a in aliases[q]}
    owners = collections.defaultdict(set)
    for q, ns in names.items():
        for n in ns:
            if usable(n):
                owners[key(n)].add(q)
    out = sys.stdout
    kept = 0
    for q in sorted(names, key=lambda q: int(q[1:])):
        # A proper name has a capital or a digit somewhere (eBay, 3M): a
        # common noun's entity ("electronic computer") is no name a tagger
        # should have found.
        if not en[q] or not any(c.isupper() or c.isdigit() for c in en[q]) or "\t" in en[q]:
            continue
        ns = sorted(
            n
            for n in names[q]
            if usable(n)
            and len(owners[key(n)]) == 1
            and key(n) != key(en[q])
            and key(n) not in english_keys
            and not latin_acronym(n)
            and "\t" not in n
        )
        if ns:
            kept += 1
            out.write("\t".join([q, "P" if q in person else "O", en[q], *ns]) + "\n")
    print(f"{kept} entities", file=sys.stderr)


if __name__ == "__main__":
    main()
