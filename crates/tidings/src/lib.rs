//! tidings (facade; being built)
pub use tidings_core::*;
pub use tidings_lang as lang;
pub use tidings_clean as clean;
pub use tidings_ner as ner;
pub use tidings_translate as translate;
pub mod config;
