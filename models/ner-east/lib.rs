//! The NER models tidings trains and ships for East Asian scripts (Chinese,
//! Japanese, Korean, Thai), as the bytes of their files (tidings NER format).
//! `tidings-ner` compiles them in with its `embedded-models` feature (on by default) and
//! parses each the first time a paragraph of its language is tagged.
//!
//! Model card (data, licences, figures): `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// Japanese (PER, ORG, LOC): `ja.tdn`.
pub static JA: &[u8] = include_bytes!("ja.tdn");

/// Korean (PER, ORG, LOC): `ko.tdn`.
pub static KO: &[u8] = include_bytes!("ko.tdn");

/// Thai (PER, ORG, LOC): `th.tdn`.
pub static TH: &[u8] = include_bytes!("th.tdn");

/// Chinese (PER, ORG, LOC): `zh.tdn`.
pub static ZH: &[u8] = include_bytes!("zh.tdn");
