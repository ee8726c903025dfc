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

use anyhow::{Context, Result};
use tidings::bench::BenchOptions;
use tidings::io::{expand_inputs, read_documents, Input};
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
    let mut options = BenchOptions {
        repeat: args.repeat,
        ..BenchOptions::default()
    };
    if let Some(threads) = args.threads.as_ref().filter(|t| !t.is_empty()) {
        options.threads = threads.clone();
    }
    let config = pipeline_config(&args.pipeline)?;
    let pipeline = config.build().context("cannot build the pipeline")?;
    let inputs = expand_inputs(&Input::parse_all(&args.inputs)).context("cannot open input")?;
    let docs: Vec<Document> = read_documents(inputs, read_options(&args.read)).collect();
    if !args.json {
        eprintln!(
            "tidings bench: {} documents in memory; stages {}; {} run(s) per thread count",
            docs.len(),
            pipeline.stage_names().join(","),
            args.repeat
        );
    }
    let report = tidings::bench::bench(&pipeline, &docs, &options)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{report}")?;
    }
    Ok(())
}
