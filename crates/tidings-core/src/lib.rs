//! The shared vocabulary of tidings: the [`Document`] record that flows through
//! the pipeline, the [`Stage`] trait every processing step implements, and the
//! errors they record.
//!
//! This crate is deliberately small (it depends on serde, serde_json and
//! thiserror only) so that stage crates — `tidings-lang`, `tidings-clean`,
//! `tidings-ner`, `tidings-translate` — and your own stages can depend on it
//! without pulling in the others.
//!
//! # Writing a stage
//!
//! ```
//! use tidings_core::{Document, Stage, StageError, run_stage};
//!
//! /// Upper-cases the content (a toy stage).
//! struct Shout;
//!
//! impl Stage for Shout {
//!     fn name(&self) -> &str { "shout" }
//!     fn process(&self, doc: &mut Document) -> Result<(), StageError> {
//!         doc.ensure_content(self.name())?;
//!         doc.content = doc.content.to_uppercase();
//!         Ok(())
//!     }
//! }
//!
//! let mut doc = Document::new("a", "hello\nworld");
//! run_stage(&Shout, &mut doc);
//! assert_eq!(doc.content, "HELLO\nWORLD");
//! // Offsets are bytes into `content`:
//! let p = &doc.paragraphs[1];
//! assert_eq!(&doc.content[p.start..p.end], "WORLD");
//! assert_eq!(doc.timings[0].stage, "shout");
//! ```
//!
//! # Errors never lose documents
//!
//! [`run_stage`] catches a stage's error *or panic* and records it in
//! [`Document::errors`]; the document moves on to the next stage and is
//! always emitted.

#![warn(missing_docs)]
mod bytes;
mod codes;
mod device;
mod document;
mod encoding;
mod entity;
mod error;
mod language;
mod particles;
mod span;
mod stage;
pub mod stopwords;
mod titles;
mod translation;

pub use bytes::{ByteReader, Truncated};
pub use codes::LanguageCode;
pub use device::Device;
pub use document::{looks_binary, Document, Format, StageTiming};
pub use encoding::{CleanReport, EncodingSource, KeptAll, LanguageOrigin, PageType, TextEncoding};
pub use entity::{Entity, EntityLabel};
pub use error::{BuildError, ErrorKind, RecordError, SizeSeen, StageError, READ_STAGE};
pub use language::{Language, LanguageSource};
pub use particles::{korean_particle_len, korean_person_particle_len, proclitic_forms};
pub use span::{Boilerplate, BoilerplateReason, Paragraph};
pub use stage::{
    panic_message, run_stage, run_stage_batch, run_stages_on_chunk, BuildStage, Sequence, Stage,
};
pub use titles::{is_only_titles, title_prefix_len};
pub use translation::{Alignment, Translation, TranslationStatus};

/// The longest prefix of `s` of at most `max` bytes that ends on a char
/// boundary (for bounded samples and cuts that never split a character).
///
/// ```
/// assert_eq!(tidings_core::prefix_at_char_boundary("añb", 2), "a");
/// assert_eq!(tidings_core::prefix_at_char_boundary("añb", 9), "añb");
/// ```
pub fn prefix_at_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The default limit on one document's size: 64 MiB.
pub const DEFAULT_MAX_BYTES: usize = 64 * 1024 * 1024;
