"""UNER (sr, hr, sk) -> jsonl. Uses the '# text =' line and aligns tokens to it."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
from nerlib import *  # noqa

REPOS = {
    "sr": ("UniversalNER+UNER_Serbian-SET", "sr_set-ud"),
    "hr": ("UniversalNER+UNER_Croatian-SET", "hr_set-ud"),
    "sk": ("UniversalNER+UNER_Slovak-SNK", "sk_snk-ud"),
}
LABMAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}  # OTH dropped


def git_show(repo, path):
    gd = f"/work/.mirror/{repo}/repo"
    return subprocess.run(["git", "--git-dir", gd, "show", f"HEAD:{path}"], capture_output=True, check=True).stdout.decode("utf-8")


def parse(data, lang, counters):
    out = []
    text = None
    toks, tags = [], []

    def flush():
        nonlocal text, toks, tags
        if toks:
            ctoks = [clean_token(t) for t in toks]
            keep = [(t, g) for t, g in zip(ctoks, tags) if t]
            ctoks = [t for t, _ in keep]
            ctags = [g for _, g in keep]
            offs = align_tokens(text, ctoks) if text else None
            if offs is None:
                counters["detok_fallback"] += 1
                t2, offs = detok(ctoks, lang)
                base = t2
            else:
                counters["aligned"] += 1
                base = text
            spans = []
            for s, e, lab in bio_spans(ctags):
                m = LABMAP.get(lab)
                if m:
                    spans.append((offs[s][0], offs[e - 1][1], m))
                else:
                    counters["dropped_" + lab] += 1
            t3, sp3 = collapse_ws(base, spans)
            if t3:
                out.append(mk(t3, sp3))
        text = None
        toks, tags = [], []

    for line in data.split("\n"):
        line = line.rstrip("\r")
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            if line.startswith("# text ="):
                text = line[len("# text ="):].strip()
            continue
        cols = line.split("\t")
        if len(cols) < 3 or not cols[0].isdigit():
            continue
        toks.append(cols[1])
        tags.append(cols[2])
    flush()
    return out


def main():
    from collections import Counter
    res = {}
    for lang, (repo, prefix) in REPOS.items():
        c = Counter()
        gd = f"/work/.mirror/{repo}/repo"
        commit = subprocess.run(["git", "--git-dir", gd, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
        train = parse(git_show(repo, f"{prefix}-train.iob2"), lang, c)
        dev = parse(git_show(repo, f"{prefix}-dev.iob2"), lang, c)
        test = parse(git_show(repo, f"{prefix}-test.iob2"), lang, c)
        res[lang] = dict(repo=repo, commit=commit, train=train, dev=dev, test=test, counters=c)
    return res


if __name__ == "__main__":
    r = main()
    for lang, d in r.items():
        print(lang, d["commit"], len(d["train"]), len(d["dev"]), len(d["test"]), dict(d["counters"]))
        print(stats(d["train"]), stats(d["dev"]))
