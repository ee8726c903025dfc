//! The `clean` stage.

use tidings_core::{
    BuildError, Document, ErrorKind, Format, Language, LanguageCode, LanguageOrigin,
    LanguageSource, Stage, StageError,
};

use std::sync::Arc;

use crate::{
    extract_html_models, extract_text_with, BlockModel, CleanConfig, ModelKind, PageModel,
};

/// The `clean` stage: fills `title`, `content`, `paragraphs` and `boilerplate`
/// from `text` (HTML or plain text, as [`Document::format`] says).
#[derive(Debug, Clone)]
pub struct CleanStage {
    config: CleanConfig,
    language: Option<LanguageCode>,
    html_model: Option<Arc<BlockModel>>,
    text_model: Option<Arc<BlockModel>>,
    page_model: Option<Arc<PageModel>>,
}

impl CleanStage {
    /// Builds the stage; an unknown language code, an out-of-range threshold
    /// or a block or page model that cannot be loaded is a configuration error.
    pub fn new(config: CleanConfig) -> Result<Self, BuildError> {
        config.validate()?;
        let unusable = |e: crate::LoadError| BuildError::Config {
            stage: "clean".into(),
            message: e.to_string(),
        };
        let html_model = config.html_model.load(ModelKind::Html).map_err(unusable)?;
        let text_model = config.text_model.load(ModelKind::Text).map_err(unusable)?;
        let page_model = PageModel::load(&config.page_model).map_err(unusable)?;
        let language = config.language.as_deref().and_then(LanguageCode::parse);
        Ok(CleanStage {
            config,
            language,
            html_model,
            text_model,
            page_model,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &CleanConfig {
        &self.config
    }
}

impl Stage for CleanStage {
    fn name(&self) -> &str {
        "clean"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.rejected {
            return Ok(());
        }
        // A language already on the document (a user's --lang) wins, then the
        // config's; only without either does the cleaner estimate one.
        let (lang, origin) = match doc.language.as_ref().and_then(Language::code) {
            Some(l) => (Some(l), LanguageOrigin::Document),
            None => (self.language, LanguageOrigin::Config),
        };
        let extraction = match doc.format {
            Format::Html => {
                if doc.text.len() > self.config.max_html_bytes {
                    doc.push_error(StageError::new(
                        self.name(),
                        ErrorKind::TooLarge,
                        format!(
                            "{}: HTML is {} bytes; only the first {} were parsed",
                            doc.id,
                            doc.text.len(),
                            self.config.max_html_bytes
                        ),
                    ));
                }
                extract_html_models(
                    &doc.text,
                    lang,
                    &self.config,
                    self.html_model.as_deref(),
                    self.page_model.as_deref(),
                )
            }
            Format::Text => {
                extract_text_with(&doc.text, lang, &self.config, self.text_model.as_deref())
            }
        };
        let origin = match (lang, extraction.language) {
            (None, Some(estimate)) => {
                // Recorded so that no later stage estimates again from the same
                // evidence; `lang` redoes it on the clean text.
                doc.language = Some(Language {
                    confidence: 0.0,
                    reliable: false,
                    ..Language::from_code(estimate, LanguageSource::Estimated)
                });
                Some(LanguageOrigin::Estimated)
            }
            (Some(_), _) => Some(origin),
            (None, None) => None,
        };
        extraction.apply_to(doc, origin);
        Ok(())
    }
}
