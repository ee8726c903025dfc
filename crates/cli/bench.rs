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

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};
use serde::Serialize;
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

/// The whole report (`--json` prints it as is).
#[derive(Debug, Serialize)]
struct Report {
    documents: usize,
    input_bytes: u64,
    stages: Vec<String>,
    repeat: usize,
    /// Documents that carried an error in the first run.
    with_errors: usize,
    /// Tokens the `ner` stage reads (its tokenizer over the clean content).
    ner_tokens: Option<u64>,
    runs: Vec<ThreadRun>,
    /// The process's peak resident set (Linux `VmHWM`), inputs included.
    peak_rss_bytes: Option<u64>,
}

#[derive(Debug, Serialize)]
struct ThreadRun {
    threads: usize,
    /// Median over the repeats.
    docs_per_sec: f64,
    docs_per_sec_min: f64,
    docs_per_sec_max: f64,
    mb_per_sec: f64,
    /// Median docs/s over the first thread count's.
    speedup: f64,
    /// Speedup divided by the ratio of thread counts (1.0: perfect scaling).
    scaling_efficiency: f64,
    stages: Vec<StageFigures>,
}

#[derive(Debug, Serialize)]
struct StageFigures {
    stage: String,
    docs_per_sec: f64,
    mb_per_sec: f64,
    tokens_per_sec: Option<f64>,
    p50_us: u64,
    p95_us: u64,
    max_us: u64,
    /// This stage's time over the run's thread time (threads × wall).
    share: f64,
}

/// The row for time outside every stage: reading chunks, handing them out,
/// idle workers at the end of a chunk.
const OUTSIDE: &str = "(outside stages)";

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

    let inputs = crate::inputs(&args.inputs)?;
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

    // Warm-up: lazily built tables and models load outside the timings.
    let warm: Vec<Document> = docs.iter().take(64).cloned().collect();
    pipeline
        .run(warm, |_| Ok::<_, std::convert::Infallible>(()))
        .ok();

    let mut runs = Vec::new();
    let mut with_errors = 0;
    let mut ner_tokens = None;
    for (ti, &t) in threads.iter().enumerate() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .context("cannot start the thread pool")?;
        let mut rates = Vec::with_capacity(args.repeat);
        let mut per_stage: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        let mut thread_micros = 0f64;
        for r in 0..args.repeat {
            let input = docs.clone();
            let mut out = Vec::with_capacity(docs.len());
            let started = Instant::now();
            let stats = pool.install(|| {
                pipeline.run(input, |d| {
                    out.push(d);
                    Ok::<_, std::convert::Infallible>(())
                })
            });
            let wall = started.elapsed().as_secs_f64();
            let stats = stats.unwrap_or_else(|never| match never {});
            ensure!(
                out.len() == docs.len(),
                "the pipeline returned {} of {} documents",
                out.len(),
                docs.len()
            );
            rates.push(stats.documents as f64 / wall.max(1e-9));
            thread_micros += wall * 1e6 * t as f64;
            for doc in &out {
                for timing in &doc.timings {
                    per_stage
                        .entry(timing.stage.clone())
                        .or_default()
                        .push(timing.micros);
                }
            }
            if ti == 0 && r == 0 {
                with_errors = out.iter().filter(|d| d.has_errors()).count();
                if stage_names.iter().any(|s| s == "ner") {
                    ner_tokens = Some(
                        out.iter()
                            .map(|d| tidings::ner::tokenize(&d.content).len() as u64)
                            .sum(),
                    );
                }
            }
        }
        rates.sort_by(f64::total_cmp);
        let median = rates[rates.len() / 2];
        let base = runs
            .first()
            .map_or((median, t), |b: &ThreadRun| (b.docs_per_sec, b.threads));
        let speedup = median / base.0;
        let mut stages = Vec::new();
        let mut inside = 0f64;
        for name in &stage_names {
            let Some(mut micros) = per_stage.remove(name) else {
                continue;
            };
            micros.sort_unstable();
            let total: f64 = micros.iter().map(|&m| m as f64).sum();
            inside += total;
            // Every timed document, over the stage's own time spread on t threads.
            let secs = (total / 1e6 / t as f64).max(1e-9);
            let runs_n = args.repeat as f64;
            stages.push(StageFigures {
                stage: name.clone(),
                docs_per_sec: micros.len() as f64 / secs,
                mb_per_sec: mb * runs_n / secs,
                tokens_per_sec: (name == "ner")
                    .then_some(ner_tokens)
                    .flatten()
                    .map(|n| n as f64 * runs_n / secs),
                p50_us: percentile(&micros, 0.50),
                p95_us: percentile(&micros, 0.95),
                max_us: micros.last().copied().unwrap_or(0),
                share: total / thread_micros.max(1e-9),
            });
        }
        stages.push(StageFigures {
            stage: OUTSIDE.into(),
            docs_per_sec: f64::NAN,
            mb_per_sec: f64::NAN,
            tokens_per_sec: None,
            p50_us: 0,
            p95_us: 0,
            max_us: 0,
            share: ((thread_micros - inside) / thread_micros.max(1e-9)).max(0.0),
        });
        runs.push(ThreadRun {
            threads: t,
            docs_per_sec: median,
            docs_per_sec_min: rates[0],
            docs_per_sec_max: rates[rates.len() - 1],
            mb_per_sec: mb * median / docs.len() as f64,
            speedup,
            scaling_efficiency: speedup / (t as f64 / base.1 as f64),
            stages,
        });
    }
    let report = Report {
        documents: docs.len(),
        input_bytes,
        stages: stage_names,
        repeat: args.repeat,
        with_errors,
        ner_tokens,
        runs,
        peak_rss_bytes: peak_rss(),
    };
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", render(&report))?;
    }
    Ok(())
}

/// The `q` quantile of sorted values (nearest rank).
fn percentile(sorted: &[u64], q: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The peak resident set of this process, from `/proc/self/status`.
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
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
fn render(r: &Report) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let v: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&v, 0.5), 50);
        assert_eq!(percentile(&v, 0.95), 95);
        assert_eq!(percentile(&v, 1.0), 100);
        assert_eq!(percentile(&[7], 0.95), 7);
        assert_eq!(percentile(&[], 0.5), 0);
    }
}
