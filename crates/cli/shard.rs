//! `tidings run --out-dir`: one rank of a corpus run (`tidings::run::run_rank`).

use anyhow::{bail, Context, Result};
use tidings::io::sink::OutputFormat;
use tidings::run::{RankOptions, RankReport};
use tidings::shard::ShardSpec;

use crate::{report_walk, setup, summary, with_run, RunArgs};

pub(crate) fn run(args: &RunArgs) -> Result<i32> {
    let Some(out_dir) = &args.out_dir else {
        bail!("--out-dir is required for a sharded run");
    };
    let format = OutputFormat::from_name(&args.out_format).with_context(|| {
        format!(
            "--out-format {}: expected one of {}",
            args.out_format,
            OutputFormat::NAMES.join(", ")
        )
    })?;
    let spec = ShardSpec::resolve(args.rank, args.world_size).context("--rank/--world-size")?;
    let rank = RankOptions {
        spec,
        format,
        max_file_size: args.max_file_size,
        overwrite: args.overwrite,
    };
    let setup = setup(args)?;
    let report = with_run(args, &setup, |inputs, options| {
        tidings::run::run_rank(&setup.pipeline, inputs, out_dir, &rank, options)
    })?;
    match report {
        RankReport::AlreadyComplete { marker } => {
            eprintln!(
                "tidings: {} is already complete ({}): 0 documents processed; --overwrite redoes it",
                spec.describe(),
                marker.display()
            );
            Ok(0)
        }
        RankReport::Ran {
            stats,
            walk,
            files_in,
            shards,
            partial,
            marker,
        } => {
            let notes = report_walk(&walk);
            match marker {
                None => {
                    eprintln!(
                        "{}{notes}; {} is not complete: no marker written, its {} partial shard file(s) keep their partial names (a rerun redoes the rank)",
                        summary(&stats, &setup),
                        spec.describe(),
                        partial.len()
                    );
                    Ok(crate::EXIT_INTERRUPTED)
                }
                Some(marker) => {
                    eprintln!(
                        "{}{notes}, {}, {} file(s) read, {} shard file(s) in {}, marker {}",
                        summary(&stats, &setup),
                        spec.describe(),
                        files_in,
                        shards.len(),
                        out_dir.display(),
                        marker.display()
                    );
                    Ok(0)
                }
            }
        }
    }
}
