//! Machine-translation metrics with sacreBLEU's definitions.

mod bleu;
mod chrf;

pub use bleu::{corpus_bleu, tokenize_13a, BleuStats};
pub use chrf::{corpus_chrf, ChrfStats};
