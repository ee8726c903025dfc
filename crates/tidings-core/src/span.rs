use serde::{Deserialize, Serialize};

use crate::Language;

/// One paragraph of [`crate::Document::content`].
///
/// `start..end` are **byte** offsets into `Document::content`:
/// `&doc.content[p.start..p.end]` is the paragraph's text (no trailing newline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Byte offset into `Document::content` where the paragraph starts.
    pub start: usize,
    /// Byte offset into `Document::content` just past the paragraph's end.
    pub end: usize,
    /// The paragraph's own language (may differ from the document's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
}

impl Paragraph {
    /// A paragraph over `start..end` (bytes into `content`), language unset.
    pub fn new(start: usize, end: usize) -> Self {
        Paragraph {
            start,
            end,
            language: None,
        }
    }

    /// Splits a text into one paragraph per non-blank line; the spans exclude the
    /// line break and surrounding whitespace.
    pub fn split_lines(text: &str) -> Vec<Paragraph> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let trimmed_start = line.len() - line.trim_start().len();
            let body = line.trim();
            if !body.is_empty() {
                let start = offset + trimmed_start;
                out.push(Paragraph::new(start, start + body.len()));
            }
            offset += line.len();
        }
        out
    }
}

/// Why the clean stage removed a piece of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoilerplateReason {
    /// Cookie or consent banner.
    CookieBanner,
    /// Menus, "skip to content", breadcrumbs, pagination.
    Navigation,
    /// Site header or masthead.
    Header,
    /// Site footer, copyright, legal links.
    Footer,
    /// Sidebar or aside.
    Sidebar,
    /// Author line or dateline.
    Byline,
    /// Photo caption or credit ("… in this photo released by … (Yonhap)",
    /// "ANTARA FOTO/…", "Foto: …").
    Caption,
    /// A note about the author ("… is one of Daily NK's full-time
    /// journalists. Please direct any questions about her articles to …").
    AuthorNote,
    /// The title again, perhaps with a site tag ("… voinews id").
    RepeatedTitle,
    /// "Read also", "Baca juga", lists of other headlines.
    RelatedLinks,
    /// Share, print, rate, comment widgets, view counters.
    Share,
    /// Comment section.
    Comments,
    /// Newsletter or subscription box.
    Newsletter,
    /// Advertisement.
    Advertisement,
    /// "Source:" / "Sumber:" attributions and similar metadata lines.
    Metadata,
    /// A bare date or time stamp.
    Timestamp,
    /// Hidden element (display:none, aria-hidden, template, script…).
    Hidden,
    /// Short text with few stopwords (jusText's "bad" class).
    LowTextDensity,
    /// Outside the main content block the extractor chose.
    OutsideMainContent,
    /// Anything else.
    Other,
}

/// A piece of the input that the clean stage removed, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Boilerplate {
    /// Byte offset into `Document::text` where the removed piece starts, when
    /// known: always for plain text (the line); for HTML, where the block's
    /// first visible character's source starts (found for 99.9 % of AEB's
    /// removed blocks; `None` when the block's text could not be located).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// Byte offset into `Document::text` just past the removed piece, when
    /// known (for HTML, past its last visible character's source, so the span
    /// includes any markup between).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// The removed text (visible text for HTML).
    pub text: String,
    /// Why it was removed.
    pub reason: BoilerplateReason,
}
