//! A corpus run's statistics merged over its ranks (`tidings stats DIR`).

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::{ShardDir, ShardError, ShardStats};

/// Every rank's [`ShardStats`] added up, with which ranks are complete.
/// `Display` prints it as the table `tidings stats` shows; serialised, it is
/// what `tidings stats --json` prints.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusSummary {
    /// The ranks' statistics, merged.
    pub total: ShardStats,
    /// Ranks with a statistics file.
    pub ranks: Vec<usize>,
    /// Ranks with a completion marker.
    pub completed: Vec<usize>,
    /// Ranks of the world size without a completion marker.
    pub missing: Vec<usize>,
}

impl ShardDir {
    /// The statistics of every rank, merged ([`CorpusSummary`]).
    pub fn summary(&self) -> Result<CorpusSummary, ShardError> {
        let per_rank = self.read_stats()?;
        let mut total = ShardStats::default();
        for stats in per_rank.values() {
            total.merge(stats);
        }
        let completed = self.completed();
        let missing = (0..total.world_size)
            .filter(|r| !completed.contains(r))
            .collect();
        Ok(CorpusSummary {
            total,
            ranks: per_rank.into_keys().collect(),
            completed,
            missing,
        })
    }
}

impl fmt::Display for CorpusSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = &self.total;
        write!(
            f,
            "ranks: {} with stats, {} of {} complete",
            self.ranks.len(),
            self.completed.len(),
            total.world_size,
        )?;
        if !self.missing.is_empty() {
            write!(f, " (not complete: {})", ranges(&self.missing))?;
        }
        writeln!(f)?;
        for (name, n) in [
            ("files in", total.files_in),
            ("bytes in", total.bytes_in),
            ("documents in", total.documents_in),
            ("documents out", total.documents_out),
            ("  with errors", total.documents_with_errors),
            ("  rejected", total.rejected),
            ("shard files", total.files_out),
            ("bytes out", total.bytes_out),
        ] {
            writeln!(f, "{name:<28} {n:>14}")?;
        }
        writeln!(f, "{:<28} {:>14.1}", "seconds (summed)", total.seconds)?;
        table(f, "skipped input records", &total.skipped)?;
        table(f, "errors (stage/kind)", &total.errors)?;
        writeln!(f, "stages{:>23}{:>15}{:>12}", "documents", "ms", "errors")?;
        for (name, s) in &total.stages {
            writeln!(
                f,
                "  {name:<20} {:>12} {:>14.1} {:>11}",
                s.documents,
                s.micros as f64 / 1000.0,
                s.errors
            )?;
        }
        table(f, "languages", &total.languages)?;
        table(f, "boilerplate removed (by reason)", &total.boilerplate)?;
        table(f, "entities (by label)", &total.entities)?;
        table(f, "page types (clean)", &total.page_types)?;
        if !total.clean_confidence.is_empty() {
            // In band order, not by count: a distribution.
            writeln!(f, "clean confidence (expected F1)")?;
            for (band, n) in &total.clean_confidence {
                writeln!(f, "  {band:<34} {n:>10}")?;
            }
        }
        Ok(())
    }
}

/// A count table, largest first (nothing when it is empty).
fn table(f: &mut fmt::Formatter<'_>, title: &str, counts: &BTreeMap<String, u64>) -> fmt::Result {
    if counts.is_empty() {
        return Ok(());
    }
    writeln!(f, "{title}")?;
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, v) in rows {
        writeln!(f, "  {k:<34} {v:>10}")?;
    }
    Ok(())
}

/// "0-2,5" for [0, 1, 2, 5].
fn ranges(ranks: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ranks.len() {
        let mut j = i;
        while j + 1 < ranks.len() && ranks[j + 1] == ranks[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            ranks[i].to_string()
        } else {
            format!("{}-{}", ranks[i], ranks[j])
        });
        i = j + 1;
    }
    out.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shard::ShardSpec;

    #[test]
    fn ranges_join_runs_of_ranks() {
        assert_eq!(ranges(&[0, 1, 2, 5]), "0-2,5");
        assert_eq!(ranges(&[3]), "3");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn a_summary_adds_ranks_up_and_names_the_missing_ones() {
        let dir = tempfile::tempdir().unwrap();
        let shard_dir = ShardDir::new(dir.path());
        for rank in [0, 2] {
            let spec = ShardSpec::new(rank, 4).unwrap();
            let mut stats = ShardStats::for_rank(&spec);
            stats.documents_in = 5;
            stats.documents_out = 5;
            shard_dir.complete(&spec, &stats).unwrap();
        }
        let summary = shard_dir.summary().unwrap();
        assert_eq!(summary.total.documents_out, 10);
        assert_eq!(summary.completed, [0, 2]);
        assert_eq!(summary.missing, [1, 3]);
        let text = summary.to_string();
        assert!(text.starts_with("ranks: 2 with stats, 2 of 4 complete (not complete: 1,3)"));
        assert!(text.contains(&format!("{:<28} {:>14}", "documents out", 10)));
    }
}
