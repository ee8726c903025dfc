"""Independent check of /work/nerdata/<lang>/{train,dev}.jsonl (stdlib only)."""
import json, random, sys
from collections import Counter
langs = sys.argv[1:] or ["ru", "uk", "bg", "sr", "hr", "pl", "cs", "sk", "vi", "ms"]
ok = True
for lang in langs:
    for split in ("train", "dev"):
        path = f"/work/nerdata/{lang}/{split}.jsonl"
        n = 0; lab = Counter(); bad = 0; texts = set()
        for ln, line in enumerate(open(path, encoding="utf-8"), 1):
            ex = json.loads(line)
            assert set(ex) == {"text", "spans"}, (path, ln)
            t = ex["text"]; n += 1
            if not t or t != t.strip():
                bad += 1
            prev_end = 0
            for s, e, l in sorted(ex["spans"]):
                seg = t[s:e] if isinstance(s, int) and isinstance(e, int) else ""
                if not (0 <= s < e <= len(t)) or not seg or seg != seg.strip() or l not in ("PER", "ORG", "LOC") or s < prev_end:
                    bad += 1
                prev_end = e
                lab[l] += 1
            texts.add(t)
        cap = 40000 if split == "train" else 3000
        status = "OK" if bad == 0 and n <= cap else "FAIL"
        ok &= status == "OK"
        print(f"{lang:3} {split:5} {status} sentences={n} unique={len(texts)} PER={lab['PER']} ORG={lab['ORG']} LOC={lab['LOC']} bad={bad}")
    tr = {json.loads(l)["text"] for l in open(f"/work/nerdata/{lang}/train.jsonl", encoding="utf-8")}
    dv = {json.loads(l)["text"] for l in open(f"/work/nerdata/{lang}/dev.jsonl", encoding="utf-8")}
    print(f"    train/dev text overlap: {len(tr & dv)}")
    rows = [json.loads(l) for l in open(f"/work/nerdata/{lang}/train.jsonl", encoding="utf-8")]
    for ex in random.Random(3).sample([r for r in rows if r["spans"]], 3):
        print("    EX:", json.dumps({"text": ex["text"], "spans": ex["spans"]}, ensure_ascii=False))
        print("        ->", [(ex["text"][s:e], l) for s, e, l in ex["spans"]])
print("ALL OK" if ok else "SOME FAILED")
