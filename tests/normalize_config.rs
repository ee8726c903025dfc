#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The normalize stage is registered in the facade's serde config.

use tidings::config::StageConfig;
use tidings::{BuildStage, Document, Entity, EntityLabel};

#[test]
fn normalize_is_registered_and_runs_from_a_json_config() {
    assert!(StageConfig::DEFAULT_PIPELINE.contains(&"normalize"));
    let default = StageConfig::default_for("normalize").unwrap();
    assert_eq!(default.name(), "normalize");
    let config: StageConfig =
        serde_json::from_str(r#"{"type": "normalize", "transliterate": false}"#).unwrap();
    let StageConfig::Normalize(c) = &config else {
        panic!("wrong variant: {config:?}")
    };
    assert!(!c.transliterate && c.coref);
    assert!(serde_json::from_str::<StageConfig>(r#"{"type": "normalize", "nope": 1}"#).is_err());

    let stage = config.build().unwrap();
    let mut doc = Document::new("d", "");
    doc.content = "Korut".into();
    doc.entities = vec![Entity {
        start: 0,
        end: 5,
        text: "Korut".into(),
        label: EntityLabel::Location,
        score: 1.0,
        model: String::new(),
        canonical: None,
        canonical_source: None,
        wikidata_id: None,
    }];
    tidings::run_stage(stage.as_ref(), &mut doc);
    assert!(doc.errors.is_empty());
    assert_eq!(doc.entities[0].canonical.as_deref(), Some("North Korea"));
    assert_eq!(doc.timings[0].stage, "normalize");
}
