#!/usr/bin/env python3
"""Creates the tiny BERT token-classification fixture for the `transformers` NER backend.

Writes tests/fixtures/ner-tiny-bert/ (committed):
  config.json        BertConfig with id2label (9 CoNLL labels)
  vocab.txt          a small WordPiece vocabulary built from the word list below
                     (ASCII, Latin with diacritics, Cyrillic, Hangul, CJK) + single
                     characters and their `##` continuations, so every test text tokenises
  model.safetensors  randomly initialised BertForTokenClassification weights, HF names
                     (tch 0.17's VarStore reads safetensors directly; no .ot conversion needed)
  expected.json      the reference: per text, the token ids, byte offsets into the
                     text and logits of every word-piece token, computed by Python
                     `transformers` one window at a time (batch of 1, no padding)

The windowing below is the contract the Rust side implements (see
crates/tidings-ner/src/transformers/window.rs): content tokens are cut into
windows of `max_len - 2` tokens that overlap by `stride`; each token takes its
logits from the window where it is farthest from a cut edge (ties: the earlier).

Run (needs the venv from `scripts/setup-libtorch.sh --python-ref`):
  ~/.cache/tidings/torch-venv/bin/python scripts/make_ner_fixture.py
"""
import json
import os
import sys

import torch
from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "ner-tiny-bert")
MAX_LEN = 32  # small on purpose: the long text needs several windows
STRIDE = 8
LABELS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC"]

WORDS = """
the of and in to a is was on for with by at from as said that his her it
president minister party leader meeting city capital country news today
Kim Jong Un Xi Jinping Li Hongzhong Pyongyang Singapore Beijing Korea China
Workers Party Central Committee Communist Jakarta Indonesia Berlin Paris
Presiden Partai Komunis Korea Utara bertemu dengan di pada dan yang
Müller München Köln Zürich Straße Bundeskanzler traf heute
Élysée président français rencontré à été
Москва Путин встретился президент
김정은 평양 위원장 조선 노동당
习近平 北京 中国 主席 会见
Ελλάδα Αθήνα
""".split()

SENTENCES = [
    "Kim Jong Un met Xi Jinping in Pyongyang on Monday.",
    "Presiden Korea Utara bertemu dengan Li Hongzhong dari Partai Komunis China di Jakarta.",
    "Bundeskanzler Müller traf heute in München den Präsidenten aus Zürich.",
    "Le président français a été rencontré à l'Élysée, Paris.",
    "Путин встретился в Москве с президентом Казахстана.",
    "김정은 위원장은 평양에서 習近平 주석을 만났다.",
    "习近平主席在北京会见了朝鲜劳动党代表团。",
    "Emoji 🙂 and tabs\tand a café in Αθήνα — ok?",
]


def long_text():
    paras = [
        "Kim Jong Un, leader of the Workers' Party of Korea, met Li Hongzhong in Pyongyang.",
        "Presiden Xi Jinping dari Partai Komunis China bertemu dengan delegasi di Beijing.",
        "In München und Köln sprach Bundeskanzler Müller über die Straße nach Zürich.",
        "The meeting in Singapore was the third between the leaders this year, news said.",
    ]
    return "\n".join(paras * 3)


def batch_texts():
    # 72 short, varied texts: with the long one they make > 64 windows in one call.
    names = ["Kim Jong Un", "Xi Jinping", "Müller", "Путин", "김정은", "Li Hongzhong"]
    places = ["Pyongyang", "Singapore", "Zürich", "Москва", "평양", "Jakarta"]
    out = []
    for i in range(72):
        n, p = names[i % len(names)], places[(i * 5) % len(places)]
        extra = " and the party" * (i % 4)
        out.append(f"{i}. {n} said in {p}{extra} that the meeting was today.")
    return out


def build_vocab():
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    seen = set(vocab)

    def add(tok):
        if tok not in seen:
            seen.add(tok)
            vocab.append(tok)

    chars = set()
    for w in WORDS:
        add(w)
        chars.update(w)
    for c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?'\"-()—。":
        chars.add(c)
    for c in sorted(chars):
        add(c)
        add("##" + c)
    for piece in ["##ing", "##ed", "##s", "##er", "##en", "##an", "##ung", "##ой", "##은"]:
        add(piece)
    return vocab


def char_to_byte(text):
    table = [0]
    for ch in text:
        table.append(table[-1] + len(ch.encode("utf-8")))
    return table


def windows(n, width, stride):
    """[(start, end)) windows over n content tokens; the contract shared with Rust."""
    if n <= width:
        return [(0, n)]
    step = width - stride
    out, start = [], 0
    while True:
        end = min(start + width, n)
        out.append((start, end))
        if end == n:
            return out
        start += step


def owner(i, wins, n):
    best, best_score = 0, -1
    for k, (s, e) in enumerate(wins):
        if not (s <= i < e):
            continue
        left = n if s == 0 else i - s
        right = n if e == n else e - 1 - i
        score = min(left, right)
        if score > best_score:
            best, best_score = k, score
    return best


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(20261123)
    vocab = build_vocab()
    with open(os.path.join(OUT, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab) + "\n")
    tok = BertTokenizerFast(os.path.join(OUT, "vocab.txt"), do_lower_case=False, strip_accents=False)

    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
        initializer_range=0.3,
        id2label={i: l for i, l in enumerate(LABELS)},
        label2id={l: i for i, l in enumerate(LABELS)},
    )
    model = BertForTokenClassification(config)
    with torch.no_grad():
        # Spread the classifier so labels differ clearly between tokens.
        model.classifier.weight.mul_(4.0)
        model.classifier.bias.normal_(0.0, 1.0)
    model.eval()
    model.save_pretrained(OUT, safe_serialization=True)
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump({"do_lower_case": False, "strip_accents": False, "model_max_length": MAX_LEN}, f, indent=2)

    texts = SENTENCES + [long_text()] + batch_texts()
    width = MAX_LEN - 2
    records, total_windows = [], 0
    for text in texts:
        enc = tok(text, add_special_tokens=False, return_offsets_mapping=True)
        ids, offs = enc["input_ids"], enc["offset_mapping"]
        b = char_to_byte(text)
        n = len(ids)
        wins = windows(n, width, STRIDE)
        total_windows += len(wins)
        win_logits = []
        with torch.no_grad():
            for s, e in wins:
                inp = torch.tensor([[tok.cls_token_id] + ids[s:e] + [tok.sep_token_id]])
                out = model(input_ids=inp, attention_mask=torch.ones_like(inp)).logits[0]
                win_logits.append(out[1:-1])
        tokens = []
        for i in range(n):
            k = owner(i, wins, n)
            lg = win_logits[k][i - wins[k][0]]
            top2 = torch.topk(lg, 2).values
            tokens.append({
                "id": ids[i],
                "piece": tok.convert_ids_to_tokens(ids[i]),
                "start": b[offs[i][0]],
                "end": b[offs[i][1]],
                "label": LABELS[int(lg.argmax())],
                "margin": round(float(top2[0] - top2[1]), 6),
                "logits": [round(float(x), 6) for x in lg],
            })
        records.append({"text": text, "windows": len(wins), "tokens": tokens})

    meta = {
        "generator": "scripts/make_ner_fixture.py",
        "transformers": __import__("transformers").__version__,
        "torch": torch.__version__,
        "max_len": MAX_LEN,
        "stride": STRIDE,
        "labels": LABELS,
        "total_windows": total_windows,
        "texts": records,
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    size = sum(os.path.getsize(os.path.join(OUT, x)) for x in os.listdir(OUT))
    print(f"wrote {OUT}: {len(texts)} texts, {total_windows} windows, {size/1024:.0f} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
