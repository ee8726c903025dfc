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
    // A person's name does not end in "Island".
    assert_has(&found, "Sentosa Island", EntityLabel::Location);
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

#[test]
fn indonesian_seed_names_north_korea_and_keeps_titles_out() {
    let Some(text) = seed("004_") else { return };
    let (_, found) = entities(&text);
    assert_has(&found, "Korea Utara", EntityLabel::Location);
    assert_has(&found, "Korut", EntityLabel::Location);
    assert_has(&found, "Kim Jong-un", EntityLabel::Person);
    assert_has(&found, "China", EntityLabel::Location);
    // "Pemimpin" (leader) is a title, not part of a name.
    assert!(
        found.iter().all(|(t, _)| !t.starts_with("Pemimpin")),
        "{found:?}"
    );
}

/// The README's own example, through the whole default pipeline: Indonesian,
/// and each name with its English canonical name.
#[test]
fn readme_example_through_the_default_pipeline() {
    let pipeline = tidings::PipelineConfig::default().build().unwrap();
    let mut docs = vec![Document::new(
        "a",
        "Pemimpin Korea Utara Kim Jong-un bertemu Xi Jinping di Beijing.",
    )];
    pipeline.process_chunk(&mut docs);
    let doc = &docs[0];
    assert_eq!(doc.language.as_ref().unwrap().iso639_3, "ind");
    let got: Vec<(&str, EntityLabel, Option<&str>)> = doc
        .entities
        .iter()
        .map(|e| (e.text.as_str(), e.label, e.canonical.as_deref()))
        .collect();
    for want in [
        ("Korea Utara", EntityLabel::Location, Some("North Korea")),
        ("Kim Jong-un", EntityLabel::Person, Some("Kim Jong Un")),
        ("Xi Jinping", EntityLabel::Person, Some("Xi Jinping")),
        ("Beijing", EntityLabel::Location, Some("Beijing")),
    ] {
        assert!(got.contains(&want), "{want:?} not in {got:?}");
    }
    assert_eq!(got.len(), 4, "{got:?}");
}
