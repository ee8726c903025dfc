//! The default pipeline's translate stage on the real seed documents: without
//! models (or without the `transformers` feature) the Indonesian article is
//! `no_model` and the English one `skipped_english` with `text_en` = content.
//! Seeds: `$TIDINGS_DATA/../seeds` (default `../shared/seeds`); under `CI=true`
//! missing seeds fail the test.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use tidings::config::StageConfig;
use tidings::{run_stage, BuildStage, Document, TranslationStatus};

fn seeds() -> PathBuf {
    tidings_testdata::seeds_dir()
}

#[test]
fn default_translate_stage_reports_no_model_and_skipped_english_on_the_seeds() {
    assert!(StageConfig::DEFAULT_PIPELINE.contains(&"translate"));
    let dir = seeds();
    if !dir.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI=true but {} is missing",
            dir.display()
        );
        return;
    }
    let stages: Vec<_> = ["lang", "translate"]
        .iter()
        .map(|n| StageConfig::default_for(n).unwrap().build().unwrap())
        .collect();
    let mut seen = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let mut doc = Document::new(
            p.display().to_string(),
            std::fs::read_to_string(&p).unwrap(),
        );
        for s in &stages {
            run_stage(s.as_ref(), &mut doc);
        }
        let lang = doc.language.as_ref().unwrap().iso639_3.clone();
        let t = doc.translation.as_ref().unwrap();
        match lang.as_str() {
            "eng" => {
                assert_eq!(t.status, TranslationStatus::SkippedEnglish);
                assert_eq!(t.text_en.as_deref(), Some(doc.content.as_str()));
            }
            other => assert_eq!(
                t.status,
                TranslationStatus::NoModel {
                    language: Some(other.into())
                }
            ),
        }
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        seen.push(lang);
    }
    seen.sort();
    assert_eq!(seen, ["eng", "ind"]);
}
