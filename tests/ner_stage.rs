//! The `ner` stage through the facade: registered under its name, configured
//! from JSON, run after `lang` on a mixed English/Indonesian document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tidings::config::StageConfig;
use tidings::{BuildStage, Document, EntityLabel};

#[test]
fn ner_is_registered_and_configurable() {
    assert!(StageConfig::NAMES.contains(&"ner"));
    let c = StageConfig::default_for("ner").unwrap();
    assert_eq!(c.name(), "ner");
    let c: StageConfig = serde_json::from_str(r#"{"type": "ner", "min_score": 0.3}"#).unwrap();
    assert!(matches!(&c, StageConfig::Ner(n) if n.min_score == 0.3));
    assert!(serde_json::from_str::<StageConfig>(r#"{"type": "ner", "nope": 1}"#).is_err());
}

#[test]
fn lang_then_ner_tags_each_paragraph_with_its_language_model() {
    let pipeline: StageConfig = serde_json::from_str(
        r#"{"type": "sequence", "stages": [{"type": "lang"}, {"type": "ner"}]}"#,
    )
    .unwrap();
    let stage = pipeline.build().unwrap();
    let mut doc = Document::new(
        "mixed",
        "Presiden Joko Widodo bertemu dengan Perdana Menteri Malaysia di Jakarta pada hari Senin untuk membahas kerja sama.\n\
         The United Nations said on Monday that Secretary-General Antonio Guterres would travel to Geneva next week.",
    );
    stage.process(&mut doc).unwrap();
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    for e in &doc.entities {
        assert_eq!(&doc.content[e.start..e.end], e.text);
    }
    let models: Vec<&str> = doc.entities.iter().map(|e| e.model.as_str()).collect();
    assert!(models.contains(&"embedded:id+multi"), "{models:?}");
    assert!(models.contains(&"embedded:en"), "{models:?}");
    let has = |t: &str, l: EntityLabel| doc.entities.iter().any(|e| e.text == t && e.label == l);
    assert!(has("Jakarta", EntityLabel::Location), "{:?}", doc.entities);
    assert!(has("Geneva", EntityLabel::Location), "{:?}", doc.entities);
}
