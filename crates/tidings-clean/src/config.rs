//! Options of the clean stage.

use serde::{Deserialize, Serialize};
use tidings_core::{BuildError, BuildStage, Stage};

use crate::classify::Thresholds;
use crate::{CleanStage, ModelSource};

/// Options of the clean stage. Every field has a default; a config file may
/// name only the ones it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CleanConfig {
    /// Stopword language (ISO 639-1 or 639-3 code) when the document has none
    /// set; `None` detects it with whatlang.
    pub language: Option<String>,
    /// HTML beyond this many bytes is not parsed (the page is cut at a character
    /// boundary and an error notes it).
    pub max_html_bytes: usize,
    /// Start tags nested deeper than this are ignored (their text is kept), so
    /// that pathological nesting cannot make the parser quadratic.
    pub max_depth: usize,
    /// Record removed pieces in [`tidings_core::Document::boilerplate`].
    pub record_boilerplate: bool,
    /// Blocks shorter than this many characters are "short" (jusText).
    pub length_low: u32,
    /// Blocks at least this long with high stopword density are "good".
    pub length_high: u32,
    /// Stopword density from which a block is near-good.
    pub stopwords_low: f32,
    /// Stopword density from which a (long) block is good.
    pub stopwords_high: f32,
    /// HTML: stopword density from which a block is near-good (HTML blocks are
    /// judged more strictly than lines of text, where context is all there is).
    pub html_stopwords_low: f32,
    /// HTML: stopword density from which a (long) block is good.
    pub html_stopwords_high: f32,
    /// Link density above which a block is navigation.
    pub max_link_density: f32,
    /// HTML: link density above which a block inside the main content is dropped.
    pub max_main_link_density: f32,
    /// HTML: how much each character of chrome counts against an element.
    pub chrome_penalty: f32,
    /// HTML: score weight of a near-good block's characters (good blocks weigh 1).
    pub near_good_weight: f32,
    /// HTML: score weight of a short block's characters (when it has no links).
    pub short_weight: f32,
    /// HTML: the main element is widened to its outermost ancestor scoring at
    /// least this share of its score (1 keeps the best element).
    pub widen_ratio: f32,
    /// HTML: score multiplier for elements marked as the article body.
    pub positive_bonus: f32,
    /// HTML: a chrome hint (class name) is ignored on an element that holds at
    /// least this share of the page's prose (wrappers named `has-sidebar`…).
    pub protect_share: f32,
    /// HTML: also apply jusText's context smoothing inside the main content
    /// (stricter: drops short, stopword-poor blocks). Heuristic mode only.
    pub smooth_main: bool,
    /// HTML: the learned block scorer (`"embedded"`, `"heuristic"` for none,
    /// or `{"file": PATH}`).
    pub html_model: ModelSource,
    /// Plain text: the learned line scorer (`"embedded"`, `"heuristic"` for
    /// none, or `{"file": PATH}`).
    pub text_model: ModelSource,
    /// HTML: the page model, which records the page's type and the expected
    /// F1 of its extraction in `clean` (`"embedded"`, `"heuristic"` for no
    /// estimate, or `{"file": PATH}`). It reads the block model's
    /// probabilities, so it is used only with `html_model`.
    pub page_model: ModelSource,
    /// HTML: decide the blocks again at the threshold the page model gives
    /// the page's estimated type, where it has one (listings and collections
    /// keep short items at a lower probability). `false` keeps
    /// `model_threshold` for every page.
    pub type_thresholds: bool,
    /// HTML: how probable the estimated type must be for its threshold to
    /// apply. Lower values gain more on listings and collections and cost
    /// news articles mistaken for them: at 0.6, WCXB-dev scores 0.846
    /// out-of-fold (0.841 without type thresholds) and AEB's held-out
    /// articles keep 0.965; a page model trained for 0 reached 0.856 on
    /// WCXB-dev and cost AEB 0.004.
    pub type_min_probability: f32,
    /// HTML: a block is kept when the model's probability reaches this.
    pub model_threshold: f32,
    /// HTML: a block the heuristic keeps is dropped only when the model's
    /// probability is below this (the model vetoes confidently, adds freely).
    pub model_veto: f32,
    /// Plain text: a line is kept when the model's probability reaches this.
    pub text_threshold: f32,
}

impl Default for CleanConfig {
    fn default() -> Self {
        let t = Thresholds::default();
        CleanConfig {
            language: None,
            max_html_bytes: 16 * 1024 * 1024,
            max_depth: 1024,
            record_boilerplate: true,
            length_low: t.length_low,
            length_high: t.length_high,
            stopwords_low: t.stopwords_low,
            stopwords_high: t.stopwords_high,
            html_stopwords_low: 0.30,
            html_stopwords_high: 0.32,
            max_link_density: t.max_link_density,
            max_main_link_density: 0.5,
            chrome_penalty: 0.3,
            positive_bonus: 1.2,
            widen_ratio: 1.0,
            near_good_weight: 0.8,
            short_weight: 0.3,
            protect_share: 0.3,
            smooth_main: false,
            html_model: ModelSource::Embedded,
            text_model: ModelSource::Embedded,
            page_model: ModelSource::Embedded,
            type_thresholds: true,
            type_min_probability: 0.6,
            model_threshold: 0.6,
            model_veto: 0.1,
            text_threshold: 0.5,
        }
    }
}

impl CleanConfig {
    /// Sets the stopword language used when a document has none.
    pub fn language(mut self, code: impl Into<String>) -> Self {
        self.language = Some(code.into());
        self
    }

    /// Sets the HTML size limit in bytes.
    pub fn max_html_bytes(mut self, bytes: usize) -> Self {
        self.max_html_bytes = bytes;
        self
    }

    /// Sets the nesting limit.
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// Whether to record removed pieces.
    pub fn record_boilerplate(mut self, yes: bool) -> Self {
        self.record_boilerplate = yes;
        self
    }

    /// Sets jusText's stopword density thresholds.
    pub fn stopwords(mut self, low: f32, high: f32) -> Self {
        self.stopwords_low = low;
        self.stopwords_high = high;
        self
    }

    /// Sets jusText's length thresholds (characters).
    pub fn lengths(mut self, low: u32, high: u32) -> Self {
        self.length_low = low;
        self.length_high = high;
        self
    }

    /// Whether to smooth classes inside the HTML main content.
    pub fn smooth_main(mut self, yes: bool) -> Self {
        self.smooth_main = yes;
        self
    }

    pub(crate) fn html_thresholds(&self) -> Thresholds {
        Thresholds {
            stopwords_low: self.html_stopwords_low,
            stopwords_high: self.html_stopwords_high,
            ..self.thresholds()
        }
    }

    pub(crate) fn thresholds(&self) -> Thresholds {
        Thresholds {
            length_low: self.length_low,
            length_high: self.length_high,
            stopwords_low: self.stopwords_low,
            stopwords_high: self.stopwords_high,
            max_link_density: self.max_link_density,
        }
    }

    pub(crate) fn validate(&self) -> Result<(), BuildError> {
        let bad = |message: String| BuildError::Config {
            stage: "clean".into(),
            message,
        };
        if let Some(code) = &self.language {
            if tidings_core::LanguageCode::parse(code).is_none() {
                return Err(bad(format!("unknown language code `{code}`")));
            }
        }
        if self.max_depth == 0 {
            return Err(bad("max_depth must be at least 1".into()));
        }
        for (name, v) in [
            ("stopwords_low", self.stopwords_low),
            ("stopwords_high", self.stopwords_high),
            ("max_link_density", self.max_link_density),
            ("max_main_link_density", self.max_main_link_density),
            ("protect_share", self.protect_share),
            ("model_threshold", self.model_threshold),
            ("model_veto", self.model_veto),
            ("text_threshold", self.text_threshold),
            ("type_min_probability", self.type_min_probability),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(bad(format!("{name} must be within 0..=1, not {v}")));
            }
        }
        Ok(())
    }
}

impl BuildStage for CleanConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        Ok(Box::new(CleanStage::new(self.clone())?))
    }
}
