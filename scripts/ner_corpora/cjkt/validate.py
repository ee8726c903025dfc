#!/usr/bin/env python3
import json, sys, glob, random
from collections import Counter
ok = True
for lang in ('ko', 'ja', 'zh', 'th'):
    for split in ('train', 'dev'):
        path = f'/work/nerdata/{lang}/{split}.jsonl'
        n = 0; lens = []; labs = Counter()
        for ln, line in enumerate(open(path, encoding='utf-8'), 1):
            r = json.loads(line); n += 1
            assert set(r) == {'text', 'spans'}, (path, ln)
            t = r['text']; lens.append(len(t))
            if t != t.strip() or not t:
                print('BAD text ws', path, ln); ok = False
            prev = 0
            for s, e, l in r['spans']:
                frag = t[s:e]
                if not (0 <= s < e <= len(t)) or not frag or frag != frag.strip() or l not in ('PER', 'ORG', 'LOC') or s < prev:
                    print('BAD span', path, ln, s, e, l, repr(frag)); ok = False
                prev = e; labs[l] += 1
        lens.sort()
        print(f'{lang}/{split}: {n} recs, entities {dict(labs)}, text len median {lens[len(lens)//2]} max {lens[-1]}')
print('ALL OK' if ok else 'PROBLEMS')
rng = random.Random(7)
for lang in ('ko', 'ja', 'zh', 'th'):
    recs = [json.loads(l) for l in open(f'/work/nerdata/{lang}/train.jsonl', encoding='utf-8')]
    recs = [r for r in recs if r['spans'] and len(r['text']) < 120]
    print(f'--- {lang}')
    for r in rng.sample(recs, 3):
        print(json.dumps(r, ensure_ascii=False))
        print('   ', [(r['text'][s:e], l) for s, e, l in r['spans']])
sys.exit(0 if ok else 1)
