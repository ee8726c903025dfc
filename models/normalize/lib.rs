//! The tables of `tidings-normalize`, as text. `tidings-normalize` compiles
//! them in with its `embedded-models` feature (on by default).
//!
//! Sources, licences and how to rebuild them: `README.md` beside this file.

#![no_std]

/// The place gazetteer derived from Unicode CLDR 48: `places.tsv`.
pub static PLACES: &str = include_str!("places.tsv");

/// Hand-kept aliases (organisations, people, demonyms): `aliases.tsv`.
pub static ALIASES: &str = include_str!("aliases.tsv");
