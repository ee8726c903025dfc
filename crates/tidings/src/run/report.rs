//! What a run did: the reports [`run_files`](super::run_files) and
//! [`run_rank`](super::run_rank) return, and the summary lines the `tidings`
//! command prints from them.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::io::Expanded;
use crate::shard::ShardSpec;
use crate::RunStats;

/// What the inputs' walk found besides documents.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WalkReport {
    /// Symbolic links followed inside directories.
    pub symlinks_followed: usize,
    /// Links that lead back to a directory being walked: not followed.
    pub symlink_loops: Vec<PathBuf>,
    /// Files skipped because this run writes them.
    pub skipped_outputs: Vec<PathBuf>,
    /// Files skipped because they lie in a rank run's output directory.
    pub in_output_dir: usize,
}

impl WalkReport {
    pub(super) fn from(expanded: &Expanded) -> WalkReport {
        WalkReport {
            symlinks_followed: expanded.symlinks_followed,
            symlink_loops: expanded.symlink_loops.clone(),
            skipped_outputs: expanded.skipped_outputs.clone(),
            in_output_dir: 0,
        }
    }

    /// One line per file the walk skipped, saying why.
    pub fn warnings(&self) -> Vec<String> {
        let outputs = self
            .skipped_outputs
            .iter()
            .map(|p| format!("skipped {}: it is this run's output", p.display()));
        let loops = self
            .symlink_loops
            .iter()
            .map(|p| format!("skipped {}: symbolic link loop", p.display()));
        outputs.chain(loops).collect()
    }

    /// The walk's counts for a summary line (", 2 symbolic links followed"),
    /// empty when there is nothing to say.
    pub fn notes(&self) -> String {
        let counts = [
            (self.symlinks_followed, "symbolic links followed"),
            (self.symlink_loops.len(), "link loops skipped"),
            (self.skipped_outputs.len(), "output files skipped"),
            (self.in_output_dir, "files in the output directory skipped"),
        ];
        counts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!(", {n} {what}"))
            .collect()
    }
}

/// What a local run did.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// Documents read and written, errors, time, interruption.
    pub stats: RunStats,
    /// What the walk of the inputs skipped.
    pub walk: WalkReport,
    /// Input records that were not documents, by reason (WARC requests,
    /// statuses, content types).
    pub skipped: BTreeMap<String, u64>,
    /// The output file, when the run completed and wrote one.
    pub written: Option<PathBuf>,
    /// Interrupted: the partial file that keeps the whole records written, and
    /// the target that was not touched.
    pub partial: Option<(PathBuf, PathBuf)>,
}

impl RunReport {
    /// The input records skipped as not documents, for a summary line
    /// (", 3 input records skipped as not documents (warc-request 3)"), empty
    /// when there were none.
    pub fn skipped_note(&self) -> String {
        if self.skipped.is_empty() {
            return String::new();
        }
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        format!(
            ", {} input records skipped as not documents ({})",
            self.skipped.values().sum::<u64>(),
            reasons.join(", ")
        )
    }
}

/// What a rank run did.
#[derive(Debug, Clone)]
pub enum RankReport {
    /// The rank had its completion marker: nothing was read or written.
    AlreadyComplete {
        /// The marker.
        marker: PathBuf,
    },
    /// The rank ran.
    Ran {
        /// Documents read and written, errors, time, interruption.
        stats: RunStats,
        /// What the walk of the inputs skipped.
        walk: WalkReport,
        /// Input files this rank read.
        files_in: u64,
        /// The shards written (empty when interrupted: they kept their partial
        /// names, listed in `partial`).
        shards: Vec<PathBuf>,
        /// Interrupted: the partial shard files left behind.
        partial: Vec<PathBuf>,
        /// The completion marker, when the rank completed.
        marker: Option<PathBuf>,
    },
}

/// "12 documents (1 with errors) in 0.40 s, 30 docs/s", after "interrupted
/// after " when the run was stopped.
impl fmt::Display for RunStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{} documents ({} with errors) in {:.2} s, {:.0} docs/s",
            if self.interrupted {
                "interrupted after "
            } else {
                ""
            },
            self.documents,
            self.with_errors,
            self.elapsed.as_secs_f64(),
            self.docs_per_sec()
        )
    }
}

/// The run's summary line: its figures, what the walk and the readers
/// skipped, and where the records went.
impl fmt::Display for RunReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{}{}",
            self.stats,
            self.walk.notes(),
            self.skipped_note()
        )?;
        match (&self.written, &self.partial) {
            (Some(target), _) => write!(f, ", written to {}", target.display()),
            (None, Some((partial, target))) => write!(
                f,
                "; the output is incomplete: its {} whole records are in {}, and {} was not touched",
                self.stats.documents,
                partial.display(),
                target.display()
            ),
            (None, None) => Ok(()),
        }
    }
}

impl RankReport {
    /// Whether the rank stopped before it was complete.
    pub fn interrupted(&self) -> bool {
        matches!(self, RankReport::Ran { marker: None, .. })
    }

    /// The rank's summary line; `spec` and `out_dir` are those the run was given.
    pub fn describe(&self, spec: &ShardSpec, out_dir: &Path) -> String {
        match self {
            RankReport::AlreadyComplete { marker } => format!(
                "{} is already complete ({}): 0 documents processed; overwriting redoes it",
                spec.describe(),
                marker.display()
            ),
            RankReport::Ran {
                stats,
                walk,
                partial,
                marker: None,
                ..
            } => format!(
                "{stats}{}; {} is not complete: no marker written, its {} partial shard file(s) keep their partial names (a rerun redoes the rank)",
                walk.notes(),
                spec.describe(),
                partial.len()
            ),
            RankReport::Ran {
                stats,
                walk,
                files_in,
                shards,
                marker: Some(marker),
                ..
            } => format!(
                "{stats}{}, {}, {files_in} file(s) read, {} shard file(s) in {}, marker {}",
                walk.notes(),
                spec.describe(),
                shards.len(),
                out_dir.display(),
                marker.display()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn stats(interrupted: bool) -> RunStats {
        RunStats {
            documents: 12,
            with_errors: 1,
            elapsed: Duration::from_millis(400),
            interrupted,
        }
    }

    #[test]
    fn a_walk_says_only_what_it_skipped() {
        assert_eq!(WalkReport::default().notes(), "");
        let walk = WalkReport {
            symlinks_followed: 1,
            symlink_loops: vec![PathBuf::from("d/loop")],
            skipped_outputs: Vec::new(),
            in_output_dir: 0,
        };
        assert_eq!(
            walk.notes(),
            ", 1 symbolic links followed, 1 link loops skipped"
        );
        assert_eq!(walk.warnings(), ["skipped d/loop: symbolic link loop"]);
    }

    #[test]
    fn a_run_line_names_its_figures_and_where_the_records_are() {
        let mut report = RunReport {
            stats: stats(false),
            walk: WalkReport::default(),
            skipped: BTreeMap::from([("warc-request".to_owned(), 3)]),
            written: Some(PathBuf::from("out.jsonl")),
            partial: None,
        };
        assert_eq!(
            report.to_string(),
            "12 documents (1 with errors) in 0.40 s, 30 docs/s, 3 input records skipped as not documents (warc-request 3), written to out.jsonl"
        );
        report.stats = stats(true);
        report.written = None;
        report.partial = Some((PathBuf::from(".out.partial"), PathBuf::from("out.jsonl")));
        let line = report.to_string();
        assert!(line.starts_with("interrupted after 12 documents"), "{line}");
        assert!(
            line.ends_with(
                "its 12 whole records are in .out.partial, and out.jsonl was not touched"
            ),
            "{line}"
        );
    }

    #[test]
    fn a_rank_line_says_whether_the_rank_is_complete() {
        let spec = ShardSpec::new(1, 4).unwrap();
        let done = RankReport::AlreadyComplete {
            marker: PathBuf::from("o/completions/00001"),
        };
        assert!(!done.interrupted());
        assert!(done
            .describe(&spec, Path::new("o"))
            .contains("already complete"));
        let stopped = RankReport::Ran {
            stats: stats(true),
            walk: WalkReport::default(),
            files_in: 2,
            shards: Vec::new(),
            partial: vec![PathBuf::from("o/.00001.jsonl.zst.partial")],
            marker: None,
        };
        assert!(stopped.interrupted());
        assert!(stopped
            .describe(&spec, Path::new("o"))
            .contains("is not complete: no marker written, its 1 partial"));
    }
}
