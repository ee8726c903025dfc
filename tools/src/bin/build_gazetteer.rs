//! Derives the place gazetteer `models/normalize/places.tsv` from the CLDR
//! extract in the shared data (`$TIDINGS_DATA/cldr`, default `../shared/data`).
//!
//! ```text
//! cargo run -p tidings-tools --bin build_gazetteer [-- DATA_DIR [OUT_FILE]]
//! ```

use std::path::PathBuf;

use anyhow::Context;
use tidings::normalize::{derive_places, AliasKind, Aliases, Places};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let data = tidings_testdata::data_dir_or(args.next().map(PathBuf::from));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("models/normalize/places.tsv"));
    let cldr = data.join("cldr");
    let (table, stats) = derive_places(&cldr)
        .with_context(|| format!("deriving the gazetteer from {}", cldr.display()))?;
    let places = Places::parse(&table, &out).context("re-reading the derived table")?;
    std::fs::write(&out, &table).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "read {} territory rows and {} city rows in {} locales from {}",
        stats.territory_rows,
        stats.city_rows,
        stats.locales,
        cldr.display()
    );
    println!(
        "wrote {}: {} English names, {} keys ({} loaded back), {} keys claimed by several places ({} ties dropped), {} bytes",
        out.display(),
        stats.names,
        stats.keys,
        places.len_keys(),
        stats.contested_keys,
        stats.ambiguous_keys,
        table.len()
    );
    let aliases = Aliases::embedded().context("parsing the compiled-in aliases")?;
    println!(
        "compiled-in models/normalize/aliases.tsv: {} rows; keys: {} place, {} org, {} person",
        aliases.rows(),
        aliases.len_keys(AliasKind::Place),
        aliases.len_keys(AliasKind::Org),
        aliases.len_keys(AliasKind::Person)
    );
    Ok(())
}
