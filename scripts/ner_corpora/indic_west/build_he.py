import sys
from collections import Counter
sys.path.insert(0, '/tmp/ns')
from common import *

MAP = {'PER': 'PER', 'ORG': 'ORG', 'GPE': 'LOC', 'LOC': 'LOC'}
C = Counter()


def read_blocks(path):
    blocks, cur = [], []
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip():
            if cur:
                blocks.append(cur)
            cur = []
            continue
        w, _, t = line.rpartition(' ')
        cur.append((w, t))
    if cur:
        blocks.append(cur)
    return blocks


def convert(split):
    toks_b = read_blocks(f'/tmp/ns/he/token-multi_{split}.bmes')
    morph_b = read_blocks(f'/tmp/ns/he/morph_{split}.bmes')
    assert len(toks_b) == len(morph_b)
    out = []
    for tb, mb in zip(toks_b, morph_b):
        tokens = [w for w, _ in tb]
        labels = [t.split('^') for _, t in tb]
        nm = sum(len(l) for l in labels)
        if nm != len(mb):
            C['morph_count_mismatch'] += 1
            # fall back to token-level: first non-O label of each token
            mlabels = [next((x for x in l if x != 'O'), 'O') for l in labels]
            ents = decode(mlabels)
            out.append(make_record(tokens, ents, MAP, 'he'))
            continue
        morph_tok, morph_pos, mforms, mtags = [], [], [], []
        k = 0
        for ti, l in enumerate(labels):
            for pi, lab in enumerate(l):
                morph_tok.append(ti)
                morph_pos.append(pi)
                mforms.append(mb[k][0])
                mtags.append(lab)
                k += 1
        ments = decode(mtags)
        tok_first_morph = {}
        for m, ti in enumerate(morph_tok):
            tok_first_morph.setdefault(ti, m)

        def char_ents(offs, text, ments=ments):
            res = []
            for a, b, t in ments:
                ta, tb_ = morph_tok[a], morph_tok[b - 1]
                surf = tokens[ta]
                start = offs[ta][0]
                p = 0
                ok = True
                for m in range(tok_first_morph[ta], a):
                    f = mforms[m].strip('_')
                    if surf.startswith(f, p):
                        p += len(f)
                    elif f == 'ה':
                        continue  # article elided after a preposition
                    else:
                        ok = False
                        break
                if a > tok_first_morph[ta]:
                    C['prefix_stripped' if ok else 'prefix_fallback'] += 1
                if ok and p < len(surf):
                    start += p
                end = offs[tb_][1]
                while start < end and text[start] in '"\'-':
                    start += 1
                if start < end:
                    res.append((start, end, t))
            return res
        out.append(make_record(tokens, None, MAP, 'he', char_ents=char_ents))
    return out


train = convert('train')
dev = convert('dev')
st = finalize(train, dev, '/work/nerdata/he')
print(st, dict(C))
