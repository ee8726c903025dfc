//! Throughput of a pipeline on documents held in memory (`tidings bench`).
//!
//! The pipeline runs over a copy of the documents `repeat` times for each
//! thread count, its records going nowhere. Reading, writing and the copy are
//! outside the timings, so the figures are the stages' own plus the
//! pipeline's chunk hand-off, which is reported as its own row.
//!
//! For each thread count: the whole run's docs/s and MB/s (median over the
//! repeats, with min and max), the speedup over the first thread count and
//! the scaling efficiency (speedup / thread ratio). For each stage: docs/s
//! and MB/s of *input* bytes at that stage's own pace (documents over the
//! stage's summed time, times the threads), tokens/s for `ner`, the p50, p95
//! and maximum µs per document, and the stage's share of the run's thread
//! time. Peak RSS is the process's high-water mark (inputs included).

use std::collections::BTreeMap;
use std::time::Instant;

use serde::Serialize;

use crate::{Document, Pipeline};

/// Why a measurement could not be made.
#[derive(Debug, thiserror::Error)]
#[error("bench: {0}")]
pub struct BenchError(String);

/// What to measure.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Thread counts, each at least 1.
    pub threads: Vec<usize>,
    /// Runs per thread count (at least 1); figures are medians over them.
    pub repeat: usize,
}

/// One thread and every core (just one on a one-core machine), three runs each.
impl Default for BenchOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        BenchOptions {
            threads: if cores > 1 { vec![1, cores] } else { vec![1] },
            repeat: 3,
        }
    }
}

/// What [`bench()`] measured (`tidings bench --json` prints it as is).
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    /// Documents in the inputs.
    pub documents: usize,
    /// Their bytes.
    pub input_bytes: u64,
    /// The stages, in order.
    pub stages: Vec<String>,
    /// Runs per thread count.
    pub repeat: usize,
    /// Documents that carried an error in the first run.
    pub with_errors: usize,
    /// Tokens the `ner` stage reads (its tokenizer over the clean content).
    pub ner_tokens: Option<u64>,
    /// One entry per thread count.
    pub runs: Vec<ThreadRun>,
    /// The process's peak resident set (Linux `VmHWM`), inputs included.
    pub peak_rss_bytes: Option<u64>,
}

/// The figures of one thread count.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadRun {
    /// Threads of this run.
    pub threads: usize,
    /// Median over the repeats.
    pub docs_per_sec: f64,
    /// The slowest repeat.
    pub docs_per_sec_min: f64,
    /// The fastest repeat.
    pub docs_per_sec_max: f64,
    /// Megabytes of input per second.
    pub mb_per_sec: f64,
    /// Median docs/s over the first thread count's.
    pub speedup: f64,
    /// Speedup divided by the ratio of thread counts (1.0: perfect scaling).
    pub scaling_efficiency: f64,
    /// The stages, in order.
    pub stages: Vec<StageFigures>,
}

/// One stage's figures at one thread count.
#[derive(Debug, Clone, Serialize)]
pub struct StageFigures {
    /// The stage (or `(outside stages)`).
    pub stage: String,
    /// Documents per second.
    pub docs_per_sec: f64,
    /// Megabytes of input per second.
    pub mb_per_sec: f64,
    /// Tokens per second (`ner` only).
    pub tokens_per_sec: Option<f64>,
    /// Median µs per document.
    pub p50_us: u64,
    /// 95th percentile µs per document.
    pub p95_us: u64,
    /// Slowest document, µs.
    pub max_us: u64,
    /// This stage's time over the run's thread time (threads × wall).
    pub share: f64,
}

/// The row for time outside every stage: reading chunks, handing them out,
/// idle workers at the end of a chunk.
pub const OUTSIDE: &str = "(outside stages)";

/// Measures `pipeline` over `docs` (see the module documentation).
pub fn bench(
    pipeline: &Pipeline,
    docs: &[Document],
    options: &BenchOptions,
) -> Result<BenchReport, BenchError> {
    if options.repeat == 0 || options.threads.is_empty() || options.threads.contains(&0) {
        return Err(BenchError(
            "at least one run, and thread counts of at least 1".into(),
        ));
    }
    if docs.is_empty() {
        return Err(BenchError("no documents in the inputs".into()));
    }
    let threads = &options.threads;
    let stage_names: Vec<String> = pipeline
        .stage_names()
        .into_iter()
        .map(str::to_owned)
        .collect();
    let input_bytes: u64 = docs.iter().map(|d| d.text.len() as u64).sum();
    let mb = input_bytes as f64 / 1e6;
    // Warm-up: lazily built tables and models load outside the timings.
    let warm: Vec<Document> = docs.iter().take(64).cloned().collect();
    pipeline
        .run(warm, |_| Ok::<_, std::convert::Infallible>(()))
        .ok();

    let mut runs = Vec::new();
    let mut with_errors = 0;
    #[cfg_attr(not(feature = "ner"), allow(unused_mut))]
    let mut ner_tokens = None;
    for (ti, &t) in threads.iter().enumerate() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(t)
            .build()
            .map_err(|e| BenchError(format!("cannot start a pool of {t} threads: {e}")))?;
        let mut rates = Vec::with_capacity(options.repeat);
        let mut per_stage: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        let mut thread_micros = 0f64;
        for r in 0..options.repeat {
            let input = docs.to_vec();
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
            if out.len() != docs.len() {
                return Err(BenchError(format!(
                    "the pipeline returned {} of {} documents",
                    out.len(),
                    docs.len()
                )));
            }
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
                #[cfg(feature = "ner")]
                if stage_names.iter().any(|s| s == "ner") {
                    ner_tokens = Some(
                        out.iter()
                            .map(|d| crate::ner::tokenize(&d.content).len() as u64)
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
            let runs_n = options.repeat as f64;
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
    Ok(BenchReport {
        documents: docs.len(),
        input_bytes,
        stages: stage_names,
        repeat: options.repeat,
        with_errors,
        ner_tokens,
        runs,
        peak_rss_bytes: peak_rss(),
    })
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

/// The report as Markdown tables (they paste into `docs/benchmarks.md` as they are).
impl std::fmt::Display for BenchReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&render(self))
    }
}

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
