//! Boilerplate stripping for tidings: the title and main text of a scraped
//! page, from raw HTML or from plain text with one paragraph per line — and a
//! record of everything removed, with the reason, so every removal can be
//! audited.
//!
//! The [`CleanStage`] reads [`Document::text`] (never changing it) and fills
//! [`Document::title`], [`Document::content`] (paragraphs separated by `\n`),
//! [`Document::paragraphs`] (byte offsets into `content`, language left unset
//! for the `lang` stage) and [`Document::boilerplate`] (each removed piece,
//! its [`BoilerplateReason`], and byte offsets into `text`: the line for plain
//! text, the source of its visible text for HTML).
//!
//! ```
//! use tidings_core::{BoilerplateReason, Document, Stage};
//! use tidings_clean::{CleanConfig, CleanStage};
//!
//! let stage = CleanStage::new(CleanConfig::default()).unwrap();
//! let mut doc = Document::new("seed",
//!     "Skip links\n\
//!      Seoul (ANTARA) - Pemimpin Korea Utara (Korut) Kim Jong-un bertemu dengan delegasi China, sehari setelah merayakan 70 tahun gencatan senjata Perang Korea, kata media pemerintah Korut pada Sabtu.\n\
//!      Selama pertemuan pada Jumat (28/7), kedua belah pihak menegaskan kembali komitmen mereka untuk meningkatkan hubungan bilateral mereka, menurut Kantor Berita Pusat Korea (KCNA).\n\
//!      Baca juga: Korea Utara gelar parade militer\n\
//!      Sumber: Yonhap-OANA\n\
//!      🍪 This website uses cookies to improve your web experience.");
//! stage.process(&mut doc).unwrap();
//! assert_eq!(doc.paragraphs.len(), 2);
//! let reasons: Vec<_> = doc.boilerplate.iter().map(|b| b.reason).collect();
//! assert_eq!(reasons, [BoilerplateReason::Navigation, BoilerplateReason::RelatedLinks,
//!                      BoilerplateReason::Metadata, BoilerplateReason::CookieBanner]);
//! // Offsets: paragraphs index `content`, removals index the untouched `text`.
//! let p = &doc.paragraphs[1];
//! assert!(doc.content[p.start..p.end].starts_with("Selama"));
//! let b = &doc.boilerplate[1];
//! assert_eq!(&doc.text[b.start.unwrap()..b.end.unwrap()], "Baca juga: Korea Utara gelar parade militer");
//! ```
//!
//! Without a [`Document`], [`extract_html`] and [`extract_text`] return an
//! [`Extraction`]; [`render_text`] turns a page into the one-line-per-block
//! text a scraper would have saved.
//!
//! # How
//! - **HTML** is parsed with html5ever's tree builder (scripting off, so
//!   `<noscript>` fallbacks are markup), after a byte-level pre-pass that
//!   drops scripts, styles, comments and unread attributes; the crate's own
//!   `memchr` tokenizer feeds the tree builder where it covers the page (the
//!   same tokens as html5ever's, so the same tree), html5ever's tokenizer
//!   where it does not. The tree is flattened, without recursion, into text
//!   blocks. A heuristic pass reads the markup — `nav`, `aside`, `footer`,
//!   `header`, hidden elements, ARIA roles, ids/classes of menus, share/print/
//!   rate widgets, related lists, bylines, captions, newsletters, ads and the
//!   consent platforms (OneTrust, Cookiebot, Quantcast, Didomi, Usercentrics,
//!   TrustArc, Osano…) — and picks the element whose subtree holds the most
//!   prose (jusText's stopword density) and the least link text.
//! - A **learned block scorer** then decides block by block: a boosted-tree
//!   classifier (trained by `tools/src/bin/train_clean.rs` on WCXB-dev, compiled
//!   in, [`ModelSource`] to swap or disable it) over about 110 features —
//!   the block's text, its ancestors' tags and class keywords, container
//!   sizes, repeated sibling templates (listings, product grids, forum posts),
//!   JSON-LD / `og:type` page types, and the heuristic's own verdicts. Removed
//!   blocks keep the heuristic's reason (its markup, a cue phrase, low text
//!   density, or outside the main content).
//! - **Plain text** is classified line by line as jusText does (length,
//!   stopword density in the document's language, context smoothing), with cue
//!   phrases in many languages ("Baca juga", "Lesen Sie auch", "Читайте
//!   также"…), timestamps and headline lists; a second boosted-tree model
//!   (trained on the same pages rendered to text) then scores each line from
//!   those verdicts and its neighbours. Cue-phrase lines are always removed.
//!
//! The stopword language is [`Document::language`] when already set (a user's
//! `--lang`), else whatlang's guess.

#![warn(missing_docs)]
// Tests may unwrap; library code may not (workspace lints).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

// Shared by both paths: the heuristic classifier, cue phrases, stop words,
// the options, the result and the stage.
mod classify;
mod config;
mod cues;
mod extraction;
mod stage;
mod stopwords;
// The HTML path (html/: pre-pass, DOM flattening, markup patterns, source
// map, block features), the plain-text path (text/: line features) and the
// learned scorers both use (learned/: boosted trees, models).
mod html;
mod learned;
mod text;

pub use config::CleanConfig;
pub use extraction::Extraction;
pub use html::{
    extract_html, extract_html_lang, extract_html_models, extract_html_with, html_block_rows,
    html_page_row, render_text, try_extract_html,
};
pub use learned::gbdt::{Dataset, ModelError, TrainParams};
pub use learned::{
    BlockModel, BlockRows, LabelledPage, LoadError, ModelKind, ModelSource, PageEstimate,
    PageModel, PageSample,
};
pub use stage::CleanStage;
pub use stopwords::StopList;
pub use text::{
    extract_text, extract_text_lang, extract_text_with, text_line_rows, try_extract_text,
};

#[doc(no_inline)]
pub use tidings_core::{BoilerplateReason, Document, PageType};

#[cfg(test)]
mod tests;
