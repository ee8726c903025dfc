//! The NER models tidings trains and ships for Cyrillic scripts, as the bytes
//! of their files (tidings NER format). `tidings-ner` compiles them in with
//! its `embedded-models` feature (on by default) and parses each the first
//! time a paragraph of its language is tagged.
//!
//! Model card (data, licences, figures): `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// Bulgarian (PER, ORG, LOC): `bg.tdn`.
pub static BG: &[u8] = include_bytes!("bg.tdn");

/// Russian (PER, ORG, LOC; also serves Belarusian): `ru.tdn`.
pub static RU: &[u8] = include_bytes!("ru.tdn");

/// Ukrainian (PER, ORG, LOC): `uk.tdn`.
pub static UK: &[u8] = include_bytes!("uk.tdn");
