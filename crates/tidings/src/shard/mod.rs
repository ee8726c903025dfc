//! Corpus runs: one pipeline over many files, split into ranks that run as
//! independent tasks (a Slurm array, a Kubernetes indexed job, a loop on a
//! laptop), each writing its own shards, statistics and completion marker —
//! datatrove's conventions, with no scheduler of our own.
//!
//! For rank `R` of `N` under an output directory `DIR`:
//! - **inputs**: the sorted list of input files, every `N`-th from `R`
//!   ([`ShardSpec::select`]);
//! - **shards**: `DIR/0000R.jsonl.zst` (the extension is the format's), then
//!   `DIR/0000R_0001.jsonl.zst`, … once a file passes `--max-file-size`
//!   ([`ShardWriter`]); every shard stays under its partial name until the
//!   rank is complete;
//! - **stats**: `DIR/stats/0000R.json` ([`ShardStats`]; `tidings stats DIR`
//!   merges them);
//! - **marker**: `DIR/completions/0000R`, written last. A rank with a marker
//!   is done: a rerun skips it. Interrupted, a rank leaves no marker and no
//!   finished-looking shard, so rerunning the array redoes exactly the ranks
//!   that did not finish.
//!
//! ```
//! use tidings::shard::ShardSpec;
//!
//! let spec = ShardSpec::new(1, 3).unwrap();
//! let files: Vec<u32> = (0..8).collect();
//! assert_eq!(spec.select(files), [1, 4, 7]);
//! assert_eq!(spec.name(), "00001");
//! ```

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tidings_core::Document;

use crate::io::output::{OutputError, OutputFile};
use crate::io::sink::{OutputFormat, RecordWriter};

mod summary;
pub use summary::CorpusSummary;

/// Why a shard plan or a shard directory cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ShardError {
    /// The rank and world size do not fit together.
    #[error("rank {rank} is not below the world size {world_size}")]
    RankOutOfRange {
        /// The rank.
        rank: usize,
        /// The world size.
        world_size: usize,
    },
    /// The world size is zero.
    #[error("the world size must be at least 1")]
    EmptyWorld,
    /// An environment variable holds something other than a number.
    #[error("{name}={value} is not a task index")]
    BadVariable {
        /// The variable.
        name: &'static str,
        /// Its value.
        value: String,
    },
    /// A Kubernetes index without a world size.
    #[error("JOB_COMPLETION_INDEX is set; give --world-size (the job's completions)")]
    NoWorldSize,
    /// A file in the shard directory could not be read or written.
    #[error("{path}: cannot {action}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What was being done.
        action: &'static str,
        /// The error.
        source: io::Error,
    },
    /// A stats file is not JSON of [`ShardStats`].
    #[error("{path}: not a tidings stats file: {message}")]
    BadStats {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// An output file could not be opened or finished.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Where a rank came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankSource {
    /// `--rank` / `--world-size`.
    Flags,
    /// `SLURM_ARRAY_TASK_ID` (minus `SLURM_ARRAY_TASK_MIN`) of `SLURM_ARRAY_TASK_COUNT`.
    Slurm,
    /// Kubernetes `JOB_COMPLETION_INDEX` of `--world-size`.
    Kubernetes,
    /// No rank given: the whole input, as rank 0 of 1.
    Single,
}

/// Which part of the inputs this task takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardSpec {
    /// This task's rank, from 0.
    pub rank: usize,
    /// How many tasks share the inputs.
    pub world_size: usize,
    /// Where the rank came from.
    pub source: RankSource,
}

impl ShardSpec {
    /// Rank `rank` of `world_size` (from flags).
    pub fn new(rank: usize, world_size: usize) -> Result<ShardSpec, ShardError> {
        if world_size == 0 {
            return Err(ShardError::EmptyWorld);
        }
        if rank >= world_size {
            return Err(ShardError::RankOutOfRange { rank, world_size });
        }
        Ok(ShardSpec {
            rank,
            world_size,
            source: RankSource::Flags,
        })
    }

    /// The rank from flags when given, else from the environment: Slurm
    /// arrays (`SLURM_ARRAY_TASK_ID`, `SLURM_ARRAY_TASK_MIN`,
    /// `SLURM_ARRAY_TASK_COUNT`; `world_size` overrides the count), then
    /// Kubernetes indexed jobs (`JOB_COMPLETION_INDEX`, with `world_size`),
    /// else rank 0 of `world_size` (default 1).
    pub fn resolve(
        rank: Option<usize>,
        world_size: Option<usize>,
    ) -> Result<ShardSpec, ShardError> {
        Self::resolve_with(rank, world_size, |k| std::env::var(k).ok())
    }

    /// [`ShardSpec::resolve`] with the environment given as a function.
    pub fn resolve_with(
        rank: Option<usize>,
        world_size: Option<usize>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<ShardSpec, ShardError> {
        let number = |name: &'static str| -> Result<Option<usize>, ShardError> {
            env(name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| {
                    v.trim()
                        .parse::<usize>()
                        .map_err(|_| ShardError::BadVariable { name, value: v })
                })
                .transpose()
        };
        if let Some(rank) = rank {
            return ShardSpec::new(rank, world_size.unwrap_or(1));
        }
        if let Some(id) = number("SLURM_ARRAY_TASK_ID")? {
            let min = number("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
            let count = world_size
                .or(number("SLURM_ARRAY_TASK_COUNT")?)
                .unwrap_or(1);
            let mut spec = ShardSpec::new(id.saturating_sub(min), count)?;
            spec.source = RankSource::Slurm;
            return Ok(spec);
        }
        if let Some(index) = number("JOB_COMPLETION_INDEX")? {
            let count = world_size.ok_or(ShardError::NoWorldSize)?;
            let mut spec = ShardSpec::new(index, count)?;
            spec.source = RankSource::Kubernetes;
            return Ok(spec);
        }
        let mut spec = ShardSpec::new(0, world_size.unwrap_or(1))?;
        if world_size.is_none() {
            spec.source = RankSource::Single;
        }
        Ok(spec)
    }

    /// This rank's share: every `world_size`-th item from `rank`.
    pub fn select<T>(&self, items: Vec<T>) -> Vec<T> {
        items
            .into_iter()
            .skip(self.rank)
            .step_by(self.world_size)
            .collect()
    }

    /// The rank as file names spell it: `00003`.
    pub fn name(&self) -> String {
        format!("{:05}", self.rank)
    }

    /// "rank 3 of 4 (SLURM_ARRAY_TASK_ID)", for summary lines.
    pub fn describe(&self) -> String {
        let from = match self.source {
            RankSource::Flags => "--rank",
            RankSource::Slurm => "SLURM_ARRAY_TASK_ID",
            RankSource::Kubernetes => "JOB_COMPLETION_INDEX",
            RankSource::Single => "the only rank",
        };
        format!("rank {} of {} ({from})", self.rank, self.world_size)
    }
}

/// The files of a shard directory.
#[derive(Debug, Clone)]
pub struct ShardDir {
    root: PathBuf,
}

impl ShardDir {
    /// The directory `root` (created when a rank writes).
    pub fn new(root: impl Into<PathBuf>) -> ShardDir {
        ShardDir { root: root.into() }
    }

    /// The directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `DIR/completions/00003`.
    pub fn marker(&self, spec: &ShardSpec) -> PathBuf {
        self.root.join("completions").join(spec.name())
    }

    /// `DIR/stats/00003.json`.
    pub fn stats(&self, spec: &ShardSpec) -> PathBuf {
        self.root
            .join("stats")
            .join(format!("{}.json", spec.name()))
    }

    /// Shard `part` of the rank: `DIR/00003.jsonl.zst`, `DIR/00003_0001.jsonl.zst`, …
    pub fn shard(&self, spec: &ShardSpec, part: usize, format: OutputFormat) -> PathBuf {
        let stem = if part == 0 {
            spec.name()
        } else {
            format!("{}_{part:04}", spec.name())
        };
        self.root.join(format!("{stem}.{}", format.extension()))
    }

    /// Whether the rank has its completion marker.
    pub fn is_complete(&self, spec: &ShardSpec) -> bool {
        self.marker(spec).is_file()
    }

    /// Removes what an earlier, unfinished run of the rank left: shards of
    /// any format and stale partial files. Called before a rank starts.
    pub fn clear_rank(&self, spec: &ShardSpec) -> Result<usize, ShardError> {
        let name = spec.name();
        let io_err = |path: &Path, source| ShardError::Io {
            path: path.to_path_buf(),
            action: "clear",
            source,
        };
        let entries = match std::fs::read_dir(&self.root) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(io_err(&self.root, e)),
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().into_owned();
            let plain = file.trim_start_matches('.');
            let ours = plain.starts_with(&format!("{name}."))
                || plain.strip_prefix(&format!("{name}_")).is_some_and(|rest| {
                    rest.len() > 4 && rest[..4].bytes().all(|b| b.is_ascii_digit())
                });
            let lock = file.ends_with(".tidings-lock");
            if ours && !lock && entry.path().is_file() {
                std::fs::remove_file(entry.path()).map_err(|e| io_err(&entry.path(), e))?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// Writes a small file whole or not at all (temporary name, sync, rename).
    fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ShardError> {
        use std::io::Write;
        let parent = path.parent().unwrap_or(Path::new("."));
        let io_err = |action, source| ShardError::Io {
            path: path.to_path_buf(),
            action,
            source,
        };
        std::fs::create_dir_all(parent).map_err(|e| io_err("create its directory", e))?;
        let tmp = parent.join(format!(
            ".{}.tidings-partial",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        let mut f = std::fs::File::create(&tmp).map_err(|e| io_err("create", e))?;
        f.write_all(bytes).map_err(|e| io_err("write", e))?;
        f.sync_all().map_err(|e| io_err("sync", e))?;
        std::fs::rename(&tmp, path).map_err(|e| io_err("rename", e))
    }

    /// Writes the rank's stats, then its completion marker: the last step
    /// of a rank.
    pub fn complete(&self, spec: &ShardSpec, stats: &ShardStats) -> Result<(), ShardError> {
        let json = serde_json::to_vec_pretty(stats).unwrap_or_default();
        Self::write_atomically(&self.stats(spec), &json)?;
        let marker = format!(
            "{} documents, {} shard files\n",
            stats.documents_out, stats.files_out
        );
        Self::write_atomically(&self.marker(spec), marker.as_bytes())
    }

    /// Reads every `stats/*.json`, by rank.
    pub fn read_stats(&self) -> Result<BTreeMap<usize, ShardStats>, ShardError> {
        let dir = self.root.join("stats");
        let entries = std::fs::read_dir(&dir).map_err(|source| ShardError::Io {
            path: dir.clone(),
            action: "list",
            source,
        })?;
        let mut out = BTreeMap::new();
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|source| ShardError::Io {
                path: path.clone(),
                action: "read",
                source,
            })?;
            let stats: ShardStats =
                serde_json::from_str(&text).map_err(|e| ShardError::BadStats {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
            out.insert(stats.rank, stats);
        }
        Ok(out)
    }

    /// The world sizes earlier runs recorded in `stats/` (empty for a new
    /// directory). A directory holds one partition: ranks of another world
    /// size would take other files, so their markers would lie.
    pub fn world_sizes(&self) -> std::collections::BTreeSet<usize> {
        self.read_stats()
            .map(|s| s.values().map(|s| s.world_size).collect())
            .unwrap_or_default()
    }

    /// The ranks with a completion marker.
    pub fn completed(&self) -> Vec<usize> {
        let mut ranks: Vec<usize> = std::fs::read_dir(self.root.join("completions"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_string_lossy().parse().ok())
            .collect();
        ranks.sort_unstable();
        ranks
    }
}

/// Per-stage totals in [`ShardStats`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StageTotals {
    /// Documents the stage ran on.
    pub documents: u64,
    /// Microseconds it spent, summed over documents.
    pub micros: u64,
    /// Errors it recorded.
    pub errors: u64,
}

/// What one rank did (`DIR/stats/0000R.json`); [`ShardStats::merge`] adds ranks up.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShardStats {
    /// The rank (after a merge: the first).
    pub rank: usize,
    /// The world size.
    pub world_size: usize,
    /// Ranks added up here.
    pub ranks: u64,
    /// Input files read.
    pub files_in: u64,
    /// Bytes of input read (as stored, compressed or not).
    pub bytes_in: u64,
    /// Documents read: one per input document, errors included.
    pub documents_in: u64,
    /// Records written (equal to `documents_in` for a finished rank).
    pub documents_out: u64,
    /// Records with at least one error.
    pub documents_with_errors: u64,
    /// Records rejected at reading (binary, too large, malformed, truncated…).
    pub rejected: u64,
    /// Input records that are not documents, by reason (WARC requests,
    /// revisits, non-2xx responses…).
    pub skipped: BTreeMap<String, u64>,
    /// Errors by `stage/kind`.
    pub errors: BTreeMap<String, u64>,
    /// Time and counts per stage.
    pub stages: BTreeMap<String, StageTotals>,
    /// Documents by language (ISO 639-3; `und` when none).
    pub languages: BTreeMap<String, u64>,
    /// Removed boilerplate pieces by reason.
    pub boilerplate: BTreeMap<String, u64>,
    /// Entities by label.
    pub entities: BTreeMap<String, u64>,
    /// HTML documents by the page type `clean` estimated.
    pub page_types: BTreeMap<String, u64>,
    /// HTML documents by `clean.confidence`, in bands of 0.1 (`"0.8-0.9"`;
    /// below 0.5 in one band, `"0.0-0.5"`).
    pub clean_confidence: BTreeMap<String, u64>,
    /// Shard files written.
    pub files_out: u64,
    /// Bytes of shard files written.
    pub bytes_out: u64,
    /// Wall time, seconds (summed by a merge).
    pub seconds: f64,
}

/// The band of 0.1 a confidence falls in (one band below 0.5).
fn confidence_band(c: f32) -> &'static str {
    const BANDS: [&str; 6] = [
        "0.0-0.5", "0.5-0.6", "0.6-0.7", "0.7-0.8", "0.8-0.9", "0.9-1.0",
    ];
    let i = ((c.clamp(0.0, 1.0) * 10.0) as usize)
        .saturating_sub(4)
        .min(5);
    BANDS[i]
}

fn label<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(v) => v.to_string(),
        Err(_) => "?".into(),
    }
}

impl ShardStats {
    /// Empty stats for a rank.
    pub fn for_rank(spec: &ShardSpec) -> ShardStats {
        ShardStats {
            rank: spec.rank,
            world_size: spec.world_size,
            ranks: 1,
            ..Default::default()
        }
    }

    /// Counts one output record.
    pub fn observe(&mut self, doc: &Document) {
        self.documents_out += 1;
        self.documents_with_errors += u64::from(!doc.errors.is_empty());
        self.rejected += u64::from(doc.rejected);
        for e in &doc.errors {
            *self
                .errors
                .entry(format!("{}/{}", e.stage, label(&e.kind)))
                .or_default() += 1;
            self.stages.entry(e.stage.clone()).or_default().errors += 1;
        }
        for t in &doc.timings {
            let s = self.stages.entry(t.stage.clone()).or_default();
            s.documents += 1;
            s.micros += t.micros;
        }
        let lang = doc.language.as_ref().map_or("und", |l| l.iso639_3.as_str());
        *self.languages.entry(lang.to_owned()).or_default() += 1;
        for b in &doc.boilerplate {
            *self.boilerplate.entry(label(&b.reason)).or_default() += 1;
        }
        for e in &doc.entities {
            *self.entities.entry(label(&e.label)).or_default() += 1;
        }
        if let Some(clean) = &doc.clean {
            if let Some(t) = clean.page_type {
                *self.page_types.entry(t.as_str().to_owned()).or_default() += 1;
            }
            if let Some(c) = clean.confidence {
                *self
                    .clean_confidence
                    .entry(confidence_band(c).to_owned())
                    .or_default() += 1;
            }
        }
    }

    /// Adds another rank's stats to these.
    pub fn merge(&mut self, other: &ShardStats) {
        fn add(into: &mut BTreeMap<String, u64>, from: &BTreeMap<String, u64>) {
            for (k, v) in from {
                *into.entry(k.clone()).or_default() += v;
            }
        }
        if self.ranks == 0 {
            self.rank = other.rank;
        }
        self.world_size = self.world_size.max(other.world_size);
        self.ranks += other.ranks;
        self.files_in += other.files_in;
        self.bytes_in += other.bytes_in;
        self.documents_in += other.documents_in;
        self.documents_out += other.documents_out;
        self.documents_with_errors += other.documents_with_errors;
        self.rejected += other.rejected;
        add(&mut self.skipped, &other.skipped);
        add(&mut self.errors, &other.errors);
        for (k, v) in &other.stages {
            let s = self.stages.entry(k.clone()).or_default();
            s.documents += v.documents;
            s.micros += v.micros;
            s.errors += v.errors;
        }
        add(&mut self.languages, &other.languages);
        add(&mut self.boilerplate, &other.boilerplate);
        add(&mut self.entities, &other.entities);
        add(&mut self.page_types, &other.page_types);
        add(&mut self.clean_confidence, &other.clean_confidence);
        self.files_out += other.files_out;
        self.bytes_out += other.bytes_out;
        self.seconds += other.seconds;
    }
}

/// Writes a rank's records into shards, rotating past a size; see the
/// module docs. Nothing is renamed to its final name before
/// [`ShardWriter::commit`].
#[derive(Debug)]
pub struct ShardWriter {
    dir: ShardDir,
    spec: ShardSpec,
    format: OutputFormat,
    max_file_size: u64,
    current: Option<RecordWriter<OutputFile>>,
    done: Vec<OutputFile>,
}

impl ShardWriter {
    /// A writer for the rank; `max_file_size` in bytes (0: no rotation).
    pub fn new(dir: ShardDir, spec: ShardSpec, format: OutputFormat, max_file_size: u64) -> Self {
        ShardWriter {
            dir,
            spec,
            format,
            max_file_size,
            current: None,
            done: Vec::new(),
        }
    }

    /// The files this writer owns so far (a run must not read them).
    pub fn own_files(&self) -> Vec<crate::io::FileId> {
        self.done.iter().flat_map(OutputFile::own_files).collect()
    }

    /// Writes one record, opening (or rotating to) the next shard as needed.
    pub fn write(&mut self, doc: Document) -> io::Result<()> {
        if let Some(w) = &self.current {
            if self.max_file_size > 0 && w.records() > 0 && w.approx_bytes() >= self.max_file_size {
                self.rotate()?;
            }
        }
        let writer = match &mut self.current {
            Some(w) => w,
            None => {
                let part = self.done.len();
                let path = self.dir.shard(&self.spec, part, self.format);
                std::fs::create_dir_all(self.dir.root())?;
                let w = RecordWriter::create(&path, self.format).map_err(io::Error::other)?;
                self.current.insert(w)
            }
        };
        writer.write(doc)
    }

    fn rotate(&mut self) -> io::Result<()> {
        if let Some(w) = self.current.take() {
            self.done.push(w.finish()?);
        }
        Ok(())
    }

    /// Finishes every shard and renames them to their final names; returns
    /// the files and their total size. A rank with no record writes one
    /// empty shard, so that every finished rank has a file.
    pub fn commit(mut self) -> Result<(Vec<PathBuf>, u64), ShardError> {
        if self.current.is_none() && self.done.is_empty() {
            let path = self.dir.shard(&self.spec, 0, self.format);
            std::fs::create_dir_all(self.dir.root()).map_err(|source| ShardError::Io {
                path: self.dir.root().to_path_buf(),
                action: "create",
                source,
            })?;
            self.current = Some(RecordWriter::create(&path, self.format)?);
        }
        let root = self.dir.root().to_path_buf();
        self.rotate().map_err(|source| ShardError::Io {
            path: root,
            action: "finish a shard in",
            source,
        })?;
        let mut paths = Vec::new();
        let mut bytes = 0;
        for file in self.done {
            bytes += file.bytes_written();
            paths.push(file.commit()?);
        }
        Ok((paths, bytes))
    }

    /// Ends every shard (trailers, footers) and leaves them under their
    /// partial names, for an interrupted rank; returns those names.
    pub fn abandon(mut self) -> Vec<PathBuf> {
        let _ = self.rotate();
        self.done
            .into_iter()
            .filter_map(|f| f.abandon().ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tidings_core::{CleanReport, PageType};

    #[test]
    fn ranks_come_from_flags_then_slurm_then_kubernetes() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let slurm = env(&[
            ("SLURM_ARRAY_TASK_ID", "12"),
            ("SLURM_ARRAY_TASK_MIN", "10"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ]);
        let s = ShardSpec::resolve_with(None, None, slurm).unwrap();
        assert_eq!((s.rank, s.world_size, s.source), (2, 4, RankSource::Slurm));
        let s = ShardSpec::resolve_with(Some(1), Some(2), slurm).unwrap();
        assert_eq!((s.rank, s.source), (1, RankSource::Flags));
        let k8s = env(&[("JOB_COMPLETION_INDEX", "5")]);
        assert!(matches!(
            ShardSpec::resolve_with(None, None, k8s),
            Err(ShardError::NoWorldSize)
        ));
        let s = ShardSpec::resolve_with(None, Some(8), k8s).unwrap();
        assert_eq!(
            (s.rank, s.world_size, s.source),
            (5, 8, RankSource::Kubernetes)
        );
        assert!(ShardSpec::resolve_with(None, Some(4), k8s).is_err());
        let none = env(&[]);
        let s = ShardSpec::resolve_with(None, None, none).unwrap();
        assert_eq!((s.rank, s.world_size, s.source), (0, 1, RankSource::Single));
        let bad = env(&[("SLURM_ARRAY_TASK_ID", "x")]);
        assert!(ShardSpec::resolve_with(None, None, bad).is_err());
    }

    #[test]
    fn shards_rotate_and_stay_partial_until_commit() {
        let dir = tempfile::tempdir().unwrap();
        let sd = ShardDir::new(dir.path());
        let spec = ShardSpec::new(3, 4).unwrap();
        let mut w = ShardWriter::new(sd.clone(), spec, OutputFormat::JsonLines, 100);
        for i in 0..5 {
            w.write(Document::new(format!("d{i}"), "x".repeat(80)))
                .unwrap();
        }
        let visible = |p: &Path| {
            let mut v: Vec<String> = std::fs::read_dir(p)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect();
            v.sort();
            v
        };
        assert!(visible(dir.path()).is_empty(), "nothing looks finished yet");
        let (paths, bytes) = w.commit().unwrap();
        assert_eq!(paths.len(), 5);
        assert_eq!(
            visible(dir.path()),
            [
                "00003.jsonl",
                "00003_0001.jsonl",
                "00003_0002.jsonl",
                "00003_0003.jsonl",
                "00003_0004.jsonl"
            ]
        );
        assert!(bytes > 400);
        assert_eq!(sd.clear_rank(&spec).unwrap(), 5);
        assert!(visible(dir.path()).is_empty());
    }

    #[test]
    fn stats_count_page_types_and_confidence_bands() {
        let page = |t: PageType, c: f32| {
            let mut d = Document::new("p", "");
            d.clean = Some(CleanReport {
                page_type: Some(t),
                confidence: Some(c),
                ..Default::default()
            });
            d
        };
        let mut s = ShardStats::default();
        for d in [
            page(PageType::Forum, 0.93),
            page(PageType::Forum, 0.31),
            page(PageType::Listing, 0.55),
            page(PageType::Article, 1.0),
            Document::new("plain", "text"),
        ] {
            s.observe(&d);
        }
        let mut other = ShardStats::default();
        other.observe(&page(PageType::Listing, 0.5));
        s.merge(&other);
        let count = |m: &BTreeMap<String, u64>, k: &str| m.get(k).copied().unwrap_or(0);
        assert_eq!(count(&s.page_types, "forum"), 2);
        assert_eq!(count(&s.page_types, "listing"), 2);
        assert_eq!(s.page_types.values().sum::<u64>(), 5);
        assert_eq!(count(&s.clean_confidence, "0.9-1.0"), 2);
        assert_eq!(count(&s.clean_confidence, "0.0-0.5"), 1);
        assert_eq!(count(&s.clean_confidence, "0.5-0.6"), 2);
        // Stats written before these fields existed still read.
        let old: ShardStats = serde_json::from_str(r#"{"rank": 1, "documents_out": 3}"#).unwrap();
        assert!(old.page_types.is_empty() && old.documents_out == 3);
    }
}
