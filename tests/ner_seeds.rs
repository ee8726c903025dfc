//! The embedded models on the two real seed documents (../shared/seeds from the
//! repository root, or $TIDINGS_SEEDS): the people, places and organisations of
//! both articles must be found. Under `CI=true` missing seeds are a failure.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tidings::lang::{LangConfig, LangStage};
use tidings::ner::{NerConfig, NerStage};
use tidings::{Document, EntityLabel, Stage};

fn seed(prefix: &str) -> Option<String> {
    tidings_testdata::seed(prefix).map(|(_, text)| text)
}

/// Runs lang + ner on the raw lines; returns (text with ’ as ', label) pairs.
fn entities(text: &str) -> (Document, Vec<(String, EntityLabel)>) {
    let mut doc = Document::new("seed", text);
    LangStage::new(LangConfig::default())
        .unwrap()
        .process(&mut doc)
        .unwrap();
    NerStage::new(NerConfig::default())
        .unwrap()
        .process(&mut doc)
        .unwrap();
    for e in &doc.entities {
        assert_eq!(
            &doc.content[e.start..e.end],
            e.text,
            "offsets are bytes into content"
        );
        assert!((0.0..=1.0).contains(&e.score));
    }
    let found = doc
        .entities
        .iter()
        .map(|e| (e.text.replace('\u{2019}', "'"), e.label))
        .collect();
    (doc, found)
}

fn assert_has(found: &[(String, EntityLabel)], name: &str, label: EntityLabel) {
    assert!(
        found.iter().any(|(t, l)| t == name && *l == label),
        "{name} ({label}) not found; got {found:?}"
    );
}

#[test]
fn english_seed() {
    let Some(text) = seed("000_") else { return };
    let (doc, found) = entities(&text);
    assert_eq!(doc.language.as_ref().unwrap().iso639_3, "eng");
    assert!(doc
        .entities
        .iter()
        .all(|e| e.model == "embedded:en" || e.model == "embedded:multi"));
    assert_has(&found, "Kim Jong Un", EntityLabel::Person);
    assert_has(&found, "Xi Jinping", EntityLabel::Person);
    assert_has(&found, "Singapore", EntityLabel::Location);
    assert_has(&found, "Workers' Party of Korea", EntityLabel::Organization);
}

#[test]
fn indonesian_seed() {
    let Some(text) = seed("004_") else { return };
    let (doc, found) = entities(&text);
    assert_eq!(doc.language.as_ref().unwrap().iso639_3, "ind");
    assert_has(&found, "Li Hongzhong", EntityLabel::Person);
    assert_has(&found, "Xi Jinping", EntityLabel::Person);
    assert_has(&found, "Pyongyang", EntityLabel::Location);
    assert_has(&found, "Partai Komunis China", EntityLabel::Organization);
}
