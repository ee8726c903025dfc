//! The `quality` stage: Gopher-style text-quality signals (Rae et al. 2021,
//! as datatrove's `GopherQualityFilter` computes them) written into
//! `metadata.quality`, for users who filter a corpus downstream. It never
//! drops or changes a document: every input still yields one record.
//!
//! ```
//! use tidings::{BuildStage, Document, StageConfig};
//!
//! let stage = StageConfig::default_for("quality").unwrap().build().unwrap();
//! let mut doc = Document::new("d", "Read more...\nRead more...\nThe minister said on Tuesday that talks would go on.");
//! stage.process(&mut doc).unwrap();
//! let q = &doc.metadata["quality"];
//! assert_eq!(q["words"], 14);
//! assert_eq!(q["lines"], 3);
//! assert!((q["ellipsis_line_fraction"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
//! assert!(q["duplicate_line_char_fraction"].as_f64().unwrap() > 0.0);
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tidings_core::{BuildError, BuildStage, Document, Stage, StageError};

/// Options of the `quality` stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QualityConfig {
    /// The `metadata` key the signals are written under.
    pub key: String,
}

impl Default for QualityConfig {
    fn default() -> Self {
        QualityConfig {
            key: "quality".into(),
        }
    }
}

impl BuildStage for QualityConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        if self.key.is_empty() {
            return Err(BuildError::Config {
                stage: "quality".into(),
                message: "`key` must not be empty".into(),
            });
        }
        Ok(Box::new(QualityStage {
            key: self.key.clone(),
        }))
    }
}

/// The `quality` stage (see the module docs).
#[derive(Debug)]
pub struct QualityStage {
    key: String,
}

impl Stage for QualityStage {
    fn name(&self) -> &str {
        "quality"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.ensure_content(self.name())?;
        let signals = signals(&doc.content);
        doc.metadata.insert(self.key.clone(), signals);
        Ok(())
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The signals of `text`, in one pass over its lines and words (linear time).
fn signals(text: &str) -> Value {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let words: Vec<&str> = text.split_whitespace().collect();
    let word_chars: usize = words.iter().map(|w| w.chars().count()).sum();
    let alpha_words = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    let symbols = text.matches('#').count() + text.matches("...").count() + text.matches('…').count();
    let bullets = lines
        .iter()
        .filter(|l| l.starts_with(['•', '-', '*', '·', '‣', '–']))
        .count();
    let ellipsis = lines
        .iter()
        .filter(|l| l.ends_with("...") || l.ends_with('…'))
        .count();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for l in &lines {
        *seen.entry(l).or_default() += 1;
    }
    let line_chars: usize = lines.iter().map(|l| l.chars().count()).sum();
    let duplicate_chars: usize = seen
        .iter()
        .filter(|(_, &n)| n > 1)
        .map(|(l, &n)| l.chars().count() * (n - 1))
        .sum();
    json!({
        "chars": text.chars().count(),
        "words": words.len(),
        "lines": lines.len(),
        "mean_word_length": ratio(word_chars, words.len()),
        "alpha_word_fraction": ratio(alpha_words, words.len()),
        "symbol_word_ratio": ratio(symbols, words.len()),
        "bullet_line_fraction": ratio(bullets, lines.len()),
        "ellipsis_line_fraction": ratio(ellipsis, lines.len()),
        "duplicate_line_char_fraction": ratio(duplicate_chars, line_chars),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_has_zero_signals_not_nan() {
        let v = signals("");
        assert_eq!(v["words"], 0);
        assert_eq!(v["mean_word_length"], 0.0);
    }

    #[test]
    fn prose_and_chrome_differ() {
        let prose = signals("The minister said on Tuesday that the talks would continue next week in Geneva.");
        let chrome = signals("# Home\n# News\n- Share...\n- Print...\n- Share...");
        assert_eq!(prose["bullet_line_fraction"], 0.0);
        assert!(chrome["bullet_line_fraction"].as_f64().unwrap() > 0.5);
        assert!(chrome["symbol_word_ratio"].as_f64().unwrap() > prose["symbol_word_ratio"].as_f64().unwrap());
        assert!(chrome["duplicate_line_char_fraction"].as_f64().unwrap() > 0.0);
    }

    #[test]
    fn an_empty_key_is_a_config_error() {
        assert!(QualityConfig { key: String::new() }.build().is_err());
    }
}
