//! Trains the block models of the clean stage on WCXB-dev, reports their
//! cross-validated figures, and writes the models that ship in
//! `models/clean/`: `--mode html` (default; `html.tgb`) scores the text blocks
//! of parsed pages, `--mode text` (`text.tgb`) the lines of the same pages
//! rendered to plain text.
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
//! ```

#[path = "support/data.rs"]
mod data;
#[path = "support/wcxb.rs"]
mod wcxb;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use tidings::clean::{
    extract_html_with, extract_text_with, html_block_rows, render_text, text_line_rows, BlockModel,
    BlockRows, CleanConfig, LabelledPage, ModelKind, TrainParams,
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
    params: TrainParams,
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
        params: TrainParams::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = || it.next().with_context(|| format!("{a} needs a value"));
        match a.as_str() {
            "--data" => args.data = Some(PathBuf::from(val()?)),
            "--folds" => args.folds = val()?.parse().context("--folds")?,
            "--limit" => args.limit = val()?.parse().context("--limit")?,
            "--out" => args.out = PathBuf::from(val()?),
            "--mode" => {
                args.kind = match val()?.as_str() {
                    "html" => ModelKind::Html,
                    "text" => ModelKind::Text,
                    other => bail!("--mode html|text, not {other}"),
                };
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
