//! The result of cleaning one input, independent of [`Document`].

use tidings_core::{
    Boilerplate, BoilerplateReason, CleanReport, Document, KeptAll, LanguageCode, LanguageOrigin,
    Paragraph,
};

use crate::PageEstimate;

/// What the cleaner kept and what it removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extraction {
    /// The title, when one was found (HTML: `og:title`, first `<h1>`, `<title>`;
    /// text: a heading-like line before the first paragraph).
    pub title: Option<String>,
    /// The main text, paragraphs separated by `\n`.
    pub content: String,
    /// The paragraphs: byte offsets into [`Extraction::content`], language unset.
    pub paragraphs: Vec<Paragraph>,
    /// Every removed piece with its reason. Offsets are bytes into the input
    /// text (always for plain text; `None` for HTML, where the removed text is
    /// the element's visible text).
    pub boilerplate: Vec<Boilerplate>,
    /// The language whose stopwords were used (given or detected), if any.
    pub language: Option<LanguageCode>,
    /// Set when everything was kept because nothing looked like chrome
    /// although the classifier would have removed some of it.
    pub kept_all: Option<KeptAll>,
    /// HTML with the block and page models: the page's type and the expected
    /// F1 of this extraction ([`crate::PageModel`]).
    pub page: Option<PageEstimate>,
}

impl Extraction {
    /// Appends a paragraph to the content.
    pub(crate) fn push_paragraph(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if !self.content.is_empty() {
            self.content.push('\n');
        }
        let start = self.content.len();
        self.content.push_str(text);
        self.paragraphs
            .push(Paragraph::new(start, self.content.len()));
    }

    /// Records a removed piece.
    pub(crate) fn remove(
        &mut self,
        text: &str,
        span: Option<(usize, usize)>,
        reason: BoilerplateReason,
    ) {
        self.boilerplate.push(Boilerplate {
            start: span.map(|s| s.0),
            end: span.map(|s| s.1),
            text: text.to_owned(),
            reason,
        });
    }

    /// The paragraph texts, in order.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .filter_map(|p| self.content.get(p.start..p.end))
    }

    /// Writes the result into a document's output fields (`title`, `content`,
    /// `paragraphs`, `boilerplate`, and the [`CleanReport`] in `clean`, which
    /// names the language used and `origin`, where it came from, and the page
    /// estimate); `text` is left as it was.
    pub fn apply_to(self, doc: &mut Document, origin: Option<LanguageOrigin>) {
        if self.title.is_some() {
            doc.title = self.title;
        }
        doc.content = self.content;
        doc.paragraphs = self.paragraphs;
        doc.boilerplate = self.boilerplate;
        doc.clean = Some(CleanReport {
            language: self.language,
            language_from: origin.filter(|_| self.language.is_some()),
            kept_all: self.kept_all,
            page_type: self.page.map(|e| e.page_type),
            page_type_confidence: self.page.map(|e| e.type_probability),
            confidence: self.page.map(|e| e.confidence),
        });
    }
}
