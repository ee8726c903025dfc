//! `tidings run --out-dir`: one rank of a corpus run (see `tidings::shard`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use tidings::io::sink::OutputFormat;
use tidings::io::{expand_inputs_with, read_documents, ExpandOptions, Input};
use tidings::shard::{ShardDir, ShardSpec, ShardStats, ShardWriter};

use crate::{drive, progress_bar, read_options, report_walk, setup, summary, Refused, RunArgs};

/// Whether `path` lies under `dir` (both made absolute).
fn is_under(path: &Path, dir: &Path) -> bool {
    let abs = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    abs(path).starts_with(abs(dir))
}

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
    let dir = ShardDir::new(out_dir);
    let earlier: Vec<usize> = dir
        .world_sizes()
        .into_iter()
        .filter(|&n| n != spec.world_size)
        .collect();
    if !earlier.is_empty() {
        return Err(Refused(format!(
            "{} holds ranks of a run with --world-size {}; this is {}: ranks of another world size read other files. Use the same world size or another --out-dir",
            out_dir.display(),
            earlier.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "),
            spec.describe()
        ))
        .into());
    }
    if dir.is_complete(&spec) && !args.overwrite {
        eprintln!(
            "tidings: {} is already complete ({}): 0 documents processed; --overwrite redoes it",
            spec.describe(),
            dir.marker(&spec).display()
        );
        return Ok(0);
    }
    let inputs = crate::inputs(&args.inputs)?;
    if inputs.contains(&Input::Stdin) && spec.world_size > 1 {
        bail!("standard input cannot be split between ranks; name files or directories");
    }
    let setup = setup(args)?;
    // The marker goes first: from here on the rank is not complete.
    let marker = dir.marker(&spec);
    if marker.exists() {
        std::fs::remove_file(&marker)
            .with_context(|| format!("cannot remove {}", marker.display()))?;
    }
    dir.clear_rank(&spec)?;

    let expanded = expand_inputs_with(&inputs, &ExpandOptions::default())
        .map_err(|e| Refused(e.to_string()))?;
    let notes = report_walk(&expanded);
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
    let in_out_dir = expanded.inputs.len() - files.len();
    files.sort_by_key(input_key);
    let files = spec.select(files);
    let files_in = files.len() as u64;

    let bar = progress_bar(args, &files);
    let reader = read_documents(files, read_options(&args.read));
    let progress = reader.progress();
    let started = Instant::now();
    let mut writer = ShardWriter::new(dir.clone(), spec, format, args.max_file_size);
    let mut stats = ShardStats::for_rank(&spec);
    let run = drive(&setup, reader, bar.as_ref(), |doc| {
        stats.observe(&doc);
        writer.write(doc)
    });
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            writer.abandon();
            return Err(anyhow::Error::new(e).context("cannot write a shard"));
        }
    };
    let mut notes = notes;
    if in_out_dir > 0 {
        notes += &format!(", {in_out_dir} files in the output directory skipped");
    }
    if run.interrupted {
        let partial = writer.abandon();
        eprintln!(
            "{}{notes}; {} is not complete: no marker written, its {} partial shard file(s) keep their partial names (a rerun redoes the rank)",
            summary(&run, &setup),
            spec.describe(),
            partial.len()
        );
        return Ok(crate::EXIT_INTERRUPTED);
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
    eprintln!(
        "{}{notes}, {}, {} file(s) read, {} shard file(s) in {}, marker {}",
        summary(&run, &setup),
        spec.describe(),
        files_in,
        paths.len(),
        dir.root().display(),
        marker.display()
    );
    Ok(0)
}

fn input_key(i: &Input) -> PathBuf {
    match i {
        Input::Stdin => PathBuf::new(),
        Input::Path(p) => p.clone(),
    }
}
