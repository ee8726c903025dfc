//! Normalisation throughput (entities/s): one document of 1,000 entity
//! mentions in the mix of a news article (places, aliases, people with short
//! mentions, acronyms, non-Latin names) and one of 50; parsing the compiled-in
//! gazetteer (once per process) and building the stage (alias table; the
//! gazetteer is shared).
//!
//! `cargo bench -p tidings-benches --bench normalize` — criterion prints the median time and
//! the throughput in elements (entities) per second.

#![allow(clippy::expect_used)] // a benchmark: a failure here should stop it loudly

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tidings::normalize::{NormalizeConfig, NormalizeStage};
use tidings::{Document, Entity, EntityLabel, Stage};

const MENTIONS: &[(&str, EntityLabel)] = &[
    ("Korea Utara", EntityLabel::Location),
    ("Korut", EntityLabel::Location),
    ("Kim Jong-un", EntityLabel::Person),
    ("China", EntityLabel::Location),
    ("Kantor Berita Pusat Korea", EntityLabel::Organization),
    ("KCNA", EntityLabel::Organization),
    ("Pyongyang", EntityLabel::Location),
    ("Li Hongzhong", EntityLabel::Person),
    ("Partai Komunis China", EntityLabel::Organization),
    ("Kim", EntityLabel::Person),
    ("Xi Jinping", EntityLabel::Person),
    ("Xi", EntityLabel::Person),
    ("Workers’ Party of Korea", EntityLabel::Organization),
    ("WPK", EntityLabel::Organization),
    ("Donald J. Trump", EntityLabel::Person),
    ("Trump", EntityLabel::Person),
    ("Сергей Лавров", EntityLabel::Person),
    ("Северная Корея", EntityLabel::Location),
    ("평양", EntityLabel::Location),
    ("People's Daily", EntityLabel::Organization),
];

fn document(n: usize) -> Document {
    let mut doc = Document::new("bench", "");
    let mut content = String::new();
    let mut entities = Vec::with_capacity(n);
    for (text, label) in MENTIONS.iter().cycle().take(n) {
        content.push_str("Menurut laporan, ");
        let start = content.len();
        content.push_str(text);
        entities.push(Entity {
            start,
            end: content.len(),
            text: (*text).to_owned(),
            label: *label,
            score: 1.0,
            model: String::new(),
            canonical: None,
            canonical_source: None,
            wikidata_id: None,
        });
        content.push_str(" hari ini.\n");
    }
    doc.content = content;
    doc.entities = entities;
    doc
}

fn bench(c: &mut Criterion) {
    let stage = NormalizeStage::new(NormalizeConfig::default()).expect("stage builds");
    let mut group = c.benchmark_group("normalize");
    // A news article has tens of entities; a long report hundreds.
    for n in [50, 1000] {
        let doc = document(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("{n}_entities"), |b| {
            b.iter_batched(
                || doc.clone(),
                |mut d| {
                    stage.process(&mut d).expect("normalize never fails");
                    d
                },
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
    c.bench_function("normalize/parse_gazetteer", |b| {
        b.iter(|| tidings::normalize::Places::embedded().expect("gazetteer parses"))
    });
    c.bench_function("normalize/load_spelling_models", |b| {
        b.iter(|| tidings::normalize::spell::Speller::load_embedded().expect("models load"))
    });
    c.bench_function("normalize/build_stage", |b| {
        b.iter(|| NormalizeStage::new(NormalizeConfig::default()).expect("stage builds"))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
