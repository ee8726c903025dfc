//! Trains the models of the clean stage on WCXB-dev, reports their
//! cross-validated figures, and writes the models that ship in
//! `models/clean/`: `--mode html` (default; `html.tgb`) scores the text blocks
//! of parsed pages, `--mode text` (`text.tgb`) the lines of the same pages
//! rendered to plain text, and `--mode page` (`page.tgb`) estimates each
//! page's type and the F1 of its extraction (see [`page_mode`]).
//!
//! Each text block of a page is labelled main content when its lower-cased
//! `\w+` tokens occur, in order, in the page's `main_content`; its weight is
//! its token count over the page's truth token count, so every page counts
//! about as much as in the benchmark's per-page mean F1.
//!
//! The WCXB figures printed are **out-of-fold**: pages are split into
//! `--folds` groups by domain (a site never sits on both sides), each group is
//! extracted by a model trained on the others, and the extraction is scored
//! with the benchmark's metric. The shipped model is then trained on every
//! page, so `clean_eval`'s WCXB figure for it is in-sample; its AEB figure is
//! not (AEB is never used for training).
//!
//! ```text
//! cargo run --release -p tidings-tools --bin train_clean -- [--mode html|text] [--data DIR] [--folds 5]
//!     [--trees 200] [--depth 6] [--lr 0.1] [--lambda 1] [--min-child 1] [--limit N] [--out models/clean/html.tgb]
//!     [--no-cv] [--no-save] [--oracle]
//! cargo run --release -p tidings-tools --bin train_clean -- --mode page [--folds 5] [--fold-models DIR]
//!     [--min-type-accuracy X] [--max-ece X]
//! ```

#[path = "support/calibration.rs"]
mod calibration;
#[path = "support/data.rs"]
mod data;
#[path = "support/wcxb.rs"]
mod wcxb;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use tidings::clean::{
    extract_html_with, extract_text_with, html_block_rows, html_page_row, render_text,
    text_line_rows, BlockModel, BlockRows, CleanConfig, LabelledPage, ModelKind, PageModel,
    PageSample, PageType, TrainParams,
};

struct Args {
    data: Option<PathBuf>,
    folds: u64,
    limit: usize,
    out: PathBuf,
    cv: bool,
    save: bool,
    oracle: bool,
    show: Option<String>,
    verbose: bool,
    kind: ModelKind,
    /// `--mode page`: the page model (type and confidence), not a block model.
    page: bool,
    params: TrainParams,
    /// Whether a training option was given (page mode has its own defaults).
    params_given: bool,
    /// Page mode: keep each fold's block model here (`fold0.tgb`, …) and
    /// reuse it on the next run, which then trains only the page model.
    fold_models: Option<PathBuf>,
    /// Page mode: fail when the out-of-fold type accuracy is below this.
    min_type_accuracy: f64,
    /// Page mode: fail when the out-of-fold calibration error is above this.
    max_ece: f64,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        data: None,
        folds: 5,
        limit: usize::MAX,
        out: PathBuf::from("models/clean/html.tgb"),
        cv: true,
        save: true,
        oracle: false,
        show: None,
        verbose: false,
        kind: ModelKind::Html,
        page: false,
        params: TrainParams::default(),
        params_given: false,
        min_type_accuracy: 0.0,
        max_ece: 1.0,
        fold_models: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().with_context(|| format!("{a} needs a value"));
        args.params_given |= matches!(
            a.as_str(),
            "--trees" | "--depth" | "--lr" | "--bins" | "--lambda" | "--min-child"
        );
        match a.as_str() {
            "--data" => args.data = Some(PathBuf::from(val()?)),
            "--folds" => args.folds = val()?.parse().context("--folds")?,
            "--limit" => args.limit = val()?.parse().context("--limit")?,
            "--out" => args.out = PathBuf::from(val()?),
            "--mode" => {
                args.kind = match val()?.as_str() {
                    "html" => ModelKind::Html,
                    "text" => ModelKind::Text,
                    "page" => {
                        args.page = true;
                        ModelKind::Html
                    }
                    other => bail!("--mode html|text|page, not {other}"),
                };
                if args.page && args.out == Path::new("models/clean/html.tgb") {
                    args.out = PathBuf::from("models/clean/page.tgb");
                }
                if args.out == Path::new("models/clean/html.tgb") && args.kind == ModelKind::Text {
                    args.out = PathBuf::from("models/clean/text.tgb");
                }
            }
            "--trees" => args.params.trees = val()?.parse().context("--trees")?,
            "--depth" => args.params.depth = val()?.parse().context("--depth")?,
            "--lr" => args.params.learning_rate = val()?.parse().context("--lr")?,
            "--bins" => args.params.bins = val()?.parse().context("--bins")?,
            "--lambda" => args.params.lambda = val()?.parse().context("--lambda")?,
            "--min-child" => {
                args.params.min_child_weight = val()?.parse().context("--min-child")?
            }
            "--min-type-accuracy" => {
                args.min_type_accuracy = val()?.parse().context("--min-type-accuracy")?
            }
            "--max-ece" => args.max_ece = val()?.parse().context("--max-ece")?,
            "--fold-models" => args.fold_models = Some(PathBuf::from(val()?)),
            "--no-cv" => args.cv = false,
            "--no-save" => args.save = false,
            "--oracle" => args.oracle = true,
            "-v" => args.verbose = true,
            "--show" => args.show = Some(val()?),
            "-h" | "--help" => {
                println!("train_clean [--data DIR] [--folds K] [--trees N] [--depth D] [--lr X] [--limit N] [--out FILE] [--no-cv] [--no-save]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}"),
        }
    }
    if args.folds < 2 {
        bail!("--folds must be at least 2");
    }
    if args.page && !args.params_given {
        // 1,497 rows, not a million blocks: shallow, slow-learning trees.
        args.params = TrainParams {
            trees: 150,
            depth: 3,
            learning_rate: 0.05,
            min_child_weight: 5.0,
            ..TrainParams::default()
        };
    }
    Ok(args)
}

/// A page's blocks with labels and weights, and its fold.
struct Sample {
    page: LabelledPage,
    fold: u64,
}

fn label(page: &wcxb::WcxbPage, rows: BlockRows, folds: u64) -> Sample {
    let truth = format!(" {} ", wcxb::tokens(&page.truth).join(" "));
    let truth_tokens = truth.split(' ').filter(|t| !t.is_empty()).count().max(50) as f32;
    let mut labels = Vec::with_capacity(rows.texts.len());
    let mut weights = Vec::with_capacity(rows.texts.len());
    for text in &rows.texts {
        let toks = wcxb::tokens(text);
        labels.push(!toks.is_empty() && truth.contains(&format!(" {} ", toks.join(" "))));
        weights.push(100.0 * toks.len() as f32 / truth_tokens);
    }
    // FNV-1a of the domain: a site's pages share a fold.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in page.domain.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    Sample {
        page: LabelledPage {
            rows,
            labels,
            weights,
        },
        fold: h % folds,
    }
}

fn training_set<'a>(samples: impl Iterator<Item = &'a Sample>) -> Vec<LabelledPage> {
    samples.map(|s| s.page.clone()).collect()
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let root = data::data_dir(args.data.clone());
    let dir = root.join("boilerplate/wcxb-dev");
    data::require(&dir)?;
    let started = Instant::now();
    let pages = wcxb::load(&dir, args.limit)?;
    let config = CleanConfig::default();
    // Text mode learns from the pages rendered to text (every visible block
    // on its own line, chrome included), as clean_eval scores it.
    let inputs: Vec<String> = match args.kind {
        ModelKind::Html => pages.iter().map(|p| p.html.clone()).collect(),
        ModelKind::Text => pages.par_iter().map(|p| render_text(&p.html)).collect(),
    };
    let extract_at = |input: &str, model: Option<&BlockModel>, threshold: f32| -> String {
        let config = CleanConfig {
            model_threshold: threshold,
            text_threshold: threshold,
            ..config.clone()
        };
        match args.kind {
            ModelKind::Html => extract_html_with(input, None, &config, model).content,
            ModelKind::Text => extract_text_with(input, None, &config, model).content,
        }
    };
    let extract = |input: &str, model: Option<&BlockModel>| {
        let threshold = match args.kind {
            ModelKind::Html => config.model_threshold,
            ModelKind::Text => config.text_threshold,
        };
        extract_at(input, model, threshold)
    };
    let samples: Vec<Sample> = pages
        .par_iter()
        .zip(&inputs)
        .map(|(p, input)| {
            let rows = match args.kind {
                ModelKind::Html => html_block_rows(input, &config),
                ModelKind::Text => text_line_rows(input, &config),
            };
            label(p, rows, args.folds)
        })
        .collect();
    if args.page {
        return page_mode(&args, &pages, &inputs, &samples, &config, started);
    }
    let blocks: usize = samples.iter().map(|s| s.page.labels.len()).sum();
    let positive: usize = samples
        .iter()
        .map(|s| s.page.labels.iter().filter(|&&l| l).count())
        .sum();
    println!(
        "WCXB-dev: {} pages, {blocks} blocks ({positive} labelled content), features in {:.1} s",
        pages.len(),
        started.elapsed().as_secs_f64()
    );
    let p = &args.params;
    println!(
        "params: trees {} depth {} lr {} lambda {} min_child {} bins {}",
        p.trees, p.depth, p.learning_rate, p.lambda, p.min_child_weight, p.bins
    );

    if let Some(id) = &args.show {
        // Debugging aid: a page's blocks with their labels, then its truth.
        for (page, s) in pages.iter().zip(&samples) {
            if &page.id != id {
                continue;
            }
            for (t, l) in s.page.rows.texts.iter().zip(&s.page.labels) {
                println!(
                    "{} {}",
                    if *l { "+" } else { "-" },
                    t.chars().take(150).collect::<String>()
                );
            }
            println!("==== truth\n{}", page.truth);
        }
        return Ok(());
    }

    if args.oracle {
        // The ceiling of block labelling: keep exactly the labelled blocks.
        let mut table = wcxb::Table::default();
        for (page, s) in pages.iter().zip(&samples) {
            let kept: Vec<&str> = s
                .page
                .rows
                .texts
                .iter()
                .zip(&s.page.labels)
                .filter(|(_, &l)| l)
                .map(|(t, _)| t.as_str())
                .collect();
            let f = table.add(page, &kept.join("\n"));
            if f < 0.5 && args.verbose {
                println!("    oracle {f:.3} {} {}", page.id, page.kind);
            }
        }
        println!("oracle (labelled blocks kept):");
        table.print("WCXB orcl", "");
    }

    if args.cv {
        let mut table = wcxb::Table::default();
        let mut heuristic = wcxb::Table::default();
        // Other decision thresholds, scored on the same held-out pages.
        const SCAN: [f32; 7] = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
        let mut scans: Vec<wcxb::Table> = SCAN.iter().map(|_| wcxb::Table::default()).collect();
        for k in 0..args.folds {
            let t = Instant::now();
            let train = training_set(samples.iter().filter(|s| s.fold != k));
            let model = BlockModel::train(args.kind, &train, &args.params);
            let held: Vec<usize> = (0..pages.len()).filter(|&i| samples[i].fold == k).collect();
            let outs: Vec<(String, String)> = held
                .par_iter()
                .map(|&i| (extract(&inputs[i], Some(&model)), extract(&inputs[i], None)))
                .collect();
            for (&i, (learned, heur)) in held.iter().zip(&outs) {
                table.add(&pages[i], learned);
                heuristic.add(&pages[i], heur);
            }
            for (t, scan) in SCAN.iter().zip(scans.iter_mut()) {
                let outs: Vec<String> = held
                    .par_iter()
                    .map(|&i| extract_at(&inputs[i], Some(&model), *t))
                    .collect();
                for (&i, out) in held.iter().zip(&outs) {
                    scan.add(&pages[i], out);
                }
            }
            println!(
                "fold {k}: {} training pages, {} held-out pages, {:.1} s",
                train.len(),
                held.len(),
                t.elapsed().as_secs_f64()
            );
        }
        print!("{:<14}", "threshold");
        for t in SCAN {
            print!(" {t:>6.2}");
        }
        println!();
        let types = scans[0].by_type();
        for (i, (kind, _)) in types.iter().enumerate() {
            print!("{kind:<14}");
            for scan in &scans {
                print!(" {:>6.3}", scan.by_type()[i].1);
            }
            println!();
        }
        print!("{:<14}", "ALL");
        for scan in &scans {
            print!(" {:>6.4}", scan.mean());
        }
        println!();
        println!(
            "out-of-fold, learned model ({} folds by domain):",
            args.folds
        );
        table.print("WCXB cv  ", "");
        println!("same pages, heuristic only:");
        heuristic.print("WCXB heur", "");
    }

    if args.save {
        let t = Instant::now();
        let model = BlockModel::train(args.kind, &training_set(samples.iter()), &args.params);
        let bytes = model.to_bytes();
        if let Some(parent) = args.out.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("create {}", parent.display()))?;
        }
        std::fs::write(&args.out, &bytes)
            .with_context(|| format!("write {}", args.out.display()))?;
        println!(
            "wrote {} ({} trees, {} KiB) in {:.1} s",
            args.out.display(),
            model.n_trees(),
            bytes.len() / 1024,
            t.elapsed().as_secs_f64()
        );
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// `--mode page`: the page model, from out-of-fold extractions.
///
/// 1. Each domain fold's pages are extracted by a block model (the shipped
///    parameters) trained on the other folds, at every threshold of
///    [`SCAN`]: the page rows and F1 scores are those of pages the block
///    model never saw, as a user's pages are.
/// 2. The page types are cross-validated on those rows over the same folds.
/// 3. A block threshold per estimated type: for each fold, the threshold that
///    extracts the other folds' pages of that estimated type best. A type
///    keeps its own threshold when that beats the default out-of-fold;
///    articles keep the default, which AEB's held-out articles prefer.
/// 4. The confidence learns the F1 of each page's final extraction (at its
///    type's threshold), and is cross-validated: its out-of-fold calibration
///    is printed per band of confidence (mean confidence against mean F1)
///    with the expected calibration error (ECE, the page-weighted mean gap).
/// 5. The shipped page model is trained on every page's out-of-fold row,
///    with the thresholds chosen on every page.
fn page_mode(
    args: &Args,
    pages: &[wcxb::WcxbPage],
    inputs: &[String],
    samples: &[Sample],
    config: &CleanConfig,
    started: Instant,
) -> Result<()> {
    let fixed = SCAN
        .iter()
        .position(|&t| t == config.model_threshold)
        .context("the default threshold is not in the scan")?;
    let mut rows: Vec<Option<(PageSample, Vec<f64>)>> = vec![None; pages.len()];
    for k in 0..args.folds {
        let t = Instant::now();
        let cached = args
            .fold_models
            .as_ref()
            .map(|d| d.join(format!("fold{k}.tgb")));
        let model = match cached.as_ref().and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => BlockModel::from_bytes(ModelKind::Html, &bytes)?,
            None => {
                let train = training_set(samples.iter().filter(|s| s.fold != k));
                let model = BlockModel::train(ModelKind::Html, &train, &TrainParams::default());
                if let Some(path) = &cached {
                    std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
                    std::fs::write(path, model.to_bytes())
                        .with_context(|| format!("write {}", path.display()))?;
                }
                model
            }
        };
        let held: Vec<usize> = (0..pages.len()).filter(|&i| samples[i].fold == k).collect();
        let out: Vec<(PageSample, Vec<f64>)> = held
            .par_iter()
            .map(|&i| {
                // The row's extraction is the one at the default threshold.
                let (at_default, row) = html_page_row(&inputs[i], config, &model);
                let scan: Vec<f64> = SCAN
                    .iter()
                    .enumerate()
                    .map(|(j, &t)| {
                        if j == fixed {
                            return wcxb::f1(&pages[i].truth, &at_default.content);
                        }
                        let c = CleanConfig {
                            model_threshold: t,
                            ..config.clone()
                        };
                        let x = extract_html_with(&inputs[i], None, &c, Some(&model));
                        wcxb::f1(&pages[i].truth, &x.content)
                    })
                    .collect();
                let sample = PageSample {
                    row,
                    page_type: PageType::parse(&pages[i].kind),
                    f1: scan[fixed] as f32,
                };
                (sample, scan)
            })
            .collect();
        for (&i, s) in held.iter().zip(out) {
            rows[i] = Some(s);
        }
        println!(
            "fold {k}: block model, {} page rows and their extractions, {:.1} s",
            held.len(),
            t.elapsed().as_secs_f64()
        );
    }
    let (mut rows, scans): (Vec<PageSample>, Vec<Vec<f64>>) = rows.into_iter().flatten().unzip();
    anyhow::ensure!(rows.len() == pages.len(), "a page has no out-of-fold row");
    let p = &args.params;
    println!(
        "page model params: trees {} depth {} lr {} lambda {} min_child {} bins {}",
        p.trees, p.depth, p.learning_rate, p.lambda, p.min_child_weight, p.bins
    );
    let estimated = cross_validate(args, samples, &rows)?;
    let types: Vec<PageType> = estimated.iter().map(|e| e.page_type).collect();
    let probs: Vec<f32> = estimated.iter().map(|e| e.type_probability).collect();
    let (chosen, thresholds) =
        type_thresholds(args, pages, samples, &scans, &types, &probs, config, fixed);
    for (r, (scan, &j)) in rows.iter_mut().zip(scans.iter().zip(&chosen)) {
        r.f1 = scan[j] as f32;
    }
    let predicted = cross_validate(args, samples, &rows)?;

    // Page types.
    let mut confusion = [[0usize; 7]; 7];
    let index = |t: PageType| PageType::ALL.iter().position(|&x| x == t).unwrap_or(0);
    for (r, e) in rows.iter().zip(&predicted) {
        if let Some(t) = r.page_type {
            confusion[index(t)][index(e.page_type)] += 1;
        }
    }
    let typed: usize = confusion.iter().flatten().sum();
    let right: usize = (0..7).map(|i| confusion[i][i]).sum();
    let accuracy = right as f64 / typed.max(1) as f64;
    println!(
        "page type, out-of-fold ({} folds by domain): accuracy {accuracy:.3} on {typed} pages",
        args.folds
    );
    print!("{:<14}", "true \\ found");
    for t in PageType::ALL {
        print!(" {:>6}", &t.as_str()[..6.min(t.as_str().len())]);
    }
    println!(" {:>7}", "recall");
    for (i, t) in PageType::ALL.iter().enumerate() {
        print!("{:<14}", t.as_str());
        for n in confusion[i] {
            print!(" {n:>6}");
        }
        let total: usize = confusion[i].iter().sum();
        println!(" {:>7.3}", confusion[i][i] as f64 / total.max(1) as f64);
    }

    // Confidence calibration.
    println!("confidence, out-of-fold: band, pages, mean confidence, mean F1");
    let n = rows.len() as f64;
    let pairs: Vec<(f64, f64)> = rows
        .iter()
        .zip(&predicted)
        .map(|(r, e)| (f64::from(e.confidence), f64::from(r.f1)))
        .collect();
    for b in calibration::bands(&pairs) {
        println!(
            "  {:.1}-{:.1} {:>6} {:>8.3} {:>8.3}",
            b.lo, b.hi, b.pages, b.confidence, b.f1
        );
    }
    let ece = calibration::ece(&pairs);
    println!(
        "  ECE {ece:.4}; Pearson r {:.3}; mean F1 {:.4}",
        pearson(&pairs),
        pairs.iter().map(|x| x.1).sum::<f64>() / n
    );
    for cut in [0.7, 0.8] {
        let (hi, lo): (Vec<_>, Vec<_>) = pairs.iter().partition(|x| x.0 >= cut);
        let mean = |v: &[&(f64, f64)]| v.iter().map(|x| x.1).sum::<f64>() / v.len().max(1) as f64;
        println!(
            "  routing at {cut}: {:.1} % of pages at or above (F1 {:.3}), the rest F1 {:.3}",
            100.0 * hi.len() as f64 / n,
            mean(&hi),
            mean(&lo)
        );
    }

    if args.save {
        let m = PageModel::train(&rows, &args.params).with_thresholds(thresholds);
        let bytes = m.to_bytes();
        std::fs::write(&args.out, &bytes)
            .with_context(|| format!("write {}", args.out.display()))?;
        println!("wrote {} ({} KiB)", args.out.display(), bytes.len() / 1024);
    }
    println!("total {:.1} s", started.elapsed().as_secs_f64());
    if accuracy < args.min_type_accuracy {
        bail!(
            "page type accuracy {accuracy:.3} is below --min-type-accuracy {}",
            args.min_type_accuracy
        );
    }
    if ece > args.max_ece {
        bail!(
            "calibration error {ece:.4} is above --max-ece {}",
            args.max_ece
        );
    }
    Ok(())
}

/// Block thresholds scanned per page in page mode.
const SCAN: [f32; 8] = [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

/// The page model's out-of-fold estimates of every page.
fn cross_validate(
    args: &Args,
    samples: &[Sample],
    rows: &[PageSample],
) -> Result<Vec<tidings::clean::PageEstimate>> {
    let mut predicted = vec![None; rows.len()];
    for k in 0..args.folds {
        let train: Vec<PageSample> = rows
            .iter()
            .zip(samples)
            .filter(|(_, s)| s.fold != k)
            .map(|(r, _)| r.clone())
            .collect();
        let m = PageModel::train(&train, &args.params);
        for (i, s) in samples.iter().enumerate() {
            if s.fold == k {
                predicted[i] = Some(m.predict(&rows[i].row));
            }
        }
    }
    let predicted: Vec<_> = predicted.into_iter().flatten().collect();
    anyhow::ensure!(
        predicted.len() == rows.len(),
        "a page has no out-of-fold estimate"
    );
    Ok(predicted)
}

/// Pearson's correlation of the pairs.
fn pearson(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len().max(1) as f64;
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |a, p| (a.0 + p.0 / n, a.1 + p.1 / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt().max(1e-12)
}

/// A block threshold per estimated page type. For each fold and estimated
/// type, the threshold of [`SCAN`] that extracts the other folds' pages of
/// that estimated type best; a type keeps its own threshold only when these
/// beat the default on its held-out pages by more than 0.002 F1 per page
/// (articles always keep the default:
/// AEB's held-out articles score best there). As in the stage, a page's type
/// threshold applies only when its type's probability reaches
/// `config.type_min_probability`. Prints the out-of-fold F1 by true type,
/// and returns each page's threshold (an index into [`SCAN`]) and the
/// thresholds chosen on every page, for the shipped model.
#[allow(clippy::too_many_arguments)]
fn type_thresholds(
    args: &Args,
    pages: &[wcxb::WcxbPage],
    samples: &[Sample],
    f1: &[Vec<f64>],
    types: &[PageType],
    probs: &[f32],
    config: &CleanConfig,
    fixed: usize,
) -> (Vec<usize>, [Option<f32>; 7]) {
    let best = |pick: &dyn Fn(usize) -> bool, t: PageType| -> usize {
        let mut sums = [0f64; SCAN.len()];
        for i in (0..pages.len()).filter(|&i| pick(i) && types[i] == t) {
            for (s, f) in sums.iter_mut().zip(&f1[i]) {
                *s += f;
            }
        }
        // Ties keep the default threshold.
        (0..SCAN.len()).fold(fixed, |b, j| if sums[j] > sums[b] + 1e-9 { j } else { b })
    };
    let sure = |i: usize| probs[i] >= config.type_min_probability;
    let mut nested = vec![fixed; pages.len()];
    for k in 0..args.folds {
        for t in PageType::ALL {
            let j = best(&|i| samples[i].fold != k && sure(i), t);
            for i in (0..pages.len()).filter(|&i| samples[i].fold == k && types[i] == t && sure(i))
            {
                nested[i] = j;
            }
        }
    }
    let mut thresholds = [None; 7];
    let mut chosen = vec![fixed; pages.len()];
    for (ti, t) in PageType::ALL.into_iter().enumerate() {
        let of: Vec<usize> = (0..pages.len()).filter(|&i| types[i] == t).collect();
        let gain: f64 = of
            .iter()
            .map(|&i| f1[i][nested[i]] - f1[i][fixed])
            .sum::<f64>();
        // A gain under 0.002 F1 per page is noise.
        let adopt = t != PageType::Article && gain > 0.002 * of.len() as f64;
        let global = SCAN[best(&sure, t)];
        println!(
            "  estimated {:<14} {:>4} pages: {:+.4} F1 each out-of-fold at their own threshold; {} (on every page: {global})",
            t.as_str(),
            of.len(),
            gain / of.len().max(1) as f64,
            if adopt { "adopted" } else { "default kept" }
        );
        if adopt {
            thresholds[ti] = Some(global);
            for &i in &of {
                chosen[i] = nested[i];
            }
        }
    }
    let n = pages.len() as f64;
    let base: f64 = f1.iter().map(|f| f[fixed]).sum::<f64>() / n;
    let aware: f64 = f1.iter().zip(&chosen).map(|(f, &j)| f[j]).sum::<f64>() / n;
    println!(
        "block threshold by estimated page type (where its probability >= {}), out-of-fold: F1 {base:.4} at {} for every page, {aware:.4} by type",
        config.type_min_probability,
        SCAN[fixed]
    );
    for t in PageType::ALL {
        let of: Vec<usize> = (0..pages.len())
            .filter(|&i| pages[i].kind == t.as_str())
            .collect();
        let m = of.len().max(1) as f64;
        println!(
            "  true {:<14} {:>4} pages  {:.3} -> {:.3}",
            t.as_str(),
            of.len(),
            of.iter().map(|&i| f1[i][fixed]).sum::<f64>() / m,
            of.iter().map(|&i| f1[i][chosen[i]]).sum::<f64>() / m
        );
    }
    (chosen, thresholds)
}
