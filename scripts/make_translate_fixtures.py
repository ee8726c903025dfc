#!/usr/bin/env python3
"""Creates the translation fixtures of tidings-translate.

    scripts/make_translate_fixtures.py fixtures [OUT]   # default OUT: tests/fixtures/translate
    scripts/make_translate_fixtures.py bench-model OUT  # opus-mt-shaped random Marian (NOT committed)

`fixtures` builds two tiny, randomly initialised translation models with tiny
SentencePiece vocabularies trained on a handful of sentences:

  marian-tiny/   config.json vocab.json source.spm target.spm rust_model.safetensors
  m2m100-tiny/   config.json vocab.json sentencepiece.bpe.model rust_model.safetensors

and `expected.json`: for a few inputs, the token ids that Hugging Face
`transformers` produces (encoder input ids and greedy output ids). The Rust test
`crates/tidings-translate/tests/parity.rs` (feature `transformers`) loads the
same directories with rust-bert and asserts that tidings produces the same ids.

The weights are written with safetensors under the variable names rust-bert
0.23 uses (the Hugging Face state-dict names, which rust-bert mirrors); tch 0.17
loads `.safetensors` by extension. Every tensor is stored (tied ones too) so
that rust-bert's VarStore finds all its variables.

`bench-model` writes a Marian model with opus-mt's real shapes (d_model 512,
6+6 layers, 8 heads, ffn 2048, vocabulary 58101) and a SentencePiece model
trained on the FLORES dev sentences, for tools/src/bin/translate_bench.rs and
scripts/bench_translate_hf.py. It is ~300 MB: write it into an ignored dir.

Needs the venv of scripts/setup-libtorch.sh (torch 2.4.0, transformers 4.44.2,
sentencepiece 0.2.0, safetensors). Deterministic: seeds are fixed.
"""
import io
import json
import os
import sys

import sentencepiece as spm
import torch
from safetensors.torch import save_file

SENTENCES = [
    "Korea Utara meluncurkan rudal balistik ke laut.",
    "Presiden bertemu menteri luar negeri di Jakarta.",
    "Hari ini hujan turun sangat deras di kota.",
    "North Korea launched a ballistic missile into the sea.",
    "The president met the foreign minister in Jakarta.",
    "It rained very heavily in the city today.",
    "Pemerintah mengumumkan kebijakan baru tentang ekonomi.",
    "The government announced a new economic policy.",
    "Para pemimpin dunia berkumpul untuk membahas perdamaian.",
    "World leaders gathered to discuss peace.",
]

INPUTS = [
    "Korea Utara meluncurkan rudal.",
    "Presiden bertemu menteri di kota.",
    "Hari ini hujan.",
    "Pemerintah mengumumkan kebijakan baru tentang perdamaian dunia.",
]

MAX_LENGTH = 16


def train_spm(model_type, vocab_size, sentences):
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(sentences),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type=model_type,
        character_coverage=1.0,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=2 if model_type == "unigram" else -1,
        unk_id=1 if model_type == "unigram" else 0,
        pad_id=-1,
        # No NFKC table: keeps the model a few KB (inputs here are plain ASCII).
        normalization_rule_name="identity",
    )
    return buf.getvalue()


def pieces(model_bytes):
    sp = spm.SentencePieceProcessor(model_proto=model_bytes)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def save_weights(model, path):
    # Clone every tensor: tied weights share storage, which safetensors refuses.
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    save_file(state, path)


def scale_init(model, std):
    # A larger init than transformers' 0.02 so that greedy decisions are not near-ties
    # (the parity test compares argmax ids across two implementations).
    g = torch.Generator().manual_seed(1234)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm" in name or "layernorm" in name or "embed_positions" in name:
                continue
            if p.dim() >= 2:
                p.copy_(torch.randn(p.shape, generator=g) * std)
            else:
                p.copy_(torch.randn(p.shape, generator=g) * 0.1)


def min_margin(model, enc, out_ids, **extra):
    """Smallest gap between the best and second-best logit on the greedy path."""
    with torch.no_grad():
        logits = model(
            input_ids=enc["input_ids"],
            attention_mask=enc["attention_mask"],
            decoder_input_ids=out_ids[:, :-1],
        ).logits[0]
    top = logits.topk(2, dim=-1).values
    return float((top[:, 0] - top[:, 1]).min())


def make_marian(out):
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    d = os.path.join(out, "marian-tiny")
    os.makedirs(d, exist_ok=True)
    src = train_spm("unigram", 60, SENTENCES[::2] + SENTENCES[1::2])
    tgt = train_spm("unigram", 60, SENTENCES[1::2] + SENTENCES[::2])
    for name, data in (("source.spm", src), ("target.spm", tgt)):
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    vocab = {"</s>": 0, "<unk>": 1}
    for p in pieces(src) + pieces(tgt):
        if p not in vocab and p not in ("<s>", "<pad>"):
            vocab[p] = len(vocab)
    pad = len(vocab)
    vocab["<pad>"] = pad
    with open(os.path.join(d, "vocab.json"), "w") as f:
        json.dump(vocab, f, ensure_ascii=False, indent=0)

    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=16,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=64,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        bad_words_ids=[[pad]],
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        activation_function="swish",
        # Keys rust-bert's BartConfig reads for Marian (as in opus-mt's config.json):
        normalize_embedding=False,
        static_position_embeddings=True,
        normalize_before=False,
        add_final_layer_norm=False,
        num_beams=1,
        max_length=MAX_LENGTH,
    )
    model = MarianMTModel(config)
    scale_init(model, 0.5)
    model.eval()
    config.save_pretrained(d)
    save_weights(model, os.path.join(d, "rust_model.safetensors"))

    tok = MarianTokenizer(
        source_spm=os.path.join(d, "source.spm"),
        target_spm=os.path.join(d, "target.spm"),
        vocab=os.path.join(d, "vocab.json"),
    )
    cases = []
    for text in INPUTS:
        enc = tok([text], return_tensors="pt")
        with torch.no_grad():
            outs = model.generate(**enc, num_beams=1, do_sample=False, max_length=MAX_LENGTH)
        cases.append(
            {
                "text": text,
                "input_ids": enc["input_ids"][0].tolist(),
                "output_ids": outs[0].tolist(),
                "min_margin": min_margin(model, enc, outs),
            }
        )
    return {"kind": "marian", "dir": "marian-tiny", "max_length": MAX_LENGTH, "cases": cases}


def make_m2m100(out):
    from transformers import M2M100Config, M2M100ForConditionalGeneration, M2M100Tokenizer

    d = os.path.join(out, "m2m100-tiny")
    os.makedirs(d, exist_ok=True)
    model_bytes = train_spm("bpe", 90, SENTENCES)
    with open(os.path.join(d, "sentencepiece.bpe.model"), "wb") as f:
        f.write(model_bytes)
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for p in pieces(model_bytes):
        if p not in vocab:
            vocab[p] = len(vocab)
    with open(os.path.join(d, "vocab.json"), "w") as f:
        json.dump(vocab, f, ensure_ascii=False, indent=0)
    tok = M2M100Tokenizer(
        vocab_file=os.path.join(d, "vocab.json"),
        spm_file=os.path.join(d, "sentencepiece.bpe.model"),
        src_lang="id",
        tgt_lang="en",
    )
    torch.manual_seed(0)
    config = M2M100Config(
        vocab_size=len(vocab) + 100 + 8,  # + language codes + madeup words
        d_model=16,
        encoder_layers=2,
        decoder_layers=2,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=64,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        decoder_start_token_id=2,
        # rust-bert's M2M100 generator forces the target language as first
        # token and does not force EOS at max_length.
        forced_eos_token_id=None,
        scale_embedding=True,
        num_beams=1,
        max_length=MAX_LENGTH,
    )
    model = M2M100ForConditionalGeneration(config)
    scale_init(model, 0.5)
    model.eval()
    config.save_pretrained(d)
    save_weights(model, os.path.join(d, "rust_model.safetensors"))
    en = tok.get_lang_id("en")
    cases = []
    for text in INPUTS:
        enc = tok([text], return_tensors="pt")
        with torch.no_grad():
            outs = model.generate(
                **enc, num_beams=1, do_sample=False, max_length=MAX_LENGTH, forced_bos_token_id=en
            )
        cases.append(
            {
                "text": text,
                "input_ids": enc["input_ids"][0].tolist(),
                "output_ids": outs[0].tolist(),
                "min_margin": min_margin(model, enc, outs),
            }
        )
    return {
        "kind": "m2m100",
        "dir": "m2m100-tiny",
        "source_language": "id",
        "max_length": MAX_LENGTH,
        "cases": cases,
    }


def fixtures(out):
    os.makedirs(out, exist_ok=True)
    expected = {
        "generated_by": "scripts/make_translate_fixtures.py fixtures",
        "models": [make_marian(out), make_m2m100(out)],
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
    for m in expected["models"]:
        for c in m["cases"]:
            print(m["kind"], c["output_ids"], "margin %.4f" % c["min_margin"])


def bench_model(out, flores):
    from transformers import MarianConfig, MarianMTModel

    os.makedirs(out, exist_ok=True)
    with open(flores, encoding="utf-8") as f:
        sents = [l.strip() for l in f if l.strip()]
    sp_bytes = train_spm("unigram", 8000, sents)
    for name in ("source.spm", "target.spm"):
        with open(os.path.join(out, name), "wb") as f:
            f.write(sp_bytes)
    vocab = {"</s>": 0, "<unk>": 1}
    for p in pieces(sp_bytes):
        if p not in vocab and p not in ("<s>", "<pad>"):
            vocab[p] = len(vocab)
    while len(vocab) < 58100:  # opus-mt-id-en-like vocabulary size
        vocab["<dummy%d>" % len(vocab)] = len(vocab)
    pad = len(vocab)
    vocab["<pad>"] = pad
    with open(os.path.join(out, "vocab.json"), "w") as f:
        json.dump(vocab, f, ensure_ascii=False)
    torch.manual_seed(0)
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=512,
        encoder_layers=6,
        decoder_layers=6,
        encoder_attention_heads=8,
        decoder_attention_heads=8,
        encoder_ffn_dim=2048,
        decoder_ffn_dim=2048,
        max_position_embeddings=512,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        bad_words_ids=[[pad]],
        scale_embedding=True,
        activation_function="swish",
        normalize_embedding=False,
        static_position_embeddings=True,
        normalize_before=False,
        add_final_layer_norm=False,
    )
    model = MarianMTModel(config).eval()
    config.save_pretrained(out)
    save_weights(model, os.path.join(out, "rust_model.safetensors"))
    print("wrote", out)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("fixtures", "bench-model"):
        sys.exit(__doc__)
    if sys.argv[1] == "fixtures":
        fixtures(sys.argv[2] if len(sys.argv) > 2 else "tests/fixtures/translate")
    else:
        if len(sys.argv) < 3:
            sys.exit("usage: make_translate_fixtures.py bench-model OUT [FLORES_SRC]")
        data = os.environ.get("TIDINGS_DATA", "../shared/data")
        flores = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
            data, "mt/flores-dev/id-en/flores-dev.id"
        )
        bench_model(sys.argv[2], flores)
