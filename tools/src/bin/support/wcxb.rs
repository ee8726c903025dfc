//! WCXB (the Web Content Extraction Benchmark, dev split): loading pages and
//! the benchmark's own word-level metric, shared by `clean_eval` and
//! `train_clean`.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

use anyhow::{Context, Result};
use regex::Regex;

/// One benchmark page.
pub struct WcxbPage {
    pub id: String,
    /// Page type: article, forum, product, collection, listing, documentation, service.
    pub kind: String,
    pub domain: String,
    pub html: String,
    /// `ground_truth.main_content`.
    pub truth: String,
    /// Snippets that must appear in the output.
    pub with: Vec<String>,
    /// Boilerplate snippets that must not.
    pub without: Vec<String>,
}

/// Reads a gzipped file as (lossy) UTF-8.
pub fn read_gz(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("gunzip {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Loads the pages of `dir` (`boilerplate/wcxb-dev`), sorted by id.
pub fn load(dir: &Path, limit: usize) -> Result<Vec<WcxbPage>> {
    let meta_path = dir.join("metadata.json");
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&meta_path)
            .with_context(|| format!("read {}", meta_path.display()))?,
    )
    .with_context(|| format!("parse {}", meta_path.display()))?;
    let files = meta["files"]
        .as_object()
        .context("metadata.json: no `files`")?;
    let mut ids: Vec<&String> = files.keys().collect();
    ids.sort();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    };
    let mut out = Vec::new();
    for id in ids.into_iter().take(limit) {
        let gt_path = dir.join("ground-truth").join(format!("{id}.json"));
        let gt: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&gt_path)
                .with_context(|| format!("read {}", gt_path.display()))?,
        )
        .with_context(|| format!("parse {}", gt_path.display()))?;
        let g = &gt["ground_truth"];
        out.push(WcxbPage {
            id: id.clone(),
            kind: files[id]["page_type"]
                .as_str()
                .unwrap_or("unknown")
                .to_owned(),
            domain: files[id]["domain"].as_str().unwrap_or("").to_owned(),
            html: read_gz(&dir.join("html").join(format!("{id}.html.gz")))?,
            truth: g["main_content"].as_str().unwrap_or("").to_owned(),
            with: strings(&g["with"]),
            without: strings(&g["without"]),
        });
    }
    Ok(out)
}

fn word_re() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\w+").ok()).as_ref()
}

/// The lower-cased `\w+` tokens of a text.
pub fn tokens(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    word_re()
        .into_iter()
        .flat_map(|re| re.find_iter(&lower))
        .map(|m| m.as_str().to_owned())
        .collect()
}

/// WCXB's word-level F1: multiset overlap of lower-cased `\w+` tokens; an
/// empty prediction scores 0 (1 when the truth is empty too).
pub fn f1(truth: &str, pred: &str) -> f64 {
    let count = |s: &str| {
        let mut m: HashMap<String, u32> = HashMap::new();
        for w in tokens(s) {
            *m.entry(w).or_insert(0) += 1;
        }
        m
    };
    let t = count(truth);
    let p = count(pred);
    let np: u32 = p.values().sum();
    let nt: u32 = t.values().sum();
    if np == 0 {
        return if nt == 0 { 1.0 } else { 0.0 };
    }
    if nt == 0 {
        return 0.0;
    }
    let overlap: u32 = p
        .iter()
        .map(|(k, &c)| c.min(t.get(k).copied().unwrap_or(0)))
        .sum();
    if overlap == 0 {
        return 0.0;
    }
    let prec = overlap as f64 / np as f64;
    let rec = overlap as f64 / nt as f64;
    2.0 * prec * rec / (prec + rec)
}

/// Whitespace collapsed and lower-cased, for snippet matching.
pub fn norm_ws(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Per page type: F1s, `with` snippets found / total, `without` leaked / total.
#[derive(Default)]
pub struct Table {
    rows: BTreeMap<String, (Vec<f64>, usize, usize, usize, usize)>,
}

impl Table {
    /// Scores one page's output; returns its F1.
    pub fn add(&mut self, page: &WcxbPage, output: &str) -> f64 {
        let f = f1(&page.truth, output);
        let out = norm_ws(output);
        let e = self.rows.entry(page.kind.clone()).or_default();
        e.0.push(f);
        for s in &page.with {
            e.2 += 1;
            e.1 += usize::from(out.contains(&norm_ws(s)));
        }
        for s in &page.without {
            e.4 += 1;
            e.3 += usize::from(out.contains(&norm_ws(s)));
        }
        f
    }

    /// Mean F1 over all pages.
    pub fn mean(&self) -> f64 {
        let all: Vec<f64> = self
            .rows
            .values()
            .flat_map(|r| r.0.iter().copied())
            .collect();
        all.iter().sum::<f64>() / all.len().max(1) as f64
    }

    /// Mean F1 per page type, in type order.
    pub fn by_type(&self) -> Vec<(String, f64)> {
        self.rows
            .iter()
            .map(|(k, r)| (k.clone(), r.0.iter().sum::<f64>() / r.0.len().max(1) as f64))
            .collect()
    }

    /// Prints the per-type table, each line prefixed with `prefix`; `tail`
    /// is appended to the ALL line.
    pub fn print(&self, prefix: &str, tail: &str) {
        println!(
            "{prefix}  {:<14} {:>5} {:>7} {:>10} {:>13}",
            "page type", "pages", "F1", "with lost", "without leak"
        );
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let (mut n, mut wf, mut wt, mut of, mut ot) = (0, 0, 0, 0, 0);
        for (kind, (f1s, w_found, w_total, o_found, o_total)) in &self.rows {
            let mean = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
            println!(
                "{prefix}  {:<14} {:>5} {:>7.3} {:>9.1}% {:>12.1}%",
                kind,
                f1s.len(),
                mean,
                100.0 - pct(*w_found, *w_total),
                pct(*o_found, *o_total)
            );
            n += f1s.len();
            wf += w_found;
            wt += w_total;
            of += o_found;
            ot += o_total;
        }
        println!(
            "{prefix}  {:<14} {:>5} {:>7.3} {:>9.1}% {:>12.1}%{tail}",
            "ALL",
            n,
            self.mean(),
            100.0 - pct(wf, wt),
            pct(of, ot),
        );
    }
}
