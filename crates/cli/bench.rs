//! `tidings bench`: throughput of a pipeline on inputs held in memory.
//!
//! The inputs are read once (as `tidings run` reads them); the pipeline then
//! runs over a copy of them `--repeat` times for each `--threads` count, its
//! records going nowhere. Reading, writing and the copy are outside the
//! timings, so the figures are the stages' own plus the pipeline's chunk
//! hand-off, which is shown as its own row.
//!
//! For each thread count: the whole run's docs/s and MB/s (median over the
//! repeats, with min and max), the speedup over the first thread count and
//! the scaling efficiency (speedup / thread ratio). For each stage: docs/s
//! and MB/s of *input* bytes at that stage's own pace (documents over the
//! stage's summed time, times the threads), tokens/s for `ner`, the p50, p95
//! and maximum µs per document, and the stage's share of the run's thread
//! time. Peak RSS is the process's high-water mark (inputs included).

use std::io::Write;

use anyhow::{bail, ensure, Context, Result};
use tidings::bench::{BenchOptions, BenchReport, OUTSIDE};
use tidings::io::{expand_inputs_with, read_documents, ExpandOptions};
use tidings::Document;

use crate::{pipeline_config, read_options, PipelineArgs, ReadArgs};

#[derive(clap::Args, Debug)]
pub(crate) struct BenchArgs {
    /// Inputs, as for `tidings run`: files, directories or `-` (JSON Lines
    /// on standard input). Default: `-`.
    #[arg(value_name = "PATH|-")]
    inputs: Vec<String>,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Thread counts to measure, comma-separated. Default: 1 and all cores.
    #[arg(short = 'j', long, value_name = "LIST", value_delimiter = ',')]
    threads: Option<Vec<usize>>,
    /// Runs per thread count; figures are medians over them.
    #[arg(long, value_name = "N", default_value_t = 3)]
    repeat: usize,
    #[command(flatten)]
    read: ReadArgs,
    /// Print the report as JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: &BenchArgs) -> Result<()> {
    ensure!(args.repeat >= 1, "--repeat must be at least 1");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match &args.threads {
        Some(list) if list.contains(&0) => bail!("--threads: each count must be at least 1"),
        Some(list) if !list.is_empty() => list.clone(),
        _ if cores > 1 => vec![1, cores],
        _ => vec![1],
    };
    let config = pipeline_config(&args.pipeline)?;
    let pipeline = config.build().context("cannot build the pipeline")?;
    let stage_names: Vec<String> = pipeline
        .stage_names()
        .into_iter()
        .map(str::to_owned)
        .collect();

    let inputs = crate::inputs(&args.inputs);
    let expanded =
        expand_inputs_with(&inputs, &ExpandOptions::default()).context("cannot open input")?;
    let docs: Vec<Document> = read_documents(expanded.inputs, read_options(&args.read)).collect();
    ensure!(!docs.is_empty(), "no documents in the inputs");
    let input_bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mb = input_bytes as f64 / 1e6;
    if !args.json {
        eprintln!(
            "tidings bench: {} documents, {mb:.1} MB in memory; stages {}; {} run(s) per thread count",
            docs.len(),
            stage_names.join(","),
            args.repeat
        );
    }

    let options = BenchOptions {
        threads,
        repeat: args.repeat,
    };
    let report = tidings::bench::bench(&pipeline, &docs, &options)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", render(&report))?;
    }
    Ok(())
}

fn fmt_rate(x: f64) -> String {
    if !x.is_finite() {
        "".into()
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 10.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.2}")
    }
}

/// The report as Markdown tables (they paste into the README as they are).
fn render(r: &BenchReport) -> String {
    let mut s = format!(
        "{} documents, {:.1} MB; stages {}; median of {} run(s); {} with errors",
        r.documents,
        r.input_bytes as f64 / 1e6,
        r.stages.join(","),
        r.repeat,
        r.with_errors
    );
    if let Some(rss) = r.peak_rss_bytes {
        s += &format!("; peak RSS {:.0} MB", rss as f64 / 1e6);
    }
    s += "\n\n| threads | docs/s | min–max | MB/s | speedup | scaling efficiency |\n|---|---|---|---|---|---|\n";
    for run in &r.runs {
        s += &format!(
            "| {} | {} | {}–{} | {} | {:.2}× | {:.0} % |\n",
            run.threads,
            fmt_rate(run.docs_per_sec),
            fmt_rate(run.docs_per_sec_min),
            fmt_rate(run.docs_per_sec_max),
            fmt_rate(run.mb_per_sec),
            run.speedup,
            run.scaling_efficiency * 100.0
        );
    }
    s += "\n| stage | threads | docs/s | MB/s | tokens/s | p50 µs | p95 µs | max µs | share |\n|---|---|---|---|---|---|---|---|---|\n";
    for run in &r.runs {
        for st in &run.stages {
            let outside = st.stage == OUTSIDE;
            let us = |v: u64| {
                if outside {
                    String::new()
                } else {
                    v.to_string()
                }
            };
            s += &format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {:.1} % |\n",
                st.stage,
                run.threads,
                fmt_rate(st.docs_per_sec),
                fmt_rate(st.mb_per_sec),
                st.tokens_per_sec.map(fmt_rate).unwrap_or_default(),
                us(st.p50_us),
                us(st.p95_us),
                us(st.max_us),
                st.share * 100.0
            );
        }
    }
    s
}
