"""Shared helpers: detokenisation with offsets, tag decoding, output writing."""
import json
import os
import random
import unicodedata
from collections import Counter

SEED = 13
TRAIN_CAP = 40000
DEV_CAP = 3000

# tokens made only of these characters take no space before them
CLOSE_CHARS = set('.,:;!?)]}%…।॥،؛؟»”’·;\u0387')
# tokens made only of these characters take no space after them
OPEN_CHARS = set('([{“‘«¿¡')
HYPHEN_JOIN = {'he'}
INVIS = dict.fromkeys(map(ord, '\u200e\u200f\ufeff\u202a\u202b\u202c\u202d\u202e'), None)


def is_punct(tok):
    return bool(tok) and all(unicodedata.category(c)[0] in 'PS' for c in tok)


def clean_token(tok):
    return tok.translate(INVIS).strip()


def detok(tokens, lang, glue=None):
    """Join tokens into natural text. glue[i] == True forces no space before token i.
    Returns (text, [(start, end), ...]) in code points."""
    n = len(tokens)
    nospace_before = [False] * n
    nospace_after = [False] * n
    dq_open = False
    sq_open = False
    # an odd number of straight double quotes not starting the sentence: the first one
    # closes a quotation opened in an earlier sentence
    dq_idx = [i for i, t in enumerate(tokens) if t in ('"', "''", '``', '״')]
    first_closes = len(dq_idx) % 2 == 1 and dq_idx[0] != 0 and tokens[dq_idx[0] - 1] not in (':', ',')
    if first_closes:
        dq_open = True
    for i, t in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < n else None
        if t in ('"', "''", '``', '״'):
            closing = dq_open or nxt is None or (is_punct(nxt) and nxt[0] in CLOSE_CHARS)
            if i == 0 or (i == dq_idx[0] and not first_closes and not dq_open):
                closing = False
            if closing:
                nospace_before[i] = True
                dq_open = False
            else:
                nospace_after[i] = True
                dq_open = True
            continue
        if t == "'" and lang != 'tr':
            closing = sq_open or nxt is None or (is_punct(nxt) and nxt[0] in CLOSE_CHARS)
            if i == 0:
                closing = False
            if closing:
                nospace_before[i] = True
                sq_open = False
            else:
                nospace_after[i] = True
                sq_open = True
            continue
        if lang in HYPHEN_JOIN and t in ('-', '־'):
            nospace_before[i] = True
            nospace_after[i] = True
            continue
        if lang == 'tr' and t == '%':
            nospace_after[i] = True
            continue
        if is_punct(t):
            if t[0] in CLOSE_CHARS:
                nospace_before[i] = True
            if t[-1] in OPEN_CHARS and t[0] not in CLOSE_CHARS:
                nospace_after[i] = True
    parts = []
    offs = []
    pos = 0
    for i, t in enumerate(tokens):
        if i > 0:
            sep = ' '
            if nospace_before[i] or nospace_after[i - 1] or (glue and glue[i]):
                sep = ''
            parts.append(sep)
            pos += len(sep)
        offs.append((pos, pos + len(t)))
        parts.append(t)
        pos += len(t)
    return ''.join(parts), offs


def split_tag(tag):
    """'B-PER' / 'B_PER' / 'S-ORG' / 'TIM' / 'O' -> (prefix, type)."""
    tag = tag.strip()
    if tag in ('', 'O', '-', '_'):
        return 'O', None
    for sep in ('-', '_'):
        if len(tag) > 2 and tag[1] == sep and tag[0] in 'BIESLU':
            return tag[0], tag[2:]
    if tag.startswith('-'):
        return 'I', tag[1:]
    return 'I', tag


def decode(tags, merge_b=None):
    """Tag sequence (BIO/BIOES/BILOU, repaired) -> [(i, j, type)] with j exclusive.
    merge_b(i, type) -> bool may merge a B- into a preceding adjacent entity of that type."""
    ents = []
    cur = None  # [start, type]
    for i, tag in enumerate(tags):
        p, t = split_tag(tag)
        if p == 'O':
            if cur:
                ents.append((cur[0], i, cur[1]))
                cur = None
            continue
        start_new = p in ('B', 'S', 'U') or cur is None or cur[1] != t
        if start_new and p in ('B', 'S', 'U') and cur is not None and cur[1] == t and merge_b and merge_b(i, t):
            start_new = False
        if start_new:
            if cur:
                ents.append((cur[0], i, cur[1]))
            cur = [i, t]
        if p in ('E', 'S', 'L', 'U'):
            ents.append((cur[0], i + 1, cur[1]))
            cur = None
    if cur:
        ents.append((cur[0], len(tags), cur[1]))
    return ents


LEAD_TRIM = set('"\'“‘«„([{¿¡*•·')
TRAIL_TRIM = set(',;:!?।॥"\'”’»*•،؛؟')


def sanitize(text, s, e, lang):
    """Shrink a span so it starts/ends on word characters of the entity."""
    while s < e and (text[s].isspace() or text[s] in LEAD_TRIM):
        s += 1
    while s < e:
        ch = text[e - 1]
        frag = text[s:e]
        if ch.isspace():
            e -= 1
        elif ch in TRAIL_TRIM and not (lang == 'he' and ch == "'"):
            e -= 1
        elif ch == ')' and '(' not in frag[:-1]:
            e -= 1
        elif ch == ']' and '[' not in frag[:-1]:
            e -= 1
        elif ch == '.':
            last = frag.split()[-1]
            if len(last) > 4 and '.' not in last[:-1]:
                e -= 1
            else:
                break
        else:
            break
    if lang == 'tr' and s < e:
        # Turkish case/possessive suffix after an apostrophe: "Ankara'da" -> "Ankara"
        frag = text[s:e]
        m = None
        for k in range(len(frag) - 1, 0, -1):
            if frag[k] in "'’":
                m = k
                break
        if m is not None and m + 1 < len(frag) and frag[m + 1:].isalpha() and frag[m + 1:].islower() \
                and ' ' not in frag[m + 1:]:
            e = s + m
    return s, e


def make_record(tokens, ents, mapping, lang, glue=None, char_ents=None):
    """tokens: list[str]; ents: token-level [(i, j, type)] in source labels.
    char_ents: optional override, list of (start_char, end_char, type) computed by caller
    (then tokens/offsets are only used to build text)."""
    text, offs = detok(tokens, lang, glue)
    spans = []
    if char_ents is None:
        for i, j, t in ents:
            lab = mapping.get(t)
            if not lab:
                continue
            while i < j and is_punct(tokens[i]):
                i += 1
            while j > i and is_punct(tokens[j - 1]):
                j -= 1
            if i >= j:
                continue
            a, b = sanitize(text, offs[i][0], offs[j - 1][1], lang)
            if a < b:
                spans.append([a, b, lab])
    else:
        for a, b, t in char_ents(offs, text):
            lab = mapping.get(t)
            if lab:
                a, b = sanitize(text, a, b, lang)
                if a < b:
                    spans.append([a, b, lab])
    spans.sort()
    # drop overlaps (keep first/longest)
    clean = []
    for s in spans:
        if clean and s[0] < clean[-1][1]:
            continue
        clean.append(s)
    return {'text': text, 'spans': clean}


def dedupe(records):
    seen = set()
    out = []
    for r in records:
        k = (r['text'], json.dumps(r['spans']))
        if k in seen or not r['text'].strip():
            continue
        seen.add(k)
        out.append(r)
    return out


def cap(records, n, seed=SEED):
    if len(records) <= n:
        return records
    rng = random.Random(seed)
    idx = sorted(rng.sample(range(len(records)), n))
    return [records[i] for i in idx]


def holdout(records, frac=0.1, seed=SEED):
    rng = random.Random(seed)
    idx = list(range(len(records)))
    rng.shuffle(idx)
    k = int(round(len(records) * frac))
    dev_idx = set(idx[:k])
    return [r for i, r in enumerate(records) if i not in dev_idx], [r for i, r in enumerate(records) if i in dev_idx]


def finalize(train, dev, outdir):
    dev = dedupe(dev)
    devtexts = {r['text'] for r in dev}
    train = [r for r in dedupe(train) if r['text'] not in devtexts]
    train = cap(train, TRAIN_CAP)
    dev = cap(dev, DEV_CAP)
    os.makedirs(outdir, exist_ok=True)
    for name, recs in (('train', train), ('dev', dev)):
        with open(os.path.join(outdir, name + '.jsonl'), 'w', encoding='utf-8') as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
    return stats(train), stats(dev)


def stats(recs):
    c = Counter(s[2] for r in recs for s in r['spans'])
    return {'sentences': len(recs), 'with_entities': sum(1 for r in recs if r['spans']),
            'PER': c['PER'], 'ORG': c['ORG'], 'LOC': c['LOC']}


def read_conll(path, sep=None, tok_col=0, tag_col=-1, rsplit_pipe=False):
    """Blank-line separated token/tag files -> list of (tokens, tags)."""
    sents = []
    toks, tags = [], []
    with open(path, encoding='utf-8-sig') as f:
        for line in f:
            line = line.rstrip('\n').rstrip('\r')
            if not line.strip():
                if toks:
                    sents.append((toks, tags))
                toks, tags = [], []
                continue
            if rsplit_pipe:
                w, _, t = line.rpartition('|')
            else:
                p = line.split(sep)
                if len(p) < 2:
                    p = p + ['O']
                w, t = p[tok_col], p[tag_col]
            w = clean_token(w)
            if not w:
                continue
            toks.append(w)
            tags.append(t.strip())
    if toks:
        sents.append((toks, tags))
    return sents
