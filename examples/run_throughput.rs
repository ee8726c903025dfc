//! Throughput of the pipeline with language detection alone, on lingua's
//! sentences (all languages, ~75k documents), with 1 and with 2 threads.
//!
//! ```text
//! cargo run --release --example run_throughput [-- --data DIR] [--stages lang] [--repeats 5]
//! ```
//! Each configuration runs `--repeats` times; the median docs/s and the 2:1
//! thread ratio are printed (the machines are noisy: read medians).

#[path = "support/data.rs"]
mod data;

use anyhow::{Context, Result};
use tidings::{Document, PipelineConfig};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut data_arg, mut stages, mut repeats) = (None, "lang".to_owned(), 5usize);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data_arg = args.next().map(Into::into),
            "--stages" => stages = args.next().context("--stages needs a value")?,
            "--repeats" => repeats = args.next().context("--repeats needs a value")?.parse()?,
            other => anyhow::bail!("unknown argument {other}"),
        }
    }
    let dir = data::data_dir(data_arg).join("langid/lingua/language-testdata/sentences");
    data::require(&dir)?;
    let mut docs = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        for (i, line) in text.lines().enumerate() {
            docs.push(Document::new(format!("{}:{i}", f.display()), line));
        }
    }
    let names: Vec<&str> = stages.split(',').collect();
    let pipeline = PipelineConfig::with_stages(&names)?.build()?;
    println!("{} documents, stages {stages}", docs.len());
    let mut medians = Vec::new();
    for threads in [1usize, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let mut rates = Vec::new();
        for _ in 0..repeats {
            let input = docs.clone();
            let mut n = 0u64;
            let stats = pool
                .install(|| {
                    pipeline.run(input, |_| {
                        n += 1;
                        Ok::<_, ()>(())
                    })
                })
                .map_err(|_| anyhow::anyhow!("sink failed"))?;
            anyhow::ensure!(n as usize == docs.len(), "lost documents");
            rates.push(stats.docs_per_sec());
        }
        rates.sort_by(f64::total_cmp);
        let median = rates[rates.len() / 2];
        println!(
            "{threads} thread(s): median {median:.0} docs/s (min {:.0}, max {:.0})",
            rates[0],
            rates[rates.len() - 1]
        );
        medians.push(median);
    }
    println!("2 threads / 1 thread: {:.2}x", medians[1] / medians[0]);
    Ok(())
}
