//! `tidings stats DIR`: the per-rank statistics of a corpus run, merged.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use tidings::shard::{ShardDir, ShardStats};

pub(crate) fn print(dir: &Path, json: bool) -> Result<()> {
    let shard_dir = ShardDir::new(dir);
    let per_rank = shard_dir
        .read_stats()
        .with_context(|| format!("cannot read the stats of {}", dir.display()))?;
    let mut total = ShardStats::default();
    for stats in per_rank.values() {
        total.merge(stats);
    }
    let completed = shard_dir.completed();
    let missing: Vec<usize> = (0..total.world_size)
        .filter(|r| !completed.contains(r))
        .collect();
    if json {
        let value = serde_json::json!({
            "total": total,
            "ranks": per_rank.keys().collect::<Vec<_>>(),
            "completed": completed,
            "missing": missing,
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
        return Ok(());
    }
    println!(
        "ranks: {} with stats, {} of {} complete{}",
        per_rank.len(),
        completed.len(),
        total.world_size,
        if missing.is_empty() {
            String::new()
        } else {
            format!(" (not complete: {})", ranges(&missing))
        }
    );
    row("files in", total.files_in);
    row("bytes in", total.bytes_in);
    row("documents in", total.documents_in);
    row("documents out", total.documents_out);
    row("  with errors", total.documents_with_errors);
    row("  rejected", total.rejected);
    row("shard files", total.files_out);
    row("bytes out", total.bytes_out);
    println!("{:<28} {:>14.1}", "seconds (summed)", total.seconds);
    table("skipped input records", &total.skipped);
    table("errors (stage/kind)", &total.errors);
    println!("stages{:>23}{:>15}{:>12}", "documents", "ms", "errors");
    for (name, s) in &total.stages {
        println!(
            "  {name:<20} {:>12} {:>14.1} {:>11}",
            s.documents,
            s.micros as f64 / 1000.0,
            s.errors
        );
    }
    table("languages", &total.languages);
    table("boilerplate removed (by reason)", &total.boilerplate);
    table("entities (by label)", &total.entities);
    Ok(())
}

fn row(name: &str, n: u64) {
    println!("{name:<28} {n:>14}");
}

fn table(title: &str, counts: &BTreeMap<String, u64>) {
    if counts.is_empty() {
        return;
    }
    println!("{title}");
    let mut rows: Vec<_> = counts.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, v) in rows {
        println!("  {k:<34} {v:>10}");
    }
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
