#!/usr/bin/env python3
"""Build PER/ORG/LOC NER jsonl files for ko, ja, zh, th from raw files in /work/nerdata/raw.
Run with /work/nerdata/.venv/bin/python (needs msgpack for the spaCy DocBin reader)."""
import json, os, random, re, sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(__file__))
RAW = '/work/nerdata/_cjkt/raw'
OUT = '/work/nerdata'
SEED = 42
TRAIN_CAP, DEV_CAP = 40000, 3000

STATS = {}


def clean(text, spans, src):
    """Strip text; trim whitespace inside spans; drop empty/overlapping spans. Returns record or None."""
    lead = len(text) - len(text.lstrip())
    text2 = text.strip()
    out = []
    for s, e, lab in spans:
        s -= lead; e -= lead
        s = max(s, 0); e = min(e, len(text2))
        while s < e and text2[s].isspace():
            s += 1
        while e > s and text2[e - 1].isspace():
            e -= 1
        if s >= e:
            STATS.setdefault(src, Counter())['dropped_empty_span'] += 1
            continue
        out.append([s, e, lab])
    out.sort()
    res = []
    for sp in out:
        if res and sp[0] < res[-1][1]:
            STATS.setdefault(src, Counter())['dropped_overlap_span'] += 1
            continue
        res.append(sp)
    if not text2:
        return None
    return {'text': text2, 'spans': res}


def split_long(rec, limit, target, cand_fn, src):
    """Split a record longer than `limit` code points into pieces of about `target` at candidate cut
    positions (never inside an entity). cand_fn(text) -> iterable of cut indices."""
    text, spans = rec['text'], rec['spans']
    if len(text) <= limit:
        return [rec]
    cands = sorted(c for c in set(cand_fn(text)) if 0 < c < len(text) and not any(s < c < e for s, e, _ in spans))
    pieces, start = [], 0
    while len(text) - start > target:
        ok = [c for c in cands if start < c <= start + target]
        best = ok[-1] if ok else next((c for c in cands if c > start), None)
        if best is None:
            break
        pieces.append((start, best)); start = best
    pieces.append((start, len(text)))
    out = []
    for a, b in pieces:
        r = clean(text[a:b], [(s - a, e - a, l) for s, e, l in spans if a <= s and e <= b], src)
        if r:
            out.append(r)
    STATS.setdefault(src, Counter())['split_long_records'] += 1
    return out

def zh_cuts(text):
    closers = '”’）」』"\''
    for i, ch in enumerate(text):
        if ch in '。！？；':
            j = i + 1
            while j < len(text) and text[j] in closers:
                j += 1
            yield j

def zh_cuts2(text):
    # fallback for very long pieces without sentence-final punctuation: cut after commas / colons / enumeration marks
    for i, ch in enumerate(text):
        if ch in '，：、）':
            yield i + 1

def th_cuts(text):
    for i, ch in enumerate(text):
        if ch == ' ':
            yield i


def bio_to_spans(tokens, tags, mapping, joiner=''):
    """tokens: list of str; tags: BIO tags (B-X/I-X/O, also '_' separated). Returns text, spans (typed by mapping)."""
    text = ''
    spans = []
    cur = None  # [start, end, rawtype]
    for tok, tag in zip(tokens, tags):
        start = len(text)
        text += tok
        tag = tag.replace('_', '-', 1) if tag[:2] in ('B_', 'I_') else tag
        if tag.startswith('B-') or (tag.startswith('I-') and (cur is None or cur[2] != tag[2:])):
            if cur: spans.append(cur)
            cur = [start, len(text), tag[2:]]
        elif tag.startswith('I-'):
            cur[1] = len(text)
        else:
            if cur: spans.append(cur)
            cur = None
        text += joiner
    if cur: spans.append(cur)
    out = []
    for s, e, t in spans:
        if t in mapping:
            out.append((s, e, mapping[t]))
    return text, out


def read_conll(path, sep=None, col_tok=0, col_tag=-1):
    sents, cur = [], []
    for l in open(path, encoding='utf-8-sig'):
        l = l.rstrip('\n')
        if not l.strip():
            if cur: sents.append(cur); cur = []
            continue
        p = l.split(sep) if sep else l.split()
        cur.append((p[col_tok], p[col_tag]))
    if cur: sents.append(cur)
    return sents

# ---------------------------------------------------------------- Korean

def build_ko():
    mapping = {'PS': 'PER', 'LC': 'LOC', 'OG': 'ORG'}
    recs = []
    cur_toks, cur_tags, in_sent = [], [], False
    def flush():
        if cur_toks:
            text, spans = bio_to_spans(cur_toks, cur_tags, mapping)
            r = clean(text, spans, 'ko')
            if r: recs.append(r)
    for l in open(f'{RAW}/klue-ner-v1.1_dev.tsv', encoding='utf-8'):
        l = l.rstrip('\n')
        if l.startswith('## '):
            flush(); cur_toks, cur_tags = [], []
            continue
        if not l:
            flush(); cur_toks, cur_tags = [], []
            continue
        ch, tag = l.rsplit('\t', 1)
        cur_toks.append(ch); cur_tags.append(tag)
    flush()
    return {'klue-ner-v1.1-dev': recs}

# ---------------------------------------------------------------- Japanese

def build_ja():
    from docbin import read_docbin
    out = {}
    # stockmark
    smap = {'人名': 'PER', '地名': 'LOC', '施設名': 'LOC', '法人名': 'ORG', '政治的組織名': 'ORG', 'その他の組織名': 'ORG'}
    data = json.load(open(f'{RAW}/stockmark_ner.json', encoding='utf-8'))
    recs = []
    bad = 0
    for d in data:
        t = d['text']
        spans = []
        for ent in d['entities']:
            s, e = ent['span']
            if t[s:e] != ent['name']:
                bad += 1; continue
            if ent['type'] in smap:
                spans.append((s, e, smap[ent['type']]))
        r = clean(t, spans, 'ja-stockmark')
        if r: recs.append(r)
    STATS.setdefault('ja-stockmark', Counter())['span_name_mismatch'] = bad
    out['stockmark'] = recs
    # UD Japanese GSD train via spaCy DocBin (keeps SpaceAfter information)
    gmap = {'PERSON': 'PER', 'ORG': 'ORG', 'GPE': 'LOC', 'LOC': 'LOC', 'FAC': 'LOC'}
    attrs, ncol, arr, spaces, lengths, strings = read_docbin(f'{RAW}/gsd_ja_gsd-ud-train.ne.spacy')
    # spaCy built-in symbol ids seen in this file (verified against train.bio of the same commit)
    sym = {64: 'ID', 101: 'X', 103: 'SPACE', 380: 'PERSON', 381: 'NORP', 383: 'ORG', 384: 'GPE', 385: 'LOC',
           386: 'PRODUCT', 387: 'EVENT', 388: 'WORK_OF_ART', 389: 'LANGUAGE', 390: 'LAW', 391: 'DATE',
           392: 'TIME', 393: 'PERCENT', 394: 'MONEY', 395: 'QUANTITY', 396: 'ORDINAL', 397: 'CARDINAL',
           407: 'cc', 456: '_'}
    def s(h):
        if h in strings: return strings[h]
        return sym[h]
    ci = {a: i for i, a in enumerate(attrs)}
    ORTH, IOB, TYPE, SS = ci[65], ci[77], ci[78], ci[80]
    n = len(spaces)
    sents = []
    cur = []
    for i in range(n):
        row = arr[i * ncol:(i + 1) * ncol]
        if row[SS] == 1 and cur:
            sents.append(cur); cur = []
        iob = row[IOB]
        tag = 'O' if iob in (0, 2) else ('B-' if iob == 3 else 'I-') + s(row[TYPE])
        cur.append((s(row[ORTH]), spaces[i], tag))
    if cur: sents.append(cur)
    recs = []
    for sent in sents:
        text, spans = '', []
        curent = None
        for tok, sp, tag in sent:
            st = len(text); text += tok
            if tag.startswith('B-'):
                if curent: spans.append(curent)
                curent = [st, len(text), tag[2:]]
            elif tag.startswith('I-') and curent:
                curent[1] = len(text)
            else:
                if curent: spans.append(curent)
                curent = None
            if sp: text += ' '
        if curent: spans.append(curent)
        r = clean(text, [(a, b, gmap[t]) for a, b, t in spans if t in gmap], 'ja-gsd')
        if r: recs.append(r)
    out['gsd-train'] = recs
    # GSD dev from NE conllu (BILU tags in MISC NE=)
    recs = []
    text = None; toks = []
    def flush_dev():
        if text is None: return
        # align tokens into text
        pos = 0; spans = []; curent = None
        for form, ne in toks:
            k = text.find(form, pos)
            assert k >= 0, (text, form)
            st, en = k, k + len(form); pos = en
            if ne is None:
                if curent: spans.append(curent); curent = None
                continue
            if ne.startswith('U-'):
                if curent: spans.append(curent); curent = None
                spans.append([st, en, ne[2:]])
            elif ne.startswith('B-'):
                if curent: spans.append(curent)
                curent = [st, en, ne[2:]]
            elif ne.startswith('I') or ne.startswith('L'):
                if curent: curent[1] = en
                if ne.startswith('L') and curent: spans.append(curent); curent = None
        if curent: spans.append(curent)
        r = clean(text, [(a, b, gmap[t]) for a, b, t in spans if t in gmap], 'ja-gsd')
        if r: recs.append(r)
    for l in open(f'{RAW}/gsd_ja_gsd-ud-dev.ne.conllu', encoding='utf-8'):
        l = l.rstrip('\n')
        if l.startswith('# text = '):
            flush_dev(); text = l[len('# text = '):]; toks = []
        elif l and not l.startswith('#'):
            p = l.split('\t')
            if '-' in p[0] or '.' in p[0]: continue
            m = re.search(r'(?:^|\|)NE=([^|]+)', p[9])
            toks.append((p[1], m.group(1) if m else None))
    flush_dev()
    out['gsd-dev'] = recs
    return out

# ---------------------------------------------------------------- Chinese

def build_zh():
    m3 = {'PER': 'PER', 'ORG': 'ORG', 'LOC': 'LOC'}
    out = {}
    def from_conll(path, sep=None, mapping=m3, src='zh'):
        recs = []
        for sent in read_conll(path, sep):
            toks = [t for t, _ in sent]; tags = [g for _, g in sent]
            text, spans = bio_to_spans(toks, tags, mapping)
            r = clean(text, spans, src)
            if r: recs.append(r)
        return recs
    out['msra-test'] = from_conll(f'{RAW}/msra_test_bio.txt', '\t')
    # lemonhu MSRA val = 3000 sentences split off the MSRA training file
    recs = []
    for s_, t_ in zip(open(f'{RAW}/lemonhu_val_sentences.txt', encoding='utf-8'), open(f'{RAW}/lemonhu_val_tags.txt', encoding='utf-8')):
        toks, tags = s_.split(), t_.split()
        assert len(toks) == len(tags)
        text, spans = bio_to_spans(toks, tags, m3)
        r = clean(text, spans, 'zh')
        if r: recs.append(r)
    out['msra-train-part'] = recs
    out['peoplesdaily-dev'] = from_conll(f'{RAW}/pd_example.dev')
    out['peoplesdaily-test'] = from_conll(f'{RAW}/pd_example.test')
    wmap = {'PER.NAM': 'PER', 'ORG.NAM': 'ORG', 'LOC.NAM': 'LOC', 'GPE.NAM': 'LOC'}
    def weibo(path):
        recs = []
        for sent in read_conll(path, '\t'):
            # each token is one character followed by its word-segmentation position (0, 1, ... 10, 11 ...);
            # broken emoji appear as U+FFFD runs: drop those tokens
            toks, tags = [], []
            for t, g in sent:
                if t.startswith('\ufffd'):
                    STATS.setdefault('zh-weibo', Counter())['dropped_fffd_token'] += 1
                    continue
                assert t[1:].isdigit(), t
                toks.append(t[0]); tags.append(g)
            text, spans = bio_to_spans(toks, tags, wmap)
            r = clean(text, spans, 'zh-weibo')
            if r: recs.append(r)
        return recs
    out['weibo-train'] = weibo(f'{RAW}/weibo2_train.conll')
    out['weibo-dev'] = weibo(f'{RAW}/weibo2_dev.conll')
    out['weibo-test'] = weibo(f'{RAW}/weibo2_test.conll')
    for k in out:
        out[k] = [p for r in out[k] for p in split_long(r, 250, 200, zh_cuts, 'zh')]
        out[k] = [p for r in out[k] for p in split_long(r, 400, 200, zh_cuts2, 'zh')]
    return out

# ---------------------------------------------------------------- Thai

TH_TAGS = {'PERSON': 'PER', 'ORGANIZATION': 'ORG', 'LOCATION': 'LOC', 'FACILITY': 'LOC'}
TAG_RE = re.compile(r'\[(/?)([A-Z_]+)\]')

def parse_inline(line, src):
    text = ''; spans = []; stack = []; pos = 0
    for m in TAG_RE.finditer(line):
        text += line[pos:m.start()]; pos = m.end()
        close, name = m.group(1), m.group(2)
        if not close:
            stack.append((name, len(text)))
        else:
            if not stack or stack[-1][0] != name:
                STATS.setdefault(src, Counter())['dropped_line_bad_tags'] += 1
                return None
            nm, st = stack.pop()
            spans.append((st, len(text), nm))
    text += line[pos:]
    if stack:
        STATS.setdefault(src, Counter())['dropped_line_bad_tags'] += 1
        return None
    return text, spans

def build_th():
    out = {}
    for split in ('train', 'val', 'test'):
        recs = []
        for line in open(f'{RAW}/thainer15_{split}.txt', encoding='utf-8-sig'):
            line = line.rstrip('\n').replace('\ufeff', '')
            if not line.strip(): continue
            p = parse_inline(line, 'th')
            if p is None: continue
            text, spans = p
            # drop lines that are only a URL/email (not running text)
            if any(nm in ('URL', 'EMAIL') and text[s:e].strip() == text.strip() for s, e, nm in spans):
                STATS.setdefault('th', Counter())['dropped_url_only_line'] += 1
                continue
            r = clean(text, [(s, e, TH_TAGS[nm]) for s, e, nm in spans if nm in TH_TAGS], 'th')
            if r: recs.append(r)
        out[f'thainer1.5-{split}'] = [p for r in recs for p in split_long(r, 400, 300, th_cuts, 'th')]
    return out

# ---------------------------------------------------------------- assemble

def dedupe(recs, seen):
    out = []
    for r in recs:
        if r['text'] in seen: continue
        seen.add(r['text']); out.append(r)
    return out

def write(path, recs):
    with open(path, 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')

def summary(recs):
    c = Counter(l for r in recs for _, _, l in r['spans'])
    return {'sentences': len(recs), 'with_entities': sum(1 for r in recs if r['spans']),
            'PER': c['PER'], 'ORG': c['ORG'], 'LOC': c['LOC']}

def main():
    rng = random.Random(SEED)
    report = {}
    plan = {}
    # ko: only the official dev file is obtainable -> 90/10 split
    ko = build_ko()['klue-ner-v1.1-dev']
    seen = set(); ko = dedupe(ko, seen)
    idx = list(range(len(ko))); rng.shuffle(idx)
    ndev = len(ko) // 10
    plan['ko'] = {'train': {'klue-ner-v1.1-dev(90%)': [ko[i] for i in sorted(idx[ndev:])]},
                  'dev': {'klue-ner-v1.1-dev(10%)': [ko[i] for i in sorted(idx[:ndev])]}}
    # ja
    ja = build_ja()
    sm = ja['stockmark']; idx = list(range(len(sm))); rng.shuffle(idx); ndev = len(sm) // 10
    plan['ja'] = {'train': {'stockmark(90%)': [sm[i] for i in sorted(idx[ndev:])], 'gsd-train': ja['gsd-train']},
                  'dev': {'stockmark(10%)': [sm[i] for i in sorted(idx[:ndev])], 'gsd-dev': ja['gsd-dev']}}
    # zh
    zh = build_zh()
    mt = zh['msra-test'][:]; rng.shuffle(mt)
    ndev_w = len(zh['weibo-dev'])
    take = DEV_CAP - ndev_w
    plan['zh'] = {'dev': {'weibo-dev': zh['weibo-dev'], 'msra-test(sampled)': mt[:take]},
                  'train': {'msra-train-part': zh['msra-train-part'], 'peoplesdaily-dev': zh['peoplesdaily-dev'],
                            'peoplesdaily-test': zh['peoplesdaily-test'], 'msra-test(rest)': mt[take:],
                            'weibo-train': zh['weibo-train']}}
    # th
    th = build_th()
    plan['th'] = {'train': {'thainer1.5-train': th['thainer1.5-train']}, 'dev': {'thainer1.5-val': th['thainer1.5-val']}}

    for lang, p in plan.items():
        os.makedirs(f'{OUT}/{lang}/by_source', exist_ok=True)
        seen = set()
        dev_all = []
        for src, recs in p['dev'].items():
            recs = dedupe(recs, seen)
            p['dev'][src] = recs; dev_all += recs
        train_all = []
        for src, recs in p['train'].items():
            recs = dedupe(recs, seen)
            p['train'][src] = recs; train_all += recs
        if len(train_all) > TRAIN_CAP:
            train_all = rng.sample(train_all, TRAIN_CAP)
        if len(dev_all) > DEV_CAP:
            dev_all = rng.sample(dev_all, DEV_CAP)
        write(f'{OUT}/{lang}/train.jsonl', train_all)
        write(f'{OUT}/{lang}/dev.jsonl', dev_all)
        rep = {'train': summary(train_all), 'dev': summary(dev_all), 'by_source': {}}
        for split in ('train', 'dev'):
            for src, recs in p[split].items():
                fn = re.sub(r'[^A-Za-z0-9.-]+', '_', src).strip('_')
                write(f'{OUT}/{lang}/by_source/{split}.{fn}.jsonl', recs)
                rep['by_source'][f'{split}:{src}'] = summary(recs)
        report[lang] = rep
    report['_stats'] = {k: dict(v) for k, v in STATS.items()}
    json.dump(report, open(f'{OUT}/_cjkt/stats.json', 'w'), ensure_ascii=False, indent=1)
    print(json.dumps(report, ensure_ascii=False, indent=1))

if __name__ == '__main__':
    main()
