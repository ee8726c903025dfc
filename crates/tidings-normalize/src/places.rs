//! The place gazetteer: normalised territory and city names in 62 CLDR locales
//! → one English name, derived from CLDR by [`derive_places`] and compiled in.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::{
    normalize_key, NormalizeError, EMBEDDED_CITIES_TEXT, EMBEDDED_PLACES_TEXT,
    EMBEDDED_REGIONS_TEXT, EMBEDDED_SUBDIVISIONS_TEXT,
};

/// The shipped gazetteer (`models/normalize/places.tsv`), derived from CLDR 48.
pub static EMBEDDED_PLACES: &str = EMBEDDED_PLACES_TEXT;

/// Normalised place names → English canonical names.
#[derive(Debug, Clone, Default)]
pub struct Places {
    names: Vec<String>,
    index: HashMap<String, u32>,
    /// The English names, for [`Places::is_english_name`].
    english: HashSet<String>,
}

impl Places {
    /// The gazetteer compiled into the crate: CLDR's territories and cities,
    /// then CLDR's world regions, then CLDR's subdivisions (states, provinces:
    /// `Новая Шотландия` → Nova Scotia), each table adding only the keys the
    /// ones before it lack.
    pub fn embedded() -> Result<Places, NormalizeError> {
        let mut places = Places::parse(
            EMBEDDED_PLACES,
            Path::new("embedded:models/normalize/places.tsv"),
        )?;
        places.add_names(
            EMBEDDED_REGIONS_TEXT,
            Path::new("embedded:models/normalize/regions.tsv"),
        )?;
        places.add_translations(
            EMBEDDED_SUBDIVISIONS_TEXT,
            Path::new("embedded:models/normalize/subdivisions.tsv"),
        )?;
        Ok(places)
    }

    /// The large cities compiled into the crate (`models/normalize/cities.tsv`,
    /// from GeoNames): cities of 200,000 people or more under their names in
    /// other scripts than Latin, for the places CLDR's exemplar cities leave
    /// out (`Мюнхен`, `アトランタ`). The stage consults it after CLDR, the
    /// aliases and the user's gazetteer ([`crate::Source::GeoNames`]).
    pub fn embedded_cities() -> Result<Places, NormalizeError> {
        let mut cities = Places::default();
        cities.add_names(
            EMBEDDED_CITIES_TEXT,
            Path::new("embedded:models/normalize/cities.tsv"),
        )?;
        Ok(cities)
    }

    /// Adds a table of names as written (`English name<TAB>name<TAB>name…`,
    /// `#` comments), such as `models/normalize/regions.tsv`: each name by its
    /// [`normalize_key`], unless the table already has that key.
    pub fn add_names(&mut self, text: &str, path: &Path) -> Result<(), NormalizeError> {
        self.add_rows(text, path, true)
    }

    /// Like [`Places::add_names`], but the English names are no keys: only
    /// the other names lead to them. For tables whose English names are often
    /// common words in English text (CLDR's subdivisions: `Central`, `North`,
    /// `Victoria`, `Kent`), where the mention already is the English name.
    pub fn add_translations(&mut self, text: &str, path: &Path) -> Result<(), NormalizeError> {
        self.add_rows(text, path, false)
    }

    fn add_rows(
        &mut self,
        text: &str,
        path: &Path,
        key_english: bool,
    ) -> Result<(), NormalizeError> {
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let name = fields.next().unwrap_or_default().trim();
            if name.is_empty() {
                return Err(NormalizeError::Format {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: "empty English name".into(),
                });
            }
            let id = self.names.len() as u32;
            let mut used = false;
            let english = key_english.then_some(name);
            for key in english.into_iter().chain(fields).map(normalize_key) {
                if !key.is_empty() && !self.index.contains_key(&key) {
                    self.index.insert(key, id);
                    used = true;
                }
            }
            if used {
                self.names.push(name.to_owned());
                self.english.insert(name.to_owned());
            }
        }
        Ok(())
    }

    /// Parses the table format written by [`derive_places`]: `#` comments, then
    /// one line per English name: `name<TAB>key<TAB>key…` (keys are
    /// [`normalize_key`] forms).
    pub fn parse(text: &str, path: &Path) -> Result<Places, NormalizeError> {
        let mut places = Places::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut fields = line.split('\t');
            let name = fields.next().unwrap_or_default();
            if name.is_empty() {
                return Err(NormalizeError::Format {
                    path: path.to_path_buf(),
                    line: n + 1,
                    message: "empty English name".into(),
                });
            }
            let id = places.names.len() as u32;
            places.names.push(name.to_owned());
            places.english.insert(name.to_owned());
            for key in fields {
                if places.index.insert(key.to_owned(), id).is_some() {
                    return Err(NormalizeError::Format {
                        path: path.to_path_buf(),
                        line: n + 1,
                        message: format!("key `{key}` listed twice"),
                    });
                }
            }
        }
        Ok(places)
    }

    /// Whether `name` is the English name of one of the table's places, as
    /// written ("Virginia", "New York"; not "virginia").
    pub fn is_english_name(&self, name: &str) -> bool {
        self.english.contains(name)
    }

    /// The English name of a place name in any of the locales, if known.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        self.lookup_key(&normalize_key(name))
    }

    /// Like [`Places::lookup`] for an already normalised key.
    pub fn lookup_key(&self, key: &str) -> Option<&str> {
        self.index
            .get(key)
            .and_then(|&i| self.names.get(i as usize))
            .map(String::as_str)
    }

    /// Number of distinct English names.
    pub fn len_names(&self) -> usize {
        self.names.len()
    }

    /// Number of keys (names in all locales after normalisation).
    pub fn len_keys(&self) -> usize {
        self.index.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.index.is_empty()
    }
}

/// What [`derive_places`] read and kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeriveStats {
    /// Rows of `territories.tsv` read (header excluded).
    pub territory_rows: usize,
    /// Rows of `cities.tsv` read (header excluded).
    pub city_rows: usize,
    /// Distinct locales seen.
    pub locales: usize,
    /// Distinct English names in the table.
    pub names: usize,
    /// Distinct keys in the table.
    pub keys: usize,
    /// Keys claimed by more than one place, resolved by weight.
    pub contested_keys: usize,
    /// Keys dropped because two places claim them with equal weight.
    pub ambiguous_keys: usize,
}

/// Weight of one (key, English name) pair: territory names beat city names,
/// English rows beat other locales, then the number of locales agreeing.
type Weight = (bool, bool, usize);

/// Derives the gazetteer from a CLDR extract (`territories.tsv`, `cities.tsv`
/// in `cldr_dir`, as in `shared/data/cldr`), returning the table text that
/// [`Places::parse`] reads and what was kept.
///
/// The English name of a territory is the `en` name, except that a name with a
/// bracket, ` - ` or `SAR` (`Myanmar (Burma)`, `Hong Kong SAR China`) gives way
/// to the `en` short form where there is one (`Myanmar`, `Hong Kong`), and a
/// name with letters English does not write to the `en` variant where there is
/// one (`Türkiye` → `Turkey`, `Côte d’Ivoire` → `Ivory Coast`, as English news
/// and Wikidata's English labels write them); CLDR's `&` is written `and`
/// (`Bosnia and Herzegovina`). The
/// English name of a city is its `en` exemplar city. When one key is claimed
/// by several places, territories win over cities, English rows over other
/// locales, then the place more locales agree on; an exact tie drops the key.
pub fn derive_places(cldr_dir: &Path) -> Result<(String, DeriveStats), NormalizeError> {
    let territories = read_tsv(&cldr_dir.join("territories.tsv"), 4)?;
    let cities = read_tsv(&cldr_dir.join("cities.tsv"), 3)?;
    let mut stats = DeriveStats {
        territory_rows: territories.len(),
        city_rows: cities.len(),
        ..Default::default()
    };
    let mut locales: Vec<&str> = territories
        .iter()
        .chain(&cities)
        .map(|r| r[0].as_str())
        .collect();
    locales.sort_unstable();
    locales.dedup();
    stats.locales = locales.len();

    // English names.
    let mut en_default: HashMap<&str, &str> = HashMap::new();
    let mut en_short: HashMap<&str, &str> = HashMap::new();
    let mut en_variant: HashMap<&str, &str> = HashMap::new();
    for r in territories.iter().filter(|r| r[0] == "en") {
        match r[2].as_str() {
            "" => {
                en_default.insert(&r[1], &r[3]);
            }
            "short" => {
                en_short.insert(&r[1], &r[3]);
            }
            "variant" => {
                en_variant.insert(&r[1], &r[3]);
            }
            _ => {}
        }
    }
    let territory_name = |code: &str| -> Option<String> {
        let name = en_default.get(code)?;
        let awkward = name.contains('(') || name.contains(" - ") || name.contains("SAR");
        let foreign = !name.is_ascii();
        let english = match (en_short.get(code), en_variant.get(code)) {
            (Some(short), _) if awkward => short,
            (_, Some(variant)) if foreign && variant.is_ascii() => variant,
            _ => name,
        };
        Some(english.replace(" & ", " and "))
    };
    let city_en: HashMap<&str, &str> = cities
        .iter()
        .filter(|r| r[0] == "en")
        .map(|r| (r[1].as_str(), r[2].as_str()))
        .collect();

    // key -> English name -> (weight, locales seen)
    let mut votes: BTreeMap<String, BTreeMap<String, Weight>> = BTreeMap::new();
    let mut vote = |name: &str, english: String, territory: bool, en: bool| {
        let key = normalize_key(name);
        if key.is_empty() {
            return;
        }
        let w = votes
            .entry(key)
            .or_default()
            .entry(english)
            .or_insert((false, false, 0));
        w.0 |= territory;
        w.1 |= en;
        w.2 += 1;
    };
    for r in &territories {
        if let Some(english) = territory_name(&r[1]) {
            vote(&r[3], english, true, r[0] == "en");
        }
    }
    for r in &cities {
        if let Some(english) = city_en.get(r[1].as_str()) {
            vote(&r[2], english.replace(" & ", " and "), false, r[0] == "en");
        }
    }

    // Resolve each key to one English name.
    let mut table: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, candidates) in votes {
        let mut ranked: Vec<(&String, &Weight)> = candidates.iter().collect();
        if ranked.len() > 1 {
            stats.contested_keys += 1;
        }
        ranked.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        match ranked.as_slice() {
            [(_, w), (_, w2), ..] if w == w2 => stats.ambiguous_keys += 1,
            [(best, _), ..] => table.entry((*best).clone()).or_default().push(key),
            [] => {}
        }
    }
    stats.names = table.len();
    stats.keys = table.values().map(Vec::len).sum();

    let mut out = String::new();
    out.push_str("# tidings-normalize place gazetteer: normalised name<TAB>…  → English name (first field).\n");
    out.push_str("# Derived from Unicode CLDR 48 (Unicode License v3) territories and exemplar cities in 62 locales\n");
    out.push_str("# by `cargo run -p tidings-tools --bin build_gazetteer`; do not edit by hand (see models/normalize/README.md).\n");
    for (name, keys) in table {
        out.push_str(&name);
        for k in keys {
            out.push('\t');
            out.push_str(&k);
        }
        out.push('\n');
    }
    Ok((out, stats))
}

/// Reads a TSV file with a header line, checking every row has `columns` fields.
fn read_tsv(path: &Path, columns: usize) -> Result<Vec<Vec<String>>, NormalizeError> {
    let text = std::fs::read_to_string(path).map_err(|source| NormalizeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        if line.is_empty() {
            continue;
        }
        let fields: Vec<String> = line.split('\t').map(str::to_owned).collect();
        if fields.len() != columns {
            return Err(NormalizeError::Format {
                path: PathBuf::from(path),
                line: n + 1,
                message: format!(
                    "expected {columns} tab-separated fields, found {}",
                    fields.len()
                ),
            });
        }
        rows.push(fields);
    }
    Ok(rows)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn parse_rejects_duplicate_keys_and_names_the_file() {
        let err = Places::parse("A\ta\nB\ta\n", Path::new("x.tsv")).unwrap_err();
        assert!(err.to_string().contains("x.tsv:2"), "{err}");
    }

    #[cfg(feature = "embedded-models")]
    #[test]
    fn large_cities_cldr_lacks_are_known_in_other_scripts() {
        let places = Places::embedded_cities().unwrap();
        for (name, english) in [
            ("华盛顿特区", "Washington"),
            ("Вашингтон", "Washington"),
            ("Мюнхен", "Munich"),
            ("アトランタ", "Atlanta"),
            ("Washington", "Washington"),
        ] {
            assert_eq!(places.lookup(name), Some(english), "{name}");
        }
        // Latin-script old names of other places are left out (Whitehall is
        // also an old name of Atlanta), and an English name is not replaced
        // by GeoNames' local one.
        assert_eq!(places.lookup("Whitehall"), None);
        assert_eq!(places.lookup("Abu Ghraib"), None);
    }

    #[test]
    fn derive_from_a_tiny_extract() {
        let dir = std::env::temp_dir().join(format!("tidings-normalize-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("territories.tsv"),
            "locale\tcode\tvariant\tname\nen\tMM\t\tMyanmar (Burma)\nen\tMM\tshort\tMyanmar\n\
             id\tMM\t\tMyanmar\nen\tKP\t\tNorth Korea\nid\tKP\t\tKorea Utara\nxx\tKP\t\tZed\nxx\tMM\t\tZed\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("cities.tsv"),
            "locale\tzone\tname\nen\tAsia/Pyongyang\tPyongyang\nko\tAsia/Pyongyang\t평양\nko\tAsia/Rangoon\tNorth Korea\nen\tAsia/Rangoon\tYangon\n",
        )
        .unwrap();
        let (text, stats) = derive_places(&dir).unwrap();
        let places = Places::parse(&text, Path::new("derived")).unwrap();
        assert_eq!(places.lookup("Myanmar (Burma)"), Some("Myanmar"));
        assert_eq!(places.lookup("korea utara"), Some("North Korea"));
        assert_eq!(places.lookup("평양"), Some("Pyongyang"));
        // A territory beats a city of the same name.
        assert_eq!(places.lookup("North Korea"), Some("North Korea"));
        // Two territories claim `Zed` equally: dropped.
        assert_eq!(places.lookup("Zed"), None);
        assert_eq!(stats.ambiguous_keys, 1);
        assert_eq!(stats.territory_rows, 7);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
