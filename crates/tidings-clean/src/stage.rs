//! The `clean` stage.

use tidings_core::{BuildError, Document, ErrorKind, Format, Stage, StageError};
use whatlang::Lang;

use std::sync::Arc;

use crate::{clean_text_model, extract_html_with, BlockModel, CleanConfig, ModelKind};

/// The `clean` stage: fills `title`, `content`, `paragraphs` and `boilerplate`
/// from `text` (HTML or plain text, as [`Document::format`] says).
#[derive(Debug, Clone)]
pub struct CleanStage {
    config: CleanConfig,
    language: Option<Lang>,
    html_model: Option<Arc<BlockModel>>,
    text_model: Option<Arc<BlockModel>>,
}

impl CleanStage {
    /// Builds the stage; an unknown language code, an out-of-range threshold
    /// or a block model that cannot be loaded is a configuration error.
    pub fn new(config: CleanConfig) -> Result<Self, BuildError> {
        config.validate()?;
        let load = |source: &crate::ModelSource, kind| {
            source.load(kind).map_err(|e| BuildError::Config {
                stage: "clean".into(),
                message: e.to_string(),
            })
        };
        let html_model = load(&config.html_model, ModelKind::Html)?;
        let text_model = load(&config.text_model, ModelKind::Text)?;
        let language = config
            .language
            .as_deref()
            .and_then(tidings_lang::parse_code);
        Ok(CleanStage {
            config,
            language,
            html_model,
            text_model,
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
        // A language already on the document (a user's --lang) wins.
        let lang = doc
            .language
            .as_ref()
            .and_then(|l| tidings_lang::parse_code(&l.iso639_3))
            .or(self.language);
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
                extract_html_with(&doc.text, lang, &self.config, self.html_model.as_deref())
            }
            Format::Text => {
                clean_text_model(&doc.text, lang, &self.config, self.text_model.as_deref())
            }
        };
        extraction.apply_to(doc);
        Ok(())
    }
}
