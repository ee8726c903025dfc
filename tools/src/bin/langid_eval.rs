//! Language-ID accuracy of tidings' `lang` stage on lingua's test set.
//!
//! ```text
//! cargo run --release -p tidings-tools [--features lang-short] --bin langid_eval -- [--data DIR] [--min-sentences 0.95] [--min-snippets 0.85,0.95]
//! ```
//! Prints accuracy per length class (single words, word pairs, sentences, and
//! 3-word and 6-word snippets: the first words of each test sentence that has
//! more, in languages written with spaces) and per language, for the languages
//! whatlang supports, and detections per second. `--min-snippets THREE,SIX`
//! fails the run when the mean on 3- or 6-word snippets is below its bar.
//!
//! Then, on the WCXB-dev and AEB pages after `clean`, how often the stage's
//! bounded detection (a 2 KiB document sample, paragraphs confirmed by their
//! stop words) gives the same document and paragraph languages as detecting
//! the whole content and every paragraph (`sample_bytes` 64 KiB,
//! `confirm_density` 1.0), and the median µs per page of each.
//! `--min-page-agreement X` fails the run below X (documents and paragraphs).

#[path = "support/data.rs"]
mod data;

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result};
use tidings::io::{expand_inputs_with, read_documents, ExpandOptions, Input, ReadOptions};
use tidings::lang::{LangConfig, LangStage};
use tidings::{Document, LanguageCode, PipelineConfig, Stage};

const CLASSES: [&str; 3] = ["single-words", "word-pairs", "sentences"];

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut data_arg = None;
    let mut min_sentences: Option<f64> = None;
    let mut min_agreement: Option<f64> = None;
    let mut min_snippets: Option<(f64, f64)> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data_arg = args.next().map(Into::into),
            "--min-sentences" => min_sentences = args.next().map(|v| v.parse()).transpose()?,
            "--min-page-agreement" => min_agreement = args.next().map(|v| v.parse()).transpose()?,
            "--min-snippets" => {
                let v = args.next().context("--min-snippets THREE,SIX")?;
                let (three, six) = v.split_once(',').context("--min-snippets THREE,SIX")?;
                min_snippets = Some((three.parse()?, six.parse()?));
            }
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let data = data::data_dir(data_arg);
    let root = data.join("langid/lingua/language-testdata");
    data::require(&root)?;
    let stage = LangStage::new(LangConfig::default())?;

    // per language: [correct, total] per class
    let mut table: BTreeMap<String, [[usize; 2]; 5]> = BTreeMap::new();
    let mut unsupported = Vec::new();
    let mut samples = 0usize;
    let mut elapsed = 0f64;
    let mut entries: Vec<_> = std::fs::read_dir(root.join("sentences"))
        .with_context(|| format!("reading {}", root.display()))?
        .filter_map(|e| e.ok())
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".txt")
                .to_owned()
        })
        .collect();
    entries.sort();
    for code in entries {
        let Some(lang) = LanguageCode::parse(&code) else {
            unsupported.push(code);
            continue;
        };
        let row = table.entry(code.clone()).or_default();
        for (ci, class) in CLASSES.iter().enumerate() {
            let path = root.join(class).join(format!("{code}.txt"));
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            let t = Instant::now();
            for line in &lines {
                let ok = stage
                    .detect(line)
                    .is_some_and(|l| l.iso639_3 == lang.iso639_3());
                row[ci][0] += usize::from(ok);
                row[ci][1] += 1;
            }
            elapsed += t.elapsed().as_secs_f64();
            samples += lines.len();
            if ci != 2 {
                continue;
            }
            // Snippets of the sentences' first 3 and 6 words.
            for (k, n) in [(3, 3usize), (4, 6)] {
                // Skip languages written without spaces (most lines one "word").
                let spaced = lines
                    .iter()
                    .filter(|l| l.split_whitespace().count() > n)
                    .count();
                if spaced * 2 < lines.len() {
                    continue;
                }
                for line in &lines {
                    let words: Vec<&str> = line.split_whitespace().collect();
                    if words.len() <= n {
                        continue;
                    }
                    let ok = stage
                        .detect(&words[..n].join(" "))
                        .is_some_and(|l| l.iso639_3 == lang.iso639_3());
                    row[k][0] += usize::from(ok);
                    row[k][1] += 1;
                }
            }
        }
    }
    println!("lang  single-words  word-pairs  sentences  3-words  6-words");
    let mut sums = [0f64; 5];
    let mut counted = [0usize; 5];
    // The mean is over whatlang's languages; those only the second opinion
    // gives (Malay, Bosnian) are printed apart.
    let whatlang_knows = |code: &str| {
        LanguageCode::parse(code).is_some_and(|l| tidings::lang::whatlang_of(l).is_some())
    };
    let mut second_only = Vec::new();
    for (code, row) in &table {
        let acc: Vec<f64> = row
            .iter()
            .map(|[c, t]| *c as f64 / (*t).max(1) as f64)
            .collect();
        if !whatlang_knows(code) {
            second_only.push(format!(
                "{code} {:.1}% / {:.1}% / {:.1}% / {:.1}% / {:.1}%",
                acc[0] * 100.0,
                acc[1] * 100.0,
                acc[2] * 100.0,
                acc[3] * 100.0,
                acc[4] * 100.0
            ));
            continue;
        }
        for i in 0..5 {
            // Languages written without spaces have no word snippets.
            if row[i][1] > 0 {
                sums[i] += acc[i];
                counted[i] += 1;
            }
        }
        let snippet = |k: usize| {
            if row[k][1] == 0 {
                "-".to_owned()
            } else {
                format!("{:.1}%", acc[k] * 100.0)
            }
        };
        println!(
            "{code:<5} {:>11.1}% {:>10.1}% {:>9.1}% {:>8} {:>8}",
            acc[0] * 100.0,
            acc[1] * 100.0,
            acc[2] * 100.0,
            snippet(3),
            snippet(4)
        );
    }
    let n = (table.len() - second_only.len()).max(1) as f64;
    let means: Vec<f64> = sums
        .iter()
        .zip(counted)
        .map(|(s, c)| s / c.max(1) as f64)
        .collect();
    println!(
        "MEAN  {:>11.1}% {:>10.1}% {:>9.1}% {:>7.1}% {:>7.1}%   ({} languages, {} with word snippets; not supported: {})",
        means[0] * 100.0,
        means[1] * 100.0,
        means[2] * 100.0,
        means[3] * 100.0,
        means[4] * 100.0,
        n,
        counted[3],
        unsupported.join(" ")
    );
    println!(
        "given only by the second opinion (words / pairs / sentences / 3 / 6 words): {}",
        second_only.join(", ")
    );
    println!(
        "{samples} detections in {elapsed:.2} s: {:.0} detections/s on one thread",
        samples as f64 / elapsed.max(1e-9)
    );
    if let Some(min) = min_sentences {
        anyhow::ensure!(
            means[2] >= min,
            "mean sentence accuracy {:.4} is below the guard {min}",
            means[2]
        );
    }
    let (docs, paras) = page_agreement(&data)?;
    if let Some((three, six)) = min_snippets {
        anyhow::ensure!(
            means[3] >= three && means[4] >= six,
            "mean accuracy on 3- and 6-word snippets {:.4} / {:.4} is below the guard {three} / {six}",
            means[3],
            means[4]
        );
    }
    if let Some(min) = min_agreement {
        anyhow::ensure!(
            docs >= min && paras >= min,
            "page agreement (documents {docs:.4}, paragraphs {paras:.4}) is below the guard {min}"
        );
    }
    Ok(())
}

/// The bounded `lang` stage against full detection on real pages after
/// `clean`: (document agreement, paragraph agreement).
fn page_agreement(data: &std::path::Path) -> Result<(f64, f64)> {
    let dirs = [
        data.join("boilerplate/wcxb-dev/html"),
        data.join("boilerplate/aeb/html"),
    ];
    for d in &dirs {
        data::require(d)?;
    }
    let inputs: Vec<Input> = dirs.iter().map(|d| Input::Path(d.clone())).collect();
    let expanded = expand_inputs_with(&inputs, &ExpandOptions::default())?;
    let clean = PipelineConfig::with_stages(&["clean"])?.build()?;
    let mut pages: Vec<Document> =
        read_documents(expanded.inputs, ReadOptions::default()).collect();
    clean.process_chunk(&mut pages);
    let bounded = LangStage::new(LangConfig::default())?;
    let full = LangStage::new(LangConfig {
        sample_bytes: 64 * 1024,
        confirm_density: 1.0,
        ..LangConfig::default()
    })?;
    let code = |l: &Option<tidings::Language>| l.as_ref().map(|l| l.iso639_3.clone());
    let (mut same_doc, mut same_para, mut n_para) = (0usize, 0usize, 0usize);
    let (mut t_bounded, mut t_full) = (Vec::new(), Vec::new());
    for page in &pages {
        let (mut a, mut b) = (page.clone(), page.clone());
        let t = Instant::now();
        bounded.process(&mut a).ok();
        t_bounded.push(t.elapsed().as_secs_f64() * 1e6);
        let t = Instant::now();
        full.process(&mut b).ok();
        t_full.push(t.elapsed().as_secs_f64() * 1e6);
        same_doc += usize::from(code(&a.language) == code(&b.language));
        for (pa, pb) in a.paragraphs.iter().zip(&b.paragraphs) {
            n_para += 1;
            same_para += usize::from(code(&pa.language) == code(&pb.language));
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let docs = same_doc as f64 / pages.len().max(1) as f64;
    let paras = same_para as f64 / n_para.max(1) as f64;
    println!(
        "pages (WCXB-dev + AEB, after clean): {} documents, {n_para} paragraphs; \
         bounded detection agrees with full detection on {:.2} % of documents and {:.2} % of paragraphs; \
         median {:.0} µs/page bounded, {:.0} µs/page full",
        pages.len(),
        docs * 100.0,
        paras * 100.0,
        median(&mut t_bounded),
        median(&mut t_full)
    );
    Ok((docs, paras))
}
