use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{
    Boilerplate, Entity, ErrorKind, Language, Paragraph, RecordError, StageError, Translation,
};

/// How the input `text` of a [`Document`] is to be read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Plain text, one paragraph per line (what most scrapers store).
    #[default]
    Text,
    /// A raw HTML page.
    Html,
}

impl Format {
    /// Guesses the format from the start of a text: a document that opens
    /// (after whitespace and a BOM) with `<!doctype`, `<html`, `<head` or
    /// `<body` is HTML.
    pub fn sniff(text: &str) -> Format {
        let head: String = text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .take(16)
            .collect::<String>()
            .to_ascii_lowercase();
        if ["<!doctype", "<html", "<head", "<body", "<?xml", "<!--"]
            .iter()
            .any(|p| head.starts_with(p))
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// Wall time one stage spent on one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StageTiming {
    /// The stage name.
    pub stage: String,
    /// Microseconds spent in the stage for this document (for batch stages,
    /// the batch's time divided evenly among its documents).
    pub micros: u64,
}

/// One document flowing through the pipeline, read from and written to JSON Lines.
///
/// # Input side
/// [`Document::from_json`] accepts the schemas people already use for web text:
/// dolma / datatrove records (`id`, `text`, `source`, `metadata`; any unknown
/// key is kept in `metadata`), a record with `html` instead of `text`, and a
/// tidings output record (which round-trips). Raw `.txt` and `.html` files are
/// read by [`Document::from_bytes`] with the path as `id`.
///
/// # Output side
/// Each stage fills its own fields: `content`/`title`/`paragraphs`/`boilerplate`
/// (clean), `language` and each paragraph's language (lang), `entities` (ner,
/// normalize), `translation` (translate), plus `timings` and `errors`.
///
/// # Offsets
/// Every offset in the record counts **bytes** (UTF-8) and points into one named
/// field, so `&doc.content[p.start..p.end]` is the paragraph text:
/// - [`Paragraph`] and [`Entity`] offsets index [`Document::content`];
/// - [`Boilerplate`] offsets index [`Document::text`] (the original input);
/// - translation alignments index `content` on the source side and
///   `translation.text_en` on the English side.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document identifier (the path for files; `file:line` when a JSON record has none).
    pub id: String,
    /// Where the document came from (dolma's `source`), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How `text` is read.
    #[serde(default)]
    pub format: Format,
    /// The original input, never modified by any stage (raw HTML for HTML input).
    #[serde(default)]
    pub text: String,
    /// Everything else the input record carried (unknown keys included).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,

    /// The document's title, when the clean stage found one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The body text later stages read: the cleaned article when the clean stage
    /// ran, else the input text. Paragraphs are separated by `\n`.
    #[serde(default)]
    pub content: String,
    /// Paragraphs of `content` (byte offsets into `content`), each with its own language.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Paragraph>,
    /// What the clean stage removed and why (byte offsets into `text` where known).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub boilerplate: Vec<Boilerplate>,
    /// The language of the whole document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Named entities found in `content` (byte offsets into `content`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// The English version of `content` and what happened to produce it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<Translation>,
    /// Per-stage wall time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timings: Vec<StageTiming>,
    /// Per-stage errors. A document with errors is still emitted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<StageError>,
    /// True once the input was found unusable (binary, too large, malformed):
    /// stages skip such a document, which is still emitted with its errors.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub rejected: bool,
}

/// Keys of the output record that [`Document::from_json`] reads back as such.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "source",
    "format",
    "text",
    "html",
    "metadata",
    "title",
    "content",
    "paragraphs",
    "boilerplate",
    "language",
    "entities",
    "translation",
    "timings",
    "errors",
    "rejected",
];

impl Document {
    /// A plain-text document.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// An HTML document.
    pub fn html(id: impl Into<String>, html: impl Into<String>) -> Self {
        Document {
            format: Format::Html,
            ..Document::new(id, html)
        }
    }

    /// A document that could not be read at all: it carries only its id and the error.
    pub fn rejected(id: impl Into<String>, error: StageError) -> Self {
        Document {
            id: id.into(),
            errors: vec![error],
            rejected: true,
            ..Default::default()
        }
    }

    /// Builds a document from a file's raw bytes, checking them on the way:
    /// over `max_bytes` → rejected ([`ErrorKind::TooLarge`]); binary (NUL bytes or
    /// mostly control characters) → rejected ([`ErrorKind::Binary`]); invalid UTF-8
    /// → decoded lossily with an [`ErrorKind::InvalidUtf8`] error; empty →
    /// an [`ErrorKind::Empty`] error. `format` of `None` sniffs it from the text.
    pub fn from_bytes(
        id: impl Into<String>,
        bytes: &[u8],
        format: Option<Format>,
        max_bytes: usize,
    ) -> Self {
        let id = id.into();
        if bytes.len() > max_bytes {
            let msg = format!(
                "{id}: document is {} bytes, over the limit of {max_bytes} bytes",
                bytes.len()
            );
            return Document::rejected(id, StageError::new("read", ErrorKind::TooLarge, msg));
        }
        if looks_binary(bytes) {
            let msg = format!("{id}: input looks like binary data, not text");
            return Document::rejected(id, StageError::new("read", ErrorKind::Binary, msg));
        }
        let mut errors = Vec::new();
        let text = match std::str::from_utf8(bytes) {
            Ok(s) => s.to_owned(),
            Err(e) => {
                errors.push(StageError::new(
                    "read",
                    ErrorKind::InvalidUtf8,
                    format!(
                        "{id}: invalid UTF-8 at byte {}; decoded with U+FFFD replacements",
                        e.valid_up_to()
                    ),
                ));
                String::from_utf8_lossy(bytes).into_owned()
            }
        };
        let text = text
            .strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text);
        let mut doc = Document {
            format: format.unwrap_or_else(|| Format::sniff(&text)),
            errors,
            ..Document::new(id, text)
        };
        doc.check_empty();
        doc
    }

    /// Parses one JSON object (a line of JSON Lines) into a document.
    ///
    /// `origin` (e.g. `file.jsonl:17`) names the record in errors and becomes the
    /// id when the record has none. Numbers are accepted as ids. A record with
    /// `html` and no `text` is an HTML document. Unknown keys go to `metadata`.
    pub fn from_json(origin: &str, line: &str) -> Result<Document, RecordError> {
        let value: Value = serde_json::from_str(line).map_err(|source| RecordError::Json {
            origin: origin.to_owned(),
            source,
        })?;
        Document::from_value(origin, value)
    }

    /// Like [`Document::from_json`], from an already parsed value.
    pub fn from_value(origin: &str, value: Value) -> Result<Document, RecordError> {
        let schema = |message: String| RecordError::Schema {
            origin: origin.to_owned(),
            message,
        };
        let Value::Object(mut map) = value else {
            return Err(schema("a record must be a JSON object".into()));
        };
        let id = match map.remove("id") {
            None | Some(Value::Null) => origin.to_owned(),
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            Some(other) => return Err(schema(format!("`id` must be a string, not {other}"))),
        };
        let take_string =
            |map: &mut Map<String, Value>, key: &str| -> Result<Option<String>, RecordError> {
                match map.remove(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s)),
                    Some(other) => Err(schema(format!(
                        "`{key}` must be a string, not {}",
                        type_name(&other)
                    ))),
                }
            };
        let text = take_string(&mut map, "text")?;
        let html = take_string(&mut map, "html")?;
        let source = take_string(&mut map, "source")?;
        let declared: Option<Format> = match map.remove("format") {
            None | Some(Value::Null) => None,
            Some(v) => {
                Some(serde_json::from_value(v).map_err(|e| schema(format!("`format`: {e}")))?)
            }
        };
        let (text, format) = match (text, html) {
            (Some(t), Some(h)) => {
                // Keep the HTML when both are present: it is the richer input.
                map.insert("text".into(), Value::String(t));
                (h, Format::Html)
            }
            (Some(t), None) => {
                let f = declared.unwrap_or_else(|| Format::sniff(&t));
                (t, f)
            }
            (None, Some(h)) => (h, Format::Html),
            (None, None) => return Err(schema("record has neither `text` nor `html`".into())),
        };
        let mut metadata = match map.remove("metadata") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m,
            Some(other) => {
                let mut m = Map::new();
                m.insert("metadata".into(), other);
                m
            }
        };
        // An earlier tidings output record: take its output fields back.
        let mut doc = Document {
            id,
            source,
            format,
            text,
            ..Default::default()
        };
        let output: Map<String, Value> = KNOWN_KEYS
            .iter()
            .filter_map(|k| map.remove(*k).map(|v| ((*k).to_owned(), v)))
            .collect();
        if !output.is_empty() {
            let mut full = output;
            full.insert("id".into(), Value::String(doc.id.clone()));
            full.insert("text".into(), Value::String(std::mem::take(&mut doc.text)));
            full.insert(
                "format".into(),
                serde_json::to_value(doc.format).unwrap_or(Value::Null),
            );
            let source = doc.source.take();
            doc = serde_json::from_value(Value::Object(full))
                .map_err(|e| schema(format!("output fields: {e}")))?;
            doc.source = source;
        }
        // Unknown top-level keys (dolma's `added`, `created`, …) are kept.
        metadata.extend(map);
        doc.metadata = metadata;
        doc.check_empty();
        Ok(doc)
    }

    /// Records an [`ErrorKind::Empty`] error when the text is blank.
    fn check_empty(&mut self) {
        if self.text.trim().is_empty() && !self.rejected {
            let msg = format!("{}: document is empty", self.id);
            self.errors
                .push(StageError::new("read", ErrorKind::Empty, msg));
        }
    }

    /// Records an error from `stage` on this document.
    pub fn push_error(&mut self, error: StageError) {
        self.errors.push(error);
    }

    /// True when any stage recorded an error.
    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The paragraph texts of `content`, in order.
    pub fn paragraph_texts(&self) -> impl Iterator<Item = &str> {
        self.paragraphs
            .iter()
            .filter_map(|p| self.content.get(p.start..p.end))
    }

    /// Makes sure `content` and `paragraphs` are set, for stages that read them.
    ///
    /// When no clean stage ran on a plain-text document, `content` is the input text
    /// and each non-blank line is a paragraph. HTML input needs the clean stage:
    /// this returns an error naming the stage that asked. After a clean stage that
    /// kept nothing, the empty content stands (no error).
    pub fn ensure_content(&mut self, stage: &str) -> Result<(), StageError> {
        if self.rejected {
            return Ok(());
        }
        // The clean stage ran and kept nothing: the content is empty, not missing.
        let cleaned = self.timings.iter().any(|t| t.stage == "clean");
        if self.content.is_empty() && self.paragraphs.is_empty() && !cleaned {
            match self.format {
                Format::Text => {
                    self.content = self.text.clone();
                    self.paragraphs = Paragraph::split_lines(&self.content);
                }
                Format::Html => {
                    return Err(StageError::new(
                        stage,
                        ErrorKind::Unsupported,
                        format!(
                            "{}: HTML input has no text until the clean stage runs; put `clean` before `{stage}`",
                            self.id
                        ),
                    ))
                }
            }
        }
        Ok(())
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// True when the bytes look like binary data rather than text: a NUL byte in the
/// first 8 KiB, or more than 10 % control characters (other than whitespace) there.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.is_empty() {
        return false;
    }
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > head.len()
}
