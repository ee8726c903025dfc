//! `tidings`: run the tidings pipeline over files, directories, JSON Lines and
//! standard input, writing one JSON record per input document.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use anyhow::{ensure, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tidings::io::sink::OutputFormat;
use tidings::io::{Input, ReadOptions};
use tidings::run::{
    Destination, RankOptions, RankReport, RunError, RunObserver, RunOptions, WalkReport,
};
use tidings::shard::ShardSpec;
use tidings::{Format, PipelineConfig, DEFAULT_MAX_BYTES};

mod bench;
mod gazetteer;

/// See the `mimalloc` feature in Cargo.toml: glibc's malloc returns the
/// buffers of every large page to the kernel and faults them back in.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit status of a run that was refused before it started (an output that
/// is an input, an output another run is writing): nothing was written.
const EXIT_REFUSED: i32 = 2;
/// Exit status of a run stopped by SIGINT or SIGTERM (128 + SIGINT).
const EXIT_INTERRUPTED: i32 = 130;

#[derive(Parser, Debug)]
#[command(
    name = "tidings",
    version,
    about = "Clean, language-tagged, entity-annotated, English-normalised records from scraped web documents"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once
enum Command {
    /// Run the pipeline and write JSON Lines (one record per input document).
    Run(RunArgs),
    /// Print the default pipeline configuration (a starting point for --config).
    Config,
    /// Merge the per-rank statistics of a corpus run (`DIR/stats/*.json`).
    Stats(StatsArgs),
    /// Measure throughput: read the inputs into memory once, run the pipeline
    /// on them N times per thread count, print per-stage figures.
    Bench(bench::BenchArgs),
    /// Build or inspect a Wikidata gazetteer for the normalize stage.
    #[command(subcommand)]
    Gazetteer(gazetteer::GazetteerCommand),
}

#[derive(clap::Args, Debug)]
struct StatsArgs {
    /// The `--out-dir` of the run.
    dir: PathBuf,
    /// Print the merged statistics as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
struct RunArgs {
    /// Inputs: files (.txt, .html, .jsonl, .jsonl.gz…), directories (read
    /// recursively) or `-` for JSON Lines on standard input. Default: `-`.
    #[arg(value_name = "PATH|-")]
    inputs: Vec<String>,
    /// Write records here instead of standard output; the format follows the
    /// extension: .jsonl, .jsonl.gz, .jsonl.zst, .parquet (other names: JSON Lines).
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    out: Option<PathBuf>,
    /// Corpus run: write this rank's shards to DIR/00003.FORMAT, its stats to
    /// DIR/stats/00003.json and, once complete, DIR/completions/00003.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Shard format under --out-dir: jsonl, jsonl.gz, jsonl.zst, parquet.
    #[arg(long, value_name = "FORMAT", default_value = "jsonl.zst", requires = "out_dir", value_parser = OutputFormat::parse)]
    out_format: OutputFormat,
    /// Start a new shard file (00003_0001…) once one holds this many bytes (0: never).
    #[arg(long, value_name = "BYTES", default_value_t = 0, requires = "out_dir")]
    max_file_size: u64,
    /// This task's rank: it reads every N-th input file (sorted) from this one.
    /// Default: SLURM_ARRAY_TASK_ID, else JOB_COMPLETION_INDEX, else 0.
    #[arg(long, value_name = "R", requires = "out_dir")]
    rank: Option<usize>,
    /// How many ranks share the inputs. Default: SLURM_ARRAY_TASK_COUNT, else 1.
    #[arg(long, value_name = "N", requires = "out_dir")]
    world_size: Option<usize>,
    /// Redo a rank that has its completion marker.
    #[arg(long, requires = "out_dir")]
    overwrite: bool,
    #[command(flatten)]
    pipeline: PipelineArgs,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,
    #[command(flatten)]
    read: ReadArgs,
    /// Never show a progress bar.
    #[arg(long)]
    no_progress: bool,
}

/// What the pipeline is: shared by `run` and `bench`.
#[derive(clap::Args, Debug)]
struct PipelineArgs {
    /// Pipeline configuration (JSON; see `tidings config`).
    #[arg(short, long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Stages to run, in order, comma-separated (e.g. `clean,lang` or `ner`).
    #[arg(short, long, value_name = "LIST", value_delimiter = ',')]
    stages: Option<Vec<String>>,
    /// Skip language detection and set this language (ISO 639-1 or 639-3).
    #[arg(short, long, value_name = "CODE")]
    lang: Option<String>,
    /// Documents processed together.
    #[arg(long, value_name = "N")]
    chunk_size: Option<usize>,
    /// Give entities Wikidata ids and English names from this index (built by
    /// `tidings gazetteer build`).
    #[arg(long, value_name = "DIR")]
    gazetteer: Option<PathBuf>,
}

/// How inputs are read: shared by `run` and `bench`.
#[derive(clap::Args, Debug)]
struct ReadArgs {
    /// Documents larger than this many bytes are rejected with an error.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: usize,
    /// Read inputs of unknown type (and JSON records without `format`) as
    /// this: text or html.
    #[arg(long, value_parser = Format::parse)]
    format: Option<Format>,
}

fn main() {
    // A stage panic is caught and recorded on its document; keep stderr to one line.
    std::panic::set_hook(Box::new(|info| {
        let msg = tidings::panic_message(info.payload()).unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        eprintln!("tidings: caught panic{at}: {msg}");
    }));
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run(args).map(|code| {
            if code != 0 {
                std::process::exit(code)
            }
        }),
        Command::Config => serde_json::to_string_pretty(&PipelineConfig::default())
            .map(|json| println!("{json}"))
            .map_err(Into::into),
        Command::Stats(args) => print_stats(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Gazetteer(command) => gazetteer::run(command),
    };
    match result {
        Ok(()) => {}
        Err(e) => {
            eprintln!("tidings: error: {e:#}");
            let refused = matches!(e.downcast_ref(), Some(RunError::Refused(_)));
            std::process::exit(if refused { EXIT_REFUSED } else { 1 });
        }
    }
}

/// A flag set by the first SIGINT or SIGTERM; a second one exits at once
/// (leaving any partial output under its partial name).
fn stop_flag() -> Result<Arc<AtomicBool>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [SIGINT, SIGTERM] {
        // Order matters: the shutdown hook sees the flag before this signal sets it.
        flag::register_conditional_shutdown(signal, EXIT_INTERRUPTED, Arc::clone(&stop))
            .context("cannot install the signal handler")?;
        flag::register(signal, Arc::clone(&stop)).context("cannot install the signal handler")?;
    }
    Ok(stop)
}

/// `tidings stats DIR`: the per-rank statistics of a corpus run, merged.
fn print_stats(args: &StatsArgs) -> Result<()> {
    let summary = tidings::shard::ShardDir::new(&args.dir)
        .summary()
        .with_context(|| format!("cannot read the stats of {}", args.dir.display()))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print!("{summary}");
    }
    Ok(())
}

fn pipeline_config(args: &PipelineArgs) -> Result<PipelineConfig> {
    let mut config = match &args.config {
        Some(path) => PipelineConfig::from_path(path)?,
        None => PipelineConfig::default(),
    };
    if let Some(names) = &args.stages {
        config.select(names).context("--stages")?;
    }
    if let Some(code) = &args.lang {
        config.given_language(code).context("--lang")?;
    }
    if let Some(dir) = &args.gazetteer {
        config.use_gazetteer(dir).context("--gazetteer")?;
    }
    if let Some(n) = args.chunk_size {
        ensure!(n > 0, "--chunk-size must be at least 1");
        config.chunk_size = n;
    }
    Ok(config)
}

fn read_options(args: &ReadArgs) -> ReadOptions {
    ReadOptions {
        max_bytes: args.max_bytes,
        format: args.format,
        ..Default::default()
    }
}

/// A progress bar on standard error: by bytes of input with an ETA when the
/// inputs are files, else a document counter.
#[derive(Default)]
struct Progress(OnceLock<ProgressBar>);

impl RunObserver for Progress {
    fn inputs(&self, inputs: &[Input]) {
        let total: Option<u64> = inputs
            .iter()
            .map(|i| match i {
                Input::Stdin => None,
                Input::Path(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            })
            .sum();
        let bar = match total {
            Some(total) => ProgressBar::new(total).with_style(
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec}  ETA {eta}  {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            ),
            None => ProgressBar::new_spinner().with_style(
                ProgressStyle::with_template("{spinner} {pos} documents  {per_sec}  {elapsed}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            ),
        };
        let _ = self.0.set(bar);
    }

    fn record(&self, documents: u64, bytes_read: u64) {
        if let Some(bar) = self.0.get() {
            if bar.length().is_some() {
                bar.set_position(bytes_read);
                bar.set_message(format!("{documents} documents"));
            } else {
                bar.inc(1);
            }
        }
    }
}

/// A local run (`--out` or standard output) or one rank of a corpus run
/// (`--out-dir`); the summary line goes to standard error.
fn run(args: RunArgs) -> Result<i32> {
    ensure!(args.threads != Some(0), "--threads must be at least 1");
    let rank = match &args.out_dir {
        Some(_) => Some(RankOptions {
            spec: ShardSpec::resolve(args.rank, args.world_size).context("--rank/--world-size")?,
            format: args.out_format,
            max_file_size: args.max_file_size,
            overwrite: args.overwrite,
        }),
        None => None,
    };
    let stop = stop_flag()?;
    let pipeline = pipeline_config(&args.pipeline)?
        .build()
        .context("cannot build the pipeline")?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start the thread pool")?;
    let progress = (!args.no_progress && io::stderr().is_terminal()).then(Progress::default);
    let options = RunOptions {
        read: read_options(&args.read),
        stop: Some(&stop),
        observer: progress.as_ref().map(|p| p as &(dyn RunObserver + Sync)),
    };
    let inputs = Input::parse_all(&args.inputs);
    let outcome = pool.install(|| -> Result<(String, Option<WalkReport>, bool)> {
        if let (Some(out_dir), Some(rank)) = (&args.out_dir, &rank) {
            let report = tidings::run::run_rank(&pipeline, &inputs, out_dir, rank, &options)?;
            let line = report.describe(&rank.spec, out_dir);
            let interrupted = report.interrupted();
            let walk = match report {
                RankReport::Ran { walk, .. } => Some(walk),
                RankReport::AlreadyComplete { .. } => None,
            };
            return Ok((line, walk, interrupted));
        }
        let destination = match &args.out {
            Some(path) => Destination::File(path.clone()),
            None => Destination::Writer(Box::new(io::stdout())),
        };
        let report = tidings::run::run_files(&pipeline, &inputs, destination, &options)?;
        Ok((
            report.to_string(),
            Some(report.walk),
            report.stats.interrupted,
        ))
    });
    if let Some(bar) = progress.as_ref().and_then(|p| p.0.get()) {
        bar.finish_and_clear();
    }
    let (line, walk, interrupted) = outcome?;
    for warning in walk.iter().flat_map(WalkReport::warnings) {
        eprintln!("tidings: {warning}");
    }
    eprintln!(
        "tidings: {line}; {} thread(s), stages: {}",
        pool.current_num_threads(),
        pipeline.stage_names().join(",")
    );
    Ok(if interrupted { EXIT_INTERRUPTED } else { 0 })
}
