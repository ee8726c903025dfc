#![allow(clippy::unwrap_used)]
//! The clean stage, registered in the facade, on ../shared/seeds: chrome is
//! removed with a reason and the article is kept; then the lang stage runs on
//! the cleaned content.

use tidings::config::StageConfig;
use tidings::{run_stage, BoilerplateReason, BuildStage};

fn seeds() -> Option<Vec<(String, String)>> {
    let dir = tidings_testdata::require(tidings_testdata::seeds_dir())?;
    let Ok(rd) = std::fs::read_dir(&dir) else {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "{}: seeds missing (CI=true)",
            dir.display()
        );
        return None;
    };
    let mut out: Vec<(String, String)> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
        .collect();
    out.sort();
    Some(out)
}

#[test]
fn clean_is_first_and_cleans_the_seeds() {
    assert_eq!(StageConfig::DEFAULT_PIPELINE.first(), Some(&"clean"));
    let Some(seeds) = seeds() else { return };
    assert_eq!(seeds.len(), 2);
    let clean = StageConfig::default_for("clean").unwrap().build().unwrap();
    let lang = StageConfig::default_for("lang").unwrap().build().unwrap();
    for (id, text) in seeds {
        let mut doc =
            tidings::io::document_from_bytes(id.clone(), text.as_bytes(), None, usize::MAX, None);
        run_stage(clean.as_ref(), &mut doc);
        run_stage(lang.as_ref(), &mut doc);
        assert!(doc.errors.is_empty(), "{id}: {:?}", doc.errors);
        assert_eq!(doc.text, text);
        let reasons: Vec<BoilerplateReason> = doc.boilerplate.iter().map(|b| b.reason).collect();
        let lang = doc.language.as_ref().unwrap().iso639_3.clone();
        if id.contains("000_") {
            assert_eq!(lang, "eng");
            assert!(reasons.contains(&BoilerplateReason::CookieBanner));
            assert!(reasons.contains(&BoilerplateReason::Navigation));
            assert_eq!(doc.paragraphs.len(), 21);
        } else {
            assert_eq!(lang, "ind");
            assert!(reasons.contains(&BoilerplateReason::RelatedLinks));
            assert!(reasons.contains(&BoilerplateReason::Metadata));
            assert_eq!(doc.paragraphs.len(), 12);
            assert!(!doc.content.contains("Berita Lainnya"));
            assert!(!doc.content.contains("WIB"));
        }
        for p in &doc.paragraphs {
            assert!(p.language.is_some());
            assert!(!doc.content[p.start..p.end].trim().is_empty());
        }
    }
}
