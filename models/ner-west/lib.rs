//! The NER models tidings trains and ships for West Asian scripts (Arabic,
//! Persian, Hebrew), as the bytes of their files (tidings NER format).
//! `tidings-ner` compiles them in with its `embedded-models` feature (on by
//! default) and parses each the first time a paragraph of its language is
//! tagged.
//!
//! Model card (data, licences, figures): `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// Arabic (PER, ORG, LOC): `ar.tdn`.
pub static AR: &[u8] = include_bytes!("ar.tdn");

/// Persian (PER, ORG, LOC): `fa.tdn`.
pub static FA: &[u8] = include_bytes!("fa.tdn");

/// Hebrew (PER, ORG, LOC): `he.tdn`.
pub static HE: &[u8] = include_bytes!("he.tdn");
