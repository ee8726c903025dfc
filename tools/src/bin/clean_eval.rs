//! Evaluates the clean stage on the boilerplate benchmarks, in HTML mode and in
//! plain-text mode (each page rendered to text first: one line per block
//! element, all visible text, chrome included).
//!
//! - AEB (Scrapinghub article-extraction benchmark): the benchmark's own 4-gram
//!   shingle precision / recall / F1 (see ../shared/README.md).
//! - WCXB-dev: the benchmark's word-level F1, overall and per page type, plus
//!   the share of `with` snippets lost and of `without` snippets leaked.
//! - trafilatura's evaluation set (`--set trafilatura --trafilatura DIR`, DIR
//!   being the `tests/` folder of a checkout of adbar/trafilatura: its
//!   `evaldata.json` and the pages under `eval/` and `cache/`; not in
//!   `../shared`, so never part of `all`): trafilatura's own scoring — per
//!   page, each `with` snippet found in the output (whitespace-normalised,
//!   case-sensitive substring) is a true positive, each `without` snippet
//!   found a false positive; precision, recall, accuracy and F1 over the
//!   summed counts. Pages are decoded from bytes as the command decodes files.
//! - Both, in HTML mode: the page model's estimates against the truth —
//!   `clean.confidence` (the expected token F1) beside the token F1 the page
//!   got, by band of confidence, with the calibration error (ECE); and the
//!   page types found (AEB's pages are all articles).
//!
//! - prose (`--set prose`): chrome-free inputs built from lingua's sentences
//!   (75 languages) and FLORES dev — single sentences, single-paragraph pages,
//!   five-paragraph prose, two-language documents — through the default
//!   pipeline, and the share of their words that survives `clean`, per
//!   language (see `support/prose.rs`).
//!
//! ```text
//! cargo run --release -p tidings-tools --bin clean_eval -- [--data DIR] [--set aeb|wcxb|prose|trafilatura|all]
//!     [--mode html|text|all] [--min-aeb-f1 X] [--min-aeb-text-f1 X] [--min-wcxb-f1 X]
//!     [--min-sentence-kept X] [--min-prose-kept X] [--prose-limit N] [--max-aeb-ece X]
//!     [--trafilatura DIR]
//!     [--limit N] [--worst N]
//!     [--config '{"chrome_penalty": 0.5}'] [--show page.html.gz]
//! ```
//! The data directory is `--data`, else `$TIDINGS_DATA`, else `../shared/data`.
//! Timings are single-threaded wall time per page (extraction only, parse
//! included; the text mode's rendering is timed separately and excluded).
//! Exits non-zero when a `--min-*` threshold is not met, or (under `CI=true`)
//! when the data is missing.
//!
//! The shipped block models were trained on WCXB-dev (`train_clean`), so the
//! WCXB figures printed here for the default config are in-sample; the
//! out-of-fold ones come from `train_clean`. AEB is never trained on.
//! `--config '{"html_model": "heuristic", "text_model": "heuristic"}'` scores
//! the heuristics alone.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

#[path = "support/calibration.rs"]
mod calibration;
#[path = "support/prose.rs"]
mod prose;
#[path = "support/wcxb.rs"]
mod wcxb;

use anyhow::{bail, Context, Result};
use regex::Regex;
use tidings::clean::{extract_html, extract_text_lang, render_text, CleanConfig, Extraction};

struct Args {
    data: PathBuf,
    set: String,
    mode: String,
    min_aeb_f1: Option<f64>,
    min_aeb_text_f1: Option<f64>,
    min_wcxb_f1: Option<f64>,
    max_aeb_ece: Option<f64>,
    trafilatura: Option<PathBuf>,
    min_sentence_kept: f64,
    min_prose_kept: f64,
    prose_limit: usize,
    limit: usize,
    worst: usize,
    show: Option<PathBuf>,
    config: CleanConfig,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        data: tidings_testdata::data_dir(),
        set: "all".into(),
        mode: "all".into(),
        min_aeb_f1: None,
        min_aeb_text_f1: None,
        min_wcxb_f1: None,
        max_aeb_ece: None,
        trafilatura: None,
        min_sentence_kept: 0.0,
        min_prose_kept: 0.0,
        prose_limit: usize::MAX,
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
            "--trafilatura" => args.trafilatura = Some(PathBuf::from(val()?)),
            "--mode" => args.mode = val()?,
            "--min-aeb-f1" => args.min_aeb_f1 = Some(val()?.parse().context("--min-aeb-f1")?),
            "--max-aeb-ece" => args.max_aeb_ece = Some(val()?.parse().context("--max-aeb-ece")?),
            "--min-aeb-text-f1" => {
                args.min_aeb_text_f1 = Some(val()?.parse().context("--min-aeb-text-f1")?)
            }
            "--min-wcxb-f1" => args.min_wcxb_f1 = Some(val()?.parse().context("--min-wcxb-f1")?),
            "--min-sentence-kept" => {
                args.min_sentence_kept = val()?.parse().context("--min-sentence-kept")?
            }
            "--min-prose-kept" => {
                args.min_prose_kept = val()?.parse().context("--min-prose-kept")?
            }
            "--prose-limit" => args.prose_limit = val()?.parse().context("--prose-limit")?,
            "--limit" => args.limit = val()?.parse().context("--limit")?,
            "--worst" => args.worst = val()?.parse().context("--worst")?,
            "--show" => args.show = Some(PathBuf::from(val()?)),
            "--config" => {
                args.config =
                    serde_json::from_str(&val()?).context("--config: a CleanConfig as JSON")?
            }
            "-h" | "--help" => {
                println!("clean_eval [--data DIR] [--set aeb|wcxb|prose|trafilatura|all] [--mode html|text|all] [--min-aeb-f1 X] [--min-aeb-text-f1 X] [--min-wcxb-f1 X] [--min-sentence-kept X] [--min-prose-kept X] [--prose-limit N] [--max-aeb-ece X] [--trafilatura DIR] [--limit N] [--worst N]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(args)
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
            let x = extract_text_lang(&text, None, config);
            (x, t.elapsed().as_secs_f64() * 1e3, render)
        }
    }
}

struct Summary {
    f1: f64,
    /// The calibration error of `clean.confidence` (HTML mode).
    ece: Option<f64>,
}

/// The page model's estimates beside the truth: `clean.confidence` against
/// the page's token F1, and the page types found.
struct Calibration {
    /// What the F1 beside the confidence is.
    metric: &'static str,
    pairs: Vec<(f64, f64)>,
    types: std::collections::BTreeMap<&'static str, usize>,
}

impl Calibration {
    fn new(metric: &'static str) -> Calibration {
        Calibration {
            metric,
            pairs: Vec::new(),
            types: Default::default(),
        }
    }

    fn add(&mut self, x: &Extraction, token_f1: f64) {
        if let Some(e) = x.page {
            self.pairs.push((f64::from(e.confidence), token_f1));
            *self.types.entry(e.page_type.as_str()).or_default() += 1;
        }
    }

    /// Prints the bands and returns the expected calibration error
    /// ([`calibration::ece`]); `None` without estimates.
    fn print(&self) -> Option<f64> {
        if self.pairs.is_empty() {
            return None;
        }
        let n = self.pairs.len() as f64;
        let ece = calibration::ece(&self.pairs);
        let bands: Vec<String> = calibration::bands(&self.pairs)
            .iter()
            .map(|b| {
                format!(
                    "{:.1}-{:.1}: {} at {:.2}/{:.2}",
                    b.lo, b.hi, b.pages, b.confidence, b.f1
                )
            })
            .collect();
        println!(
            "     confidence {:.3} vs {} {:.3}, ECE {ece:.3}; by band (pages at confidence/F1): {}",
            self.pairs.iter().map(|p| p.0).sum::<f64>() / n,
            self.metric,
            self.pairs.iter().map(|p| p.1).sum::<f64>() / n,
            bands.join(", ")
        );
        let types: Vec<String> = self.types.iter().map(|(t, c)| format!("{t} {c}")).collect();
        println!("     page types found: {}", types.join(", "));
        Some(ece)
    }
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
    let mut calibration = Calibration::new("token F1");
    // Removed pieces, and those with offsets into the input.
    let (mut removed, mut located) = (0usize, 0usize);
    for id in ids.into_iter().take(args.limit) {
        let truth = gt[id]["articleBody"].as_str().unwrap_or("");
        let html = wcxb::read_gz(&dir.join("html").join(format!("{id}.html.gz")))?;
        let (x, ms, render) = run(mode, &html, config);
        removed += x.boilerplate.len();
        located += x.boilerplate.iter().filter(|b| b.start.is_some()).count();
        times.push(ms);
        renders.push(render);
        let page = aeb_page(&re, truth, &x.content);
        calibration.add(&x, wcxb::f1(truth, &x.content));
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
    println!(
        "     removed pieces with offsets into the input: {located} of {removed} ({:.1} %)",
        100.0 * located as f64 / removed.max(1) as f64
    );
    let ece = calibration.print();
    if args.worst > 0 {
        per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, p, r, id) in per_page.iter().take(args.worst) {
            println!("    worst  f {f:.3}  p {p:.3}  r {r:.3}  {id}");
        }
    }
    Ok(Summary { f1: f, ece })
}

/// trafilatura's evaluation set, scored as `tests/eval_common.py` scores it.
fn eval_trafilatura(
    dir: &std::path::Path,
    limit: usize,
    mode: Mode,
    config: &CleanConfig,
) -> Result<()> {
    let meta_path = dir.join("evaldata.json");
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&meta_path)
            .with_context(|| format!("read {}", meta_path.display()))?,
    )
    .with_context(|| format!("parse {}", meta_path.display()))?;
    let items = meta.as_object().context("evaldata.json is not an object")?;
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let snippets = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(&norm))
            .collect()
    };
    let mut urls: Vec<&String> = items.keys().collect();
    urls.sort();
    let (mut tp, mut fp, mut fneg, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut times = Vec::new();
    let mut renders = Vec::new();
    let mut calibration = Calibration::new("snippet F1");
    for url in urls.into_iter().take(limit) {
        let item = &items[url];
        let file = item["file"].as_str().context("an item without `file`")?;
        let path = ["cache", "eval"]
            .iter()
            .map(|sub| dir.join(sub).join(file))
            .find(|p| p.is_file())
            .with_context(|| format!("{url}: {file} is in neither cache/ nor eval/"))?;
        let bytes = std::fs::read(&path).with_context(|| format!("read {}", path.display()))?;
        let doc = tidings::io::document_from_bytes(
            path.display().to_string(),
            &bytes,
            Some(tidings::Format::Html),
            usize::MAX,
            None,
        );
        let (x, ms, render) = run(mode, &doc.text, config);
        times.push(ms);
        renders.push(render);
        let out = norm(&x.content);
        let (with, without) = (snippets(&item["with"]), snippets(&item["without"]));
        let found = with.iter().filter(|w| out.contains(w.as_str())).count();
        let leaked = without.iter().filter(|w| out.contains(w.as_str())).count();
        tp += found;
        fneg += with.len() - found;
        fp += leaked;
        tn += without.len() - leaked;
        // The page's own score, for the confidence beside it.
        let f = 2.0 * found as f64 / (2 * found + leaked + with.len() - found).max(1) as f64;
        calibration.add(&x, f);
    }
    let ratio = |a: usize, b: usize| a as f64 / b.max(1) as f64;
    let (p, r) = (ratio(tp, tp + fp), ratio(tp, tp + fneg));
    println!(
        "TRAF {:<4}  pages {:>4}  precision {p:.3}  recall {r:.3}  accuracy {:.3}  F1 {:.3}  median {:.2} ms/page{}",
        mode.name(),
        times.len(),
        ratio(tp + tn, tp + tn + fp + fneg),
        ratio(2 * tp, 2 * tp + fp + fneg),
        median(&mut times),
        rendering_note(mode, &mut renders)
    );
    calibration.print();
    Ok(())
}

fn eval_wcxb(args: &Args, mode: Mode, config: &CleanConfig) -> Result<Summary> {
    let dir = args.data.join("boilerplate/wcxb-dev");
    let mut table = wcxb::Table::default();
    let mut times = Vec::new();
    let mut renders = Vec::new();
    let mut per_page = Vec::new();
    let mut calibration = Calibration::new("token F1");
    for page in wcxb::load(&dir, args.limit)? {
        let (x, ms, render) = run(mode, &page.html, config);
        times.push(ms);
        renders.push(render);
        let f1 = table.add(&page, &x.content);
        calibration.add(&x, f1);
        per_page.push((f1, page.id, page.kind));
    }
    let tail = format!(
        "   median {:.2} ms/page{}",
        median(&mut times),
        rendering_note(mode, &mut renders)
    );
    table.print(&format!("WCXB {:<4}", mode.name()), &tail);
    // In-sample: the shipped models were trained on these pages.
    let ece = calibration.print();
    if args.worst > 0 {
        per_page.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (f, id, kind) in per_page.iter().take(args.worst) {
            println!("    worst  f {f:.3}  {id} {kind}");
        }
    }
    Ok(Summary {
        f1: table.mean(),
        ece,
    })
}

fn main() -> Result<()> {
    let args = parse_args()?;
    if let Some(path) = &args.show {
        // Debugging aid: print what each mode keeps and removes for one page.
        let html = wcxb::read_gz(path)?;
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
    if !bp.is_dir() && args.set != "trafilatura" {
        if ci {
            bail!("{}: benchmark data missing (CI=true)", bp.display());
        }
        eprintln!("{}: benchmark data missing; skipping", bp.display());
        return Ok(());
    }
    let modes: Vec<Mode> = match args.mode.as_str() {
        _ if args.set == "prose" => vec![],
        "html" => vec![Mode::Html],
        "text" => vec![Mode::Text],
        "all" => vec![Mode::Html, Mode::Text],
        other => bail!("unknown --mode {other}"),
    };
    let mut failed = Vec::new();
    for &mode in &modes {
        if args.set == "aeb" || args.set == "all" {
            let s = eval_aeb(&args, mode, &config)?;
            let min = match mode {
                Mode::Html => args.min_aeb_f1,
                Mode::Text => args.min_aeb_text_f1,
            };
            if let Some(min) = min {
                if s.f1 < min {
                    failed.push(format!("AEB {} F1 {:.4} < {min}", mode.name(), s.f1));
                }
            }
            if let (Mode::Html, Some(max)) = (mode, args.max_aeb_ece) {
                match s.ece {
                    Some(ece) if ece <= max => {}
                    Some(ece) => failed.push(format!("AEB confidence ECE {ece:.4} > {max}")),
                    None => failed.push("AEB: no page has a confidence".into()),
                }
            }
        }
        if args.set == "trafilatura" {
            let dir = args
                .trafilatura
                .as_deref()
                .context("--set trafilatura needs --trafilatura DIR (the tests/ folder of adbar/trafilatura)")?;
            eval_trafilatura(dir, args.limit, mode, &config)?;
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
    if args.set == "prose" || args.set == "all" {
        let full = tidings::PipelineConfig::default().build()?;
        let lang_only = tidings::PipelineConfig::with_stages(&["lang"])?.build()?;
        let report = prose::evaluate(&args.data, args.prose_limit, &full, &lang_only)?;
        failed.extend(report.print(args.min_sentence_kept, args.min_prose_kept));
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
