"""Rewrites a span corpus from one Brahmic script into another, letter for
letter, so that one language's names teach another's model.

    python scripts/ner_corpora/indic_script/convert.py SRC_DIR OUT_DIR --to bengali|devanagari

Devanagari (U+0900-U+097F) and Bengali (U+0980-U+09FF) share the layout
of ISCII: a letter of one block sits 0x80 away from the same letter of the
other. Where the target block has no letter at that place, the nearest
sound is written (Devanagari व → Bengali ব, ऑ → ও, ळ → ল; Bengali has no
v, no candra o, no ḷa). Every character maps to exactly one, so the
spans' code-point offsets stay valid. Transliterated foreign names, the
ones world news is full of, are spelt alike in both scripts; function
words are not, so the converted corpus teaches names' shapes, not the
other language's grammar.

Reads SRC_DIR/train.jsonl (`{"text", "spans"}`) and writes OUT_DIR/train.jsonl
and an empty OUT_DIR/dev.jsonl (the target model keeps its own dev set).
"""
import json
import os
import sys
import unicodedata

DEVA, BENG = 0x0900, 0x0980

# Devanagari letters whose Bengali place is empty, or holds another sound.
TO_BENGALI = {
    "व": "ব", "ऑ": "ও", "ॉ": "ো", "ऍ": "এ", "ॅ": "ে", "ऎ": "এ", "ॆ": "ে",
    "ऒ": "ও", "ॊ": "ো", "ळ": "ল", "ऴ": "ল", "ऱ": "র", "ऩ": "ন",
    "क़": "ক", "ख़": "খ", "ग़": "গ", "ज़": "জ", "ड़": "ড়", "ढ़": "ঢ়",
    "फ़": "ফ", "य़": "য়",
}
TO_DEVANAGARI = {"ৎ": "त", "ড়": "ड़", "ঢ়": "ढ़", "য়": "य़"}


def convert_char(c, to):
    if to == "bengali":
        if c in TO_BENGALI:
            return TO_BENGALI[c]
        lo, shift = DEVA, BENG - DEVA
    else:
        if c in TO_DEVANAGARI:
            return TO_DEVANAGARI[c]
        lo, shift = BENG, DEVA - BENG
    cp = ord(c)
    if lo <= cp < lo + 0x80:
        # Dandas are shared by both scripts.
        if cp in (0x0964, 0x0965):
            return c
        t = chr(cp + shift)
        try:
            unicodedata.name(t)
            return t
        except ValueError:
            return c
    return c


def main(src, out, to):
    os.makedirs(out, exist_ok=True)
    n = 0
    with open(os.path.join(src, "train.jsonl"), encoding="utf-8") as f, open(
        os.path.join(out, "train.jsonl"), "w", encoding="utf-8"
    ) as g:
        for line in f:
            ex = json.loads(line)
            text = "".join(convert_char(c, to) for c in ex["text"])
            assert len(text) == len(ex["text"])
            g.write(json.dumps({"text": text, "spans": ex["spans"]}, ensure_ascii=False) + "\n")
            n += 1
    open(os.path.join(out, "dev.jsonl"), "w").close()
    print(f"{src} -> {out}: {n} sentences in {to} script")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) != 4 or args[2] != "--to" or args[3] not in ("bengali", "devanagari"):
        sys.exit(__doc__)
    main(args[0], args[1], args[3])
