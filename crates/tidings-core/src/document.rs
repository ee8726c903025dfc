use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::{
    Boilerplate, CleanReport, Entity, ErrorKind, Language, Paragraph, RecordError, StageError,
    TextEncoding, Translation,
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
    /// The format a name gives: `text` or `html`.
    pub fn parse(name: &str) -> Result<Format, String> {
        match name.to_ascii_lowercase().as_str() {
            "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            _ => Err(format!("{name}: expected text or html")),
        }
    }

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
/// tidings output record (which round-trips). [`Document::from_json_lossy`]
/// never fails: a line it cannot read becomes a rejected record that keeps
/// whatever was readable. Raw files are decoded by the facade's readers.
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
    /// The encoding `text` was decoded from and how it was found (documents
    /// read from raw bytes; see [`TextEncoding`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
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
    /// What the clean stage reports beyond its removals (for example that it
    /// kept the whole text because nothing in it looked like chrome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clean: Option<CleanReport>,
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

/// Keys an input record (dolma, datatrove, `html` records) carries.
const INPUT_KEYS: &[&str] = &["id", "source", "format", "text", "html", "metadata"];

/// Keys of the output record that [`Document::from_json`] reads back as such.
const KNOWN_KEYS: &[&str] = &[
    "id",
    "source",
    "format",
    "encoding",
    "text",
    "html",
    "metadata",
    "title",
    "content",
    "paragraphs",
    "boilerplate",
    "clean",
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

    /// Parses one JSON object (a line of JSON Lines) into a document.
    ///
    /// `origin` (e.g. `file.jsonl:17`) names the record in errors and becomes the
    /// id when the record has none. Numbers are accepted as ids. A record with
    /// `html` and no `text` is an HTML document. Unknown keys go to `metadata`.
    /// Strict: any problem is an error; readers use [`Document::from_json_lossy`].
    pub fn from_json(origin: &str, line: &str) -> Result<Document, RecordError> {
        let value: Value = serde_json::from_str(line).map_err(|source| RecordError::Json {
            origin: origin.to_owned(),
            source,
        })?;
        Document::from_value(origin, value)
    }

    /// Like [`Document::from_json`], but never fails and keeps what it can:
    ///
    /// - lone UTF-16 surrogate escapes (`"\ud800"`, which Python's `json`
    ///   writes for undecodable bytes) become U+FFFD, with an
    ///   [`ErrorKind::InvalidEncoding`] warning naming each one's byte offset in
    ///   the line; the record is otherwise read as usual;
    /// - a record of the wrong shape (`text` a number, no `text` at all, …)
    ///   becomes a rejected document that keeps its own `id`, its `source`, its
    ///   text when readable, and every other field in `metadata`;
    /// - a line that is not JSON becomes a rejected document whose id is the
    ///   line's `"id"` when one can be read from it, else `origin`.
    ///
    /// ```
    /// use tidings_core::{Document, ErrorKind};
    ///
    /// let d = Document::from_json_lossy("f.jsonl:3", r#"{"id": "a7", "text": 42, "url": "u"}"#);
    /// assert!(d.rejected);
    /// assert_eq!((d.id.as_str(), d.metadata["text"].as_i64()), ("a7", Some(42)));
    /// assert!(d.errors[0].message.contains("`text` must be a string, not a number"));
    ///
    /// let d = Document::from_json_lossy("f.jsonl:4", r#"{"id": "a8", "text": "caf\udce9"}"#);
    /// assert!(!d.rejected);
    /// assert_eq!(d.text, "caf\u{fffd}");
    /// assert_eq!(d.errors[0].kind, ErrorKind::InvalidEncoding);
    /// ```
    pub fn from_json_lossy(origin: &str, line: &str) -> Document {
        match serde_json::from_str::<Value>(line) {
            Ok(value) => Document::from_value_lossy(origin, value),
            Err(error) => match repair_surrogates(line) {
                Some((fixed, at)) => match serde_json::from_str::<Value>(&fixed) {
                    Ok(value) => {
                        let mut doc = Document::from_value_lossy(origin, value);
                        let shown: Vec<String> = at
                            .iter()
                            .take(5)
                            .map(|(i, esc)| format!("`{esc}` at byte {i}"))
                            .collect();
                        let more = at.len().saturating_sub(5);
                        let msg = format!(
                            "{origin}: lone UTF-16 surrogate escape {}{} (JSON strings must pair them); replaced by U+FFFD",
                            shown.join(", "),
                            if more > 0 { format!(" and {more} more") } else { String::new() }
                        );
                        doc.errors
                            .insert(0, StageError::read(ErrorKind::InvalidEncoding, msg));
                        doc
                    }
                    Err(_) => Document::salvage_line(origin, line, &error),
                },
                None => Document::salvage_line(origin, line, &error),
            },
        }
    }

    /// Like [`Document::from_value`], but never fails (see
    /// [`Document::from_json_lossy`]).
    pub fn from_value_lossy(origin: &str, value: Value) -> Document {
        let Value::Object(map) = value else {
            let msg = format!(
                "{origin}: a record must be a JSON object, not {}",
                type_name(&value)
            );
            let mut doc =
                Document::rejected(origin, StageError::read(ErrorKind::MalformedRecord, msg));
            doc.metadata.insert("record".into(), value);
            return doc;
        };
        if let Err(message) = check_schema(&map) {
            return Document::salvage_map(origin, map, &message);
        }
        // Re-read tidings output: its output fields may still be wrong.
        let backup = KNOWN_KEYS
            .iter()
            .any(|k| !INPUT_KEYS.contains(k) && map.contains_key(*k))
            .then(|| map.clone());
        match Document::from_value(origin, Value::Object(map)) {
            Ok(doc) => doc,
            Err(e) => match backup {
                Some(map) => Document::salvage_map(origin, map, &e.to_string()),
                None => Document::rejected(
                    origin,
                    StageError::read(ErrorKind::MalformedRecord, e.to_string()),
                ),
            },
        }
    }

    /// A rejected record from an object of the wrong shape, keeping its id,
    /// source, text and every other field.
    fn salvage_map(origin: &str, mut map: Map<String, Value>, message: &str) -> Document {
        let mut metadata = match map.remove("metadata") {
            Some(Value::Object(m)) => m,
            Some(other) => Map::from_iter([("metadata".to_owned(), other)]),
            None => Map::new(),
        };
        let id = match map.remove("id") {
            Some(Value::String(s)) => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                metadata.insert("id".into(), other);
                None
            }
            None => None,
        };
        let shown = id
            .as_deref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
        let msg = format!("{origin}{shown}: {message}");
        let mut doc = Document::rejected(
            id.unwrap_or_else(|| origin.to_owned()),
            StageError::read(ErrorKind::MalformedRecord, msg),
        );
        let mut take = |key: &str| match map.remove(key) {
            Some(Value::String(s)) => Some(s),
            Some(other) => {
                metadata.insert(key.into(), other);
                None
            }
            None => None,
        };
        doc.source = take("source");
        match (take("text"), take("html")) {
            (_, Some(h)) => (doc.text, doc.format) = (h, Format::Html),
            (Some(t), None) => doc.text = t,
            (None, None) => {}
        }
        metadata.extend(map);
        doc.metadata = metadata;
        doc
    }

    /// A rejected record from a line that is not JSON, with the id it names
    /// when one can be read.
    fn salvage_line(origin: &str, line: &str, error: &serde_json::Error) -> Document {
        let id = salvage_id(line);
        let shown = id
            .as_deref()
            .map(|i| format!(" (id {i})"))
            .unwrap_or_default();
        let msg = format!(
            "{origin}{shown}: malformed JSON at column {}: {error}",
            error.column()
        );
        Document::rejected(
            id.unwrap_or_else(|| origin.to_owned()),
            StageError::read(ErrorKind::MalformedRecord, msg),
        )
    }

    /// Like [`Document::from_json`], from an already parsed value.
    pub fn from_value(origin: &str, value: Value) -> Result<Document, RecordError> {
        let schema = |message: String| RecordError::Schema {
            origin: origin.to_owned(),
            message,
        };
        let Value::Object(mut map) = value else {
            return Err(schema(format!(
                "a record must be a JSON object, not {}",
                type_name(&value)
            )));
        };
        check_schema(&map).map_err(schema)?;
        let id = match map.remove("id") {
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) => n.to_string(),
            _ => origin.to_owned(),
        };
        let mut take_string = |key: &str| match map.remove(key) {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        let text = take_string("text");
        let html = take_string("html");
        let source = take_string("source");
        let declared: Option<Format> = map
            .remove("format")
            .and_then(|v| serde_json::from_value(v).ok());
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

    /// Records an [`ErrorKind::Empty`] error when the text is blank (readers
    /// call it on every document they build).
    pub fn check_empty(&mut self) {
        if self.text.trim().is_empty() && !self.rejected {
            let msg = format!("{}: document is empty", self.id);
            self.errors.push(StageError::read(ErrorKind::Empty, msg));
        }
    }

    /// The record as one line of JSON (the `tidings run` output format).
    pub fn to_json(&self) -> String {
        // A Document is plain data (string keys, no maps with other keys,
        // no non-finite floats from stages): serialising cannot fail.
        serde_json::to_string(self).unwrap_or_else(|e| {
            format!(
                "{{\"id\":{},\"errors\":[{{\"stage\":\"write\",\"kind\":\"other\",\"message\":{}}}]}}",
                serde_json::Value::String(self.id.clone()),
                serde_json::Value::String(e.to_string())
            )
        })
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

/// Checks the fields [`Document::from_value`] reads, without taking them:
/// `Err` says what is wrong, in words for the error message.
fn check_schema(map: &Map<String, Value>) -> Result<(), String> {
    match map.get("id") {
        None | Some(Value::Null | Value::String(_) | Value::Number(_)) => {}
        Some(other) => {
            return Err(format!(
                "`id` must be a string or a number, not {}",
                type_name(other)
            ))
        }
    }
    for key in ["text", "html", "source"] {
        match map.get(key) {
            None | Some(Value::Null | Value::String(_)) => {}
            Some(other) => {
                return Err(format!(
                    "`{key}` must be a string, not {}",
                    type_name(other)
                ))
            }
        }
    }
    if let Some(v) = map.get("format").filter(|v| !v.is_null()) {
        if let Err(e) = Format::deserialize(v) {
            return Err(format!("`format`: {e}"));
        }
    }
    let has = |k: &str| map.get(k).is_some_and(Value::is_string);
    if !has("text") && !has("html") {
        return Err("record has neither `text` nor `html`".into());
    }
    Ok(())
}

/// Replaces lone UTF-16 surrogate escapes (`\ud800` not followed by a low
/// surrogate, or a low one alone) by `\ufffd`. `None` when there are none;
/// else the fixed line and each replacement's byte offset and escape.
fn repair_surrogates(line: &str) -> Option<(String, Vec<(usize, String)>)> {
    let b = line.as_bytes();
    let hex_at = |i: usize| -> Option<u16> {
        let digits = line.get(i + 2..i + 6)?;
        (b.get(i + 1) == Some(&b'u'))
            .then(|| u16::from_str_radix(digits, 16).ok())
            .flatten()
    };
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|r| r.iter().position(|&c| c == b'\\')) {
        i += off;
        match hex_at(i) {
            Some(hi @ 0xD800..=0xDBFF) => match hex_at(i + 6) {
                Some(0xDC00..=0xDFFF) if b.get(i + 6) == Some(&b'\\') => i += 12,
                _ => {
                    found.push((i, format!("\\u{hi:04x}")));
                    i += 6;
                }
            },
            Some(lo @ 0xDC00..=0xDFFF) => {
                found.push((i, format!("\\u{lo:04x}")));
                i += 6;
            }
            Some(_) => i += 6,
            None => i += 2,
        }
    }
    if found.is_empty() {
        return None;
    }
    let mut fixed = String::with_capacity(line.len());
    let mut last = 0;
    for (at, _) in &found {
        fixed.push_str(&line[last..*at]);
        fixed.push_str("\\ufffd");
        last = at + 6;
    }
    fixed.push_str(&line[last..]);
    Some((fixed, found))
}

/// The `"id"` of a line that is not valid JSON, when it can still be read:
/// the first `"id": "…"` or `"id": 123` in the line.
fn salvage_id(line: &str) -> Option<String> {
    let mut rest = line;
    while let Some(p) = rest.find("\"id\"") {
        let after = rest[p + 4..].trim_start();
        if let Some(v) = after.strip_prefix(':').map(str::trim_start) {
            let mut stream = serde_json::Deserializer::from_str(v).into_iter::<Value>();
            match stream.next() {
                Some(Ok(Value::String(s))) => return Some(s),
                Some(Ok(Value::Number(n))) => return Some(n.to_string()),
                _ => {}
            }
        }
        rest = &rest[p + 4..];
    }
    None
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
