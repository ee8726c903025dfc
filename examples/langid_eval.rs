//! Language-ID accuracy of tidings' `lang` stage on lingua's test set.
//!
//! ```text
//! cargo run --release --example langid_eval [-- --data DIR] [--min-sentences 0.95]
//! ```
//! Prints accuracy per length class (single words, word pairs, sentences) and
//! per language, for the languages whatlang supports, and detections per second.

#[path = "support/data.rs"]
mod data;

use std::collections::BTreeMap;
use std::time::Instant;

use anyhow::{Context, Result};
use tidings::lang::{LangConfig, LangStage};
use tidings::LanguageCode;

const CLASSES: [&str; 3] = ["single-words", "word-pairs", "sentences"];

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut data_arg = None;
    let mut min_sentences: Option<f64> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data_arg = args.next().map(Into::into),
            "--min-sentences" => min_sentences = args.next().map(|v| v.parse()).transpose()?,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let root = data::data_dir(data_arg).join("langid/lingua/language-testdata");
    data::require(&root)?;
    let stage = LangStage::new(LangConfig::default())?;

    // per language: [correct, total] per class
    let mut table: BTreeMap<String, [[usize; 2]; 3]> = BTreeMap::new();
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
        }
    }
    println!("lang  single-words  word-pairs  sentences");
    let mut sums = [0f64; 3];
    for (code, row) in &table {
        let acc: Vec<f64> = row
            .iter()
            .map(|[c, t]| *c as f64 / (*t).max(1) as f64)
            .collect();
        for i in 0..3 {
            sums[i] += acc[i];
        }
        println!(
            "{code:<5} {:>11.1}% {:>10.1}% {:>9.1}%",
            acc[0] * 100.0,
            acc[1] * 100.0,
            acc[2] * 100.0
        );
    }
    let n = table.len().max(1) as f64;
    let means: Vec<f64> = sums.iter().map(|s| s / n).collect();
    println!(
        "MEAN  {:>11.1}% {:>10.1}% {:>9.1}%   ({} languages; not supported by whatlang: {})",
        means[0] * 100.0,
        means[1] * 100.0,
        means[2] * 100.0,
        table.len(),
        unsupported.join(" ")
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
    Ok(())
}
