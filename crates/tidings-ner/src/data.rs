//! Reading the training corpora: CoNLL-style column files and CLDR place names.

use std::path::Path;

use crate::labels::Tag;
use crate::model::ModelError;

/// One annotated sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// The tokens.
    pub words: Vec<String>,
    /// One IOB tag per token (`O`, `B-PER`, `I-LOC`…).
    pub tags: Vec<String>,
    /// Index of the document the sentence belongs to (`-DOCSTART-` lines), per
    /// file; in a file without them, each sentence is its own document.
    pub doc: usize,
}

fn io_err(path: &Path, source: std::io::Error) -> ModelError {
    ModelError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Reads a CoNLL-style file: one token per line, the word in the first column
/// and the tag in the last (CoNLL-2003's 4 columns, MasakhaNER's 2, NERP's
/// tab-separated 2), a blank line between sentences, `-DOCSTART-` lines between
/// documents. `map_tag` rewrites each tag (e.g. NERP's `B-PPL` → `B-PER`);
/// tags it maps to `None` become `O`.
pub fn read_conll(
    path: impl AsRef<Path>,
    map_tag: impl Fn(&str) -> Option<String>,
) -> Result<Vec<Sentence>, ModelError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let mut out = Vec::new();
    let mut doc = 0;
    let mut cur = Sentence {
        words: Vec::new(),
        tags: Vec::new(),
        doc,
    };
    let flush = |cur: &mut Sentence, out: &mut Vec<Sentence>, doc: usize| {
        if !cur.words.is_empty() {
            out.push(std::mem::replace(
                cur,
                Sentence {
                    words: Vec::new(),
                    tags: Vec::new(),
                    doc,
                },
            ));
        }
        cur.doc = doc;
    };
    for (n, line) in text.lines().enumerate() {
        let mut cols = line.split_whitespace();
        let Some(word) = cols.next() else {
            flush(&mut cur, &mut out, doc);
            continue;
        };
        if word == "-DOCSTART-" {
            flush(&mut cur, &mut out, doc);
            doc += 1;
            cur.doc = doc;
            continue;
        }
        let Some(tag) = cols.last() else {
            // A lone column: a tag whose token was whitespace (seen in
            // xling/ko); a lone word without a tag is an error.
            if Tag::parse(word).is_some() {
                continue;
            }
            return Err(ModelError::Format {
                name: path.display().to_string(),
                message: format!("line {}: expected `token … tag`", n + 1),
            });
        };
        cur.words.push(word.to_owned());
        cur.tags
            .push(map_tag(tag).unwrap_or_else(|| "O".to_owned()));
    }
    flush(&mut cur, &mut out, doc);
    if doc == 0 {
        // No document marks: each sentence is its own document.
        for (i, s) in out.iter_mut().enumerate() {
            s.doc = i;
        }
    }
    Ok(out)
}

/// Reads a file of texts with entity spans, one JSON object a line:
/// `{"text": "…", "spans": [[start, end, "PER"], …]}`, offsets in Unicode
/// **code points** into `text`, end exclusive. Each text is tokenised as the
/// `ner` stage tokenises ([`crate::tokenize`]), so a model trained on it sees
/// the tokens it will see at run time, and a token is tagged with the first
/// span it overlaps (a Turkish "Ankara'da" whose span is "Ankara", or a
/// Hebrew "בלונדון" whose span leaves out the prefix letter, is one token,
/// tagged as the place). Spans of types outside
/// `types` are dropped; each line is its own document.
pub fn read_spans(path: impl AsRef<Path>, types: &[&str]) -> Result<Vec<Sentence>, ModelError> {
    let path = path.as_ref();
    let text = std::fs::read_to_string(path).map_err(|e| io_err(path, e))?;
    let bad = |n: usize, message: String| ModelError::Format {
        name: path.display().to_string(),
        message: format!("line {}: {message}", n + 1),
    };
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row: serde_json::Value =
            serde_json::from_str(line).map_err(|e| bad(n, e.to_string()))?;
        let Some(body) = row.get("text").and_then(|t| t.as_str()) else {
            return Err(bad(n, "no \"text\" string".into()));
        };
        // Code-point offsets to byte offsets.
        let bytes: Vec<usize> = body
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(body.len()))
            .collect();
        let mut spans: Vec<(usize, usize, &str)> = Vec::new();
        for span in row
            .get("spans")
            .and_then(|s| s.as_array())
            .into_iter()
            .flatten()
        {
            let (Some(a), Some(b), Some(label)) = (
                span.get(0).and_then(|v| v.as_u64()),
                span.get(1).and_then(|v| v.as_u64()),
                span.get(2).and_then(|v| v.as_str()),
            ) else {
                return Err(bad(n, format!("span {span} is not [start, end, label]")));
            };
            let (Some(&a), Some(&b)) = (bytes.get(a as usize), bytes.get(b as usize)) else {
                return Err(bad(n, format!("span {span} is outside the text")));
            };
            if a < b && types.contains(&label) {
                spans.push((a, b, label));
            }
        }
        let tokens = crate::tokenize(body);
        if tokens.is_empty() {
            continue;
        }
        let mut words = Vec::with_capacity(tokens.len());
        let mut tags = Vec::with_capacity(tokens.len());
        let mut last: Option<usize> = None;
        for t in &tokens {
            words.push(body[t.start..t.end].to_owned());
            // The span the token overlaps: a name written with a prefix
            // letter ("בלונדון", in London; "والقاهرة") is inside its token.
            let inside = spans.iter().position(|&(a, b, _)| a < t.end && t.start < b);
            tags.push(match inside {
                Some(k) => {
                    let prefix = if last == Some(k) { "I" } else { "B" };
                    format!("{prefix}-{}", spans[k].2)
                }
                None => "O".to_owned(),
            });
            last = inside;
        }
        out.push(Sentence {
            words,
            tags,
            doc: out.len(),
        });
    }
    Ok(out)
}

/// Keeps tags whose entity type is in `types` (e.g. `["PER","ORG","LOC"]`); others become `O`.
pub fn keep_types(tag: &str, types: &[&str]) -> Option<String> {
    match tag.split_once('-') {
        Some((_, t)) if types.contains(&t) => Some(tag.to_owned()),
        _ => None,
    }
}

/// NERP (IndoNLU) tags mapped to CoNLL types: PPL → PER, PLC → LOC, IND → ORG;
/// EVT and FNB have no counterpart and become `O`.
pub fn nerp_tag(tag: &str) -> Option<String> {
    let (pos, t) = tag.split_once('-')?;
    let t = match t {
        "PPL" => "PER",
        "PLC" => "LOC",
        "IND" => "ORG",
        _ => return None,
    };
    Some(format!("{pos}-{t}"))
}

/// Place names from Unicode CLDR (`territories.tsv`: locale, code, variant,
/// name; `cities.tsv`: locale, zone, name) in `dir`: the last column of every row.
pub fn cldr_place_names(dir: impl AsRef<Path>) -> Result<Vec<String>, ModelError> {
    let dir = dir.as_ref();
    let mut names = Vec::new();
    for file in ["territories.tsv", "cities.tsv"] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).map_err(|e| io_err(&path, e))?;
        for line in text.lines().skip(1) {
            if let Some(name) = line.split('\t').next_back() {
                if !name.trim().is_empty() {
                    names.push(name.trim().to_owned());
                }
            }
        }
    }
    names.sort();
    names.dedup();
    Ok(names)
}
/// For each sentence, the range of sentences of its document (a run of
/// consecutive sentences with the same `doc`).
pub(crate) fn doc_runs(sentences: &[Sentence]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut start = 0;
    for i in 1..=sentences.len() {
        if i == sentences.len() || sentences[i].doc != sentences[start].doc {
            out.extend(std::iter::repeat_n((start, i), i - start));
            start = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_files_tag_the_tokens_their_names_overlap() {
        let path = std::env::temp_dir().join(format!("tidings-spans-{}.jsonl", std::process::id()));
        // Code-point offsets: "Ankara" inside "Ankara'da"; "לונדון" after the
        // prefix letter ב of "בלונדון"; a span of a type not asked for.
        let lines = [
            r#"{"text": "Ali Ankara'da.", "spans": [[0, 3, "PER"], [4, 10, "LOC"]]}"#,
            r#"{"text": "גר בלונדון היום", "spans": [[4, 10, "LOC"], [11, 15, "DATE"]]}"#,
        ];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let got = read_spans(&path, &["PER", "ORG", "LOC"]);
        std::fs::remove_file(&path).ok();
        let got = got.unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].words, ["Ali", "Ankara'da", "."]);
        assert_eq!(got[0].tags, ["B-PER", "B-LOC", "O"]);
        assert_eq!(got[1].words, ["גר", "בלונדון", "היום"]);
        assert_eq!(got[1].tags, ["O", "B-LOC", "O"]);
    }
}
