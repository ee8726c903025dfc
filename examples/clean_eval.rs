//! Evaluates the clean stage on the boilerplate benchmarks, in HTML mode and in
//! plain-text mode (each page rendered to text first: one line per block
//! element, all visible text, chrome included).
//!
//! - AEB (Scrapinghub article-extraction benchmark): the benchmark's own 4-gram
//!   shingle precision / recall / F1 (see ../shared/README.md).
//! - WCXB-dev: the benchmark's word-level F1, overall and per page type, plus
//!   the share of `with` snippets lost and of `without` snippets leaked.
//!
//! ```text
//! cargo run --release --example clean_eval -- [--data DIR] [--set aeb|wcxb|all]
//!     [--mode html|text|all] [--min-aeb-f1 X] [--min-wcxb-f1 X] [--limit N] [--worst N]
//!     [--config '{"chrome_penalty": 0.5}'] [--show page.html.gz]
//! ```
//! The data directory is `--data`, else `$TIDINGS_DATA`, else `../shared/data`.
//! Timings are single-threaded wall time per page (extraction only, parse
//! included; the text mode's rendering is timed separately and excluded).
//! Exits non-zero when a `--min-*` threshold is not met, or (under `CI=true`)
//! when the data is missing.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use regex::Regex;
use tidings::clean::{clean_text_with, extract_html, render_text, CleanConfig, Extraction};

struct Args {
    data: PathBuf,
    set: String,
    mode: String,
    min_aeb_f1: Option<f64>,
    min_wcxb_f1: Option<f64>,
    limit: usize,
    worst: usize,
    show: Option<PathBuf>,
    config: CleanConfig,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        data: std::env::var_os("TIDINGS_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("../shared/data")),
        set: "all".into(),
        mode: "all".into(),
        min_aeb_f1: None,
        min_wcxb_f1: None,
        limit: usize::MAX,
        worst: 0,
        show: None,
        config: CleanConfig::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => args.data = PathBuf::from(val()?),
            "--set" => args.set = val()?,
            "--mode" => args.mode = val()?,
            "--min-aeb-f1" => args.min_aeb_f1 = Some(val()?.parse().context("--min-aeb-f1")?),
            "--min-wcxb-f1" => args.min_wcxb_f1 = Some(val()?.parse().context("--min-wcxb-f1")?),
            "--limit" => args.limit = val()?.parse().context("--limit")?,
            "--worst" => args.worst = val()?.parse().context("--worst")?,
            "--show" => args.show = Some(PathBuf::from(val()?)),
            "--config" => {
                args.config =
                    serde_json::from_str(&val()?).context("--config: a CleanConfig as JSON")?
            }
            "-h" | "--help" => {
                println!("clean_eval [--data DIR] [--set aeb|wcxb|all] [--mode html|text|all] [--min-aeb-f1 X] [--min-wcxb-f1 X] [--limit N] [--worst N]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(args)
}

fn read_gz(path: &Path) -> Result<String> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut bytes)
        .with_context(|| format!("gunzip {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn median(v: &mut [f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

// ---------------------------------------------------------------- metrics

/// AEB: word 4-gram shingles over `\w+` tokens (case kept); a text of fewer
/// than 4 tokens is one shingle.
fn shingles<'a>(re: &Regex, text: &'a str) -> HashMap<Vec<&'a str>, u32> {
    let words: Vec<&str> = re.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    let n = 4;
    let count = words.len().saturating_sub(n - 1).max(1);
    for i in 0..count {
        let end = (i + n).min(words.len());
        *out.entry(words[i..end].to_vec()).or_insert(0) += 1;
    }
    out
}

/// Per-page (tp, fp, fn), each normalised by tp+fp+fn.
fn aeb_page(re: &Regex, truth: &str, pred: &str) -> (f64, f64, f64) {
    let t = shingles(re, truth);
    let p = shingles(re, pred);
    let (mut tp, mut fp, mut fneg) = (0u64, 0u64, 0u64);
    for (k, &pc) in &p {
        let tc = t.get(k).copied().unwrap_or(0);
        tp += pc.min(tc) as u64;
        fp += pc.saturating_sub(tc) as u64;
    }
    for (k, &tc) in &t {
        let pc = p.get(k).copied().unwrap_or(0);
        fneg += tc.saturating_sub(pc) as u64;
    }
    let s = (tp + fp + fneg).max(1) as f64;
    (tp as f64 / s, fp as f64 / s, fneg as f64 / s)
}

#[derive(Default)]
struct AebScore {
    precisions: Vec<f64>,
    recalls: Vec<f64>,
}

impl AebScore {
    fn add(&mut self, (tp, fp, fneg): (f64, f64, f64)) {
        if tp + fp > 0.0 {
            self.precisions.push(tp / (tp + fp));
        }
        if tp + fneg > 0.0 {
            self.recalls.push(tp / (tp + fneg));
        }
    }
    fn prf(&self) -> (f64, f64, f64) {
        let mean = |v: &[f64]| {
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        };
        let p = mean(&self.precisions);
        let r = mean(&self.recalls);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// WCXB: word-level F1 over lower-cased `\w+` tokens (multiset overlap).
fn wcxb_f1(re: &Regex, truth: &str, pred: &str) -> f64 {
    let count = |s: &str| {
        let lower = s.to_lowercase();
        let mut m: HashMap<String, u32> = HashMap::new();
        for w in re.find_iter(&lower) {
            *m.entry(w.as_str().to_owned()).or_insert(0) += 1;
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

fn norm_ws(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

// ---------------------------------------------------------------- runs

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Html,
    Text,
}

impl Mode {
    fn name(self) -> &'static str {
        match self {
            Mode::Html => "html",
            Mode::Text => "text",
        }
    }
}

/// Runs the extractor in `mode`; returns the extraction, the extraction time
/// in ms, and (text mode) the rendering time in ms.
fn run(mode: Mode, html: &str, config: &CleanConfig) -> (Extraction, f64, f64) {
    match mode {
        Mode::Html => {
            let t = Instant::now();
            let x = extract_html(html, config);
            (x, t.elapsed().as_secs_f64() * 1e3, 0.0)
        }
        Mode::Text => {
            let t = Instant::now();
            let text = render_text(html);
            let render = t.elapsed().as_secs_f64() * 1e3;
            let t = Instant::now();
            let x = clean_text_with(&text, None, config);
            (x, t.elapsed().as_secs_f64() * 1e3, render)
        }
    }
}

struct Summary {
    f1: f64,
}

fn eval_aeb(args: &Args, mode: Mode, config: &CleanConfig) -> Result<Summary> {
    let dir = args.data.join("boilerplate/aeb");
    let gt_path = dir.join("ground-truth.json");
    let gt: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&gt_path)
            .with_context(|| format!("read {}", gt_path.display()))?,
    )
    .with_context(|| format!("parse {}", gt_path.display()))?;
    let gt = gt
        .as_object()
        .context("ground-truth.json is not an object")?;
    let re = Regex::new(r"\w+")?;
    let mut ids: Vec<&String> = gt.keys().collect();
    ids.sort();
    let mut score = AebScore::default();
    let mut times = Vec::new();
    let mut renders = Vec::new();
    let mut per_page = Vec::new();
    for id in ids.into_iter().take(args.limit) {
        let truth = gt[id]["articleBody"].as_str().unwrap_or("");
        let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let (x, ms, render) = run(mode, &html, config);
        times.push(ms);
        renders.push(render);
        let page = aeb_page(&re, truth, &x.content);
        score.add(page);
        let (tp, fp, fneg) = page;
        per_page.push((
            tp / (tp + 0.5 * (fp + fneg)).max(1e-9),
            tp / (tp + fp).max(1e-9),
            tp / (tp + fneg).max(1e-9),
            id.clone(),
        ));
    }
    let (p, r, f) = score.prf();
    println!(
        "AEB  {:<4}  pages {:>4}  precision {:.3}  recall {:.3}  F1 {:.3}  median {:.2} ms/page{}",
        mode.name(),
        times.len(),
        p,
        r,
        f,
        median(&mut times),
        rendering_note(mode, &mut renders)
    );
    if args.worst > 0 {
        per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, p, r, id) in per_page.iter().take(args.worst) {
            println!("    worst  f {f:.3}  p {p:.3}  r {r:.3}  {id}");
        }
    }
    Ok(Summary { f1: f })
}

fn eval_wcxb(args: &Args, mode: Mode, config: &CleanConfig) -> Result<Summary> {
    let dir = args.data.join("boilerplate/wcxb-dev");
    let meta_path = dir.join("metadata.json");
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&meta_path)
            .with_context(|| format!("read {}", meta_path.display()))?,
    )
    .with_context(|| format!("parse {}", meta_path.display()))?;
    let files = meta["files"]
        .as_object()
        .context("metadata.json: no `files`")?;
    let re = Regex::new(r"\w+")?;
    let mut ids: Vec<&String> = files.keys().collect();
    ids.sort();
    // type -> (f1s, with found/total, without leaked/total)
    let mut by_type: BTreeMap<String, (Vec<f64>, usize, usize, usize, usize)> = BTreeMap::new();
    let mut times = Vec::new();
    let mut renders = Vec::new();
    let mut per_page = Vec::new();
    for id in ids.into_iter().take(args.limit) {
        let kind = files[id]["page_type"]
            .as_str()
            .unwrap_or("unknown")
            .to_owned();
        let gt_path = dir.join("ground-truth").join(format!("{id}.json"));
        let gt: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(&gt_path)
                .with_context(|| format!("read {}", gt_path.display()))?,
        )
        .with_context(|| format!("parse {}", gt_path.display()))?;
        let g = &gt["ground_truth"];
        let truth = g["main_content"].as_str().unwrap_or("");
        let html = read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let (x, ms, render) = run(mode, &html, config);
        times.push(ms);
        renders.push(render);
        let f1 = wcxb_f1(&re, truth, &x.content);
        per_page.push((f1, id.clone(), kind.clone()));
        let out = norm_ws(&x.content);
        let entry = by_type.entry(kind).or_default();
        entry.0.push(f1);
        for s in g["with"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
        {
            entry.2 += 1;
            if out.contains(&norm_ws(s)) {
                entry.1 += 1;
            }
        }
        for s in g["without"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str())
        {
            entry.4 += 1;
            if out.contains(&norm_ws(s)) {
                entry.3 += 1;
            }
        }
    }
    let mut all = Vec::new();
    let (mut wf, mut wt, mut of, mut ot) = (0, 0, 0, 0);
    println!(
        "WCXB {:<4}  {:<14} {:>5} {:>7} {:>10} {:>13}",
        mode.name(),
        "page type",
        "pages",
        "F1",
        "with lost",
        "without leak"
    );
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    for (kind, (f1s, w_found, w_total, o_found, o_total)) in &by_type {
        let mean = f1s.iter().sum::<f64>() / f1s.len().max(1) as f64;
        println!(
            "WCXB {:<4}  {:<14} {:>5} {:>7.3} {:>9.1}% {:>12.1}%",
            mode.name(),
            kind,
            f1s.len(),
            mean,
            100.0 - pct(*w_found, *w_total),
            pct(*o_found, *o_total)
        );
        all.extend_from_slice(f1s);
        wf += w_found;
        wt += w_total;
        of += o_found;
        ot += o_total;
    }
    let f = all.iter().sum::<f64>() / all.len().max(1) as f64;
    println!(
        "WCXB {:<4}  {:<14} {:>5} {:>7.3} {:>9.1}% {:>12.1}%   median {:.2} ms/page{}",
        mode.name(),
        "ALL",
        all.len(),
        f,
        100.0 - pct(wf, wt),
        pct(of, ot),
        median(&mut times),
        rendering_note(mode, &mut renders)
    );
    if args.worst > 0 {
        per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, id, kind) in per_page.iter().take(args.worst) {
            println!("    worst  f {f:.3}  {id} {kind}");
        }
    }
    Ok(Summary { f1: f })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if let Some(path) = &args.show {
        // Debugging aid: print what each mode keeps and removes for one page.
        let html = read_gz(path)?;
        for mode in [Mode::Html, Mode::Text] {
            let (x, ms, _) = run(mode, &html, &args.config);
            println!(
                "==== {} ({ms:.2} ms) title: {:?} lang {:?}",
                mode.name(),
                x.title,
                x.language
            );
            for p in x.paragraph_texts() {
                println!("  + {}", p.chars().take(160).collect::<String>());
            }
            for b in &x.boilerplate {
                println!(
                    "  - {:?}: {}",
                    b.reason,
                    b.text.chars().take(100).collect::<String>()
                );
            }
        }
        return Ok(());
    }
    let started = Instant::now();
    let config = args.config.clone();
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let bp = args.data.join("boilerplate");
    if !bp.is_dir() {
        if ci {
            bail!("{}: benchmark data missing (CI=true)", bp.display());
        }
        eprintln!("{}: benchmark data missing; skipping", bp.display());
        return Ok(());
    }
    let modes: Vec<Mode> = match args.mode.as_str() {
        "html" => vec![Mode::Html],
        "text" => vec![Mode::Text],
        "all" => vec![Mode::Html, Mode::Text],
        other => bail!("unknown --mode {other}"),
    };
    let mut failed = Vec::new();
    for &mode in &modes {
        if args.set == "aeb" || args.set == "all" {
            let s = eval_aeb(&args, mode, &config)?;
            if let (Mode::Html, Some(min)) = (mode, args.min_aeb_f1) {
                if s.f1 < min {
                    failed.push(format!("AEB html F1 {:.4} < {min}", s.f1));
                }
            }
        }
        if args.set == "wcxb" || args.set == "all" {
            let s = eval_wcxb(&args, mode, &config)?;
            if let (Mode::Html, Some(min)) = (mode, args.min_wcxb_f1) {
                if s.f1 < min {
                    failed.push(format!("WCXB html F1 {:.4} < {min}", s.f1));
                }
            }
        }
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
    if !failed.is_empty() {
        bail!("clean_eval: {}", failed.join("; "));
    }
    Ok(())
}

/// " (+ X ms rendering)" in text mode, where pages are first rendered to text.
fn rendering_note(mode: Mode, renders: &mut [f64]) -> String {
    if mode == Mode::Text {
        format!(" (+ {:.2} ms rendering)", median(renders))
    } else {
        String::new()
    }
}
