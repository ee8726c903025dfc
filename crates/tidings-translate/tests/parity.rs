//! Token-id parity with Hugging Face `transformers` on tiny random models.
//!
//! The fixtures (tests/fixtures/translate, made by
//! scripts/make_translate_fixtures.py) hold a tiny Marian and a tiny M2M100
//! model and, for a few inputs, the encoder input ids and the greedy output ids
//! that `transformers` 4.44.2 produced. tidings must produce the same ids.
#![cfg(feature = "transformers")]
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use serde_json::Value;
use tidings_core::{Document, Language, Stage, TranslationStatus};
use tidings_translate::{
    Device, ModelKind, ModelSpec, RustBertTranslator, TranslateConfig, TranslateStage,
};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/translate")
}

fn indonesian() -> Language {
    Language {
        iso639_3: "ind".into(),
        iso639_1: Some("id".into()),
        name: "Indonesian".into(),
        script: Some("Latin".into()),
        confidence: 1.0,
        reliable: true,
        source: Default::default(),
    }
}

fn strip_pad(mut ids: Vec<i64>, pad: i64) -> Vec<i64> {
    while ids.len() > 1 && ids.last() == Some(&pad) {
        ids.pop();
    }
    ids
}

fn check(kind: ModelKind, name: &str, pad: i64) {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
            .unwrap();
    let model = expected["models"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["dir"] == name)
        .unwrap();
    let config = TranslateConfig::default()
        .max_length(model["max_length"].as_u64().unwrap() as usize)
        .device(Device::Cpu);
    let spec = ModelSpec::new(kind, fixtures().join(name));
    let t = RustBertTranslator::load(&spec, &config).unwrap();
    let cases = model["cases"].as_array().unwrap();
    let texts: Vec<&str> = cases.iter().map(|c| c["text"].as_str().unwrap()).collect();
    let want_in: Vec<Vec<i64>> = cases
        .iter()
        .map(|c| serde_json::from_value(c["input_ids"].clone()).unwrap())
        .collect();
    let want_out: Vec<Vec<i64>> = cases
        .iter()
        .map(|c| serde_json::from_value(c["output_ids"].clone()).unwrap())
        .collect();
    assert_eq!(
        t.encode(&texts, &indonesian()).unwrap(),
        want_in,
        "{name}: input ids"
    );
    // One at a time (as transformers ran them) and as one padded batch.
    for (text, want) in texts.iter().zip(&want_out) {
        let got = t.generate_ids(&[text], &indonesian()).unwrap();
        assert_eq!(strip_pad(got[0].clone(), pad), *want, "{name}: {text}");
    }
    let batch: Vec<Vec<i64>> = t
        .generate_ids(&texts, &indonesian())
        .unwrap()
        .into_iter()
        .map(|ids| strip_pad(ids, pad))
        .collect();
    assert_eq!(batch, want_out, "{name}: batched");
}

#[test]
fn marian_matches_transformers_token_ids() {
    check(ModelKind::Marian, "marian-tiny", 60);
}

#[test]
fn m2m100_matches_transformers_token_ids() {
    check(ModelKind::M2m100, "m2m100-tiny", 1);
}

#[test]
fn stage_translates_with_alignments_through_the_tiny_model() {
    let config = TranslateConfig::default()
        .route(
            "id",
            ModelSpec::new(ModelKind::Marian, fixtures().join("marian-tiny")),
        )
        .max_length(8)
        .device(Device::Cpu);
    let stage = TranslateStage::new(config).unwrap();
    let mut doc = Document::new(
        "d",
        "Korea Utara meluncurkan rudal. Hari ini hujan.\nPresiden bertemu menteri.",
    );
    doc.language = Some(indonesian());
    stage.process(&mut doc).unwrap();
    let t = doc.translation.unwrap();
    assert_eq!(
        t.status,
        TranslationStatus::Translated {
            model: "marian-tiny".into()
        }
    );
    let text_en = t.text_en.unwrap();
    assert_eq!(text_en.matches('\n').count(), 1, "one line per paragraph");
    let src: Vec<&str> = t
        .alignments
        .iter()
        .map(|a| &doc.content[a.src_start..a.src_end])
        .collect();
    assert_eq!(
        src,
        [
            "Korea Utara meluncurkan rudal.",
            "Hari ini hujan.",
            "Presiden bertemu menteri."
        ]
    );
    for a in &t.alignments {
        assert!(text_en.get(a.en_start..a.en_end).is_some());
    }
}

#[test]
fn missing_files_are_named() {
    let dir =
        std::env::temp_dir().join(format!("tidings-translate-missing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in ["config.json", "vocab.json", "source.spm"] {
        std::fs::copy(fixtures().join("marian-tiny").join(f), dir.join(f)).unwrap();
    }
    let err = RustBertTranslator::load(
        &ModelSpec::new(ModelKind::Marian, &dir),
        &TranslateConfig::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("target.spm"), "{err}");
    std::fs::copy(
        fixtures().join("marian-tiny/target.spm"),
        dir.join("target.spm"),
    )
    .unwrap();
    let err = RustBertTranslator::load(
        &ModelSpec::new(ModelKind::Marian, &dir),
        &TranslateConfig::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("rust_model.ot"), "{err}");
    std::fs::write(dir.join("rust_model.safetensors"), b"not weights").unwrap();
    let err = RustBertTranslator::load(
        &ModelSpec::new(ModelKind::Marian, &dir),
        &TranslateConfig::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("rust_model.safetensors"), "{err}");
    std::fs::write(dir.join("config.json"), b"{not json").unwrap();
    let err = RustBertTranslator::load(
        &ModelSpec::new(ModelKind::Marian, &dir),
        &TranslateConfig::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("config.json"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
