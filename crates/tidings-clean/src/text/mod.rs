//! The plain-text path: one paragraph per line, each line classified as
//! content or boilerplate (with a reason) and smoothed against its neighbours.

pub(crate) mod features;

use tidings_core::BoilerplateReason as R;
use tidings_core::LanguageCode;

use crate::classify::{classify_one, smooth, Class, Features};
use crate::stopwords::{self, StopList};
use crate::{BlockModel, BlockRows, CleanConfig, Extraction, ModelKind};
use features::{text_rows, TEXT_N};

struct Line<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let lead = raw.len() - raw.trim_start().len();
        let body = raw.trim();
        if !body.is_empty() {
            let start = offset + lead;
            out.push(Line {
                text: body,
                start,
                end: start + body.len(),
            });
        }
        offset += raw.len();
    }
    out
}

/// Cleans plain text (one paragraph per line): the text counterpart of
/// [`crate::extract_html`]. The stopword language is detected.
///
/// ```
/// use tidings_clean::{extract_text, CleanConfig};
///
/// let x = extract_text(
///     "Skip to content\n\
///      The minister said on Tuesday that the talks would continue next week, and that both sides had agreed to meet again in the capital.\n\
///      Read more: Talks stall over trade",
///     &CleanConfig::default(),
/// );
/// assert_eq!(x.paragraphs.len(), 1);
/// assert_eq!(x.boilerplate.len(), 2);
/// ```
pub fn extract_text(text: &str, config: &CleanConfig) -> Extraction {
    extract_text_lang(text, None, config)
}

/// Like [`extract_text`], with the stopword language given (`None` detects it).
///
/// The line model is `config.text_model` (a model file is read once per
/// process). One that cannot be loaded falls back to the heuristic: use
/// [`try_extract_text`] to get the error instead.
pub fn extract_text_lang(
    text: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
) -> Extraction {
    let model = config.text_model.load(ModelKind::Text).ok().flatten();
    extract_text_with(text, lang, config, model.as_deref())
}

/// Like [`extract_text_lang`], but a line model that cannot be loaded (a
/// missing or corrupt `{"file": …}`) is an error naming the file, not a
/// silent fallback to the heuristic.
pub fn try_extract_text(
    text: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
) -> Result<Extraction, crate::LoadError> {
    let model = config.text_model.load(ModelKind::Text)?;
    Ok(extract_text_with(text, lang, config, model.as_deref()))
}

/// What the heuristic pass says about each line.
struct Analysis<'a> {
    lines: Vec<Line<'a>>,
    feats: Vec<Features>,
    /// Each line's class on its own (cue phrases included).
    raw: Vec<Class>,
    /// After headline lists and context smoothing.
    classes: Vec<Class>,
    headings: Vec<bool>,
    lang: Option<LanguageCode>,
}

impl Analysis<'_> {
    fn rows(&self) -> BlockRows {
        let texts: Vec<&str> = self.lines.iter().map(|l| l.text).collect();
        let rows = text_rows(
            &texts,
            &self.feats,
            &self.raw,
            &self.classes,
            &self.headings,
        );
        BlockRows {
            texts: texts.iter().map(|t| (*t).to_owned()).collect(),
            rows,
            n_features: TEXT_N,
        }
    }
}

/// The lines of a plain text with the features the text model reads, for
/// training a [`BlockModel`] of kind [`ModelKind::Text`].
pub fn text_line_rows(text: &str, config: &CleanConfig) -> BlockRows {
    analyse(text, None, config).rows()
}

/// Like [`extract_text_lang`], with the line model given (`None`: the heuristic).
pub fn extract_text_with(
    text: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
    model: Option<&BlockModel>,
) -> Extraction {
    let a = analyse(text, lang, config);
    // The model was trained on whole pages; where it keeps nothing at all
    // (a one-line document, an unusual layout) the heuristic decides.
    let probs = model
        .map(|m| m.predict_page(&a.rows()))
        .filter(|p| p.iter().any(|&p| p >= config.text_threshold));
    let Analysis {
        lines,
        feats,
        classes,
        headings,
        raw,
        lang,
    } = a;
    let mut out = Extraction {
        language: lang,
        ..Default::default()
    };
    // Title: a heading-like line before the first content line, near the top.
    let first_good = classes.iter().position(|c| c.is_good());
    let mut title_line = None;
    if let Some(first) = first_good {
        for i in 0..=first.min(4) {
            if i < lines.len() && headings[i] && !matches!(classes[i], Class::Fixed(_)) {
                // A heading directly followed by content, not itself a paragraph.
                // ... and only when content follows: a one-paragraph text
                // without Latin sentence punctuation is not all title.
                let more = classes[i + 1..].iter().any(|c| c.is_good());
                if i < first || (!ends_sentence(lines[i].text) && more) {
                    title_line = Some(i);
                    break;
                }
            }
        }
    }
    if let Some(i) = title_line {
        out.title = Some(lines[i].text.to_owned());
    }
    let verdicts: Vec<Result<(), R>> = (0..lines.len())
        .map(|i| match (&probs, classes[i], raw[i]) {
            // Cue phrases and headline lists are removed whatever the model says.
            (_, Class::Fixed(r), _) | (_, _, Class::Fixed(r)) => Err(r),
            (Some(p), _, _) if p.get(i).is_some_and(|&p| p >= config.text_threshold) => Ok(()),
            (Some(_), Class::Bad(r), _) => Err(r),
            (Some(_), _, _) => Err(R::LowTextDensity),
            (None, Class::Good, _) => Ok(()),
            (None, Class::Bad(r), _) => Err(r),
            (None, _, _) => Err(R::LowTextDensity),
        })
        .collect();
    let comments_from = comment_section(&lines, &raw, &verdicts);
    // Nothing to remove: whatever the classifier thinks of the prose (short,
    // few known stopwords, a script it reads poorly), the text is all content.
    let removes = (0..lines.len()).any(|i| verdicts[i].is_err() && Some(i) != title_line);
    // A text of one line is a whole record (a headline, a tweet, a sentence):
    // a cue phrase in it is its content, not a page's chrome.
    let keep_all = removes
        && comments_from.is_none()
        && (lines.len() == 1 || chrome_free(&lines, &feats, &classes, &raw));
    if keep_all {
        out.kept_all = Some(tidings_core::KeptAll::NoBoilerplateFound);
    }
    let title_words = title_line.map(|t| lower_words(lines[t].text));
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == title_line {
            continue;
        }
        let span = Some((line.start, line.end));
        let verdict = match comments_from {
            _ if keep_all => Ok(()),
            _ if title_words
                .as_ref()
                .is_some_and(|t| repeats_title(t, line.text)) =>
            {
                Err(R::RepeatedTitle)
            }
            // Inside the section, "comment" says more than "low density".
            Some(from) if i >= from => match verdicts[i] {
                Ok(()) | Err(R::LowTextDensity) => Err(R::Comments),
                other => other,
            },
            _ => verdicts[i],
        };
        match verdict {
            Ok(()) => out.push_paragraph(line.text),
            Err(r) => out.remove(line.text, span, r),
        }
    }
    out
}

/// A line's words, lowercased (how a repeated title is recognised).
fn lower_words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_lowercase).collect()
}

/// Whether `line` is the title (`title`: its [`lower_words`]) again, alone
/// or followed by a site tag of at most three words ("Kim Jong-Un Seek
/// Support from Russia voinews id").
fn repeats_title(title: &[String], line: &str) -> bool {
    let t = title;
    let n = line.split_whitespace().count();
    t.len() >= 3 && n >= t.len() && n <= t.len() + 3 && lower_words(line)[..t.len()] == t[..]
}

/// Where a comment section starts, if the page has one after its article:
/// a comments header ("Comments", "3 Comments", "Leave a reply") after some
/// kept text, directly followed by comment headers ("Jane on May 3, 2018 at
/// 4:47 pm said:"). In plain text a comment reads like prose, so
/// without markup this is what tells the two apart.
fn comment_section(lines: &[Line<'_>], raw: &[Class], verdicts: &[Result<(), R>]) -> Option<usize> {
    let kept: Vec<usize> = lines
        .iter()
        .zip(verdicts)
        .map(|(l, v)| if v.is_ok() { l.text.len() } else { 0 })
        .collect();
    let is_comments = |c: &Class| *c == Class::Fixed(R::Comments);
    // "joetoronto says:" — too short to tell from "He said:" alone, but a
    // page with several is a comment thread.
    let says: Vec<bool> = lines.iter().map(|l| short_says(l.text)).collect();
    let many_says = says.iter().filter(|&&s| s).count() >= 3;
    let heads: Vec<bool> = raw
        .iter()
        .zip(&says)
        .map(|(c, &s)| is_comments(c) || (many_says && s))
        .collect();
    let mut before = 0;
    for i in 0..lines.len() {
        let header = is_comments(&raw[i]) && lines[i].text.split_whitespace().count() <= 12;
        if header && before >= 200 {
            // The first comment's header follows closely; a "Comments" tab
            // above the article is not a section.
            let next = heads[i + 1..].iter().position(|&h| h);
            let count = heads[i + 1..].iter().filter(|&&h| h).count();
            if next.is_some_and(|d| d < 5) && count >= 2 {
                return Some(i + 1);
            }
        }
        before += kept[i];
    }
    None
}

fn analyse<'a>(text: &'a str, lang: Option<LanguageCode>, config: &CleanConfig) -> Analysis<'a> {
    let lines = lines(text);
    // Detect on the prose-looking lines: menus at the top say little.
    let lang = lang.or_else(|| {
        let mut sample = String::new();
        for l in lines.iter().filter(|l| l.text.len() >= 80) {
            sample.push_str(l.text);
            sample.push('\n');
            if sample.len() > 2048 {
                break;
            }
        }
        stopwords::detect(&sample).or_else(|| stopwords::detect(text))
    });
    let stop = StopList::new(lang, text);
    let t = config.thresholds();
    let feats: Vec<Features> = lines
        .iter()
        .map(|l| {
            let chars = l.text.chars().count() as u32;
            let f = Features::of(l.text, &stop, 0, chars);
            // A long line with few of the document's stopwords may be written in
            // another language (an English paragraph in an Indonesian article):
            // score it with its own language's list.
            if f.spaced && chars >= 60 && f.stop_density() < t.stopwords_high {
                if let Some(own) = stopwords::detect(l.text).filter(|&o| Some(o) != lang) {
                    let other = Features::of(l.text, &StopList::new(Some(own), ""), 0, chars);
                    if other.stop_density() > f.stop_density() {
                        return other;
                    }
                }
            }
            f
        })
        .collect();
    let raw: Vec<Class> = lines
        .iter()
        .zip(&feats)
        .map(|(l, f)| classify_one(l.text, f, &t))
        .collect();
    let mut classes = raw.clone();
    mark_headline_lists(&lines, &feats, &mut classes, &t);
    let headings: Vec<bool> = lines
        .iter()
        .zip(&feats)
        .map(|(l, f)| looks_like_heading(l.text, f))
        .collect();
    smooth(&mut classes, &headings);
    // A document of one or two paragraphs has no good neighbours to lean on:
    // when nothing is good, near-good lines are the content.
    if !classes.iter().any(|c| c.is_good()) {
        for ((c, f), l) in classes.iter_mut().zip(&feats).zip(&lines) {
            // Prose by its stopwords, or a full sentence of several words (lists
            // like Russian's are short, and news prose is name-heavy).
            let prose = f.stop_density() >= t.stopwords_low
                || (f.words >= 8 && f.stops > 0 && ends_sentence(l.text));
            if matches!(c, Class::Bad(R::LowTextDensity)) && prose && f.chars >= t.length_low {
                *c = Class::Good;
            }
        }
    }

    Analysis {
        lines,
        feats,
        raw,
        classes,
        headings,
        lang,
    }
}

/// True when nothing in the text looks like chrome: no line that a cue phrase,
/// a timestamp or a headline list marks, no line twice, and no short line
/// without sentence punctuation (a menu item, a label, a headline of another
/// story) except the first (the document's own headline). Chrome comes in
/// runs of short lines and in stock phrases; prose in any language, a
/// headline, a one-sentence record have neither.
fn chrome_free(lines: &[Line<'_>], feats: &[Features], classes: &[Class], raw: &[Class]) -> bool {
    /// Characters under which a line without sentence punctuation is short.
    const SHORT: u32 = 40;
    if classes
        .iter()
        .chain(raw)
        .any(|c| matches!(c, Class::Fixed(_)))
    {
        return false;
    }
    // Weighed by script, as `classify_one` weighs it: a Thai or Chinese
    // sentence of 20 characters is no menu item.
    let short = |i: usize| feats[i].weighted_chars() < SHORT && !ends_prose(lines[i].text);
    if (1..lines.len()).any(short) {
        return false;
    }
    let mut seen = std::collections::HashSet::with_capacity(lines.len());
    lines.iter().all(|l| seen.insert(l.text))
}

/// "name says:", "Jane Doe wrote:" — at most three words ending so.
fn short_says(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words.len() <= 3
        && words.last().is_some_and(|w| {
            let w = w.to_lowercase();
            [
                "says:", "said:", "wrote:", "sagt:", "schrieb:", "dit :", "dice:", "disse:",
            ]
            .contains(&w.as_str())
        })
}

/// Ends like a sentence in any script (closing quotes and brackets aside):
/// Latin, CJK, Devanagari `।`, Ethiopic `።`, Myanmar `။`, Armenian `։`,
/// Arabic `؟`, an ellipsis.
pub(crate) fn ends_prose(s: &str) -> bool {
    // Ethiopic ends a sentence with `።` or, in much text, with two word
    // separators `፡፡`; a space may sit inside a closing quote ("… እናትየው። ").
    s.trim_end()
        .trim_end_matches(['"', '\'', '”', '’', '»', '«', '」', '』', ')', '）', ']'])
        .trim_end()
        .ends_with([
            '.', '!', '?', '。', '！', '？', ':', ';', '…', '।', '॥', '።', '။', '։', '؟', '۔', '་',
            '፧', '፡',
        ])
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', '。', '！', '？', ':', ';', ','])
}

/// A short line without sentence punctuation at its end.
pub(crate) fn looks_like_heading(text: &str, f: &Features) -> bool {
    f.chars >= 8 && f.chars <= 200 && f.words >= 2 && !ends_sentence(text)
}

/// Lists of other headlines: a list header ("Berita Lainnya", "Related
/// articles") and what follows it until real content resumes, and runs of
/// headline/timestamp pairs.
fn mark_headline_lists(
    lines: &[Line<'_>],
    feats: &[Features],
    classes: &mut [Class],
    t: &crate::classify::Thresholds,
) {
    let n = lines.len();
    // After a bare list header, everything short is part of the list.
    let mut in_list = false;
    for i in 0..n {
        match classes[i] {
            Class::Fixed(R::RelatedLinks) if feats[i].words <= 5 => in_list = true,
            Class::Good if feats[i].chars > t.length_high => in_list = false,
            Class::Fixed(R::Timestamp) => {}
            _ if in_list && feats[i].chars <= 200 && !ends_sentence(lines[i].text) => {
                classes[i] = Class::Fixed(R::RelatedLinks);
            }
            _ if in_list => in_list = false,
            _ => {}
        }
    }
    // Headline + timestamp pairs, at least two in a row.
    let is_ts = |c: Class| c == Class::Fixed(R::Timestamp);
    for i in 0..n {
        if matches!(classes[i], Class::Fixed(_)) || feats[i].chars > 200 {
            continue;
        }
        let next_ts = i + 1 < n && is_ts(classes[i + 1]);
        let pair_after = i + 3 < n && next_ts && is_ts(classes[i + 3]);
        let pair_before = i >= 1 && next_ts && is_ts(classes[i - 1]);
        if pair_after || pair_before {
            classes[i] = Class::Fixed(R::RelatedLinks);
        }
    }
}
