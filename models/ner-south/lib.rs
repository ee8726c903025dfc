//! The NER models tidings trains and ships for South Asian scripts (Bengali,
//! Hindi), as the bytes of their files (tidings NER format). `tidings-ner`
//! compiles them in with its `embedded-models` feature (on by default) and
//! parses each the first time a paragraph of its language is tagged.
//!
//! Model card (data, licences, figures): `README.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// Bengali (PER, ORG, LOC): `bn.tdn`.
pub static BN: &[u8] = include_bytes!("bn.tdn");

/// Hindi (PER, ORG, LOC; also serves Marathi): `hi.tdn`.
pub static HI: &[u8] = include_bytes!("hi.tdn");
