//! tidings' integration tests, one module per subject, in one test binary
//! (each binary linking the facade carries its embedded models, about 135 MB).
//! Run one subject with `cargo test --test integration cli::`.

mod bench;
mod clean_seeds;
mod cli;
mod corpus;
mod corpus_scripts;
mod house;
mod ner_seeds;
mod ner_stage;
mod normalize_config;
mod nothing_lost;
mod readme;
mod streams;
mod translate_pipeline;
