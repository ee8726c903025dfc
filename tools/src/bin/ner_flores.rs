//! The translingual entity metric: the same sentences in many languages
//! (FLORES-101 dev, `mt/flores-dev-all/`, line N of every file the same
//! sentence), each sentence one document through the default pipeline with no
//! language given, compared with the English sentence's record.
//!
//! ```text
//! cargo run --release -p tidings-tools --bin ner_flores -- [--data DIR] [--langs ru,ko,…|news26|all]
//!     [--limit N] [--floors FILE] [--write-floors FILE] [--min-mean-coverage X] [--show ru]
//!     [--dump names.tsv]
//! ```
//!
//! Per language L, over its PER/ORG/LOC entities and the English side's:
//! - **coverage**: per sentence, the English names matched by as many names
//!   in L, `Σ min(|L|, |en|) / Σ |en|` (is anything found where English has names);
//! - **recall**: the share of the English side's names that L yields under
//!   the same canonical name (each L name matches once);
//! - **precision**: the share of L's canonical names that occur in the
//!   English sentence (as whole words);
//! - **F1** of that recall and precision.
//!
//! Names are compared as keys: lowercased, accents and punctuation dropped,
//! whitespace folded. The English side is the English record's entities with
//! their canonical names, so English errors count against every language.
//!
//! `news26` (the default) is 26 languages of world news across scripts: ar bg
//! bn da de el es fa fr he hi id it ja ko ms nl pl pt ru sr sv th tr uk zh.
//! FLORES *devtest* is held out: this reads dev only.
//!
//! `--floors FILE` (`lang coverage precision f1` per line, `#` comments) fails
//! the run when a language falls more than 0.02 below its floor;
//! `--write-floors FILE` writes the figures of this run in that format.

#[path = "support/data.rs"]
mod data;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use tidings::{Document, EntityLabel, PipelineConfig};
use unicode_normalization::UnicodeNormalization;

/// 26 languages of world news across scripts (Latin, Cyrillic, Greek, Arabic,
/// Hebrew, Devanagari, Bengali, Thai, Hangul, Han and kana).
const NEWS26: &[&str] = &[
    "ar", "bg", "bn", "da", "de", "el", "es", "fa", "fr", "he", "hi", "id", "it", "ja", "ko", "ms",
    "nl", "pl", "pt", "ru", "sr", "sv", "th", "tr", "uk", "zh",
];

/// How far below its floor a language may fall before `--floors` fails the run.
const FLOOR_SLACK: f64 = 0.02;

#[derive(Parser, Debug)]
struct Args {
    /// The shared data directory (default: $TIDINGS_DATA or ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Languages (ISO 639-1, as the file names), or `news26`, or `all`.
    #[arg(long, value_delimiter = ',', default_value = "news26")]
    langs: Vec<String>,
    /// Only the first N sentences.
    #[arg(long)]
    limit: Option<usize>,
    /// Per-language floors to guard (see the module docs).
    #[arg(long)]
    floors: Option<PathBuf>,
    /// Write this run's figures as a floors file.
    #[arg(long)]
    write_floors: Option<PathBuf>,
    /// Fail when the mean coverage over the languages is below this.
    #[arg(long)]
    min_mean_coverage: Option<f64>,
    /// Fail when the mean F1 over the languages is below this.
    #[arg(long)]
    min_mean_f1: Option<f64>,
    /// Print each sentence's names side by side for these languages.
    #[arg(long, value_delimiter = ',')]
    show: Vec<String>,
    /// Write every PER/ORG/LOC name of every language to this TSV file:
    /// language, sentence, label, text, canonical name, its source, and
    /// whether the English sentence has it (1) or not (0).
    #[arg(long)]
    dump: Option<PathBuf>,
}

/// A name as the metric compares it.
fn key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = true;
    for c in name
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The PER/ORG/LOC names of a record, as keys of their canonical names
/// (the surface text where normalize gave none).
fn names(doc: &Document) -> Vec<(String, String)> {
    doc.entities
        .iter()
        .filter(|e| {
            matches!(
                e.label,
                EntityLabel::Person | EntityLabel::Organization | EntityLabel::Location
            )
        })
        .map(|e| {
            let canonical = e.canonical.clone().unwrap_or_else(|| e.text.clone());
            (key(&canonical), format!("{} → {canonical}", e.text))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    en_names: usize,
    names: usize,
    covered: usize,
    recalled: usize,
    precise: usize,
    sentences: usize,
    seconds: f64,
}

impl Tally {
    fn coverage(&self) -> f64 {
        ratio(self.covered, self.en_names)
    }
    fn recall(&self) -> f64 {
        ratio(self.recalled, self.en_names)
    }
    fn precision(&self) -> f64 {
        ratio(self.precise, self.names)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Runs every line of `path` as one document through the default pipeline.
fn records(path: &std::path::Path, limit: usize) -> Result<(Vec<Document>, f64)> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs: Vec<Document> = text
        .lines()
        .take(limit)
        .enumerate()
        .map(|(i, line)| Document::new(i.to_string(), line))
        .collect();
    let pipeline = PipelineConfig::default().build()?;
    let mut out = Vec::with_capacity(docs.len());
    let started = Instant::now();
    pipeline.run(docs, |d| {
        out.push(d);
        Ok::<_, std::io::Error>(())
    })?;
    Ok((out, started.elapsed().as_secs_f64()))
}

fn score(
    en: &[Document],
    en_text: &[String],
    other: &[Document],
    show: bool,
    mut dump: Option<(&str, &mut dyn std::io::Write)>,
) -> Result<Tally> {
    let mut t = Tally::default();
    for ((e, sentence), o) in en.iter().zip(en_text).zip(other) {
        let en_names = names(e);
        let mut theirs = names(o);
        t.sentences += 1;
        t.en_names += en_names.len();
        t.names += theirs.len();
        t.covered += en_names.len().min(theirs.len());
        let haystack = format!(" {} ", key(sentence));
        t.precise += theirs
            .iter()
            .filter(|(k, _)| haystack.contains(&format!(" {k} ")))
            .count();
        if let Some((lang, out)) = dump.as_mut() {
            for ent in o.entities.iter().filter(|e| {
                matches!(
                    e.label,
                    EntityLabel::Person | EntityLabel::Organization | EntityLabel::Location
                )
            }) {
                let canonical = ent.canonical.as_deref().unwrap_or(&ent.text);
                let found = haystack.contains(&format!(" {} ", key(canonical)));
                writeln!(
                    out,
                    "{lang}\t{}\t{}\t{}\t{canonical}\t{}\t{}",
                    e.id,
                    ent.label.as_str(),
                    ent.text.replace(['\t', '\n'], " "),
                    ent.canonical_source.as_deref().unwrap_or("-"),
                    u8::from(found)
                )?;
            }
        }
        let mut recalled = 0;
        for (k, _) in &en_names {
            if let Some(i) = theirs.iter().position(|(t, _)| t == k) {
                theirs.swap_remove(i);
                recalled += 1;
            }
        }
        t.recalled += recalled;
        if show && !(en_names.is_empty() && names(o).is_empty()) {
            let en_s: Vec<&str> = en_names.iter().map(|(_, s)| s.as_str()).collect();
            let o_s: Vec<String> = names(o).into_iter().map(|(_, s)| s).collect();
            let lang = o.language.as_ref().map_or("?", |l| l.iso639_3.as_str());
            println!(
                "{:>4} [{lang}] en {en_s:?}\n          {o_s:?}\n          {}",
                e.id, o.content
            );
        }
    }
    Ok(t)
}

fn read_floors(path: &std::path::Path) -> Result<BTreeMap<String, [f64; 3]>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split_whitespace().collect();
        let [lang, c, p, f1] = f[..] else {
            bail!(
                "{}:{}: expected `lang coverage precision f1`",
                path.display(),
                n + 1
            );
        };
        out.insert(lang.to_owned(), [c.parse()?, p.parse()?, f1.parse()?]);
    }
    Ok(out)
}

fn main() -> Result<()> {
    let args = Args::parse();
    let data = data::data_dir(args.data.clone());
    let dir = data.join("mt/flores-dev-all");
    data::require(&dir)?;
    let langs: Vec<String> = match args.langs.as_slice() {
        [one] if one == "news26" => NEWS26.iter().map(|s| s.to_string()).collect(),
        [one] if one == "all" => {
            let mut all: Vec<String> = std::fs::read_dir(&dir)?
                .filter_map(|e| e.ok())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    name.strip_suffix(".txt").map(str::to_owned)
                })
                .filter(|l| l != "en")
                .collect();
            all.sort();
            all
        }
        list => list.to_vec(),
    };
    let limit = args.limit.unwrap_or(usize::MAX);
    let en_path = dir.join("en.txt");
    let en_text: Vec<String> = std::fs::read_to_string(&en_path)
        .with_context(|| format!("reading {}", en_path.display()))?
        .lines()
        .take(limit)
        .map(str::to_owned)
        .collect();
    let (en, _) = records(&en_path, limit)?;

    let mut dump = match &args.dump {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("creating {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            writeln!(
                out,
                "lang\tsentence\tlabel\ttext\tcanonical\tsource\tin_english"
            )?;
            Some(out)
        }
        None => None,
    };
    let mut results: Vec<(String, Tally, String)> = Vec::new();
    for lang in &langs {
        let (docs, seconds) = records(&dir.join(format!("{lang}.txt")), limit)?;
        if docs.len() != en.len() {
            bail!("{lang}.txt has {} lines, en.txt {}", docs.len(), en.len());
        }
        let dump_to = dump
            .as_mut()
            .map(|out| (lang.as_str(), out as &mut dyn std::io::Write));
        let mut t = score(&en, &en_text, &docs, args.show.contains(lang), dump_to)?;
        t.seconds = seconds;
        // The language the documents were detected as, most often.
        let mut detected: BTreeMap<&str, usize> = BTreeMap::new();
        for d in &docs {
            *detected
                .entry(d.language.as_ref().map_or("-", |l| l.iso639_3.as_str()))
                .or_default() += 1;
        }
        let top = detected
            .iter()
            .max_by_key(|(_, n)| **n)
            .map_or_else(String::new, |(l, n)| {
                format!("{l} {:.0} %", 100.0 * *n as f64 / docs.len() as f64)
            });
        results.push((lang.clone(), t, top));
    }

    if let Some(mut out) = dump {
        out.flush()?;
    }
    println!(
        "FLORES dev, {} sentences a language; names are PER/ORG/LOC, compared by canonical name\n",
        en.len()
    );
    println!("| lang | detected as | names (en) | coverage | recall | precision | F1 | docs/s |");
    println!("|---|---|---|---|---|---|---|---|");
    for (lang, t, top) in &results {
        println!(
            "| {lang} | {top} | {} ({}) | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} |",
            t.names,
            t.en_names,
            t.coverage(),
            t.recall(),
            t.precision(),
            t.f1(),
            t.sentences as f64 / t.seconds.max(1e-9)
        );
    }
    let n = results.len().max(1) as f64;
    let mean = |f: fn(&Tally) -> f64| results.iter().map(|(_, t, _)| f(t)).sum::<f64>() / n;
    let worst = |f: fn(&Tally) -> f64| {
        results
            .iter()
            .map(|(l, t, _)| (f(t), l.as_str()))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap_or((0.0, "-"))
    };
    let (wc, wcl) = worst(Tally::coverage);
    let (wp, wpl) = worst(Tally::precision);
    println!(
        "\nmean over {} languages: coverage {:.3} (worst {wcl} {wc:.3}), recall {:.3}, precision {:.3} (worst {wpl} {wp:.3}), F1 {:.3}",
        results.len(),
        mean(Tally::coverage),
        mean(Tally::recall),
        mean(Tally::precision),
        mean(Tally::f1)
    );

    if let Some(path) = &args.write_floors {
        let mut out = String::from(
            "# lang coverage precision f1: FLORES dev, default pipeline (tools/src/bin/ner_flores.rs)\n",
        );
        for (lang, t, _) in &results {
            writeln!(
                out,
                "{lang} {:.3} {:.3} {:.3}",
                t.coverage(),
                t.precision(),
                t.f1()
            )?;
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }

    let mut failures = Vec::new();
    if let Some(path) = &args.floors {
        let floors = read_floors(path)?;
        for (lang, t, _) in &results {
            let Some([c, p, f1]) = floors.get(lang) else {
                continue;
            };
            for (what, got, floor) in [
                ("coverage", t.coverage(), c),
                ("precision", t.precision(), p),
                ("F1", t.f1(), f1),
            ] {
                if got < floor - FLOOR_SLACK {
                    failures.push(format!("{lang} {what} {got:.3} < floor {floor:.3}"));
                }
            }
        }
    }
    if let Some(min) = args.min_mean_coverage {
        if mean(Tally::coverage) < min {
            failures.push(format!(
                "mean coverage {:.3} < {min}",
                mean(Tally::coverage)
            ));
        }
    }
    if let Some(min) = args.min_mean_f1 {
        if mean(Tally::f1) < min {
            failures.push(format!("mean F1 {:.3} < {min}", mean(Tally::f1)));
        }
    }
    if !failures.is_empty() {
        bail!("below the guarded figures:\n  {}", failures.join("\n  "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn keys_fold_case_accents_and_punctuation() {
        assert_eq!(key("  São Paulo's  "), "sao paulo s");
        assert_eq!(key("Kim Jong-un"), "kim jong un");
        assert_eq!(key("北京"), "北京");
    }
}
