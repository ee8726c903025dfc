//! Parity of the transformer NER backend with Python `transformers`, on the tiny
//! random BERT in tests/fixtures/ner-tiny-bert (made by scripts/make_ner_fixture.py).
#![cfg(feature = "transformers")]
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use serde_json::Value;
use tidings_core::{BuildStage, Document, EntityLabel, Stage};
use tidings_ner::{Device, TransformersNer, TransformersNerConfig};

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/ner-tiny-bert")
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture_dir().join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn config(exp: &Value) -> TransformersNerConfig {
    TransformersNerConfig::new(fixture_dir())
        .max_len(exp["max_len"].as_u64().unwrap() as usize)
        .stride(exp["stride"].as_u64().unwrap() as usize)
        .device(Device::Cpu)
}

#[test]
fn same_tokens_labels_and_logits_as_python_in_one_call_over_64_windows() {
    let exp = expected();
    let records = exp["texts"].as_array().unwrap();
    let texts: Vec<&str> = records
        .iter()
        .map(|r| r["text"].as_str().unwrap())
        .collect();
    // The fixture has a text needing several windows and > 64 windows in all.
    assert!(records.iter().any(|r| r["windows"].as_u64().unwrap() >= 3));
    assert!(exp["total_windows"].as_u64().unwrap() > 64);

    for batch_size in [7, 64, 1000] {
        let ner = TransformersNer::load(&config(&exp).batch_size(batch_size)).unwrap();
        assert_eq!(ner.labels().len(), 9);
        let got = ner.predict_tokens(&texts).unwrap();
        assert_eq!(got.len(), texts.len());
        let mut worst = 0.0f32;
        for ((rec, preds), text) in records.iter().zip(&got).zip(&texts) {
            let want = rec["tokens"].as_array().unwrap();
            assert_eq!(preds.len(), want.len(), "token count of {text:?}");
            for (p, w) in preds.iter().zip(want) {
                let ctx = format!("batch {batch_size}, token {w} of {text:?}");
                assert_eq!(p.token_id, w["id"].as_i64().unwrap(), "{ctx}");
                assert_eq!(p.start, w["start"].as_u64().unwrap() as usize, "{ctx}");
                assert_eq!(p.end, w["end"].as_u64().unwrap() as usize, "{ctx}");
                assert_eq!(p.label, w["label"].as_str().unwrap(), "{ctx}");
                for (a, b) in p.logits.iter().zip(w["logits"].as_array().unwrap()) {
                    let d = (a - b.as_f64().unwrap() as f32).abs();
                    worst = worst.max(d);
                    assert!(d <= 1e-4, "{ctx}: logit {a} vs {b}");
                }
                // Offsets are bytes into the text: slicing works on non-ASCII text.
                assert!(text.get(p.start..p.end).is_some(), "{ctx}");
            }
        }
        eprintln!("batch_size {batch_size}: max |logit diff| = {worst:e}");
    }
}

/// Entities the reference labels imply: words (a `##` piece continues a word)
/// labelled by their first piece, B-/I- decoding, no entity across a line
/// break; then the `ner` stage's rule for every backend: a Korean particle
/// stays outside the mention ("평양에서" → "평양").
fn reference_entities(rec: &Value) -> Vec<(usize, usize, EntityLabel)> {
    let text = rec["text"].as_str().unwrap();
    let mut words: Vec<(usize, usize, String)> = Vec::new();
    for t in rec["tokens"].as_array().unwrap() {
        let (s, e) = (
            t["start"].as_u64().unwrap() as usize,
            t["end"].as_u64().unwrap() as usize,
        );
        if t["piece"].as_str().unwrap().starts_with("##") {
            if let Some(w) = words.last_mut() {
                w.1 = e;
                continue;
            }
        }
        words.push((s, e, t["label"].as_str().unwrap().to_owned()));
    }
    let mut out: Vec<(usize, usize, EntityLabel)> = Vec::new();
    let mut open = false;
    for (s, e, label) in words {
        if label == "O" {
            open = false;
            continue;
        }
        let (bio, kind) = label.split_once('-').unwrap();
        let kind = EntityLabel::parse(kind).unwrap();
        match out.last_mut() {
            Some(last)
                if open && bio == "I" && last.2 == kind && !text[last.1..s].contains('\n') =>
            {
                last.1 = e
            }
            _ => out.push((s, e, kind)),
        }
        open = true;
    }
    for m in &mut out {
        let mention = &text[m.0..m.1];
        m.1 -= if m.2 == EntityLabel::Person {
            tidings_core::korean_person_particle_len(mention)
        } else {
            tidings_core::korean_particle_len(mention)
        };
    }
    // A piece of a title the paragraph goes on with ("Presiden" before
    // "Korea Utara") names no one: the stage drops it.
    out.retain(|m| {
        let rest = text[m.0..].split('\n').next().unwrap_or_default();
        tidings_core::title_prefix_len(rest) < m.1 - m.0
    });
    out
}

#[test]
fn stage_finds_the_reference_entities_with_byte_offsets_into_content() {
    let exp = expected();
    let records = exp["texts"].as_array().unwrap();
    let stage = config(&exp).batch_size(16).build().unwrap();
    assert_eq!(stage.name(), "ner");
    assert!(stage.prefers_batch());
    let mut docs: Vec<Document> = records
        .iter()
        .enumerate()
        .map(|(i, r)| Document::new(format!("doc{i}"), r["text"].as_str().unwrap()))
        .collect();
    let results = stage.process_batch(&mut docs);
    assert!(results.iter().all(Result::is_ok));
    let mut non_ascii = 0;
    for (doc, rec) in docs.iter().zip(records) {
        let got: Vec<(usize, usize, EntityLabel)> = doc
            .entities
            .iter()
            .map(|e| (e.start, e.end, e.label))
            .collect();
        assert_eq!(got, reference_entities(rec), "{}", doc.content);
        for e in &doc.entities {
            assert_eq!(&doc.content[e.start..e.end], e.text);
            assert!((0.0..=1.0).contains(&e.score));
            assert_eq!(e.model, "bert:ner-tiny-bert");
            if !e.text.is_ascii() {
                non_ascii += 1;
            }
        }
    }
    assert!(
        non_ascii > 0,
        "the fixture should exercise non-ASCII entities"
    );

    // One document at a time gives the same entities as the batch.
    let mut one = Document::new("one", records[1]["text"].as_str().unwrap());
    stage.process(&mut one).unwrap();
    assert_eq!(one.entities, docs[1].entities);
}

#[test]
fn missing_or_wrong_files_are_errors_naming_the_file() {
    let exp = expected();
    let tmp = std::env::temp_dir().join(format!("tidings-ner-bad-{}", std::process::id()));
    let setup = |skip: &str| {
        let _ = std::fs::remove_dir_all(&tmp);
        std::fs::create_dir_all(&tmp).unwrap();
        for f in [
            "config.json",
            "vocab.txt",
            "model.safetensors",
            "tokenizer_config.json",
        ] {
            if f != skip {
                std::fs::copy(fixture_dir().join(f), tmp.join(f)).unwrap();
            }
        }
    };
    let err = |exp: &Value| {
        let cfg = TransformersNerConfig {
            model_dir: tmp.clone(),
            ..config(exp)
        };
        TransformersNer::load(&cfg).unwrap_err().to_string()
    };
    for missing in ["config.json", "vocab.txt", "model.safetensors"] {
        setup(missing);
        let msg = err(&exp);
        assert!(msg.contains(missing), "{msg}");
    }
    // Truncated weights.
    setup("");
    let bytes = std::fs::read(fixture_dir().join("model.safetensors")).unwrap();
    std::fs::write(tmp.join("model.safetensors"), &bytes[..bytes.len() / 2]).unwrap();
    let msg = err(&exp);
    assert!(msg.contains("model.safetensors"), "{msg}");
    // A config whose shapes do not match the weights.
    setup("");
    let cfg = std::fs::read_to_string(fixture_dir().join("config.json")).unwrap();
    std::fs::write(
        tmp.join("config.json"),
        cfg.replace("\"hidden_size\": 32", "\"hidden_size\": 48"),
    )
    .unwrap();
    let msg = err(&exp);
    assert!(
        msg.contains("model.safetensors") && msg.contains("shape"),
        "{msg}"
    );
    // Not a token-classification config.
    setup("");
    let mut v: Value = serde_json::from_str(&cfg).unwrap();
    v.as_object_mut().unwrap().remove("id2label");
    std::fs::write(tmp.join("config.json"), v.to_string()).unwrap();
    let msg = err(&exp);
    assert!(
        msg.contains("config.json") && msg.contains("id2label"),
        "{msg}"
    );
    // A window longer than the model's positions.
    setup("");
    let msg = TransformersNer::load(&TransformersNerConfig::new(&tmp).max_len(4096))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("max_len"), "{msg}");
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn a_batch_with_empty_and_html_documents_keeps_every_document() {
    let exp = expected();
    let stage = config(&exp).build().unwrap();
    let text = exp["texts"][0]["text"].as_str().unwrap();
    let mut docs = vec![
        Document::new("empty", ""),
        Document::html("page", "<html><body><p>Kim Jong Un</p></body></html>"),
        Document::new("text", text),
    ];
    let results = stage.process_batch(&mut docs);
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && docs[0].entities.is_empty());
    let err = results[1].as_ref().unwrap_err();
    assert!(err.message.contains("page"), "{err}");
    assert!(results[2].is_ok());
    assert_eq!(
        docs[2]
            .entities
            .iter()
            .map(|e| (e.start, e.end))
            .collect::<Vec<_>>(),
        reference_entities(&exp["texts"][0])
            .iter()
            .map(|e| (e.0, e.1))
            .collect::<Vec<_>>()
    );
}
