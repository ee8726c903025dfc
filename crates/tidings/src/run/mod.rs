//! Running a pipeline over files: the protocol every front end shares — the
//! `tidings` command, Python's `Pipeline.run_files` / `run_rank`, and any
//! program that embeds the library.
//!
//! **A local run** ([`run_files`]) writes one record per input document to a
//! file or a writer:
//! 1. the output file is locked and staged under a partial name first, so
//!    that another run writing it is refused and the inputs can be listed
//!    without it;
//! 2. the inputs are expanded (directories walked, links followed once); an
//!    input that *is* the output is refused, and the output's own files found
//!    in a directory are skipped;
//! 3. the documents stream through the pipeline, in input order;
//! 4. complete, the partial file is renamed over the target (**commit**);
//!    interrupted (the `stop` flag), it keeps its partial name and its whole
//!    records, and the target is not touched (**abandon**); refused or failed
//!    before any record, nothing is left behind (**discard**).
//!
//! **A rank run** ([`run_rank`]) is one task of a corpus job
//! ([`crate::shard`] has the layout): it refuses a directory that holds ranks
//! of another world size, skips a rank whose completion marker exists (unless
//! `overwrite`), removes the marker and the rank's files, reads every N-th of
//! the sorted inputs (never files inside the output directory), writes shards
//! under partial names, then its statistics, then the marker. Interrupted, it
//! leaves no marker and no finished-looking shard, so a rerun redoes it.
//!
//! ```
//! use tidings::run::{run_files, Destination, RunOptions};
//! use tidings::io::Input;
//! use tidings::PipelineConfig;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = tempfile::tempdir()?;
//! std::fs::write(dir.path().join("a.txt"), "The council met on Monday to discuss the bridge.")?;
//! let out = dir.path().join("out.jsonl");
//! let pipeline = PipelineConfig::default().build()?;
//! let report = run_files(
//!     &pipeline,
//!     &[Input::Path(dir.path().to_path_buf())],
//!     Destination::File(out.clone()),
//!     &RunOptions::default(),
//! )?;
//! assert_eq!(report.stats.documents, 1);
//! assert_eq!(report.written.as_deref(), Some(out.as_path()));
//! # Ok(()) }
//! ```

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use crate::io::output::{OutputError, OutputFile};
use crate::io::sink::{OutputFormat, RecordWriter};
use crate::io::{
    expand_inputs_with, read_documents, ExpandOptions, Input, InputError, ReadOptions,
};
use crate::shard::{ShardDir, ShardError, ShardSpec, ShardStats, ShardWriter};

mod report;
use crate::{Document, Pipeline};
pub use report::{RankReport, RunReport, WalkReport};

/// Why a run did not start or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The run was refused before it read anything: nothing was written (an
    /// output that is an input, an output another run is writing, a directory
    /// holding ranks of another world size).
    #[error("{0}")]
    Refused(String),
    /// A named input does not exist or cannot be examined.
    #[error("cannot open input {0}")]
    Input(#[source] InputError),
    /// The arguments do not describe a run (standard input named twice, or
    /// split between ranks).
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed.
    #[error("cannot write {what}: {source}")]
    Io {
        /// What was being written.
        what: String,
        /// The I/O error.
        source: io::Error,
    },
    /// The output file could not be finished.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The output directory of a rank run.
    #[error(transparent)]
    Shard(#[from] ShardError),
}

/// Where a local run writes its records.
pub enum Destination {
    /// A file, in the format its extension names (`.jsonl`, `.jsonl.gz`,
    /// `.jsonl.zst`, `.parquet`; JSON Lines otherwise), staged and committed.
    File(PathBuf),
    /// JSON Lines to a writer (standard output, a pipe).
    Writer(Box<dyn Write + Send>),
}

impl std::fmt::Debug for Destination {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Destination::File(p) => f.debug_tuple("File").field(p).finish(),
            Destination::Writer(_) => f.write_str("Writer(..)"),
        }
    }
}

/// Watches a run (a progress bar): every method has a default that does
/// nothing.
pub trait RunObserver {
    /// The input files the run will read, once listed (and, for a rank, selected).
    fn inputs(&self, _inputs: &[Input]) {}
    /// A record was written: the records so far, and the input bytes read so far.
    fn record(&self, _documents: u64, _bytes_read: u64) {}
}

/// How to read, and when to stop.
#[derive(Default)]
pub struct RunOptions<'a> {
    /// How inputs are read (size limit, format of unknown files).
    pub read: ReadOptions,
    /// Set (by a signal handler) to stop after the chunk in flight.
    pub stop: Option<&'a AtomicBool>,
    /// Told of the inputs and of every record written.
    pub observer: Option<&'a (dyn RunObserver + Sync)>,
}

impl std::fmt::Debug for RunOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("read", &self.read)
            .field("stop", &self.stop)
            .field("observer", &self.observer.is_some())
            .finish()
    }
}

/// Runs `pipeline` over `inputs` and writes one record per input document to
/// `destination`, with the guarantees of the module documentation. Call it
/// inside the rayon pool the pipeline should use.
pub fn run_files(
    pipeline: &Pipeline,
    inputs: &[Input],
    destination: Destination,
    options: &RunOptions<'_>,
) -> Result<RunReport, RunError> {
    check_stdin(inputs)?;
    // The output is locked and staged first, so that the inputs can be
    // listed without it (and without its partial file).
    let staged = match destination {
        Destination::File(path) => {
            let format = OutputFormat::from_path(&path).unwrap_or(OutputFormat::JsonLines);
            let file = OutputFile::create(&path).map_err(|e| RunError::Refused(e.to_string()))?;
            Staged::File(file, format)
        }
        Destination::Writer(w) => Staged::Writer(w),
    };
    let exclude = match &staged {
        Staged::File(file, _) => file.own_files(),
        Staged::Writer(_) => Vec::new(),
    };
    let expanded = match expand_inputs_with(inputs, &ExpandOptions { exclude }) {
        Ok(x) => x,
        Err(e) => {
            if let Staged::File(file, _) = staged {
                file.discard();
            }
            return Err(match e {
                InputError::IsOutput { .. } => RunError::Refused(e.to_string()),
                InputError::Missing { .. } => RunError::Input(e),
            });
        }
    };
    let walk = WalkReport::from(&expanded);
    if let Some(observer) = options.observer {
        observer.inputs(&expanded.inputs);
    }
    let reader = read_documents(expanded.inputs, options.read.clone());
    let progress = reader.progress();
    let (target, format) = match staged {
        Staged::File(file, format) => (Target::File(file), format),
        Staged::Writer(w) => (Target::Stream(BufWriter::new(w)), OutputFormat::JsonLines),
    };
    let mut sink = RecordWriter::new(target, format).map_err(|source| RunError::Io {
        what: "the output".into(),
        source,
    })?;
    let never = AtomicBool::new(false);
    let mut n = 0u64;
    let stats = pipeline.run_until(reader, options.stop.unwrap_or(&never), |doc| {
        let written = sink.write(doc);
        n += 1;
        if let Some(observer) = options.observer {
            observer.record(n, progress.bytes());
        }
        written
    });
    let stats = stats.map_err(|source| RunError::Io {
        what: "the output".into(),
        source,
    })?;
    let finished = sink.finish().map_err(|source| RunError::Io {
        what: "the output".into(),
        source,
    })?;
    let (written, partial) = match finished {
        Target::File(file) if stats.interrupted => {
            let target = file.target().to_path_buf();
            (None, Some((file.abandon()?, target)))
        }
        Target::File(file) => (Some(file.commit()?), None),
        Target::Stream(_) => (None, None),
    };
    Ok(RunReport {
        stats,
        walk,
        skipped: progress.skipped(),
        written,
        partial,
    })
}

/// The destination once the output file is locked and staged.
enum Staged {
    File(OutputFile, OutputFormat),
    Writer(Box<dyn Write + Send>),
}

/// Where records go: the staged file, or a stream (JSON Lines).
enum Target {
    File(OutputFile),
    Stream(BufWriter<Box<dyn Write + Send>>),
}

impl Write for Target {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Target::File(f) => f.write(buf),
            Target::Stream(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Target::File(f) => f.flush(),
            Target::Stream(s) => s.flush(),
        }
    }
}

fn check_stdin(inputs: &[Input]) -> Result<(), RunError> {
    if inputs.iter().filter(|i| **i == Input::Stdin).count() > 1 {
        return Err(RunError::Usage(
            "`-` (standard input) can be named only once".into(),
        ));
    }
    Ok(())
}

/// One rank of a corpus run.
#[derive(Debug, Clone)]
pub struct RankOptions {
    /// This rank and the world size.
    pub spec: ShardSpec,
    /// The shards' format.
    pub format: OutputFormat,
    /// Start a new shard once one holds this many bytes (0: never).
    pub max_file_size: u64,
    /// Redo a rank that has its completion marker.
    pub overwrite: bool,
}

/// Runs one rank of a corpus job into `out_dir` with the protocol of the
/// module documentation. Call it inside the rayon pool the pipeline should use.
pub fn run_rank(
    pipeline: &Pipeline,
    inputs: &[Input],
    out_dir: &Path,
    rank: &RankOptions,
    options: &RunOptions<'_>,
) -> Result<RankReport, RunError> {
    let spec = rank.spec;
    let dir = ShardDir::new(out_dir);
    let earlier: Vec<usize> = dir
        .world_sizes()
        .into_iter()
        .filter(|&n| n != spec.world_size)
        .collect();
    if !earlier.is_empty() {
        return Err(RunError::Refused(format!(
            "{} holds ranks of a run with --world-size {}; this is {}: ranks of another world size read other files. Use the same world size or another output directory",
            out_dir.display(),
            earlier.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            spec.describe()
        )));
    }
    let marker = dir.marker(&spec);
    if dir.is_complete(&spec) && !rank.overwrite {
        return Ok(RankReport::AlreadyComplete { marker });
    }
    check_stdin(inputs)?;
    if inputs.contains(&Input::Stdin) && spec.world_size > 1 {
        return Err(RunError::Usage(
            "standard input cannot be split between ranks; name files or directories".into(),
        ));
    }
    // The marker goes first: from here on the rank is not complete.
    if marker.exists() {
        std::fs::remove_file(&marker).map_err(|source| RunError::Io {
            what: marker.display().to_string(),
            source,
        })?;
    }
    dir.clear_rank(&spec)?;

    let expanded = expand_inputs_with(inputs, &ExpandOptions::default())
        .map_err(|e| RunError::Refused(e.to_string()))?;
    let mut walk = WalkReport::from(&expanded);
    // Every rank must see the same list: sorted, and without the output directory.
    let mut files: Vec<Input> = expanded
        .inputs
        .iter()
        .filter(|i| match i {
            Input::Path(p) => !is_under(p, out_dir),
            Input::Stdin => true,
        })
        .cloned()
        .collect();
    walk.in_output_dir = expanded.inputs.len() - files.len();
    files.sort_by_key(input_key);
    let files = spec.select(files);
    let files_in = files.len() as u64;
    if let Some(observer) = options.observer {
        observer.inputs(&files);
    }
    let reader = read_documents(files, options.read.clone());
    let progress = reader.progress();
    let started = Instant::now();
    let mut writer = ShardWriter::new(dir.clone(), spec, rank.format, rank.max_file_size);
    let mut stats = ShardStats::for_rank(&spec);
    let never = AtomicBool::new(false);
    let mut n = 0u64;
    let run = pipeline.run_until(reader, options.stop.unwrap_or(&never), |doc: Document| {
        stats.observe(&doc);
        let written = writer.write(doc);
        n += 1;
        if let Some(observer) = options.observer {
            observer.record(n, progress.bytes());
        }
        written
    });
    let run = match run {
        Ok(run) => run,
        Err(source) => {
            writer.abandon();
            return Err(RunError::Io {
                what: "a shard".into(),
                source,
            });
        }
    };
    if run.interrupted {
        let partial = writer.abandon();
        return Ok(RankReport::Ran {
            stats: run,
            walk,
            files_in,
            shards: Vec::new(),
            partial,
            marker: None,
        });
    }
    let (paths, bytes) = writer.commit()?;
    stats.files_in = files_in;
    stats.bytes_in = progress.bytes();
    stats.documents_in = run.documents;
    stats.skipped = progress.skipped();
    stats.files_out = paths.len() as u64;
    stats.bytes_out = bytes;
    stats.seconds = started.elapsed().as_secs_f64();
    dir.complete(&spec, &stats)?;
    Ok(RankReport::Ran {
        stats: run,
        walk,
        files_in,
        shards: paths,
        partial: Vec::new(),
        marker: Some(marker),
    })
}

/// Whether `path` lies under `dir` (both made absolute).
fn is_under(path: &Path, dir: &Path) -> bool {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    abs(path).starts_with(abs(dir))
}

fn input_key(i: &Input) -> PathBuf {
    match i {
        Input::Stdin => PathBuf::new(),
        Input::Path(p) => p.clone(),
    }
}
