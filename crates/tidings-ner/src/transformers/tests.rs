//! Tests that need rust-bert / tch directly (the parity test against Python is
//! tests/transformers_parity.rs).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use rust_bert::pipelines::common::{ModelResource, ModelType};
use rust_bert::pipelines::token_classification::{
    LabelAggregationOption, TokenClassificationConfig, TokenClassificationModel,
};
use rust_bert::resources::LocalResource;
use serde_json::Value;
use tch::Tensor;

use super::encoder::Encoder;
use super::family::Family;
use super::{TransformersNer, TransformersNerConfig};
use tidings_core::Device;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ner-tiny-bert")
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture().join("expected.json")).unwrap())
        .unwrap()
}

/// rust_model.ot (rust-bert's own format) loads to the same model as safetensors.
#[test]
fn rust_model_ot_and_safetensors_give_the_same_logits() {
    let tmp = std::env::temp_dir().join(format!("tidings-ner-ot-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    for f in ["config.json", "vocab.txt", "tokenizer_config.json"] {
        std::fs::copy(fixture().join(f), tmp.join(f)).unwrap();
    }
    let named = Tensor::read_safetensors(fixture().join("model.safetensors")).unwrap();
    Tensor::save_multi(&named, tmp.join("rust_model.ot")).unwrap();

    let text = ["Kim Jong Un bertemu dengan Xi Jinping di Pyongyang — Zürich, 김정은."];
    let a =
        TransformersNer::load(&TransformersNerConfig::new(fixture()).device(Device::Cpu)).unwrap();
    let b = TransformersNer::load(&TransformersNerConfig::new(&tmp).device(Device::Cpu)).unwrap();
    let (pa, pb) = (
        a.predict_tokens(&text).unwrap(),
        b.predict_tokens(&text).unwrap(),
    );
    assert!(!pa[0].is_empty());
    assert_eq!(pa, pb);
    let _ = std::fs::remove_dir_all(&tmp);
}

/// What we found about rust-bert 0.23's `TokenClassificationModel::predict`: it
/// builds windows ("features") for all inputs, runs them `batch_size` (64) at a
/// time, but decodes row `r` of batch `k` with `features[r]` instead of
/// `features[64 k + r]`. Inputs whose windows land past the first batch get the
/// offsets, text and document of a first-batch window. This test pins that
/// down on the fixture (one call over > 64 windows vs one call per input) — it
/// is why tidings does its own windowing and batching. If a rust-bert upgrade
/// fixes the bug, this test fails: then the finding in mod.rs needs updating.
#[test]
fn rust_bert_predict_mislabels_inputs_past_its_batch_size() {
    let exp = expected();
    let records = exp["texts"].as_array().unwrap();
    let texts: Vec<&str> = records
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    let local = |f: &str| LocalResource::from(fixture().join(f));
    let mut config = TokenClassificationConfig::new(
        ModelType::Bert,
        ModelResource::Torch(Box::new(local("model.safetensors"))),
        local("config.json"),
        local("vocab.txt"),
        None,
        false,
        false,
        None,
        LabelAggregationOption::First,
    );
    config.device = tch::Device::Cpu;
    let model = TokenClassificationModel::new(config).unwrap();

    // The reference labels of single-window inputs, compared to rust-bert's.
    let labels_of = |tokens: &[rust_bert::pipelines::token_classification::Token]| {
        tokens.iter().map(|t| t.label.clone()).collect::<Vec<_>>()
    };
    let reference = |i: usize| -> Vec<String> {
        records[i]["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["label"].as_str().unwrap().to_owned())
            .collect()
    };
    let single: Vec<usize> = (0..texts.len())
        .filter(|&i| records[i]["windows"] == 1)
        .collect();

    // One input per call: rust-bert agrees with Python on every single-window input.
    for &i in &single {
        let out = model.predict(&texts[i..=i], false, false);
        assert_eq!(labels_of(&out[0]), reference(i), "{}", texts[i]);
    }
    // All inputs in one call (> 64 windows): some inputs come back wrong, or the call panics.
    let all = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        model.predict(&texts, false, false)
    }));
    match all {
        Err(_) => eprintln!("rust-bert predict panicked on > 64 windows"),
        Ok(out) => {
            let wrong: Vec<usize> = single
                .iter()
                .copied()
                .filter(|&i| labels_of(&out[i]) != reference(i))
                .collect();
            let empty = out.iter().filter(|t| t.is_empty()).count();
            eprintln!(
                "rust-bert predict over {} inputs: {} single-window inputs mislabelled, {} inputs got no tokens",
                texts.len(),
                wrong.len(),
                empty
            );
            assert!(
                !wrong.is_empty() || empty > 0,
                "rust-bert's predict looks fixed"
            );
        }
    }
    // tidings, same single call: every input matches (also checked in tests/transformers_parity.rs).
    let ner = TransformersNer::load(
        &TransformersNerConfig::new(fixture())
            .device(Device::Cpu)
            .max_len(exp["max_len"].as_u64().unwrap() as usize)
            .stride(exp["stride"].as_u64().unwrap() as usize),
    )
    .unwrap();
    let ours = ner.predict_tokens(&texts).unwrap();
    for &i in &single {
        let got: Vec<String> = ours[i].iter().map(|p| p.label.clone()).collect();
        assert_eq!(got, reference(i));
    }
}

/// One `ner` stage, two backends: the German paragraph goes to the transformer
/// (its route), the English one to the embedded model; a config file says the
/// same with `"backend": "transformers"`.
#[cfg(feature = "embedded-models")]
#[test]
fn one_ner_stage_routes_paragraphs_to_their_backends() {
    use tidings_core::{BuildStage, Document, Language, LanguageCode, Stage};

    let json = format!(
        r#"{{"routes": {{"de": {{"backend": "transformers", "dir": "{}", "device": "cpu"}}}}}}"#,
        fixture().display()
    );
    let config: crate::NerConfig = serde_json::from_str(&json).unwrap();
    let stage = config.build().unwrap();
    assert_eq!(stage.name(), "ner");
    assert!(stage.prefers_batch());
    let mut doc = Document::new(
        "d",
        "Angela Merkel met Emmanuel Macron in Paris on Monday.\nMüller traf heute in Zürich ein.",
    );
    doc.ensure_content("test").unwrap();
    for (p, code) in doc.paragraphs.iter_mut().zip(["en", "de"]) {
        p.language = Some(Language::given(LanguageCode::parse(code).unwrap()));
    }
    let results = stage.process_batch(std::slice::from_mut(&mut doc));
    assert!(results[0].is_ok(), "{results:?}");
    let split = doc.paragraphs[1].start;
    assert!(doc
        .entities
        .iter()
        .any(|e| e.start < split && e.model.starts_with("embedded:en")));
    assert!(
        doc.entities.iter().any(|e| e.model == "bert:ner-tiny-bert"),
        "{:?}",
        doc.entities
    );
    for e in &doc.entities {
        assert_eq!(&doc.content[e.start..e.end], e.text);
        let expected = if e.start < split {
            "embedded:en"
        } else {
            "bert:ner-tiny-bert"
        };
        assert!(e.model.starts_with(expected), "{e:?}");
    }
}

/// rust-bert's network of `family` with random weights (layer norms
/// included), and tidings' [`Encoder`] over the same tensors: their logits
/// at every real token of a padded batch.
fn encoder_against_rust_bert(family: Family, config: &str) -> f32 {
    use rust_bert::bert::{BertConfig, BertForTokenClassification};
    use rust_bert::distilbert::{DistilBertConfig, DistilBertForTokenClassification};
    use rust_bert::roberta::RobertaForTokenClassification;
    use tch::{nn, Device as TchDevice, Kind};

    tch::manual_seed(7);
    let labels = 5;
    let reference_vs = nn::VarStore::new(TchDevice::Cpu);
    let root = reference_vs.root();
    type Forward = Box<dyn Fn(&Tensor, &Tensor) -> Tensor>;
    let reference: Forward = match family {
        Family::Bert => {
            let c: BertConfig = serde_json::from_str(config).unwrap();
            let m = BertForTokenClassification::new(&root, &c).unwrap();
            Box::new(move |ids, mask| {
                m.forward_t(Some(ids), Some(mask), None, None, None, false)
                    .logits
            })
        }
        Family::Roberta | Family::XlmRoberta => {
            let c: BertConfig = serde_json::from_str(config).unwrap();
            let m = RobertaForTokenClassification::new(&root, &c).unwrap();
            Box::new(move |ids, mask| {
                m.forward_t(Some(ids), Some(mask), None, None, None, false)
                    .logits
            })
        }
        Family::DistilBert => {
            let c: DistilBertConfig = serde_json::from_str(config).unwrap();
            let m = DistilBertForTokenClassification::new(&root, &c).unwrap();
            Box::new(move |ids, mask| {
                m.forward_t(Some(ids), Some(mask), None, false)
                    .unwrap()
                    .logits
            })
        }
    };
    let reference_vars = reference_vs.variables();
    tch::no_grad(|| {
        for v in reference_vars.values() {
            v.shallow_clone().copy_(&(v.randn_like() * 0.5));
        }
    });

    let mut vs = nn::VarStore::new(TchDevice::Cpu);
    let mut encoder = Encoder::new(&vs.root(), family, config, labels).unwrap();
    tch::no_grad(|| {
        for (name, mut v) in vs.variables() {
            let src = reference_vars
                .get(&name)
                .unwrap_or_else(|| panic!("rust-bert has no tensor `{name}`"));
            v.copy_(src);
        }
    });
    vs.freeze();
    encoder.finish();

    // Three windows of 11, 7 and 4 tokens; ids avoid the padding ids 0 and 1.
    let (rows, cols) = (3i64, 11i64);
    let lens = [11i64, 7, 4];
    let ids = Tensor::randint_low(2, 90, [rows, cols], (Kind::Int64, TchDevice::Cpu));
    let keep = Tensor::arange(cols, (Kind::Int64, TchDevice::Cpu))
        .unsqueeze(0)
        .lt_tensor(&Tensor::from_slice(&lens).unsqueeze(1));
    let pad = if matches!(family, Family::Roberta | Family::XlmRoberta) {
        1
    } else {
        0
    };
    let ids = ids.where_scalarother(&keep, pad);
    let mask = keep.to_kind(Kind::Int64);

    let (want, got) = tch::no_grad(|| (reference(&ids, &mask), encoder.forward(&ids, &mask)));
    assert_eq!(want.size(), got.size());
    assert_eq!(got.size(), [rows, cols, labels]);
    let real = keep.unsqueeze(-1).expand_as(&got);
    let diff = (want - got).abs().masked_select(&real);
    assert_eq!(diff.numel() as i64, lens.iter().sum::<i64>() * labels);
    let worst = diff.max().double_value(&[]) as f32;
    eprintln!("{family:?}: max |logit diff| against rust-bert = {worst:e}");
    worst
}

const BERT_SHAPE: &str = r#"{"vocab_size": 100, "hidden_size": 32, "num_hidden_layers": 2,
  "num_attention_heads": 4, "intermediate_size": 48, "hidden_act": "gelu",
  "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
  "max_position_embeddings": 40, "type_vocab_size": 2, "initializer_range": 0.02,
  "pad_token_id": PAD, "layer_norm_eps": 1e-12,
  "id2label": {"0": "O", "1": "B-PER", "2": "I-PER", "3": "B-LOC", "4": "I-LOC"}}"#;

/// tidings' encoder computes what rust-bert's BERT, RoBERTa and DistilBERT
/// networks compute, tensor name for tensor name (the Python parity test
/// covers BERT against transformers itself). RoBERTa's epsilon is 1e-12
/// here because rust-bert fixes it there.
#[test]
fn own_encoder_matches_rust_bert_networks() {
    let bert = BERT_SHAPE.replace("PAD", "0");
    assert!(encoder_against_rust_bert(Family::Bert, &bert) < 1e-5);
    let roberta = BERT_SHAPE.replace("PAD", "1");
    assert!(encoder_against_rust_bert(Family::Roberta, &roberta) < 1e-5);
    let distil = r#"{"vocab_size": 100, "dim": 32, "n_layers": 2, "n_heads": 4,
      "hidden_dim": 48, "activation": "gelu", "dropout": 0.1, "attention_dropout": 0.1,
      "qa_dropout": 0.1, "seq_classif_dropout": 0.2, "max_position_embeddings": 40,
      "sinusoidal_pos_embds": false, "initializer_range": 0.02, "tie_weights_": true,
      "id2label": {"0": "O", "1": "B-PER", "2": "I-PER", "3": "B-LOC", "4": "I-LOC"}}"#;
    assert!(encoder_against_rust_bert(Family::DistilBert, distil) < 1e-5);
}

/// A configuration tidings cannot run is refused when the model loads, with
/// the reason, not at the first forward pass.
#[test]
fn encoder_refuses_what_it_cannot_run() {
    let vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let bert = BERT_SHAPE.replace("PAD", "0");
    let err = |config: String| {
        Encoder::new(&vs.root(), Family::Bert, &config, 5)
            .err()
            .unwrap()
    };
    let relative = bert.replace(
        r#""layer_norm_eps""#,
        r#""position_embedding_type": "relative_key", "layer_norm_eps""#,
    );
    assert!(err(relative).contains("relative_key"));
    assert!(err(bert.replace(r#""gelu""#, r#""softsign""#)).contains("softsign"));
    assert!(
        err(bert.replace(r#""num_attention_heads": 4"#, r#""num_attention_heads": 5"#))
            .contains("not a multiple")
    );
    assert!(err(bert.replace(r#""vocab_size": 100,"#, "")).contains("vocab_size"));
}
