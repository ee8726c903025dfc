"""Build /work/nerdata/<lang>/{train,dev}.jsonl for the Slavic languages.
Usage: python3 build_all.py [lang ...]"""
import json
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from nerlib import *  # noqa
import sources as S
import build_uner

OUT = "/work/nerdata"
SEED = 20240611
TRAIN_CAP = 40000
DEV_CAP = 3000


def outdir(lang):
    d = os.path.join(OUT, lang)
    marker = os.path.join(d, ".built_by_slav_vi_ms")
    if os.path.isdir(d) and not os.path.exists(marker):
        d = os.path.join(OUT, lang + "-2")
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, ".built_by_slav_vi_ms"), "w").write("written by /work/nerdata/_tools_slav_vi_ms\n")
    return d


def tag(name, exs):
    for ex in exs:
        ex["_src"] = name.split(" (")[0]
    return exs


def assemble(lang, gold_train, silver_tiers, dev_parts):
    """gold_train: [(name, examples)], silver_tiers: [(name, examples)] in priority order,
    dev_parts: [(name, examples)]. Returns train, dev, composition."""
    comp = {"train": [], "dev": []}
    # dev first (so train can exclude dev sentences)
    dev_all = []
    seen_dev = set()
    for name, exs in dev_parts:
        exs = dedupe(tag(name, exs), seen_dev)
        dev_all.append((name, exs))
    total_dev = sum(len(e) for _, e in dev_all)
    dev = []
    for name, exs in dev_all:
        if total_dev > DEV_CAP:
            k = round(len(exs) * DEV_CAP / total_dev)
            exs = sample(exs, k, SEED)
        comp["dev"].append((name, len(exs), stats(exs)))
        dev += exs
    dev = dev[:DEV_CAP]
    seen = {ex["text"] for ex in dev}
    train = []
    for name, exs in gold_train:
        exs = dedupe(tag(name, exs), seen)
        if len(train) + len(exs) > TRAIN_CAP:
            exs = sample(exs, TRAIN_CAP - len(train), SEED)
        comp["train"].append((name, len(exs), stats(exs)))
        train += exs
    for name, exs in silver_tiers:
        exs = dedupe(tag(name, exs), seen)
        room = TRAIN_CAP - len(train)
        if room <= 0:
            comp["train"].append((name + " (not used: cap reached)", 0, stats([])))
            continue
        if len(exs) > room:
            exs = sample(exs, room, SEED)
        comp["train"].append((name, len(exs), stats(exs)))
        train += exs
    r = random.Random(SEED)
    r.shuffle(train)
    r.shuffle(dev)
    return train, dev, comp


def build(lang):
    c = Counter()
    gold, silver, devp = [], [], []
    if lang in ("bg", "cs", "pl", "ru", "uk"):
        tr, dv = S.slavicner(lang, c)
        gold.append(("SlavicNER cross-topic train (gold, news)", tr))
        devp.append(("SlavicNER cross-topic test (gold, news)", dv))
    if lang == "ru":
        gold.append(("factRuEval-2016 devset (gold, news)", S.factrueval("devset", c)))
        devp.append(("factRuEval-2016 testset (gold, news)", S.factrueval("testset", c)))
    if lang in ("cs", "pl", "ru", "uk", "hr", "sk"):
        gold.append(("BSNLP-2017 topics ec+trump via UL-FRI repo (gold mentions projected to tokens, news)", S.bsnlp2017(lang, c)))
    if lang == "uk":
        tr, dv = S.ner_uk(c)
        gold.insert(0, ("ner-uk v2.0 DEV split (gold)", tr))
        devp.insert(0, ("ner-uk v2.0 TEST split (gold)", dv))
    if lang in ("ru", "pl"):
        silver.append(("WikiNEuRal val+test (silver, Wikipedia)", S.wikineural(lang, c)))
        silver.append(("WikiANN train (silver, Wikipedia)", S.wikiann(lang, c)))
    if lang in ("bg", "uk"):
        silver.append(("WikiANN train (silver, Wikipedia; Rahimi et al. 2019 split via XTREME panx files in boleima/ToPro)", S.panx(lang, "train", c)))
    if lang in ("vi", "ms"):
        silver.append(("WikiANN train (silver, Wikipedia; Rahimi et al. 2019 split via XTREME panx files in boleima/ToPro)", S.panx(lang, "train", c)))
        devp.append(("WikiANN dev (silver)", S.panx(lang, "dev", c)))
    if lang in ("sr", "hr", "sk"):
        u = build_uner.main()[lang]
        gold.insert(0, ("UNER train (gold)", u["train"]))
        gold.insert(1, ("UNER test (gold; used as extra training data)", u["test"]))
        devp.append(("UNER dev (gold)", u["dev"]))
        c.update({"uner_" + k: v for k, v in u["counters"].items()})
    train, dev, comp = assemble(lang, gold, silver, devp)
    d = outdir(lang)
    write_jsonl(os.path.join(d, "train.jsonl"), train)
    write_jsonl(os.path.join(d, "dev.jsonl"), dev)
    with open(os.path.join(d, "train.source.txt"), "w", encoding="utf-8") as f:
        for ex in train:
            f.write(ex["_src"] + "\n")
    with open(os.path.join(d, "dev.source.txt"), "w", encoding="utf-8") as f:
        for ex in dev:
            f.write(ex["_src"] + "\n")
    info = {"lang": lang, "dir": d, "train": stats(train), "dev": stats(dev), "composition": comp, "counters": dict(c)}
    json.dump(info, open(os.path.join(OUT, "_tools_slav_vi_ms", f"stats_{lang}.json"), "w"), ensure_ascii=False, indent=1)
    print(json.dumps(info, ensure_ascii=False))
    return info


if __name__ == "__main__":
    langs = sys.argv[1:] or ["sr", "hr", "sk", "bg", "cs", "uk", "ru", "pl", "vi", "ms"]
    for l in langs:
        build(l)
