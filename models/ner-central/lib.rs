//! The NER models tidings trains and ships for Polish, Czech and Slovak, as the bytes of their
//! files (tidings NER format). `tidings-ner` compiles them in with its
//! `embedded-models` feature (on by default) and parses each the first time a
//! paragraph of its language is tagged.
//!
//! Model card (data, licences, figures): `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// Polish (PER, ORG, LOC): `pl.tdn`.
pub static PL: &[u8] = include_bytes!("pl.tdn");

/// Czech (PER, ORG, LOC): `cs.tdn`.
pub static CS: &[u8] = include_bytes!("cs.tdn");

/// Slovak (PER, ORG, LOC): `sk.tdn`.
pub static SK: &[u8] = include_bytes!("sk.tdn");
