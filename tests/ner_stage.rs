//! The `ner` stage through the facade: registered under its name, configured
//! from JSON, run after `lang` on a mixed English/Indonesian document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use tidings::config::StageConfig;
use tidings::{BuildStage, Document, EntityLabel};

#[test]
fn ner_is_registered_and_configurable() {
    assert!(StageConfig::DEFAULT_PIPELINE.contains(&"ner"));
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
    assert!(models.contains(&"embedded:id"), "{models:?}");
    assert!(models.contains(&"embedded:en"), "{models:?}");
    let has = |t: &str, l: EntityLabel| doc.entities.iter().any(|e| e.text == t && e.label == l);
    assert!(has("Jakarta", EntityLabel::Location), "{:?}", doc.entities);
    assert!(has("Geneva", EntityLabel::Location), "{:?}", doc.entities);
}

/// The persons the `ner` stage finds in `text`, read as `lang`.
fn persons(lang: &str, text: &str) -> Vec<String> {
    let stage = tidings::ner::NerStage::new(tidings::ner::NerConfig::default()).unwrap();
    let mut doc = Document::new("d", text);
    doc.language = tidings::LanguageCode::parse(lang).map(tidings::Language::given);
    tidings::Stage::process(&stage, &mut doc).unwrap();
    for e in &doc.entities {
        // Offsets are bytes into `content`.
        assert_eq!(&doc.content[e.start..e.end], e.text);
    }
    doc.entities
        .iter()
        .filter(|e| e.label == EntityLabel::Person)
        .map(|e| e.text.clone())
        .collect()
}

#[test]
fn a_title_case_headline_ends_the_name_before_its_verb() {
    let found = persons("en", "Kim Jong-Un Seek Support from Russia");
    assert_eq!(found, ["Kim Jong-Un"]);
    // Indonesian title case: the case-aware model reads it lowercased.
    let found = persons("id", "Jokowi Minta Dukungan Rusia untuk Perdamaian");
    assert!(found.iter().all(|p| !p.contains("Minta")), "{found:?}");
}

#[test]
fn an_initial_with_its_period_stays_inside_the_name() {
    let found = persons(
        "en",
        "Supreme Leader Kim Jong Un met with Donald J. Trump, president of the United States, in Singapore.",
    );
    assert!(found.contains(&"Donald J. Trump".to_owned()), "{found:?}");
    let found = persons(
        "id",
        "Kim Jong Un bertemu Donald J. Trump di Singapura pada Selasa.",
    );
    assert!(found.contains(&"Donald J. Trump".to_owned()), "{found:?}");
}

#[test]
fn honorifics_and_job_titles_stay_outside_the_person() {
    let found = persons(
        "en",
        "Supreme Leader Kim Jong Un met President Moon Jae-in and Mr. Pompeo on Tuesday.",
    );
    for p in &found {
        assert!(
            !["Supreme", "Leader", "President", "Mr"]
                .iter()
                .any(|t| p.contains(t)),
            "{found:?}"
        );
    }
    assert!(found.contains(&"Kim Jong Un".to_owned()), "{found:?}");
    let found = persons(
        "id",
        "Presiden Joko Widodo bertemu Menteri Luar Negeri Retno Marsudi di Istana Merdeka, Jakarta.",
    );
    assert!(found.contains(&"Joko Widodo".to_owned()), "{found:?}");
    assert!(
        found
            .iter()
            .all(|p| !p.starts_with("Presiden") && !p.starts_with("Menteri")),
        "{found:?}"
    );
    // A title alone names no one: "The Supreme Leader, on June 10, …".
    let found = persons(
        "en",
        "The Supreme Leader, on June 10, met the Prime Minister of Singapore.",
    );
    assert!(
        found.iter().all(|p| !p.contains("Supreme Leader")),
        "{found:?}"
    );
}

#[test]
fn a_piece_of_a_title_is_no_name_of_any_kind() {
    // The English seed: "Supreme" was tagged ORG before "Commander".
    let text = "Kim Jong Un, Chairman of the State Affairs Commission of the DPRK and Supreme \
                Commander of the Korean People’s Army, made an unofficial visit.";
    let stage = tidings::ner::NerStage::new(tidings::ner::NerConfig::default()).unwrap();
    let mut doc = Document::new("d", text);
    doc.language = tidings::LanguageCode::parse("en").map(tidings::Language::given);
    tidings::Stage::process(&stage, &mut doc).unwrap();
    let texts: Vec<&str> = doc.entities.iter().map(|e| e.text.as_str()).collect();
    assert!(!texts.iter().any(|t| t.starts_with("Supreme")), "{texts:?}");
    assert!(texts.contains(&"Kim Jong Un"), "{texts:?}");
}

#[test]
fn lowercased_indonesian_finds_names_as_cased_text_does() {
    let found = persons(
        "id",
        "presiden joko widodo meresmikan bendungan di karanganyar, jawa tengah, pada senin.",
    );
    assert!(found.contains(&"joko widodo".to_owned()), "{found:?}");
}

/// What `tidings run ../shared/seeds` does to each seed: no person carries a
/// title or a headline's verb, and every person the English seed names in
/// full is found whole.
#[test]
fn the_seeds_through_the_default_pipeline_name_people_without_titles() {
    let pipeline = tidings::PipelineConfig::default().build().unwrap();
    for prefix in ["000_", "004_"] {
        let Some((path, text)) = tidings_testdata::seed(prefix) else {
            return;
        };
        let mut doc = Document::new(path.display().to_string(), text);
        pipeline.process(&mut doc);
        assert!(doc.errors.is_empty(), "{:?}", doc.errors);
        for e in doc
            .entities
            .iter()
            .filter(|e| e.label == EntityLabel::Person)
        {
            assert_eq!(
                tidings::ner::title_prefix_len(&e.text),
                0,
                "{}: {}",
                doc.id,
                e.text
            );
            assert!(
                !tidings::ner::is_only_titles(&e.text),
                "{}: {}",
                doc.id,
                e.text
            );
            for verb in ["Seek", "Support", "met", "bertemu"] {
                assert!(
                    !e.text.split(' ').any(|w| w == verb),
                    "{}: {}",
                    doc.id,
                    e.text
                );
            }
        }
        if prefix == "000_" {
            let people: Vec<&str> = doc
                .entities
                .iter()
                .filter(|e| e.label == EntityLabel::Person)
                .map(|e| e.text.as_str())
                .collect();
            for name in [
                "Kim Jong Un",
                "Donald J. Trump",
                "Xi Jinping",
                "Lee Hsien Loong",
            ] {
                assert!(people.contains(&name), "{name} in {people:?}");
            }
        }
    }
}

/// Serbian in either of its scripts, and Croatian, go to the `sr` model,
/// trained on the same corpora in Latin letters and in Cyrillic; Polish and
/// Czech to their own.
#[test]
fn south_and_west_slavic_languages_take_their_models() {
    let run = |lang: &str, text: &str| {
        let stage = tidings::ner::NerStage::new(tidings::ner::NerConfig::default()).unwrap();
        let mut doc = Document::new("d", text);
        doc.language = tidings::LanguageCode::parse(lang).map(tidings::Language::given);
        tidings::Stage::process(&stage, &mut doc).unwrap();
        doc.entities
            .iter()
            .map(|e| (e.text.clone(), e.label, e.model.clone()))
            .collect::<Vec<_>>()
    };
    let cases = [
        (
            "sr",
            "sr",
            "Председник Александар Вучић је у понедељак допутовао у Београд.",
            "Александар Вучић",
            "Београд",
        ),
        (
            "sr",
            "sr",
            "Predsednik Aleksandar Vučić je u ponedeljak doputovao u Beograd.",
            "Aleksandar Vučić",
            "Beograd",
        ),
        (
            "hr",
            "sr",
            "Premijer Andrej Plenković je u ponedjeljak doputovao u Zagreb.",
            "Andrej Plenković",
            "Zagreb",
        ),
        (
            "pl",
            "pl",
            "Premier Donald Tusk przyjechał w poniedziałek do Warszawy.",
            "Donald Tusk",
            "Warszawy",
        ),
        (
            "cs",
            "cs",
            "Premiér Petr Fiala v pondělí přijel do Prahy.",
            "Petr Fiala",
            "Prahy",
        ),
    ];
    for (lang, model, text, person, place) in cases {
        let found = run(lang, text);
        let model = format!("embedded:{model}");
        assert!(found.iter().all(|(_, _, m)| *m == model), "{found:?}");
        assert!(
            found
                .iter()
                .any(|(t, l, _)| t == person && *l == EntityLabel::Person),
            "{found:?}"
        );
        assert!(
            found
                .iter()
                .any(|(t, l, _)| t == place && *l == EntityLabel::Location),
            "{found:?}"
        );
    }
}
