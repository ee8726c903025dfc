import json, sys, collections
ok = True
for lang in sys.argv[1:]:
    for split in ('train', 'dev'):
        p = f'/work/nerdata/{lang}/{split}.jsonl'
        n = 0; c = collections.Counter(); bad = 0
        for line in open(p, encoding='utf-8'):
            r = json.loads(line); n += 1
            t = r['text']
            assert isinstance(t, str) and t == t.strip() and t, ('text', r)
            prev = -1
            for s, e, l in r['spans']:
                frag = t[s:e]
                if not (0 <= s < e <= len(t)) or not frag or frag != frag.strip() or l not in ('PER', 'ORG', 'LOC') or s < prev:
                    bad += 1; ok = False
                    print('BAD', lang, split, r); break
                prev = e
                c[l] += 1
        print(f'{lang:9s} {split:5s} sentences={n:6d} PER={c["PER"]:6d} ORG={c["ORG"]:6d} LOC={c["LOC"]:6d} bad={bad}')
print('ALL OK' if ok else 'FAILURES')
