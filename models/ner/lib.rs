//! The NER models tidings trains and ships, as the bytes of their files
//! (tidings NER format). `tidings-ner` compiles them in with its
//! `embedded-models` feature (on by default) and parses each on first use.
//!
//! Model cards: `en.md`, `id.md`, `multi.md` beside this file.

#![warn(missing_docs)]
#![no_std]

/// English (CoNLL-2003; PER, ORG, LOC, MISC): `en.tdn`.
pub static EN: &[u8] = include_bytes!("en.tdn");

/// Indonesian (PER, ORG, LOC): `id.tdn`.
pub static ID: &[u8] = include_bytes!("id.tdn");

/// Multilingual (MasakhaNER 2.0 transfer corpus, 22 languages; PER, ORG,
/// LOC): `multi.tdn`.
pub static MULTI: &[u8] = include_bytes!("multi.tdn");
