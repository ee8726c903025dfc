import json
import re
import sys
import unicodedata
from collections import Counter
sys.path.insert(0, '/tmp/ns')
from common import *

which = sys.argv[1:]
RESULTS = {}


def conv(sents, mapping, lang, merge_b_factory=None, glue_fn=None):
    out = []
    for toks, tags in sents:
        mb = merge_b_factory(toks) if merge_b_factory else None
        ents = decode(tags, mb)
        glue = glue_fn(toks) if glue_fn else None
        out.append(make_record(toks, ents, mapping, lang, glue))
    return out


# ---------------- Greek: elNER-18 (IOB2) ----------------
if 'el' in which:
    M = {'PERSON': 'PER', 'ORG': 'ORG', 'GPE': 'LOC', 'LOC': 'LOC'}
    d = '/tmp/ns/el/elNER18/IOB2/'
    tr = conv(read_conll(d + 'train_elNER18.iob2', ' '), M, 'el')
    dv = conv(read_conll(d + 'dev_elNER18.iob2', ' '), M, 'el')
    RESULTS['el'] = finalize(tr, dv, '/work/nerdata/el')

# ---------------- Turkish: Turkish-Wiki-NER ----------------
if 'tr' in which:
    M = {'PERSON': 'PER', 'ORG': 'ORG', 'GPE': 'LOC', 'LOC': 'LOC'}
    d = '/tmp/ns/tr/'
    tr = conv(read_conll(d + 'train.conll', '\t'), M, 'tr')
    dv = conv(read_conll(d + 'dev.conll', '\t'), M, 'tr')
    RESULTS['tr'] = finalize(tr, dv, '/work/nerdata/tr')

# ---------------- Hindi: IL-NER + HiNER validation ----------------
if 'hi' in which:
    MIL = {'NEP': 'PER', 'NEO': 'ORG', 'NEL': 'LOC'}
    MHI = {'PERSON': 'PER', 'ORGANIZATION': 'ORG', 'LOCATION': 'LOC'}
    d = '/tmp/ns/hi/'
    il_tr = conv(read_conll(d + 'il_train.txt', '\t'), MIL, 'hi')
    il_dv = conv(read_conll(d + 'il_dev.txt', '\t'), MIL, 'hi')
    def split_lead(sents):
        # HiNER glues a sentence-final '.'/'।' to the next word (".लेकिन"): split it off
        out = []
        for toks, tags in sents:
            nt, ng = [], []
            for w, g in zip(toks, tags):
                m = re.match(r'^([.,।]+)(\w.*)$', w)
                if m:
                    p, t = split_tag(g)
                    nt += [m.group(1), m.group(2)]
                    ng += ['O' if p in ('O', 'B', 'S', 'U') else g, g]
                else:
                    nt.append(w)
                    ng.append(g)
            out.append((nt, ng))
        return out
    hn = conv(split_lead(read_conll(d + 'hiner_val.conll', '\t')), MHI, 'hi')
    hn_tr, hn_dv = holdout(hn)
    RESULTS['hi_parts'] = {'il_train': stats(il_tr), 'il_dev': stats(il_dv), 'hiner_train': stats(hn_tr), 'hiner_dev': stats(hn_dv)}
    RESULTS['hi'] = finalize(il_tr + hn_tr, il_dv + hn_dv, '/work/nerdata/hi')

# ---------------- Bengali: Rifat1493 + banglakit ----------------
if 'bn' in which:
    MR = {'PER': 'PER', 'ORG': 'ORG', 'LOC': 'LOC'}
    MB = {'PERSON': 'PER', 'ORG': 'ORG', 'GPE': 'LOC'}

    def merge_initials(toks):
        def f(i, t):
            prev = toks[i - 1]
            return t == 'PER' and (len(prev) <= 2 or prev.endswith('.'))
        return f
    d = '/tmp/ns/bn/'
    r_tr = conv(read_conll(d + 'Input_train_data.txt', '\t'), MR, 'bn', merge_initials)
    r_dv = conv(read_conll(d + 'Input_test_data.txt', '\t'), MR, 'bn', merge_initials)

    # banglakit: original sentence text + spaCy-tokenised BILOU tags -> re-tokenise to align
    def ispunct(ch):
        return unicodedata.category(ch)[0] in 'PS'

    def tok(text, split_hyph, abbrev):
        out = []
        for m in re.finditer(r'\S+', text):
            w = m.group()
            s = m.start()
            i, j = 0, len(w)
            while i < j and ispunct(w[i]):
                i += 1
            while j > i and ispunct(w[j - 1]):
                j -= 1
            if abbrev and j < len(w) and w[j] == '.' and 0 < j - i <= 3:
                j += 1

            def emit_p(a, b):
                k = a
                while k < b:
                    l = k
                    while l < b and text[l] == text[k]:
                        l += 1
                    out.append((k, l))
                    k = l
            emit_p(s, s + i)
            if i < j:
                if split_hyph:
                    a = s + i
                    for k in range(s + i, s + j):
                        if text[k] in '-—–' and s + i < k < s + j - 1:
                            out.append((a, k))
                            out.append((k, k + 1))
                            a = k + 1
                    out.append((a, s + j))
                else:
                    out.append((s + i, s + j))
            emit_p(s + j, s + len(w))
        return out
    bk = []
    C = Counter()
    for line in open(d + 'banglakit.jsonl', encoding='utf-8'):
        text, tags = json.loads(line)
        text = text.strip()
        found = None
        for h in (False, True):
            for a in (False, True):
                o = tok(text, h, a)
                if len(o) == len(tags):
                    found = o
                    break
            if found:
                break
        if not found:
            C['unaligned_dropped'] += 1
            continue
        ents = decode(tags)
        spans = []
        bad = False
        for i, j, t in ents:
            lab = MB.get(t)
            if not lab:
                continue
            toks = [text[a:b] for a, b in found[i:j]]
            if all(ispunct(x[0]) for x in toks):
                bad = True
                break
            while i < j and all(ispunct(ch) for ch in text[found[i][0]:found[i][1]]):
                i += 1
            while j > i and all(ispunct(ch) for ch in text[found[j - 1][0]:found[j - 1][1]]):
                j -= 1
            spans.append([found[i][0], found[j - 1][1], lab])
        if bad:
            C['entity_on_punct_dropped'] += 1
            continue
        C['aligned'] += 1
        bk.append({'text': text, 'spans': sorted(spans)})
    bk_tr, bk_dv = holdout(dedupe(bk))
    RESULTS['bn_parts'] = {'rifat_train': stats(r_tr), 'rifat_test_as_dev': stats(r_dv), 'banglakit_train': stats(bk_tr),
                           'banglakit_dev': stats(bk_dv), 'banglakit_alignment': dict(C)}
    RESULTS['bn'] = finalize(r_tr + bk_tr, r_dv + bk_dv, '/work/nerdata/bn')

# ---------------- Persian extra: PEYMA (mirror in overfit-ir/persian-twitter-ner) ----------------
if 'fa' in which:
    M = {'PER': 'PER', 'ORG': 'ORG', 'LOC': 'LOC'}
    d = '/tmp/ns/fa/peyma/'
    xl = set()
    for s in ('train', 'dev', 'test'):
        for toks, _ in read_conll(f'/work/shared/data/ner/xling/fa/{s}.txt'):
            xl.add(' '.join(toks))
    C = Counter()

    def filt(sents):
        out = []
        for toks, tags in sents:
            if ' '.join(toks) in xl:
                C['overlap_with_xling_fa_dropped'] += 1
                continue
            out.append((toks, tags))
        return out
    tr = conv(filt(read_conll(d + 'train.txt', rsplit_pipe=True)), M, 'fa')
    dv = conv(filt(read_conll(d + 'dev.txt', rsplit_pipe=True)), M, 'fa')
    RESULTS['fa_parts'] = dict(C)
    RESULTS['fa'] = finalize(tr, dv, '/work/nerdata/fa-extra')

# ---------------- Arabic extra: WikiFANE Gold 2014 ----------------
if 'ar' in which:
    FINE = {
        'PER': ['Politician', 'Other_PER', 'Artist', 'Scientist', 'Religious_PER', 'Athlete', 'Businessperson',
                'Engineer', 'Lawyer', 'Police'],
        'ORG': ['Government', 'Non-Governmental', 'Commercial', 'Educational', 'Media', 'Sports', 'Religious_ORG',
                'Entertainment', 'Medical-Science'],
        'LOC': ['Nation', 'Population-Center', 'State-or-Province', 'County-or-District', 'GPE-Cluster', 'Continent',
                'Water-Body', 'Land-Region-Natural'],
    }
    M = {f: c for c, fs in FINE.items() for f in fs}
    PREFIX = {'و', 'ف', 'ب', 'ل', 'ك'}
    SUFFIX = {'ه', 'ها', 'هم', 'هما', 'هن', 'نا', 'كم', 'كما', 'كن', 'ني', 'ي'}

    def arabic_word(t):
        return bool(t) and all('\u0600' <= ch <= '\u06ff' for ch in t) and not is_punct(t)

    def glue_fn(toks):
        g = [False] * len(toks)
        for i, t in enumerate(toks):
            if i > 0 and t in SUFFIX and arabic_word(toks[i - 1]) and toks[i - 1] not in PREFIX | {'و'}:
                g[i] = True
            if t in PREFIX and i + 1 < len(toks) and arabic_word(toks[i + 1]):
                g[i + 1] = True
        # orthography of a stem before an attached pronoun: ة -> ت, ى -> ي (prepositions) / ا
        for i in range(1, len(toks)):
            if g[i] and toks[i] in SUFFIX and toks[i - 1] not in PREFIX:
                p = toks[i - 1]
                if p.endswith('ة'):
                    toks[i - 1] = p[:-1] + 'ت'
                elif p.endswith('ى'):
                    toks[i - 1] = p[:-1] + ('ي' if p in ('على', 'الى', 'لدى', 'حتى') else 'ا')
        return g
    xl = set()
    for s in ('train', 'dev', 'test'):
        for toks, _ in read_conll(f'/work/shared/data/ner/xling/ar/{s}.txt'):
            xl.add(' '.join(toks))
    sents = read_conll('/tmp/ns/ar/WikiFANE_2014_Gold_standard/WikiFANE_Gold_2014_500K.txt', '\t')
    C = Counter()
    kept = []
    for toks, tags in sents:
        if ' '.join(toks) in xl:
            C['overlap_with_xling_ar_dropped'] += 1
            continue
        kept.append((toks, tags))
    recs = conv(kept, M, 'ar', glue_fn=glue_fn)
    tr, dv = holdout(recs)
    RESULTS['ar_parts'] = dict(C)
    RESULTS['ar'] = finalize(tr, dv, '/work/nerdata/ar-extra')

print(json.dumps(RESULTS, ensure_ascii=False, indent=1))
json.dump(RESULTS, open('/tmp/ns/results_' + '_'.join(which) + '.json', 'w'), ensure_ascii=False, indent=1)
