//! The learned block scorers of `tidings-clean`, as the bytes of their files
//! (tidings GBDT format). `tidings-clean` compiles them in with its
//! `embedded-models` feature (on by default) and parses them on first use.
//!
//! Trained by `cargo run --release -p tidings-tools --bin train_clean` on WCXB-dev; see
//! `README.md` beside this file for data, features and scores.

#![warn(missing_docs)]
#![no_std]

/// The HTML block scorer (`html.tgb`).
pub static HTML: &[u8] = include_bytes!("html.tgb");

/// The plain-text line scorer (`text.tgb`).
pub static TEXT: &[u8] = include_bytes!("text.tgb");

/// The page model: page type and expected F1 (`page.tgb`).
pub static PAGE: &[u8] = include_bytes!("page.tgb");
