#!/usr/bin/env python3
"""Build Indonesian NER jsonl files (Python 3.11, standard library only).

Outputs (under /work/nerdata):
  id-nergrit/{test,valid}.jsonl         evaluation only (IndoNLU NERGRIT)
  id-extra/{train,dev}.jsonl            extra cased training data
  id-extra/{train,dev}.source.txt       one provenance tag per jsonl line
Reads the source files straight out of the git mirrors with `git show`.
"""
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

OUT = Path("/work/nerdata")
MIRROR = Path("/work/.mirror")
SEED = 20240601
TRAIN_CAP = 40000

LABEL_MAP = {
    "PERSON": "PER", "PER": "PER", "PPL": "PER",
    "PLACE": "LOC", "LOCATION": "LOC", "LOC": "LOC", "GPE": "LOC", "PLC": "LOC",
    "ORGANISATION": "ORG", "ORGANIZATION": "ORG", "ORG": "ORG", "IND": "ORG",
}

NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")"}
NO_SPACE_AFTER = {"("}


def git_show(repo: str, path: str) -> str:
    d = MIRROR / repo / "repo"
    return subprocess.run(["git", "-C", str(d), "show", f"HEAD:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8")


def git_head(repo: str) -> str:
    d = MIRROR / repo / "repo"
    return subprocess.run(["git", "-C", str(d), "rev-parse", "HEAD"],
                          check=True, capture_output=True, text=True).stdout.strip()


def read_conll(text: str, sep: str | None):
    """Yield sentences as lists of (token, tag). Token = first field, tag = last."""
    sent = []
    for line in text.splitlines():
        line = line.rstrip("\r\n")
        if not line.strip():
            if sent:
                yield sent
                sent = []
            continue
        parts = line.split(sep) if sep else line.split()
        tok, tag = parts[0].strip(), parts[-1].strip()
        if len(parts) < 2:
            raise ValueError(f"bad line: {line!r}")
        sent.append((tok, tag))
    if sent:
        yield sent


def iob_to_entities(tags, stats):
    """Token-level (start_tok, end_tok_excl, raw_type). Lenient: an I- that does not
    continue an entity of the same type starts a new one (counted)."""
    ents = []
    cur = None
    for i, t in enumerate(tags):
        if t == "O" or t == "0":
            if cur:
                ents.append(cur)
                cur = None
            continue
        if "-" not in t:
            raise ValueError(f"unexpected tag {t!r}")
        bio, typ = t.split("-", 1)
        if bio == "B" or cur is None or cur[2] != typ:
            if bio == "I":
                stats["repaired_I_start"] += 1
            if cur:
                ents.append(cur)
            cur = [i, i + 1, typ]
        else:
            cur[1] = i + 1
    if cur:
        ents.append(cur)
    return ents


def detok(tokens):
    """Join tokens into natural text; returns (text, [(start, end)] per token).
    Rules: single spaces, none before . , : ; ! ? ) and none after (.
    A '.', ',' or ':' token between two digit tokens is glued to both
    ("1 . 000" -> "1.000", "10 : 30" -> "10:30").
    Straight double quotes given as separate tokens are paired when the sentence
    has an even number of them: opening quote attaches to the next token,
    closing quote to the previous one."""
    n_quotes = sum(1 for t in tokens if t == '"')
    pair_quotes = n_quotes > 0 and n_quotes % 2 == 0
    n = len(tokens)
    glue_num = [False] * n  # token i is a separator glued between digits
    for i in range(1, n - 1):
        if (tokens[i] in {".", ",", ":"} and tokens[i - 1][-1:].isdigit()
                and tokens[i + 1][:1].isdigit()):
            glue_num[i] = True
    text = ""
    offs = []
    open_q = False
    prev_is_open_quote = False
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i else None
        is_quote = tok == '"' and pair_quotes
        if prev is None:
            space = False
        elif tok in NO_SPACE_BEFORE or glue_num[i] or glue_num[i - 1]:
            space = False
        elif prev in NO_SPACE_AFTER or prev_is_open_quote:
            space = False
        elif is_quote and open_q:  # closing quote
            space = False
        else:
            space = True
        if space:
            text += " "
        s = len(text)
        text += tok
        offs.append((s, len(text)))
        if is_quote:
            prev_is_open_quote = not open_q
            open_q = not open_q
        else:
            prev_is_open_quote = False
    return text, offs


PAIRS = [("(", ")"), ("[", "]"), ("{", "}"), ("\u201c", "\u201d"), ("\u2018", "\u2019")]
EDGE_ALWAYS_LEAD = set(",;:")
EDGE_ALWAYS_TAIL = set(",;:?")


def trim_span(text, s, e, stats):
    """Trim stray punctuation at entity edges, keeping balanced pairs such as
    'PT Pertamina (Persero)'; a fully wrapped '(X)' or '"X"' becomes X."""
    s0, e0 = s, e
    while s < e:
        x = text[s:e]
        if x[0].isspace() or x[0] in EDGE_ALWAYS_LEAD:
            s += 1
            continue
        if x[-1].isspace() or x[-1] in EDGE_ALWAYS_TAIL:
            e -= 1
            continue
        done = False
        for o, c in PAIRS:
            inner = x[1:-1]
            if x[0] == o and x[-1] == c and o not in inner and c not in inner and len(x) > 2:
                s, e, done = s + 1, e - 1, True
            elif x[0] == o and c not in x:
                s, done = s + 1, True
            elif x[-1] == c and o not in x:
                e, done = e - 1, True
            if done:
                break
        if done:
            continue
        for q in ('"', "'"):
            n = x.count(q)
            if x[0] == q and x[-1] == q and n == 2 and len(x) > 2:
                s, e, done = s + 1, e - 1, True
            elif x[0] == q and n % 2 == 1:
                s, done = s + 1, True
            elif x[-1] == q and n % 2 == 1:
                e, done = e - 1, True
            if done:
                break
        if not done:
            break
    if (s, e) != (s0, e0):
        stats["span_edge_trimmed"] += 1
    return s, e


def convert(sent, stats):
    toks = [t for t, _ in sent]
    tags = [g for _, g in sent]
    text, offs = detok(toks)
    spans = []
    for a, b, typ in iob_to_entities(tags, stats):
        lab = LABEL_MAP.get(typ.upper())
        if lab is None:
            stats[f"dropped_{typ}"] += 1
            continue
        s, e = offs[a][0], offs[b - 1][1]
        s, e = trim_span(text, s, e, stats)
        if s >= e or not any(ch.isalnum() for ch in text[s:e]):
            stats["span_dropped_no_alnum"] += 1
            continue
        spans.append([s, e, lab])
    return {"text": text, "spans": spans}


def norm_key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def write_jsonl(path: Path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def count(rows):
    c = Counter()
    for r in rows:
        for _, _, lab in r["spans"]:
            c[lab] += 1
    return dict(sorted(c.items()))


def casing(rows):
    toks = [w for r in rows for w in r["text"].split()]
    alpha = [w for w in toks if any(ch.isalpha() for ch in w)]
    has_upper = sum(1 for w in alpha if any(ch.isupper() for ch in w))
    ents = [r["text"][s:e] for r in rows for s, e, _ in r["spans"]]
    ent_cap = sum(1 for x in ents if x[:1].isupper())
    sent_cap = sum(1 for r in rows if r["text"][:1].isupper())
    return {
        "alpha_tokens": len(alpha),
        "tokens_with_uppercase": has_upper,
        "entities": len(ents),
        "entities_starting_uppercase": ent_cap,
        "sentences_starting_uppercase": sent_cap,
        "sentences": len(rows),
    }


def main():
    report = {}
    # ---------------- NERGRIT (evaluation) ----------------
    repo = "IndoNLP+indonlu"
    report["nergrit_commit"] = git_head(repo)
    nergrit = {}
    for split in ("test", "valid"):
        st = Counter()
        rows = [convert(s, st) for s in read_conll(
            git_show(repo, f"dataset/nergrit_ner-grit/{split}_preprocess.txt"), "\t")]
        nergrit[split] = rows
        write_jsonl(OUT / "id-nergrit" / f"{split}.jsonl", rows)
        report[f"nergrit_{split}"] = {"sentences": len(rows), "entities": count(rows),
                                     "stats": dict(st), "casing": casing(rows)}
    st = Counter()
    nergrit_train = [convert(s, st) for s in read_conll(
        git_show(repo, "dataset/nergrit_ner-grit/train_preprocess.txt"), "\t")]
    eval_keys = {norm_key(r["text"]) for sp in nergrit.values() for r in sp}
    train_keys_nergrit = {norm_key(r["text"]) for r in nergrit_train}
    st = Counter()
    nerp_keys = set()
    for split in ("train", "valid", "test"):
        for s in read_conll(git_show(repo, f"dataset/nerp_ner-prosa/{split}_preprocess.txt"), "\t"):
            nerp_keys.add(norm_key(convert(s, st)["text"]))

    # ---------------- extra training data ----------------
    # (priority order for de-duplication: first source wins)
    sources = []
    r1 = "khairunnisaor+idner-news-2k"
    report["idner_news_2k_commit"] = git_head(r1)
    for split, dest in (("train", "train"), ("test", "train"), ("dev", "dev")):
        sources.append((f"idner-news-2k/{split}.txt", dest, git_show(r1, f"{split}.txt"), None))
    r2 = "indolem+indolem"
    report["indolem_commit"] = git_head(r2)
    for name in ("nerui", "nerugm"):
        for split, dest in (("train", "train"), ("test", "train"), ("dev", "dev")):
            p = f"ner/data/{name}/{split}.01.tsv"
            sources.append((f"indolem/{p}", dest, git_show(r2, p), "\t"))

    seen = {}
    out = {"train": [], "dev": []}
    prov = {"train": [], "dev": []}
    per_source = {}
    for tag, dest, text, sep in sources:
        st = Counter()
        n_in = n_dup = n_eval = n_empty = 0
        n_nerp = n_nergrit_train = 0
        kept = []
        kept_prov = []
        for s in read_conll(text, sep):
            n_in += 1
            r = convert(s, st)
            k = norm_key(r["text"])
            if not k:
                n_empty += 1
                continue
            if k in eval_keys:
                n_eval += 1
                continue
            if k in seen:
                n_dup += 1
                continue
            seen[k] = tag
            ptag = tag
            if k in nerp_keys:
                n_nerp += 1
                ptag = tag + "\tnerp-overlap"
            if k in train_keys_nergrit:
                n_nergrit_train += 1
            kept.append(r)
            kept_prov.append(ptag)
        out[dest].extend(kept)
        prov[dest].extend(kept_prov)
        per_source[tag] = {"dest": dest, "read": n_in, "kept": len(kept),
                           "dropped_duplicate_of_earlier": n_dup,
                           "dropped_in_nergrit_eval": n_eval, "dropped_empty": n_empty,
                           "kept_also_in_nerp(lowercased)": n_nerp,
                           "kept_also_in_nergrit_train": n_nergrit_train,
                           "entities": count(kept), "stats": dict(st)}
    report["extra_per_source"] = per_source
    # dev must not share sentences with train: already guaranteed by global dedup.
    rng = random.Random(SEED)
    if len(out["train"]) > TRAIN_CAP:
        idx = sorted(rng.sample(range(len(out["train"])), TRAIN_CAP))
        out["train"] = [out["train"][i] for i in idx]
        prov["train"] = [prov["train"][i] for i in idx]
    for split in ("train", "dev"):
        write_jsonl(OUT / "id-extra" / f"{split}.jsonl", out[split])
        (OUT / "id-extra" / f"{split}.source.txt").write_text(
            "".join(p + "\n" for p in prov[split]), encoding="utf-8")
        report[f"extra_{split}"] = {"sentences": len(out[split]), "entities": count(out[split]),
                                   "casing": casing(out[split]),
                                   "by_source": dict(Counter(p.split("\t")[0] for p in prov[split])),
                                   "nerp_overlap": sum(1 for p in prov[split] if "nerp" in p)}
    json.dump(report, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
