"""Readers for each source. Each returns lists of examples {"text","spans"}."""
import csv
import glob
import io
import os
import re
import subprocess
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(__file__))
from nerlib import *  # noqa

MIRROR = "/work/.mirror"


def gd(repo):
    p = f"{MIRROR}/{repo}/repo"
    if os.path.isdir(p + "/.git"):
        p = p + "/.git"
    return p


def head(repo):
    return subprocess.run(["git", "--git-dir", gd(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()


def show(repo, path):
    return subprocess.run(["git", "--git-dir", gd(repo), "show", f"HEAD:{path}"], capture_output=True, check=True).stdout.decode("utf-8")


def ls(repo, path):
    out = subprocess.run(["git", "--git-dir", gd(repo), "ls-tree", "-r", "--name-only", "HEAD", path], capture_output=True, text=True, check=True).stdout
    return [l for l in out.split("\n") if l]


# ------------------------------------------------------------------ SlavicNER (BSNLP 2019-2023 consolidated)
SLAVICNER = "SlavicNLP+SlavicNER"
SLAVICNER_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}  # EVT, PRO dropped


def slavicner(lang, counters):
    """Returns (train_examples, dev_examples) using the cross-topic split (train -> train, test -> dev)."""
    split = {}
    for name, tag in (("SPLIT_cross-topic_train.txt", "train"), ("SPLIT_cross-topic_test.txt", "dev")):
        for l in show(SLAVICNER, name).split("\n"):
            l = l.strip()
            if l:
                split[l] = tag
    out = {"train": [], "dev": []}
    for raw in ls(SLAVICNER, "raw"):
        parts = raw.split("/")
        if parts[2] != lang:
            continue
        tag = split.get(raw)
        if tag is None:
            counters["slavicner_doc_not_in_split"] += 1
            continue
        text = show(SLAVICNER, raw)
        ann = show(SLAVICNER, "ner/" + raw[len("raw/"):-len(".txt")] + ".tsv")
        spans = []
        for line in ann.split("\n"):
            p = line.split("\t")
            if len(p) < 5:
                continue
            s, e, lab = int(p[0]), int(p[1]), p[4]
            if text[s:e] != p[2]:
                counters["slavicner_offset_mismatch"] += 1
                continue
            m = SLAVICNER_MAP.get(lab)
            if m is None:
                counters["slavicner_dropped_" + lab] += 1
                continue
            spans.append((s, e, m))
        counters["slavicner_docs_" + tag] += 1
        for t, sp in doc_to_sentences(text, spans):
            out[tag].append(mk(t, sp))
    return out["train"], out["dev"]


# ------------------------------------------------------------------ BSNLP 2017 topics (ec, trump) from UL-FRI repo
ULFRI = "UL-FRI-Zitnik+BSNLP-2021-Shared-Task"
BSNLP17_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}  # MISC/EVT/PRO dropped


def align_sentence(body, toks, cursor):
    """Locate toks in body starting near cursor. Returns offsets or None."""
    if not toks:
        return None
    j = body.find(toks[0], cursor, cursor + 600)
    if j < 0:
        return None
    offs = [(j, j + len(toks[0]))]
    pos = j + len(toks[0])
    for tok in toks[1:]:
        k = body.find(tok, pos, pos + 4 + len(tok))
        if k < 0 or (body[pos:k].strip() and len(body[pos:k].strip()) > 1):
            return None
        offs.append((k, k + len(tok)))
        pos = k + len(tok)
    return offs


def bsnlp2017(lang, counters):
    out = []
    for topic in ("ec", "trump"):
        for mf in ls(ULFRI, f"data/datasets/bsnlp/{topic}/merged/{lang}"):
            base = os.path.basename(mf)[:-len(".csv")]
            rawp = f"data/datasets/bsnlp/{topic}/raw/{lang}/{base}.txt"
            try:
                raw = show(ULFRI, rawp)
            except subprocess.CalledProcessError:
                counters["bsnlp17_noraw"] += 1
                raw = None
            body = "\n".join(raw.split("\n")[4:]) if raw else ""
            rows = list(csv.DictReader(io.StringIO(show(ULFRI, mf))))
            sents = {}
            order = []
            for r in rows:
                k = r["sentenceId"]
                if k not in sents:
                    sents[k] = []
                    order.append(k)
                sents[k].append(r)
            cursor = 0
            counters["bsnlp17_docs"] += 1
            for k in order:
                rs = sents[k]
                toks = [clean_token(r["text"]) for r in rs]
                tags = [r["ner"] for r in rs]
                keep = [(t, g) for t, g in zip(toks, tags) if t]
                toks = [t for t, _ in keep]
                tags = [g for _, g in keep]
                if not toks:
                    continue
                offs = align_sentence(body, toks, cursor) if body else None
                if offs is not None:
                    counters["bsnlp17_aligned"] += 1
                    s0 = offs[0][0]
                    text = body[s0:offs[-1][1]]
                    offs = [(a - s0, b - s0) for a, b in offs]
                    cursor = s0 + len(text)
                else:
                    counters["bsnlp17_detok"] += 1
                    text, offs = detok(toks, lang)
                spans = []
                for s, e, lab in bio_spans(tags):
                    m = BSNLP17_MAP.get(lab)
                    if m is None:
                        counters["bsnlp17_dropped_" + lab] += 1
                        continue
                    spans.append((offs[s][0], offs[e - 1][1], m))
                t2, sp2 = collapse_ws(text, spans)
                if t2:
                    out.append(mk(t2, sp2))
    return out


# ------------------------------------------------------------------ Babelscape: WikiNEuRal + WikiANN
BABEL = "Babelscape+wikineural"
BABEL_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}  # MISC dropped
WIKIANN_DROP_TOKENS = {"''", "'", "'''", "``", "**", "*"}


def read_conll_babel(path, lang, counters, prefix, drop_tokens=None, skip_if=None):
    data = show(BABEL, path)
    out = []
    toks, tags = [], []

    def flush():
        nonlocal toks, tags
        if toks:
            if skip_if and skip_if(toks):
                counters[prefix + "_skipped"] += 1
            else:
                ex = tokens_to_example(toks, tags, BABEL_MAP, lang, drop_tokens=drop_tokens)
                if ex:
                    out.append(mk(*ex))
        toks, tags = [], []

    for line in data.split("\n"):
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            continue
        p = line.split("\t")
        if len(p) < 3:
            continue
        toks.append(p[1])
        tags.append(p[2])
    flush()
    return out


def wikineural(lang, counters):
    out = []
    for sp in ("val", "test"):  # train.conllu is >4 MiB and absent from the stored snapshot
        out += read_conll_babel(f"data/wikineural/{lang}/{sp}.conllu", lang, counters, "wikineural")
    return out


def _wikiann_skip(toks):
    up = [t for t in toks if t.isupper() and len(t) > 3]
    # redirect lines ("PATRZ", "ПЕРЕНАПРАВЛЕНИЕ", "REDIRECT")
    return any(t in ("PATRZ", "ПЕРЕНАПРАВЛЕНИЕ", "REDIRECT", "#REDIRECT", "#PATRZ", "#ПЕРЕНАПРАВЛЕНИЕ") for t in toks)


def wikiann(lang, counters, splits=("train",)):
    out = []
    for sp in splits:
        out += read_conll_babel(f"data/wikiann/{lang}/{sp}.conllu", lang, counters, "wikiann",
                                drop_tokens=WIKIANN_DROP_TOKENS, skip_if=_wikiann_skip)
    return out


# ------------------------------------------------------------------ ner-uk v2.0
NERUK = "lang-uk+ner-uk"
NERUK_MAP = {"PERS": "PER", "ORG": "ORG", "LOC": "LOC"}


def ner_uk(counters):
    """Returns (train, dev) using v2.0/data/dev-test-split.txt (DEV -> train, TEST -> dev)."""
    split = {}
    cur = None
    for l in show(NERUK, "v2.0/data/dev-test-split.txt").split("\n"):
        l = l.strip()
        if l in ("DEV", "TEST"):
            cur = l
            continue
        if l:
            split[l] = cur
    out = {"DEV": [], "TEST": []}
    files = [f for f in ls(NERUK, "v2.0/data") if f.endswith(".txt") and ("/bruk/" in f or "/ng/" in f)]
    for f in sorted(files):
        docid = os.path.basename(f)[:-4]
        tag = split.get(docid)
        if tag is None:
            counters["neruk_not_in_split"] += 1
            continue
        text = show(NERUK, f)
        ann = show(NERUK, f[:-4] + ".ann")
        spans, poison = [], []
        for line in ann.split("\n"):
            p = line.split("\t")
            if not line.startswith("T") or len(p) < 5:
                continue
            lab, s, e = p[1], int(p[2]), int(p[3])
            if text[s:e] != p[4]:
                counters["neruk_offset_mismatch"] += 1
                poison.append((s, e))
                continue
            m = NERUK_MAP.get(lab)
            if m is None:
                counters["neruk_dropped_" + lab] += 1
                continue
            spans.append((s, e, m))
        counters["neruk_docs_" + tag] += 1
        tokenized = "/bruk/" in f
        # process line by line (one sentence or paragraph per line)
        pos = 0
        for line in text.split("\n"):
            ls_, le_ = pos, pos + len(line)
            pos = le_ + 1
            if not line.strip():
                continue
            if any(a < le_ and b > ls_ for a, b in poison):
                counters["neruk_lines_dropped_bad_offsets"] += 1
                continue
            sub = [(a - ls_, b - ls_, l) for a, b, l in spans if a >= ls_ and b <= le_]
            if any(a < le_ and b > ls_ and not (a >= ls_ and b <= le_) for a, b, l in spans):
                counters["neruk_lines_dropped_crossing"] += 1
                continue
            if tokenized:
                exs = detok_line_with_spans(line, sub, "uk", counters)
            else:
                exs = doc_to_sentences(line, sub)
            for t, sp in exs:
                out[tag].append(mk(t, sp))
    return out["DEV"], out["TEST"]


def detok_line_with_spans(line, spans, lang, counters):
    """Tokenized line (tokens separated by single spaces) + char spans -> sentences of detokenized text."""
    toks, offs = [], []
    for m in re.finditer(r"\S+", line):
        toks.append(m.group())
        offs.append((m.start(), m.end()))
    start_of = {s: i for i, (s, e) in enumerate(offs)}
    end_of = {e: i for i, (s, e) in enumerate(offs)}
    tspans = []
    for s, e, l in spans:
        if s in start_of and e in end_of:
            tspans.append((start_of[s], end_of[e] + 1, l))
        else:
            counters["neruk_span_not_token_aligned"] += 1
            return []
    # split into sentences at token level: after . ! ? … when next token starts uppercase and not inside span
    inside = set()
    for a, b, l in tspans:
        inside.update(range(a, b - 1))
    cuts = [0]
    for i, t in enumerate(toks[:-1]):
        if t in (".", "!", "?", "…", "?!", "!?", "...") and i not in inside:
            nxt = toks[i + 1]
            k = i + 1
            # closing quotes/brackets after the period stay in the sentence
            while k < len(toks) and toks[k] in ("»", "\"", "”", "“", ")") and (k - 1) not in inside:
                k += 1
            if k < len(toks) and (toks[k][:1].isupper() or toks[k][:1] in "«\"„“—–-") and len(toks[i - 1]) > 1 if i > 0 else False:
                cuts.append(k)
    cuts.append(len(toks))
    res = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        st = toks[a:b]
        text, o2 = detok([clean_token(t) or t for t in st], lang)
        sp = [(o2[x - a][0], o2[y - 1 - a][1], l) for x, y, l in tspans if x >= a and y <= b]
        if any(x < b and y > a and not (x >= a and y <= b) for x, y, l in tspans):
            continue
        t2, sp2 = collapse_ws(text, sp)
        if t2:
            res.append((t2, sp2))
    return res


# ------------------------------------------------------------------ WikiANN (Rahimi et al. 2019 splits) as prepared by XTREME, stored in boleima/ToPro
TOPRO = "boleima+ToPro"
TOPRO_COMMIT = "9300fd37ea92650f528e027da0f427baae3a62a9"  # "upload data"; later commits removed download/
REDIRECT_WORDS = {"đổi", "lencong", "пренасочване", "перенаправлення", "перенаправление", "redirect", "patrz",
                  "preusmjeri", "přesměruj", "presmeruj", "преусмери", "viz"}


def _show_commit(repo, commit, path):
    return subprocess.run(["git", "--git-dir", gd(repo), "show", f"{commit}:{path}"], capture_output=True, check=True).stdout.decode("utf-8")


def _wikiann_clean_tokens(toks, tags):
    out_t, out_g = [], []
    for t, g in zip(toks, tags):
        t2 = re.sub(r"'{2,}", "", t)
        t2 = clean_token(t2)
        if not t2:
            continue
        if g == "O" and (t2 in ("'", "*", "**", "``", "`", "#") or set(t2) == {"="}):
            continue
        if t2.startswith("*") and len(t2) > 1 and t2.lstrip("*"):
            t2 = t2.lstrip("*")
        out_t.append(t2)
        out_g.append(g)
    return out_t, out_g


def _wikiann_bad(toks):
    if not toks:
        return True
    first = toks[0].lstrip("#").lower()
    if first in REDIRECT_WORDS:
        return True
    digits = sum(1 for t in toks if re.fullmatch(r"[\d.,]+", t))
    if len(toks) >= 6 and digits / len(toks) > 0.5:
        return True  # image-map coordinates etc.
    return False


def panx(lang, split, counters):
    data = _show_commit(TOPRO, TOPRO_COMMIT, f"download/panx/{split}-{lang}.tsv")
    out = []
    toks, tags = [], []

    def flush():
        nonlocal toks, tags
        if toks:
            t2, g2 = _wikiann_clean_tokens(toks, tags)
            if _wikiann_bad(t2):
                counters[f"wikiann_{split}_skipped_redirect_or_junk"] += 1
            else:
                ex = tokens_to_example(t2, g2, BABEL_MAP, lang)
                if ex:
                    out.append(mk(*ex))
        toks, tags = [], []

    for line in data.split("\n"):
        if not line.strip():
            flush()
            continue
        p = line.split("\t")
        if len(p) < 2:
            continue
        tok = p[0]
        if re.match(r"^[a-z]{2,3}:", tok):
            tok = tok.split(":", 1)[1]
        toks.append(tok)
        tags.append(p[-1].strip())
    flush()
    return out


# ------------------------------------------------------------------ factRuEval-2016 (gold, news; MIT licence file)
FACTRU = "dialogue-evaluation+factRuEval-2016"
FACTRU_MAP = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}  # Project, Facility dropped
FACTRU_NAME_SPANS = {"name", "surname", "patronymic", "nickname", "org_name", "loc_name"}
FACTRU_OWN_NAME = {"Person": {"name", "surname", "patronymic", "nickname"}, "Org": {"org_name"},
                   "Location": {"loc_name"}, "LocOrg": {"loc_name"}}


def factrueval(split, counters):
    """split: 'devset' or 'testset'."""
    out = []
    for f in ls(FACTRU, split):
        if not f.endswith(".objects"):
            continue
        b = f[: -len(".objects")]
        txt = show(FACTRU, b + ".txt")
        sents, cur = [], []
        for line in show(FACTRU, b + ".tokens").split("\n"):
            p = line.split()
            if len(p) < 4:
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            cur.append((int(p[1]), int(p[1]) + int(p[2])))
        if cur:
            sents.append(cur)
        spans = {}
        for line in show(FACTRU, b + ".spans").split("\n"):
            p = line.split()
            if len(p) >= 4 and p[0].isdigit():
                spans[p[0]] = (int(p[2]), int(p[2]) + int(p[3]), p[1])
        ents = []
        for line in show(FACTRU, b + ".objects").split("\n"):
            line = line.split("#")[0]
            p = line.split()
            if len(p) < 3:
                continue
            m = FACTRU_MAP.get(p[1])
            if m is None:
                counters["factru_dropped_" + p[1]] += 1
                continue
            ss = [spans[x] for x in p[2:] if x in spans]
            own = FACTRU_OWN_NAME[p[1]]
            names = [(a, e) for a, e, t in ss if t in own]
            if names and p[1] == "Location":
                use = [(a, e) for a, e, t in ss if t in ("loc_name", "loc_descr")]  # "Тверской площади", "Кронштадтскому бульвару"
            elif names:
                use = names  # name-only extent (descriptors such as "компания", "города" left out)
            elif p[1] == "Org" and any(t in FACTRU_NAME_SPANS for a, e, t in ss):
                use = [(a, e) for a, e, t in ss]  # descriptive org name, e.g. "мэрии Москвы"
                counters["factru_org_descriptive_extent"] += 1
            else:
                counters["factru_dropped_object_without_name_span"] += 1
                continue
            ents.append((min(a for a, _ in use), max(e for _, e in use), m))
        counters["factru_docs_" + split] += 1
        for toks in sents:
            s0, e0 = toks[0][0], toks[-1][1]
            sub = [(a - s0, e - s0, l) for a, e, l in ents if a >= s0 and e <= e0]
            if any(a < e0 and e > s0 and not (a >= s0 and e <= e0) for a, e, l in ents):
                counters["factru_sent_dropped_crossing"] += 1
                continue
            t, sp = collapse_ws(txt[s0:e0], sub)
            if t:
                out.append(mk(t, sp))
    return out
