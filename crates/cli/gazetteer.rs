//! `tidings gazetteer`: build and look up a Wikidata index.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use tidings::normalize::gazetteer::{self, BuildOptions, Gazetteer};

#[derive(clap::Subcommand, Debug)]
pub enum GazetteerCommand {
    /// Compile ParaNames TSVs (wikidata_id, eng, label, language, type; plain
    /// or .gz) and tidings alias TSVs into an index directory, in bounded
    /// memory.
    Build(BuildArgs),
    /// Print the candidates the index gives each name.
    Lookup(LookupArgs),
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// Input files.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// The index directory (created; an index in it is replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Memory for sorting, in MiB; the rest spills to temporary files.
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    memory: usize,
    /// Where the temporary files go (default: the system's temporary directory).
    #[arg(long, value_name = "DIR")]
    temp_dir: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct LookupArgs {
    /// The index directory.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Names to look up.
    #[arg(required = true)]
    names: Vec<String>,
}

pub fn run(command: GazetteerCommand) -> Result<()> {
    match command {
        GazetteerCommand::Build(args) => {
            let started = Instant::now();
            let options = BuildOptions {
                memory: args.memory.max(1) << 20,
                temp_dir: args.temp_dir,
            };
            let stats = gazetteer::build(&args.inputs, &args.out, &options)
                .with_context(|| format!("cannot build the gazetteer in {}", args.out.display()))?;
            eprintln!(
                "tidings: gazetteer {}: {stats}, {:.1} s",
                args.out.display(),
                started.elapsed().as_secs_f64()
            );
            if let Some(first) = &stats.first_skipped {
                eprintln!("tidings: first skipped row: {first}");
            }
            Ok(())
        }
        GazetteerCommand::Lookup(args) => {
            let g = Gazetteer::open(&args.index)
                .with_context(|| format!("cannot open the gazetteer {}", args.index.display()))?;
            for name in &args.names {
                for c in g.lookup(name) {
                    println!(
                        "{name}\t{}\t{}\t{}\t{}",
                        c.id.wikidata().unwrap_or_else(|| "-".into()),
                        g.english(c.id).unwrap_or(""),
                        c.kinds,
                        c.names
                    );
                }
            }
            Ok(())
        }
    }
}
