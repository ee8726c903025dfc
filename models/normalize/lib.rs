//! The tables of `tidings-normalize`, as text. `tidings-normalize` compiles
//! them in with its `embedded-models` feature (on by default).
//!
//! Sources, licences and how to rebuild them: `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// The place gazetteer derived from Unicode CLDR 48: `places.tsv`.
pub static PLACES: &str = include_str!("places.tsv");

/// CLDR's world regions (continents and their parts) and the UN in the same
/// locales, names as written: `regions.tsv`.
pub static REGIONS: &str = include_str!("regions.tsv");

/// The world's subdivisions (states, provinces, regions: ISO 3166-2) under
/// their names in CLDR 41's locales (Unicode-DFS-2016): `subdivisions.tsv`.
pub static SUBDIVISIONS: &str = include_str!("subdivisions.tsv");

/// Head nouns of place and organisation names ("大学", "университет",
/// "جامعة") and the English templates that write them: `heads.tsv`.
pub static HEADS: &str = include_str!("heads.tsv");

/// Cities of 200,000 people or more under their GeoNames names in every
/// script (CC BY 4.0), for the places CLDR's exemplar cities leave out:
/// `cities.tsv`.
pub static CITIES: &str = include_str!("cities.tsv");

/// Wikidata entities under their names in thirteen news languages (from
/// X-FACTR's T-REx extracts; Wikidata is CC0): `QID<TAB>P|O<TAB>English
/// name<TAB>name…`, `wikidata.tsv`.
pub static WIKIDATA: &str = include_str!("wikidata.tsv");

/// Hand-kept aliases (organisations, people, demonyms): `aliases.tsv`.
pub static ALIASES: &str = include_str!("aliases.tsv");

/// Learned name words (`names.fst`, an fst map from the lookup key of a word of
/// a person's name in Cyrillic, Arabic, Persian, Hebrew, Greek, Bengali,
/// Devanagari, Thai, Chinese, Japanese or Korean script to the byte offset of its English spelling in [`NAME_WORDS`] (high
/// bits) and how often Wikidata pairs them (low 24 bits)). Derived from
/// Wikidata (CC0) by `cargo run -p tidings-tools --bin build_names`; see `README.md`.
pub static NAMES_FST: &[u8] = include_bytes!("names.fst");

/// The English words [`NAMES_FST`] points into, one per line: `names.txt`.
pub static NAME_WORDS: &str = include_str!("names.txt");

/// Learned spelling models (`spell.bin`): per script, how English spells each
/// letter of a name in context (graphone trigrams learned from the same
/// Wikidata pairs as [`NAMES_FST`]), for the name words that table lacks.
pub static SPELL: &[u8] = include_bytes!("spell.bin");
