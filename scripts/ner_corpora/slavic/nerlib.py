"""Shared helpers: detokenisation, BIO decoding, sentence splitting, writing/validation.
Standard library only."""
import json
import random
import re
import unicodedata

KEEP = {"PER", "ORG", "LOC"}

# ---------------------------------------------------------------- whitespace

_ZW = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def clean_token(tok):
    tok = tok.translate(_ZW)
    tok = "".join(" " if unicodedata.category(c) == "Zs" or c in "\t\r\n" else c for c in tok)
    return tok.strip()


def collapse_ws(text, spans):
    """Collapse every whitespace run (incl. NBSP, newlines) to one space, strip ends,
    drop zero-width chars; remap spans (char offsets, end exclusive)."""
    out = []
    mapping = []  # old index -> new index (for positions 0..len)
    prev_space = True  # so leading ws is dropped
    for i, c in enumerate(text):
        mapping.append(len(out))
        if ord(c) in _ZW:
            continue
        if c.isspace() or unicodedata.category(c) == "Zs":
            if not prev_space:
                out.append(" ")
                prev_space = True
            continue
        out.append(c)
        prev_space = False
    mapping.append(len(out))
    new = "".join(out)
    # strip trailing space
    if new.endswith(" "):
        new = new[:-1]
    res = []
    for s, e, lab in spans:
        ns, ne = mapping[s], mapping[e]
        ne = min(ne, len(new))
        seg = new[ns:ne]
        # trim whitespace inside span boundaries
        while ns < ne and new[ns].isspace():
            ns += 1
        while ne > ns and new[ne - 1].isspace():
            ne -= 1
        if ne > ns:
            res.append((ns, ne, lab))
    return new, res


# ---------------------------------------------------------------- detokenisation

NO_SPACE_BEFORE = {".", ",", ":", ";", "!", "?", ")", "]", "}", "%", "…", "...", "»", "‰", "..", "?!", "!?", "!!", "??"}
NO_SPACE_AFTER = {"(", "[", "{", "«", "„", "‚", "¿", "¡"}
AMBIG_QUOTES = {'"', "“", "”", "''", "``", "‘", "’", "'"}


def detok(tokens, lang="xx"):
    """Join tokens into natural text. Returns (text, [(start,end)] per token).
    Tokens must already be cleaned (non-empty, no surrounding whitespace)."""
    pieces = []
    offsets = []
    pos = 0
    attach_next = True  # no space before first token
    open_stack = []  # quote chars currently open
    for i, tok in enumerate(tokens):
        space_before = not attach_next
        nsa = False  # no space after this token
        if tok in NO_SPACE_BEFORE or (len(tok) > 1 and all(c in ".,:;!?…" for c in tok)):
            space_before = False
        elif tok in NO_SPACE_AFTER:
            nsa = True
        elif tok in ('"', "''", "``", "“", "”", "‘", "’", "'", "‹", "›"):
            # decide opening/closing
            if tok in ("'", "’") and i > 0 and i + 1 < len(tokens) and tokens[i - 1].isalpha() and len(tokens[i - 1]) <= 2 and tokens[i + 1][:1].isalpha():
                # apostrophe inside a word split by tokenizer (e.g. O ' Neil / д ' Артаньян): glue both sides
                space_before = False
                nsa = True
            else:
                closing_for = {
                    '"': '"', "''": "``", "“": "„", "”": "“", "’": "‘", "'": "'", "›": "‹",
                }
                is_close = False
                if open_stack:
                    top = open_stack[-1]
                    if tok == '"' and top == '"':
                        is_close = True
                    elif tok == "''" and top in ("``", "''"):
                        is_close = True
                    elif tok == "'" and top == "'":
                        is_close = True
                    elif tok == "“" and top in ("„", "“"):
                        is_close = True
                    elif tok == "”" and top in ("“", "„", "”"):
                        is_close = True
                    elif tok == "’" and top in ("‘", "‚"):
                        is_close = True
                    elif tok == "›" and top == "‹":
                        is_close = True
                if tok in ("”",) and not open_stack:
                    # a closing-only quote with nothing open: treat as closing if it follows a word
                    is_close = i > 0
                if is_close:
                    open_stack.pop() if open_stack else None
                    space_before = False
                else:
                    open_stack.append(tok)
                    nsa = True
        if tok == "»" and open_stack and open_stack[-1] == "«":
            open_stack.pop()
        if tok == "«":
            open_stack.append("«")
        if tok == "„":
            open_stack.append("„")
        if not pieces:
            space_before = False
        if space_before:
            pieces.append(" ")
            pos += 1
        offsets.append((pos, pos + len(tok)))
        pieces.append(tok)
        pos += len(tok)
        attach_next = nsa
    return "".join(pieces), offsets


def bio_spans(tags):
    """tags: list of BIO/IOB tags with raw labels. Returns [(tok_start, tok_end_excl, label)]."""
    spans = []
    cur = None
    for i, t in enumerate(tags):
        if t is None or t == "O" or t == "" or t == "_" or t == "-":
            if cur:
                spans.append(tuple(cur))
                cur = None
            continue
        if "-" in t and t[:2] in ("B-", "I-", "E-", "S-", "L-", "U-"):
            pre, lab = t[0], t[2:]
        else:
            pre, lab = "I", t
        if pre in ("B", "S", "U") or cur is None or cur[2] != lab:
            if cur:
                spans.append(tuple(cur))
            cur = [i, i + 1, lab]
        else:
            cur[1] = i + 1
        if pre in ("E", "S", "L", "U"):
            spans.append(tuple(cur))
            cur = None
    if cur:
        spans.append(tuple(cur))
    return spans


def tokens_to_example(tokens, tags, labmap, lang="xx", drop_tokens=None):
    """tokens+BIO tags -> (text, spans) with label mapping (labmap raw->PER/ORG/LOC or None)."""
    toks, tgs = [], []
    for tok, tag in zip(tokens, tags):
        tok = clean_token(tok)
        if not tok:
            continue
        if drop_tokens and tok in drop_tokens and (tag == "O"):
            continue
        toks.append(tok)
        tgs.append(tag)
    if not toks:
        return None
    text, offs = detok(toks, lang)
    spans = []
    for s, e, lab in bio_spans(tgs):
        m = labmap.get(lab)
        if m is None:
            continue
        spans.append((offs[s][0], offs[e - 1][1], m))
    return text, spans


# ---------------------------------------------------------------- token alignment to a given text

def align_tokens(text, tokens):
    """Find each token sequentially in text (skipping whitespace). Returns offsets or None."""
    offs = []
    pos = 0
    n = len(text)
    for tok in tokens:
        while pos < n and text[pos].isspace():
            pos += 1
        if text.startswith(tok, pos):
            offs.append((pos, pos + len(tok)))
            pos += len(tok)
            continue
        # tolerate small normalisation differences: search ahead a little
        j = text.find(tok, pos, pos + 20 + len(tok))
        if j < 0 or text[pos:j].strip():
            return None
        offs.append((j, j + len(tok)))
        pos = j + len(tok)
    return offs


# ---------------------------------------------------------------- sentence splitting of raw text

ABBREV = set("""
ул им св ген проф акад стр см тыс млн млрд руб долл грн вул ст напр др прим гос обл пгт д-р бул гр доц пл кв бр лв хил вж т.е т.к т.д т.п т.нар т.зв тис ін див пор
dr prof ing mgr np tj tzn ok ul św gen płk mjr prok prez min nr st sv mr mrs ms jr sr inc ltd corp co vs etc mld mln tys zł kč ca cca resp apod atd např tzv čl ing doc mudr judr phdr rndr bc hl str tel ppor kpt plk pplk npor gen arm sl sen
no jan feb mar apr jun jul aug sep sept oct nov dec
""".split())

_BOUNDARY = re.compile(r"([.!?…]+)([\"'»”“’)\]]*)(\s+)")


def split_sentences(text, spans):
    """Split a paragraph (no newlines expected, but handled) into sentences.
    Never split inside a span. Returns list of (start, end) char ranges."""
    bounds = []
    # newline boundaries first
    for m in re.finditer(r"\n+", text):
        bounds.append((m.start(), m.end()))
    for m in _BOUNDARY.finditer(text):
        end_punct = m.end(2)
        nxt = m.end(3)
        if nxt >= len(text):
            continue
        c = text[nxt]
        # next sentence must start with uppercase letter, digit, or opening quote/dash + uppercase
        k = nxt
        while k < len(text) and text[k] in "\"'«„“‚‘(—–-[ ":
            k += 1
        if k >= len(text):
            continue
        c2 = text[k]
        if not (c2.isupper() or c2.isdigit()):
            continue
        # word before the punctuation
        before = text[:m.start(1)]
        wm = re.search(r"(\S+)$", before)
        word = wm.group(1) if wm else ""
        wl = word.lower().lstrip("(\"'«„“")
        if m.group(1) == ".":
            if len(wl) == 1 and wl.isalpha():
                # "J." / "В." initials and "м. Київ", "г. Москва" style abbreviations are protected,
                # but "2019 г." / "2019 р." (number + year abbreviation) may end a sentence
                if not (wl.islower() and re.search(r"\d\s*$", before[: len(before) - len(word)])):
                    continue
            if wl in ABBREV:
                continue
            if re.fullmatch(r"(\w\.)+\w", wl):
                continue  # e.g. "т.е", "s.r.o"
        bounds.append((end_punct, nxt))
    # missing space after a full stop: "2018 г.Въпреки", "Brexitu.Vláda"
    for m in re.finditer(r"(?<=[^\W\d_])\.(?=[^\W\d_]\w*)", text):
        nxt = re.match(r"\w+", text[m.end():])
        if not nxt or not nxt.group()[0].isupper() or not nxt.group()[1:].islower() or len(nxt.group()) < 3:
            continue
        w = re.search(r"(\S+)$", text[:m.start()])
        word = w.group(1) if w else ""
        if word.lower() in ABBREV or "." in word or "/" in word or "@" in word:
            continue
        if len(word) == 1 and not (word.islower() and re.search(r"\d\s*$", text[: m.start() - 1])):
            continue
        bounds.append((m.end(), m.end()))
    bounds.sort()
    # remove boundaries falling inside spans
    def inside(p):
        for s, e, _ in spans:
            if s < p < e:
                return True
        return False
    ranges = []
    start = 0
    for a, b in bounds:
        if a < start:
            continue
        if inside(a) or inside(b - 1 if b > a else a):
            continue
        ranges.append((start, a))
        start = b
    ranges.append((start, len(text)))
    return [(s, e) for s, e in ranges if text[s:e].strip()]


def doc_to_sentences(text, spans, max_chars=1500):
    """Split a document with char spans into (sent_text, sent_spans) after ws-collapse.
    spans: [(s,e,label)] already mapped to PER/ORG/LOC; overlapping spans resolved to outermost."""
    spans = resolve_overlaps(spans)
    out = []
    for s, e in split_sentences(text, spans):
        sub = [(a - s, b - s, l) for a, b, l in spans if a >= s and b <= e]
        crossing = [1 for a, b, l in spans if a < e and b > s and not (a >= s and b <= e)]
        if crossing:
            continue
        t, sp = collapse_ws(text[s:e], sub)
        if not t or len(t) > max_chars:
            continue
        out.append((t, sp))
    return out


def resolve_overlaps(spans):
    """Keep outermost (longest first) non-overlapping spans."""
    spans = sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0])))
    res = []
    for s, e, l in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if any(not (e <= a or s >= b) for a, b, _ in res):
            continue
        res.append((s, e, l))
    return sorted(res)


# ---------------------------------------------------------------- output

def validate(examples, name=""):
    bad = 0
    for ex in examples:
        t = ex["text"]
        assert isinstance(t, str) and t == t.strip() and t, (name, ex)
        last = -1
        for s, e, l in ex["spans"]:
            seg = t[s:e]
            ok = 0 <= s < e <= len(t) and seg and seg == seg.strip() and l in KEEP
            if not ok:
                bad += 1
                raise AssertionError((name, ex, s, e, l))
    return bad


def write_jsonl(path, examples):
    validate(examples, path)
    with open(path, "w", encoding="utf-8") as f:
        for ex in examples:
            f.write(json.dumps({"text": ex["text"], "spans": [[s, e, l] for s, e, l in ex["spans"]]}, ensure_ascii=False) + "\n")


def mk(text, spans):
    text, spans = normalize_punct_spacing(text, [(s, e, l) for s, e, l in spans])
    spans = resolve_overlaps(spans)
    return {"text": text, "spans": [list(x) for x in spans]}


def stats(examples):
    from collections import Counter
    c = Counter()
    for ex in examples:
        for s, e, l in ex["spans"]:
            c[l] += 1
    return {"sentences": len(examples), "PER": c["PER"], "ORG": c["ORG"], "LOC": c["LOC"],
            "with_entities": sum(1 for ex in examples if ex["spans"])}


def sample(lst, n, seed):
    if len(lst) <= n:
        return list(lst)
    r = random.Random(seed)
    idx = sorted(r.sample(range(len(lst)), n))
    return [lst[i] for i in idx]


def dedupe(examples, seen=None):
    seen = set() if seen is None else seen
    out = []
    for ex in examples:
        k = ex["text"]
        if k in seen:
            continue
        seen.add(k)
        out.append(ex)
    return out


_SP_BEFORE = re.compile(r"(?<=[^\s(\[{«„])( +)(?=[,.;:!?)\]}»](?:\s|$|[\"'»”“)]))")
_SP_AFTER = re.compile(r"(?<=[(\[{])( +)(?=\S)")


def normalize_punct_spacing(text, spans):
    """Remove stray spaces before , . ; : ! ? ) ] and after ( [ ; remap spans."""
    kill = set()
    for rx in (_SP_BEFORE, _SP_AFTER):
        for m in rx.finditer(text):
            # keep " ..." and " ?!" type only when it starts an ellipsis after a space? -> still glue (news style)
            kill.update(range(m.start(1), m.end(1)))
    if not kill:
        return text, spans
    mapping = []
    out = []
    for i, ch in enumerate(text):
        mapping.append(len(out))
        if i not in kill:
            out.append(ch)
    mapping.append(len(out))
    new = "".join(out)
    res = []
    for s, e, l in spans:
        ns, ne = mapping[s], mapping[e]
        while ns < ne and new[ns].isspace():
            ns += 1
        while ne > ns and new[ne - 1].isspace():
            ne -= 1
        if ne > ns:
            res.append((ns, ne, l))
    return new, res
