//! Chrome-free inputs through the default pipeline: how much of their text
//! survives `clean`. Built from lingua's sentences (75 languages) and the
//! FLORES dev sentences (every language of `mt/flores-dev-all`: sentences,
//! and prose of five paragraphs of three sentences and of one, with the
//! share of characters kept, which in a script without spaces says more than
//! the share of words):
//!
//! - **sentences**: every sentence is its own plain-text document;
//! - **pages**: single-paragraph HTML pages (`<title>`, one `<p>` of three
//!   sentences);
//! - **prose**: documents of five paragraphs of three sentences each;
//! - **mixed**: documents of six paragraphs alternating two languages.
//!
//! Kept = the multiset overlap of `\w+` tokens between the input text and the
//! record's title and content, over the input's tokens. The language of every
//! one-sentence document is also compared with what `lang` alone says.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use regex::Regex;
use tidings::{Document, Pipeline};

/// What one language's documents kept: `\w+` tokens, and the characters
/// of those tokens (a Thai or Chinese run without spaces is one long token).
#[derive(Debug, Default, Clone)]
pub struct Kept {
    pub tokens: u64,
    pub kept: u64,
    pub chars: u64,
    pub kept_chars: u64,
}

impl Kept {
    fn add(&mut self, re: &Regex, input: &str, doc: &Document) {
        let mut bag: HashMap<&str, i64> = HashMap::new();
        for m in re.find_iter(input) {
            *bag.entry(m.as_str()).or_default() += 1;
        }
        let total: i64 = bag.values().sum();
        let chars: usize = bag
            .iter()
            .map(|(t, n)| t.chars().count() * *n as usize)
            .sum();
        let out = format!("{}\n{}", doc.title.as_deref().unwrap_or(""), doc.content);
        let (mut kept, mut kept_chars) = (0, 0);
        for m in re.find_iter(&out) {
            if let Some(c) = bag.get_mut(m.as_str()).filter(|c| **c > 0) {
                *c -= 1;
                kept += 1;
                kept_chars += m.as_str().chars().count() as u64;
            }
        }
        self.tokens += total as u64;
        self.kept += kept;
        self.chars += chars as u64;
        self.kept_chars += kept_chars;
    }

    /// The share of the input's word characters kept.
    pub fn char_share(&self) -> f64 {
        if self.chars == 0 {
            1.0
        } else {
            self.kept_chars as f64 / self.chars as f64
        }
    }

    pub fn share(&self) -> f64 {
        if self.tokens == 0 {
            1.0
        } else {
            self.kept as f64 / self.tokens as f64
        }
    }

    fn merge(&mut self, o: &Kept) {
        self.tokens += o.tokens;
        self.kept += o.kept;
        self.chars += o.chars;
        self.kept_chars += o.kept_chars;
    }
}

/// One language's row of the table.
#[derive(Debug, Default, Clone)]
pub struct Row {
    pub lang: String,
    pub sentences: Kept,
    pub pages: Kept,
    pub prose: Kept,
    /// One-sentence documents whose language differs from `lang` alone.
    pub lang_mismatch: usize,
    pub docs: usize,
}

/// One FLORES language: one-sentence documents, and prose of five
/// paragraphs of three sentences and of five one-sentence paragraphs.
#[derive(Debug, Default)]
pub struct FloresRow {
    pub lang: String,
    pub sentences: Kept,
    pub prose: Kept,
    pub short_prose: Kept,
}

impl FloresRow {
    /// The least share of characters kept of the three.
    pub fn worst(&self) -> f64 {
        self.sentences
            .char_share()
            .min(self.prose.char_share())
            .min(self.short_prose.char_share())
    }
}

/// The whole evaluation.
#[derive(Debug, Default)]
pub struct Report {
    pub rows: Vec<Row>,
    /// FLORES dev, every language of `mt/flores-dev-all`.
    pub flores: Vec<FloresRow>,
    /// Mixed-language documents: paragraphs in, paragraphs dropped.
    pub mixed_paragraphs: usize,
    pub mixed_dropped: usize,
    pub mixed_dropped_by_lang: HashMap<String, usize>,
}

fn read_lines(path: &Path) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("read {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

/// Every `LANG.txt` of `dir`, sorted by name: the language and its first
/// `limit` non-empty lines.
fn language_files(dir: &Path, limit: usize) -> Result<Vec<(String, Vec<String>)>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let lang = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let mut lines = read_lines(path)?;
            lines.truncate(limit);
            Ok((lang, lines))
        })
        .collect()
}

fn run_all(pipeline: &Pipeline, docs: Vec<Document>) -> Vec<Document> {
    let mut out = Vec::with_capacity(docs.len());
    pipeline
        .run(docs, |d| {
            out.push(d);
            Ok::<_, std::convert::Infallible>(())
        })
        .unwrap_or_else(|e| match e {});
    out
}

fn html_page(title: &str, body: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{}</title></head><body><p>{}</p></body></html>",
        esc(title),
        esc(body)
    )
}

/// Runs the evaluation over `data` (the `TIDINGS_DATA` directory); `limit`
/// caps the sentences read per language.
pub fn evaluate(
    data: &Path,
    limit: usize,
    full: &Pipeline,
    lang_only: &Pipeline,
) -> Result<Report> {
    let re = Regex::new(r"\w+")?;
    let mut report = Report::default();
    let all = language_files(
        &data.join("langid/lingua/language-testdata/sentences"),
        limit,
    )?;
    for (lang, lines) in &all {
        let mut row = Row {
            lang: lang.clone(),
            ..Default::default()
        };
        // Sentences, one a document, with the language check.
        let docs: Vec<Document> = lines
            .iter()
            .enumerate()
            .map(|(i, s)| Document::new(format!("{lang}-s{i}"), s.clone()))
            .collect();
        let out = run_all(full, docs.clone());
        let alone = run_all(lang_only, docs);
        for ((s, d), a) in lines.iter().zip(&out).zip(&alone) {
            row.sentences.add(&re, s, d);
            let code = |d: &Document| d.language.as_ref().map(|l| l.iso639_3.clone());
            row.lang_mismatch += usize::from(code(d) != code(a));
        }
        row.docs += out.len();
        // Single-paragraph pages and five-paragraph prose.
        let mut pages = Vec::new();
        let mut page_text = Vec::new();
        let mut prose = Vec::new();
        let mut prose_text = Vec::new();
        for (k, group) in lines.chunks(3).enumerate() {
            if group.len() < 3 {
                break;
            }
            let body = group.join(" ");
            let title: String = group[0]
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            pages.push(Document::html(
                format!("{lang}-p{k}"),
                html_page(&title, &body),
            ));
            page_text.push(format!("{title}\n{body}"));
        }
        for (k, group) in lines.chunks(15).enumerate() {
            if group.len() < 15 {
                break;
            }
            let text = group
                .chunks(3)
                .map(|p| p.join(" "))
                .collect::<Vec<_>>()
                .join("\n");
            prose.push(Document::new(format!("{lang}-d{k}"), text.clone()));
            prose_text.push(text);
        }
        row.docs += pages.len() + prose.len();
        for (t, d) in page_text.iter().zip(run_all(full, pages)) {
            row.pages.add(&re, t, &d);
        }
        for (t, d) in prose_text.iter().zip(run_all(full, prose)) {
            row.prose.add(&re, t, &d);
        }
        report.rows.push(row);
    }
    // Mixed documents: six paragraphs alternating two languages, 300 of them.
    let n = all.len();
    let mut mixed = Vec::new();
    let mut mixed_langs = Vec::new();
    for k in 0..300.min(n * 4) {
        let a = k % n;
        let b = (a + 1 + (k * 7) % (n - 1)) % n;
        let mut paras = Vec::new();
        let mut langs = Vec::new();
        for j in 0..6 {
            let (lang, lines) = if j % 2 == 0 { &all[a] } else { &all[b] };
            let start = (k * 6 + j * 2) % lines.len().saturating_sub(2).max(1);
            paras.push(lines[start..(start + 2).min(lines.len())].join(" "));
            langs.push(lang.clone());
        }
        mixed.push(Document::new(format!("mixed-{k}"), paras.join("\n")));
        mixed_langs.push((paras, langs));
    }
    for (doc, (paras, langs)) in run_all(full, mixed).iter().zip(&mixed_langs) {
        for (p, lang) in paras.iter().zip(langs) {
            report.mixed_paragraphs += 1;
            if !doc.content.contains(p.trim()) && doc.title.as_deref() != Some(p.trim()) {
                report.mixed_dropped += 1;
                *report
                    .mixed_dropped_by_lang
                    .entry(lang.clone())
                    .or_default() += 1;
            }
        }
    }
    // FLORES dev in every language: each sentence a document, and prose of
    // five paragraphs of three sentences.
    for (lang, lines) in language_files(&data.join("mt/flores-dev-all"), limit)? {
        let docs: Vec<Document> = lines
            .iter()
            .enumerate()
            .map(|(i, s)| Document::new(format!("flores-{lang}-{i}"), s.clone()))
            .collect();
        let mut sentences = Kept::default();
        for (s, d) in lines.iter().zip(run_all(full, docs)) {
            sentences.add(&re, s, &d);
        }
        let mut row = FloresRow {
            lang: lang.clone(),
            sentences,
            ..Default::default()
        };
        for (per_paragraph, kept) in [(3, &mut row.prose), (1, &mut row.short_prose)] {
            let texts: Vec<String> = lines
                .chunks_exact(5 * per_paragraph)
                .map(|group| {
                    group
                        .chunks(per_paragraph)
                        .map(|p| p.join(" "))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect();
            let docs: Vec<Document> = texts
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    Document::new(format!("flores-{lang}-{per_paragraph}-{k}"), t.clone())
                })
                .collect();
            for (t, d) in texts.iter().zip(run_all(full, docs)) {
                kept.add(&re, t, &d);
            }
        }
        report.flores.push(row);
    }
    Ok(report)
}

impl Report {
    /// Prints the per-language table and the totals; returns the failures
    /// against the thresholds.
    pub fn print(&self, min_sentence: f64, min_prose: f64) -> Vec<String> {
        println!("PROSE  chrome-free inputs through the default pipeline: share of words kept");
        println!("  lang  sentences  pages    prose    lang≠alone");
        let mut total = Row::default();
        for r in &self.rows {
            println!(
                "  {:<4}  {:>7.2} %  {:>6.2} %  {:>6.2} %  {:>4}",
                r.lang,
                100.0 * r.sentences.share(),
                100.0 * r.pages.share(),
                100.0 * r.prose.share(),
                r.lang_mismatch
            );
            total.sentences.merge(&r.sentences);
            total.pages.merge(&r.pages);
            total.prose.merge(&r.prose);
            total.lang_mismatch += r.lang_mismatch;
            total.docs += r.docs;
        }
        println!(
            "  all   {:>7.2} %  {:>6.2} %  {:>6.2} %  {:>4}   ({} languages, {} documents)",
            100.0 * total.sentences.share(),
            100.0 * total.pages.share(),
            100.0 * total.prose.share(),
            total.lang_mismatch,
            self.rows.len(),
            total.docs
        );
        println!(
            "  FLORES dev: share of characters kept (sentences; five paragraphs of three sentences; of one)"
        );
        let mut all = FloresRow::default();
        for r in &self.flores {
            if r.worst() < 1.0 {
                println!(
                    "  {:<4}  {:>7.2} %  {:>6.2} %  {:>6.2} %",
                    r.lang,
                    100.0 * r.sentences.char_share(),
                    100.0 * r.prose.char_share(),
                    100.0 * r.short_prose.char_share()
                );
            }
            all.sentences.merge(&r.sentences);
            all.prose.merge(&r.prose);
            all.short_prose.merge(&r.short_prose);
        }
        let worst = self
            .flores
            .iter()
            .min_by(|a, b| a.worst().total_cmp(&b.worst()))
            .map_or(("-", 1.0), |r| (r.lang.as_str(), r.worst()));
        println!(
            "  all   {:>7.2} %  {:>6.2} %  {:>6.2} %   ({} languages, worst {} {:.2} %; languages at 100 % not listed)",
            100.0 * all.sentences.char_share(),
            100.0 * all.prose.char_share(),
            100.0 * all.short_prose.char_share(),
            self.flores.len(),
            worst.0,
            100.0 * worst.1
        );
        let mut by_lang: Vec<_> = self.mixed_dropped_by_lang.iter().collect();
        by_lang.sort_by(|a, b| b.1.cmp(a.1));
        println!(
            "  mixed two-language documents: {} of {} paragraphs dropped {:?}",
            self.mixed_dropped, self.mixed_paragraphs, by_lang
        );
        let mut failed = Vec::new();
        for r in &self.rows {
            if r.sentences.share() < min_sentence || r.pages.share() < min_sentence {
                failed.push(format!(
                    "{}: sentences {:.4} / pages {:.4} < {min_sentence}",
                    r.lang,
                    r.sentences.share(),
                    r.pages.share()
                ));
            }
            if r.prose.share() < min_prose {
                failed.push(format!(
                    "{}: prose {:.4} < {min_prose}",
                    r.lang,
                    r.prose.share()
                ));
            }
        }
        for r in &self.flores {
            if r.worst() < min_sentence {
                failed.push(format!(
                    "FLORES {}: characters kept {:.4} (sentences) / {:.4} / {:.4} (prose) < {min_sentence}",
                    r.lang,
                    r.sentences.char_share(),
                    r.prose.char_share(),
                    r.short_prose.char_share()
                ));
            }
        }
        if total.lang_mismatch > 0 {
            failed.push(format!(
                "{} one-sentence documents got another language than `lang` alone gives",
                total.lang_mismatch
            ));
        }
        failed
    }
}
