#![cfg(feature = "gazetteer")]
#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Wikidata gazetteer: built from a file in ParaNames' release format
//! (gzipped TSV, header `wikidata_id eng label language type`) and an alias
//! TSV, then used by the normalize stage.

use std::io::Write;
use std::path::{Path, PathBuf};

use tidings_core::{BuildStage, Document, Entity, EntityLabel, Stage};
use tidings_normalize::gazetteer::{build, BuildOptions, EntityId, Gazetteer, Kinds};
use tidings_normalize::{NormalizeConfig, NormalizeError};

use EntityLabel::{Location as LOC, Organization as ORG, Person as PER};

/// One entity of the fixture: (id, English name, [(label, language)], type).
type Row = (
    &'static str,
    &'static str,
    Vec<(&'static str, &'static str)>,
    &'static str,
);

fn paranames_rows() -> Vec<Row> {
    vec![
        (
            "Q56226",
            "Kim Jong Un",
            vec![
                ("Kim Jong Un", "en"),
                ("김정은", "ko"),
                ("Ким Чен Ын", "ru"),
                ("金正恩", "zh"),
            ],
            "PER",
        ),
        (
            "Q392",
            "Bob Dylan",
            vec![
                ("Bob Dylan", "en"),
                ("Боб Дилан", "ru"),
                ("Боб Ділан", "uk"),
                ("ボブ・ディラン", "ja"),
            ],
            "PER",
        ),
        (
            "Q90",
            "Paris",
            vec![
                ("Paris", "en"),
                ("Paris", "fr"),
                ("Париж", "ru"),
                ("巴黎", "zh"),
                ("パリ", "ja"),
                ("باريس", "ar"),
                ("Parigi", "it"),
            ],
            "LOC",
        ),
        // A homonym known in two languages: Paris yields to the capital.
        (
            "Q830149",
            "Paris",
            vec![("Paris", "en"), ("Paris", "de")],
            "LOC",
        ),
        // Two towns as widely named as each other: only the document decides.
        (
            "Q28515",
            "Springfield, Illinois",
            vec![
                ("Springfield", "en"),
                ("Springfield", "de"),
                ("Springfield", "fr"),
            ],
            "LOC",
        ),
        (
            "Q49158",
            "Springfield, Massachusetts",
            vec![
                ("Springfield", "en"),
                ("Springfield", "es"),
                ("Springfield", "pl"),
            ],
            "LOC",
        ),
        (
            "Q1204",
            "Illinois",
            vec![("Illinois", "en"), ("Illinois", "fr")],
            "LOC",
        ),
        // One name, a person and a place.
        (
            "Q91",
            "Abraham Lincoln",
            vec![("Lincoln", "en"), ("Abraham Lincoln", "en")],
            "PER",
        ),
        (
            "Q28260",
            "Lincoln, Nebraska",
            vec![("Lincoln", "en"), ("Lincoln", "de"), ("Линкольн", "ru")],
            "LOC",
        ),
        (
            "Q1952",
            "Nova Scotia",
            vec![
                ("Nova Scotia", "en"),
                ("Новая Шотландия", "ru"),
                ("Нова Шотландія", "uk"),
            ],
            "LOC",
        ),
        (
            "Q1145410",
            "Dalhousie University",
            vec![
                ("Dalhousie University", "en"),
                ("Университет Дэлхаузи", "ru"),
            ],
            "ORG",
        ),
        // Listed once per type, as ParaNames does for ~3 % of entities.
        (
            "Q49088",
            "Columbia University",
            vec![("Columbia University", "en")],
            "ORG",
        ),
        (
            "Q49088",
            "Columbia University",
            vec![("Columbia University", "en")],
            "LOC",
        ),
    ]
}

fn write_paranames(path: &Path, gzip: bool) {
    let mut text = String::from("wikidata_id\teng\tlabel\tlanguage\ttype\n");
    for (id, eng, labels, kind) in paranames_rows() {
        for (label, lang) in labels {
            text.push_str(&format!("{id}\t{eng}\t{label}\t{lang}\t{kind}\n"));
        }
    }
    // Malformed rows are counted and skipped, not fatal.
    text.push_str("not-an-id\tX\tX\ten\tPER\n");
    text.push_str("Q5\tshort row\n");
    if gzip {
        let mut gz = flate2::write::GzEncoder::new(
            std::fs::File::create(path).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap();
    } else {
        std::fs::write(path, text).unwrap();
    }
}

fn fixture(dir: &Path) -> PathBuf {
    let tsv = dir.join("paranames.tsv.gz");
    write_paranames(&tsv, true);
    let aliases = dir.join("aliases.tsv");
    std::fs::write(
        &aliases,
        "# tidings alias rows: a name without a Wikidata id\norg\tKorut Press\tKorut Press Agency\n",
    )
    .unwrap();
    let index = dir.join("index");
    let stats = build(&[tsv, aliases], &index, &BuildOptions::default()).unwrap();
    assert_eq!(stats.skipped, 2, "{stats:?}");
    assert!(stats
        .first_skipped
        .as_deref()
        .unwrap()
        .contains("paranames.tsv.gz:"));
    assert_eq!(stats.entities, 13, "{stats:?}"); // 12 Wikidata items + 1 alias
    assert_eq!(stats.wikidata_entities, 12);
    index
}

#[test]
fn lookups_give_candidates_most_widely_named_first() {
    let dir = tempfile::tempdir().unwrap();
    let g = Gazetteer::open(fixture(dir.path())).unwrap();
    let paris = g.lookup("PARIS");
    let ids: Vec<Option<String>> = paris.iter().map(|c| c.id.wikidata()).collect();
    assert_eq!(ids, [Some("Q90".into()), Some("Q830149".into())]);
    assert!(paris[0].names > paris[1].names);
    assert_eq!(
        g.english(EntityId::parse_wikidata("Q90").unwrap()),
        Some("Paris")
    );
    // Two rows of one entity with two types: one candidate with both.
    let columbia = g.lookup("columbia university");
    assert_eq!(columbia.len(), 1);
    assert_eq!(columbia[0].kinds, Kinds::ORGANIZATION | Kinds::LOCATION);
    // An alias row: a name, no Wikidata id.
    let korut = g.lookup("Korut Press");
    assert_eq!(korut.len(), 1);
    assert_eq!(korut[0].id.wikidata(), None);
    assert_eq!(g.english(korut[0].id), Some("Korut Press Agency"));
    assert!(g.lookup("Zorblax").is_empty());
}

fn mention(content: &str, text: &str, label: EntityLabel) -> Entity {
    let start = content
        .find(text)
        .unwrap_or_else(|| panic!("{text} not in {content}"));
    Entity {
        start,
        end: start + text.len(),
        text: text.into(),
        label,
        score: 1.0,
        model: String::new(),
        canonical: None,
        canonical_source: None,
        wikidata_id: None,
    }
}

/// Runs normalize with the index over `content` and returns, per mention,
/// (canonical, source, wikidata_id).
fn run(
    index: &Path,
    content: &str,
    mentions: &[(&str, EntityLabel)],
) -> Vec<(String, String, Option<String>)> {
    let mut doc = Document::new("doc", content);
    doc.content = content.into();
    doc.entities = mentions
        .iter()
        .map(|&(m, label)| mention(content, m, label))
        .collect();
    let stage = NormalizeConfig::default().gazetteer(index).build().unwrap();
    stage.process(&mut doc).unwrap();
    doc.entities
        .iter()
        .map(|e| {
            assert_eq!(&doc.content[e.start..e.end], e.text);
            (
                e.canonical.clone().unwrap(),
                e.canonical_source.clone().unwrap(),
                e.wikidata_id.clone(),
            )
        })
        .collect()
}

fn row(canonical: &str, source: &str, id: Option<&str>) -> (String, String, Option<String>) {
    (canonical.into(), source.into(), id.map(Into::into))
}

#[test]
fn names_in_any_script_and_case_get_the_english_name_and_wikidata_id() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture(dir.path());
    let content = "Ким Чен Ын встретился с Бобом Диланом. Zorblax Quux тоже.";
    assert_eq!(
        run(
            &index,
            content,
            &[
                ("Ким Чен Ын", PER),
                ("Бобом Диланом", PER),
                ("Zorblax Quux", PER)
            ]
        ),
        [
            row("Kim Jong Un", "alias", Some("Q56226")),
            // An inflected form: its base form is in the index.
            row("Bob Dylan", "gazetteer", Some("Q392")),
            // Unknown to every table: no id.
            row("Zorblax Quux", "surface", None),
        ]
    );
}

#[test]
fn ambiguous_names_resolve_by_type_then_document_then_prominence() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture(dir.path());
    // Type: `Lincoln` the person and the city.
    assert_eq!(
        run(&index, "Lincoln spoke.", &[("Lincoln", PER)]),
        [row("Abraham Lincoln", "gazetteer", Some("Q91"))]
    );
    let c = "She flew to Lincoln.";
    assert_eq!(
        run(&index, c, &[("Lincoln", LOC)]),
        [row("Lincoln, Nebraska", "gazetteer", Some("Q28260"))]
    );
    // Prominence: Paris the capital, named in 7 languages, against 2.
    assert_eq!(
        run(&index, "In Paris.", &[("Paris", LOC)])[0].2.as_deref(),
        Some("Q90")
    );
    // Neither type nor prominence decides between the two Springfields…
    let alone = run(&index, "Springfield voted.", &[("Springfield", LOC)]);
    assert_eq!(alone, [row("Springfield", "surface", None)]);
    // …the document does.
    let c = "Springfield, the capital of Illinois, voted.";
    assert_eq!(
        run(&index, c, &[("Springfield", LOC), ("Illinois", LOC)]),
        [
            row("Springfield, Illinois", "gazetteer", Some("Q28515")),
            row("Illinois", "gazetteer", Some("Q1204")),
        ]
    );
}

#[test]
fn curated_names_keep_their_canonical_and_gain_the_id_and_coref_passes_it_on() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture(dir.path());
    let content = "Kim Jong-un met Bob Dylan in Париж. Kim and Dylan smiled. Korut Press reported.";
    let mut doc = Document::new("doc", content);
    doc.content = content.into();
    doc.entities = vec![
        mention(content, "Kim Jong-un", PER),
        mention(content, "Bob Dylan", PER),
        mention(content, "Париж", LOC),
        mention(content, "Korut Press", ORG),
    ];
    for short in ["Kim", "Dylan"] {
        let at = content.rfind(short).unwrap();
        doc.entities.push(Entity {
            start: at,
            end: at + short.len(),
            ..mention(content, short, PER)
        });
    }
    let stage = NormalizeConfig::default()
        .gazetteer(&index)
        .build()
        .unwrap();
    stage.process(&mut doc).unwrap();
    let got: Vec<(&str, &str, &str, Option<&str>)> = doc
        .entities
        .iter()
        .map(|e| {
            (
                &doc.content[e.start..e.end],
                e.canonical.as_deref().unwrap(),
                e.canonical_source.as_deref().unwrap(),
                e.wikidata_id.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // The compiled-in alias table names him; the gazetteer adds the id.
            ("Kim Jong-un", "Kim Jong Un", "alias", Some("Q56226")),
            ("Bob Dylan", "Bob Dylan", "gazetteer", Some("Q392")),
            // CLDR names the city; the id comes from the gazetteer.
            ("Париж", "Paris", "cldr", Some("Q90")),
            // An alias-file name: a canonical name, no id.
            ("Korut Press", "Korut Press Agency", "gazetteer", None),
            // Short mentions link to the full name, and take its id.
            ("Kim", "Kim Jong Un", "coref", Some("Q56226")),
            ("Dylan", "Bob Dylan", "coref", Some("Q392")),
        ]
    );
}

#[test]
fn a_build_larger_than_its_memory_budget_spills_and_gives_the_same_index() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("big.tsv");
    let mut text = String::from("wikidata_id\teng\tlabel\tlanguage\ttype\n");
    for n in 1..=20_000u32 {
        for lang in ["en", "de", "ru"] {
            let label = match lang {
                "ru" => format!("Имя {n}"),
                _ => format!("Name {n}"),
            };
            text.push_str(&format!("Q{n}\tName {n}\t{label}\t{lang}\tPER\n"));
        }
    }
    std::fs::write(&tsv, text).unwrap();
    let small = BuildOptions {
        memory: 1 << 17,
        temp_dir: Some(dir.path().to_path_buf()),
    };
    let spilled = build(std::slice::from_ref(&tsv), &dir.path().join("a"), &small).unwrap();
    let memory = build(&[tsv], &dir.path().join("b"), &BuildOptions::default()).unwrap();
    assert!(spilled.spilled_runs > 2, "{spilled:?}");
    assert_eq!(memory.spilled_runs, 0);
    assert_eq!(
        (spilled.entities, spilled.names),
        (memory.entities, memory.names)
    );
    assert_eq!(spilled.entities, 20_000);
    for name in ["names.fst", "candidates.bin", "entities.fst", "english.bin"] {
        let a = std::fs::read(dir.path().join("a").join(name)).unwrap();
        let b = std::fs::read(dir.path().join("b").join(name)).unwrap();
        assert!(
            a == b,
            "{name} differs between the spilled and the in-memory build"
        );
    }
    let g = Gazetteer::open(dir.path().join("a")).unwrap();
    let found = g.lookup("Имя 12345");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id.wikidata().as_deref(), Some("Q12345"));
    assert_eq!(found[0].names, 3);
}

#[test]
fn a_missing_or_incomplete_index_is_an_error_naming_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let err = Gazetteer::open(dir.path().join("nowhere")).unwrap_err();
    assert!(
        matches!(&err, NormalizeError::Io { path, .. } if path.ends_with("gazetteer.json")),
        "{err}"
    );
    // A build interrupted before its last step leaves no gazetteer.json.
    let index = fixture(dir.path());
    std::fs::remove_file(index.join("gazetteer.json")).unwrap();
    assert!(Gazetteer::open(&index).is_err());
    // The stage names the directory.
    let Err(err) = NormalizeConfig::default().gazetteer(&index).build() else {
        panic!("an incomplete index was accepted");
    };
    assert!(err.to_string().contains("index"), "{err}");
    // Neither format: an error with the line.
    let odd = dir.path().join("odd.tsv");
    std::fs::write(&odd, "just\ttwo\n").unwrap();
    let err = build(&[odd], &dir.path().join("x"), &BuildOptions::default()).unwrap_err();
    assert!(err.to_string().contains("odd.tsv:1"), "{err}");
}

#[test]
fn inflected_russian_names_come_out_as_english_names() {
    let dir = tempfile::tempdir().unwrap();
    let index = fixture(dir.path());
    let content = "Бобом Диланом, Джоне Ф. Кеннеди, Картера и Генри Киссинджера ждали в \
                   Университете Дэлхаузи в Галифаксе, Новая Шотландия.";
    let got = run(
        &index,
        content,
        &[
            ("Бобом Диланом", PER),
            ("Джоне Ф. Кеннеди", PER),
            ("Картера", PER),
            ("Генри Киссинджера", PER),
            ("Университете Дэлхаузи", ORG),
            ("Галифаксе", LOC),
            ("Новая Шотландия", LOC),
        ],
    );
    let names: Vec<&str> = got.iter().map(|(c, _, _)| c.as_str()).collect();
    assert_eq!(
        names,
        [
            "Bob Dylan",
            "John F. Kennedy",
            "Carter",
            "Henry Kissinger",
            // The two without English words to spell them come from the index.
            "Dalhousie University",
            "Halifax",
            "Nova Scotia",
        ]
    );
    assert_eq!(got[4].2.as_deref(), Some("Q1145410"));
    assert_eq!(got[6].2.as_deref(), Some("Q1952"));
}
