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
