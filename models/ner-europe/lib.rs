//! The NER models tidings trains and ships for Greek, Turkish and Serbian, as the bytes of their
//! files (tidings NER format). `tidings-ner` compiles them in with its
//! `embedded-models` feature (on by default) and parses each the first time a
//! paragraph of its language is tagged.
//!
//! Model card (data, licences, figures): `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// Greek (PER, ORG, LOC): `el.tdn`.
pub static EL: &[u8] = include_bytes!("el.tdn");

/// Turkish (PER, ORG, LOC): `tr.tdn`.
pub static TR: &[u8] = include_bytes!("tr.tdn");

/// Serbian in both scripts, Croatian, Bosnian and Slovene (PER, ORG, LOC): `sr.tdn`.
pub static SR: &[u8] = include_bytes!("sr.tdn");
