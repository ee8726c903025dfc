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
