//! What a corpus-scale gazetteer costs: building an index from a generated
//! file in ParaNames' release format, and the normalize stage's entities per
//! second on one thread with and without it.
//!
//! ```text
//! cargo run --release -p tidings-tools --bin gazetteer_bench [-- --rows 20000000] [--memory-mib 512] [--repeats 5] [--dir DIR]
//! ```
//! The file has `--rows` rows: entities with a Latin and a Cyrillic name,
//! each label in several languages as ParaNames lists them, first names ×
//! surnames so that keys share prefixes as real names do, and one name in 50
//! shared by two entities. The documents mix names the index knows (plain and
//! inflected), names it lacks, and the compiled-in tables' news names.
//! Printed: build time and peak memory, index size, and for each setting the
//! median entities/s over `--repeats` runs and their ratio.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use tidings::normalize::gazetteer::{build, BuildOptions};
use tidings::normalize::{NormalizeConfig, NormalizeStage};
use tidings::{Document, Entity, EntityLabel, Stage};

const FIRST: &[&str] = &[
    "Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kira",
    "Lars", "Maya", "Nikolai", "Olga", "Pavel", "Rosa", "Sven", "Tanja", "Viktor",
];
const FIRST_RU: &[&str] = &[
    "Анна",
    "Борис",
    "Карла",
    "Дмитрий",
    "Елена",
    "Фарид",
    "Грета",
    "Хиро",
    "Инес",
    "Йонас",
    "Кира",
    "Ларс",
    "Майя",
    "Николай",
    "Ольга",
    "Павел",
    "Роза",
    "Свен",
    "Таня",
    "Виктор",
];

/// A deterministic generator (xorshift64).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// The surname of entity `n`: syllables spelled from its number, Latin and
/// Cyrillic.
fn surname(n: u64) -> (String, String) {
    const LAT: [&str; 16] = [
        "ka", "lo", "mi", "ne", "ro", "sa", "ti", "vu", "ber", "dan", "gor", "kin", "lev", "mar",
        "nov", "tor",
    ];
    const CYR: [&str; 16] = [
        "ка", "ло", "ми", "не", "ро", "са", "ти", "ву", "бер", "дан", "гор", "кин", "лев", "мар",
        "нов", "тор",
    ];
    let (mut lat, mut cyr) = (String::new(), String::new());
    let mut x = n;
    loop {
        lat.push_str(LAT[(x % 16) as usize]);
        cyr.push_str(CYR[(x % 16) as usize]);
        x /= 16;
        if x == 0 {
            break;
        }
    }
    let mut c = lat.chars();
    let lat = c
        .next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
    let mut c = cyr.chars();
    let cyr = c
        .next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
    (lat, cyr)
}

/// Entity `n`'s English and Russian names (one in 50 shares its name with
/// entity `n - 1`).
fn names(n: u64) -> (String, String) {
    let m = if n.is_multiple_of(50) && n > 1 {
        n - 1
    } else {
        n
    };
    let f = (m % FIRST.len() as u64) as usize;
    let (lat, cyr) = surname(m / FIRST.len() as u64);
    (
        format!("{} {lat}", FIRST[f]),
        format!("{} {cyr}", FIRST_RU[f]),
    )
}

const LANGS_LATIN: &[&str] = &["en", "de", "fr", "es", "it", "nl", "pl", "sv"];
const LANGS_CYRILLIC: &[&str] = &["ru", "uk", "bg", "sr"];

fn generate(path: &PathBuf, rows: u64) -> Result<u64> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    writeln!(w, "wikidata_id\teng\tlabel\tlanguage\ttype")?;
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (mut written, mut n) = (0u64, 0u64);
    while written < rows {
        n += 1;
        let (eng, ru) = names(n);
        let kind = ["PER", "PER", "LOC", "ORG"][(n % 4) as usize];
        // Between 2 and 8 labels, as prominence varies.
        let labels = 2 + rng.next() % 7;
        for i in 0..labels {
            if written == rows {
                break;
            }
            let (label, lang) = if i % 3 == 2 {
                (&ru, LANGS_CYRILLIC[(i as usize / 3) % LANGS_CYRILLIC.len()])
            } else {
                (&eng, LANGS_LATIN[i as usize % LANGS_LATIN.len()])
            };
            writeln!(w, "Q{n}\t{eng}\t{label}\t{lang}\t{kind}")?;
            written += 1;
        }
    }
    w.flush()?;
    Ok(n)
}

const NEWS: &[(&str, EntityLabel)] = &[
    ("Korea Utara", EntityLabel::Location),
    ("Kim Jong-un", EntityLabel::Person),
    ("China", EntityLabel::Location),
    ("KCNA", EntityLabel::Organization),
    ("Kim", EntityLabel::Person),
    ("Сергей Лавров", EntityLabel::Person),
    ("Zorblax Quux", EntityLabel::Person),
    ("Pyongyang", EntityLabel::Location),
];

/// Documents of 50 mentions: 30 names from the index (a third of them in
/// Cyrillic, some inflected), 20 from the news list.
fn documents(entities: u64, count: usize) -> Vec<Document> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|d| {
            let mut doc = Document::new(format!("doc{d}"), "");
            let mut content = String::new();
            for i in 0..50 {
                let (text, label) = if i % 5 < 3 {
                    let n = 1 + rng.next() % entities;
                    let (eng, ru) = names(n);
                    let label = [
                        EntityLabel::Person,
                        EntityLabel::Person,
                        EntityLabel::Location,
                        EntityLabel::Organization,
                    ][(n % 4) as usize];
                    match i % 3 {
                        0 => (ru, label),
                        1 if label == EntityLabel::Person => (format!("{ru}ом"), label),
                        _ => (eng, label),
                    }
                } else {
                    let (t, l) = NEWS[i % NEWS.len()];
                    (t.to_owned(), l)
                };
                content.push_str("Laut Bericht ");
                let start = content.len();
                content.push_str(&text);
                doc.entities.push(Entity {
                    start,
                    end: content.len(),
                    text,
                    label,
                    score: 1.0,
                    model: String::new(),
                    canonical: None,
                    canonical_source: None,
                    wikidata_id: None,
                });
                content.push_str(" heute.\n");
            }
            doc.content = content;
            doc
        })
        .collect()
}

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Entities per second of `stage` over `docs`, median of `repeats` runs.
fn throughput(stage: &NormalizeStage, docs: &[Document], repeats: usize) -> Result<(f64, usize)> {
    let mut rates = Vec::new();
    let mut with_id = 0;
    for _ in 0..repeats {
        let mut batch = docs.to_vec();
        let started = Instant::now();
        for doc in &mut batch {
            stage.process(doc).context("normalize")?;
        }
        let secs = started.elapsed().as_secs_f64();
        let n: usize = batch.iter().map(|d| d.entities.len()).sum();
        with_id = batch
            .iter()
            .flat_map(|d| &d.entities)
            .filter(|e| e.wikidata_id.is_some())
            .count();
        rates.push(n as f64 / secs);
    }
    Ok((median(rates), with_id))
}

fn main() -> Result<()> {
    let mut rows: u64 = 20_000_000;
    let mut memory_mib: usize = 512;
    let mut repeats: usize = 5;
    let mut dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().context("a value after the flag");
        match a.as_str() {
            "--rows" => rows = value()?.parse()?,
            "--memory-mib" => memory_mib = value()?.parse()?,
            "--repeats" => repeats = value()?.parse()?,
            "--dir" => dir = Some(PathBuf::from(value()?)),
            other => bail!("unknown argument {other}"),
        }
    }
    let temp = tempfile::tempdir()?;
    let dir = dir.unwrap_or_else(|| temp.path().to_path_buf());
    std::fs::create_dir_all(&dir)?;
    let tsv = dir.join("paranames-generated.tsv");
    let started = Instant::now();
    let entities = generate(&tsv, rows)?;
    let size = std::fs::metadata(&tsv)?.len();
    println!(
        "generated {rows} rows, {entities} entities, {:.0} MiB in {:.1} s",
        size as f64 / f64::from(1 << 20),
        started.elapsed().as_secs_f64()
    );
    let index = dir.join("index");
    let options = BuildOptions {
        memory: memory_mib << 20,
        temp_dir: Some(dir.clone()),
    };
    let started = Instant::now();
    let stats = build(std::slice::from_ref(&tsv), &index, &options)?;
    println!(
        "built: {:.1} s, peak RSS {:.0} MiB (sort budget {memory_mib} MiB), {} spilled runs, \
         {} names, {} entities, index {:.0} MiB",
        started.elapsed().as_secs_f64(),
        peak_rss_mib().unwrap_or(f64::NAN),
        stats.spilled_runs,
        stats.names,
        stats.entities,
        stats.index_bytes as f64 / f64::from(1 << 20)
    );
    std::fs::remove_file(&tsv)?;

    let docs = documents(entities, 400);
    let plain = NormalizeStage::new(NormalizeConfig::default())?;
    let with = NormalizeStage::new(NormalizeConfig::default().gazetteer(&index))?;
    // Warm the page cache and the tables once.
    throughput(&with, &docs[..10], 1)?;
    let (base, _) = throughput(&plain, &docs, repeats)?;
    let (gaz, with_id) = throughput(&with, &docs, repeats)?;
    let total: usize = docs.iter().map(|d| d.entities.len()).sum();
    println!(
        "normalize, one thread, {total} entities in {} documents, median of {repeats}:",
        docs.len()
    );
    println!("  without a gazetteer: {base:>10.0} entities/s");
    println!(
        "  with the index:      {gaz:>10.0} entities/s ({:.2}x), {with_id} entities given a wikidata_id",
        gaz / base
    );
    Ok(())
}
