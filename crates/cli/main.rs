//! `tidings`: run the tidings pipeline over files, directories, JSON Lines and
//! standard input, writing one JSON record per input document.

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use tidings::io::{Input, ReadOptions};
use tidings::run::{Destination, RunError, RunObserver, RunOptions, WalkReport};
use tidings::{Format, PipelineConfig, DEFAULT_MAX_BYTES};

mod bench;
mod gazetteer;
mod shard;
mod stats;

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

/// An error that refuses the run (exit 2) rather than failing it (exit 1).
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

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
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "jsonl.zst",
        requires = "out_dir"
    )]
    out_format: String,
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
    /// Read inputs of unknown type (and JSON records without `format`) as this.
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Text,
    Html,
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
        Command::Run(args) => run(args),
        Command::Config => print_config().map(|()| 0),
        Command::Stats(args) => stats::print(&args.dir, args.json).map(|()| 0),
        Command::Bench(args) => bench::run(&args).map(|()| 0),
        Command::Gazetteer(command) => gazetteer::run(command).map(|()| 0),
    };
    match result {
        Ok(0) => {}
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("tidings: error: {e:#}");
            let refused = e.downcast_ref::<Refused>().is_some();
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

fn print_config() -> Result<()> {
    let json = serde_json::to_string_pretty(&PipelineConfig::default())?;
    println!("{json}");
    Ok(())
}

fn pipeline_config(args: &PipelineArgs) -> Result<PipelineConfig> {
    let mut config = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read config {}", path.display()))?;
            serde_json::from_str::<PipelineConfig>(&text)
                .with_context(|| format!("invalid config {}", path.display()))?
        }
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
        if n == 0 {
            bail!("--chunk-size must be at least 1");
        }
        config.chunk_size = n;
    }
    Ok(config)
}

/// What every run needs: the pipeline, its threads, the stop flag.
struct Setup {
    pipeline: tidings::Pipeline,
    pool: rayon::ThreadPool,
    threads: usize,
    stop: Arc<AtomicBool>,
}

fn setup(args: &RunArgs) -> Result<Setup> {
    let stop = stop_flag()?;
    let config = pipeline_config(&args.pipeline)?;
    let pipeline = config.build().context("cannot build the pipeline")?;
    let threads = match args.threads {
        Some(0) => bail!("--threads must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the thread pool")?;
    Ok(Setup {
        pipeline,
        pool,
        threads,
        stop,
    })
}

fn inputs(named: &[String]) -> Vec<Input> {
    let raw = if named.is_empty() {
        vec!["-".to_owned()]
    } else {
        named.to_vec()
    };
    raw.iter().map(|s| Input::parse(s)).collect()
}

fn read_options(args: &ReadArgs) -> ReadOptions {
    ReadOptions {
        max_bytes: args.max_bytes,
        format: args.format.map(|f| match f {
            FormatArg::Text => Format::Text,
            FormatArg::Html => Format::Html,
        }),
        ..Default::default()
    }
}

/// The walk's notes for the summary line; skipped files are named on stderr.
fn report_walk(walk: &WalkReport) -> String {
    for path in &walk.skipped_outputs {
        eprintln!(
            "tidings: skipped {}: it is this run's output",
            path.display()
        );
    }
    for path in &walk.symlink_loops {
        eprintln!("tidings: skipped {}: symbolic link loop", path.display());
    }
    let mut notes = String::new();
    if walk.symlinks_followed > 0 {
        notes += &format!(", {} symbolic links followed", walk.symlinks_followed);
    }
    if !walk.symlink_loops.is_empty() {
        notes += &format!(", {} link loops skipped", walk.symlink_loops.len());
    }
    if !walk.skipped_outputs.is_empty() {
        notes += &format!(", {} output files skipped", walk.skipped_outputs.len());
    }
    if walk.in_output_dir > 0 {
        notes += &format!(
            ", {} files in the output directory skipped",
            walk.in_output_dir
        );
    }
    notes
}

/// A progress bar on standard error when it is a terminal: by bytes of input
/// with an ETA when the inputs are files, else a document counter.
struct Progress {
    show: bool,
    bar: OnceLock<ProgressBar>,
}

impl Progress {
    fn new(args: &RunArgs) -> Progress {
        Progress {
            show: !args.no_progress && io::stderr().is_terminal(),
            bar: OnceLock::new(),
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

impl RunObserver for Progress {
    fn inputs(&self, inputs: &[Input]) {
        if !self.show {
            return;
        }
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
        let _ = self.bar.set(bar);
    }

    fn record(&self, documents: u64, bytes_read: u64) {
        if let Some(bar) = self.bar.get() {
            if bar.length().is_some() {
                bar.set_position(bytes_read);
                bar.set_message(format!("{documents} documents"));
            } else {
                bar.inc(1);
            }
        }
    }
}

/// Runs `job` (the library's `run_files` or `run_rank`) on the pipeline's
/// pool, with the command's inputs, read options, stop flag and progress bar.
fn with_run<T: Send>(
    args: &RunArgs,
    setup: &Setup,
    job: impl FnOnce(&[Input], &RunOptions<'_>) -> Result<T, RunError> + Send,
) -> Result<T> {
    let progress = Progress::new(args);
    let options = RunOptions {
        read: read_options(&args.read),
        stop: Some(&setup.stop),
        observer: Some(&progress),
    };
    let inputs = inputs(&args.inputs);
    let report = setup.pool.install(|| job(&inputs, &options));
    progress.finish();
    report.map_err(run_error)
}

/// The library's errors, with the command's exit statuses: a refusal is 2.
fn run_error(e: RunError) -> anyhow::Error {
    match e {
        RunError::Refused(message) => Refused(message).into(),
        other => anyhow::Error::new(other),
    }
}

fn summary(stats: &tidings::RunStats, setup: &Setup) -> String {
    format!(
        "tidings: {}{} documents ({} with errors) in {:.2} s, {:.0} docs/s, {} thread{}, stages: {}",
        if stats.interrupted { "interrupted after " } else { "" },
        stats.documents,
        stats.with_errors,
        stats.elapsed.as_secs_f64(),
        stats.docs_per_sec(),
        setup.threads,
        if setup.threads == 1 { "" } else { "s" },
        setup.pipeline.stage_names().join(",")
    )
}

fn run(args: RunArgs) -> Result<i32> {
    if args.out_dir.is_some() {
        return shard::run(&args);
    }
    let setup = setup(&args)?;
    let destination = match &args.out {
        Some(path) => Destination::File(path.clone()),
        None => Destination::Writer(Box::new(io::stdout())),
    };
    let report = with_run(&args, &setup, |inputs, options| {
        tidings::run::run_files(&setup.pipeline, inputs, destination, options)
    })?;
    let notes = report_walk(&report.walk);
    let settled = match (&report.written, &report.partial) {
        (Some(target), _) => format!(", written to {}", target.display()),
        (None, Some((partial, target))) => format!(
            "; the output is incomplete: its {} whole records are in {}, and {} was not touched",
            report.stats.documents,
            partial.display(),
            target.display()
        ),
        (None, None) => String::new(),
    };
    let skipped = if report.skipped.is_empty() {
        String::new()
    } else {
        format!(
            ", {} input records skipped as not documents ({})",
            report.skipped.values().sum::<u64>(),
            report
                .skipped
                .iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    eprintln!(
        "{}{notes}{skipped}{settled}",
        summary(&report.stats, &setup)
    );
    Ok(if report.stats.interrupted {
        EXIT_INTERRUPTED
    } else {
        0
    })
}
