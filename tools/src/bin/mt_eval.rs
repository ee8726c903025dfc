//! Scores machine translations with tidings' sacreBLEU-compatible BLEU and chrF2.
//!
//! ```text
//! cargo run --release -p tidings-tools --bin mt_eval -- HYP REF        # one hypothesis file
//! cargo run --release -p tidings-tools --bin mt_eval [-- DATA_DIR]     # every published output
//! ```
//!
//! Without files, scores every `*.en` output next to a `.bleu` file under
//! `DATA_DIR/mt/flores-dev/*/` (DATA_DIR: argument, else `$TIDINGS_DATA`, else
//! `../shared/data`) against `flores-dev.en` and compares with the published
//! sacreBLEU score in the `.bleu` file; exits with an error if any differs by
//! more than 0.05 BLEU. Under `CI=true` a missing data set is an error.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use tidings::translate::{corpus_bleu, corpus_chrf};

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text.lines().map(str::to_owned).collect())
}

fn score(hyp: &Path, reference: &Path) -> Result<(f64, f64)> {
    let h = read_lines(hyp)?;
    let r = read_lines(reference)?;
    if h.len() != r.len() {
        bail!(
            "{} has {} lines but {} has {}",
            hyp.display(),
            h.len(),
            reference.display(),
            r.len()
        );
    }
    Ok((corpus_bleu(&h, &r), corpus_chrf(&h, &r)))
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() == 2 {
        let (bleu, chrf) = score(Path::new(&args[0]), Path::new(&args[1]))?;
        println!("BLEU = {bleu:.2}  chrF2 = {chrf:.2}");
        return Ok(());
    }
    let data = tidings_testdata::data_dir_or(args.first().map(PathBuf::from));
    let root = data.join("mt/flores-dev");
    if !root.is_dir() {
        if std::env::var("CI").as_deref() == Ok("true") {
            bail!("CI=true and the FLORES data is missing: {}", root.display());
        }
        println!("skipped: no FLORES data at {}", root.display());
        return Ok(());
    }
    let mut pairs: Vec<PathBuf> = std::fs::read_dir(&root)
        .with_context(|| format!("listing {}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    pairs.sort();
    let (mut checked, mut worst) = (0, 0.0f64);
    println!(
        "{:<28} {:>7} {:>7} {:>9} {:>6}",
        "output", "BLEU", "chrF2", "published", "diff"
    );
    for dir in pairs {
        let mut published: Vec<PathBuf> = std::fs::read_dir(&dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "bleu"))
            .collect();
        published.sort();
        for bleu_file in published {
            let hyp = bleu_file.with_extension("");
            let name = format!(
                "{}/{}",
                dir.file_name().unwrap_or_default().to_string_lossy(),
                hyp.file_name().unwrap_or_default().to_string_lossy()
            );
            let want: f64 = std::fs::read_to_string(&bleu_file)?
                .trim()
                .parse()
                .with_context(|| format!("{} is not a number", bleu_file.display()))?;
            if !hyp.is_file() {
                println!(
                    "{name:<28} {:>7} {:>7} {want:>9.1}   (output not shipped)",
                    "-", "-"
                );
                continue;
            }
            let (bleu, chrf) = score(&hyp, &dir.join("flores-dev.en"))?;
            let diff = bleu - want;
            println!("{name:<28} {bleu:>7.2} {chrf:>7.2} {want:>9.1} {diff:>+6.2}");
            checked += 1;
            worst = worst.max(diff.abs());
        }
    }
    println!("checked {checked} outputs; largest |BLEU - published| = {worst:.3}");
    if checked == 0 {
        bail!("no published outputs found under {}", root.display());
    }
    if worst > 0.05 {
        bail!("BLEU differs from the published sacreBLEU score by {worst:.3} > 0.05");
    }
    Ok(())
}
