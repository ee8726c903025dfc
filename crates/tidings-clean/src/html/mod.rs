//! The HTML path: parse with html5ever (via scraper), flatten the page into
//! text blocks, drop chrome by markup (tags, roles, ids/classes of menus,
//! widgets and consent platforms), pick the element whose subtree holds the
//! most prose and the least link text, and keep its blocks that no cue phrase
//! or link density marks as chrome.

use tidings_core::BoilerplateReason as R;
use tidings_core::LanguageCode;

pub(crate) mod dom;
pub(crate) mod features;
pub(crate) mod patterns;
pub(crate) mod pre_pass;
pub(crate) mod source_map;
pub(crate) mod tokenizer;

use crate::classify::{classify_one, smooth, Class, Features};
use crate::learned::page::{has_price, page_row, PageBlocks};
use crate::learned::{BlockModel, BlockRows, ModelKind, PageModel};
use crate::stopwords::{self, StopList};
use crate::{CleanConfig, Extraction};
use dom::{Page, NONE};
use features::{html_rows, Heuristics, HTML_N};
use pre_pass::pre_pass;
use source_map::SourceText;

/// Extracts the title and main text of an HTML page.
///
/// ```
/// let html = r#"<html><head><title>Talks resume | Example News</title></head><body>
///   <nav><a href="/">Home</a> <a href="/world">World</a></nav>
///   <article><h1>Talks resume</h1>
///     <p>The minister said on Tuesday that the talks would continue next week, and that both sides had agreed to meet again.</p>
///     <p>Officials from both countries described the first round as constructive and said that a joint statement was being prepared.</p>
///   </article>
///   <div id="onetrust-banner-sdk">We use cookies to improve your experience.</div>
/// </body></html>"#;
/// let x = tidings_clean::extract_html(html, &tidings_clean::CleanConfig::default());
/// assert_eq!(x.title.as_deref(), Some("Talks resume"));
/// assert_eq!(x.paragraphs.len(), 2);
/// assert!(x.boilerplate.iter().any(|b| b.reason == tidings_core::BoilerplateReason::CookieBanner));
/// ```
pub fn extract_html(html: &str, config: &CleanConfig) -> Extraction {
    extract_html_lang(html, None, config)
}

/// Like [`extract_html`], with the stopword language given (`None` detects it).
///
/// The block model is `config.html_model` (a model file is read once per
/// process), the page model `config.page_model` (likewise). A model that
/// cannot be loaded falls back to the heuristic, and a page model to no page
/// estimate: use [`try_extract_html`] to get the error instead.
pub fn extract_html_lang(
    html: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
) -> Extraction {
    let model = config.html_model.load(ModelKind::Html).ok().flatten();
    let page_model = PageModel::load(&config.page_model).ok().flatten();
    extract_html_models(html, lang, config, model.as_deref(), page_model.as_deref())
}

/// Like [`extract_html_lang`], but a block or page model that cannot be
/// loaded (a missing or corrupt `{"file": …}`) is an error naming the file,
/// not a silent fallback.
pub fn try_extract_html(
    html: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
) -> Result<Extraction, crate::LoadError> {
    let model = config.html_model.load(ModelKind::Html)?;
    let page_model = PageModel::load(&config.page_model)?;
    Ok(extract_html_models(
        html,
        lang,
        config,
        model.as_deref(),
        page_model.as_deref(),
    ))
}

/// Like [`extract_html_lang`], with the block model given (`None`: the
/// heuristic) and no page model (no page type or confidence).
pub fn extract_html_with(
    html: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
    model: Option<&BlockModel>,
) -> Extraction {
    extract_html_models(html, lang, config, model, None)
}

/// Like [`extract_html_with`], with a page model too: with both models the
/// extraction carries the page's type and the expected F1
/// ([`Extraction::page`]). The page model reads the block model's
/// probabilities, so without a block model it is not used.
pub fn extract_html_models(
    html: &str,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
    model: Option<&BlockModel>,
    page_model: Option<&PageModel>,
) -> Extraction {
    let (raw, page) = parse_page(html, config);
    let source = config.record_boilerplate.then(|| SourceText::new(raw));
    extract_page(&page, lang, config, model, page_model, source, false).0
}

/// The extraction of a page by `model`, and the page's row for the page model
/// (training: `tools/src/bin/train_clean.rs --mode page`).
pub fn html_page_row(
    html: &str,
    config: &CleanConfig,
    model: &BlockModel,
) -> (Extraction, Vec<f32>) {
    let (raw, page) = parse_page(html, config);
    let source = config.record_boilerplate.then(|| SourceText::new(raw));
    let (out, row) = extract_page(&page, None, config, Some(model), None, source, true);
    (out, row.unwrap_or_default())
}

/// Cuts a page to `max_html_bytes`, runs the [`pre_pass`], parses and
/// flattens it; returns the cut page (what offsets index) and its blocks.
fn parse_page<'a>(html: &'a str, config: &CleanConfig) -> (&'a str, Page) {
    let raw = tidings_core::prefix_at_char_boundary(html, config.max_html_bytes);
    let prepared = pre_pass(raw, config.max_depth);
    let doc = dom::parse(&prepared.html);
    (raw, Page::build(&doc, &prepared.classes))
}

/// Renders a page as plain text the way a scraper would save it: all visible
/// text, one line per block element, chrome included.
pub fn render_text(html: &str) -> String {
    let (_, page) = parse_page(html, &CleanConfig::default());
    let mut out = String::new();
    for b in &page.blocks {
        if b.tag == "title" || b.hidden {
            continue;
        }
        out.push_str(&b.text);
        out.push('\n');
    }
    out
}

fn page_language(page: &Page) -> Option<LanguageCode> {
    let mut sample = String::new();
    for b in page
        .blocks
        .iter()
        .filter(|b| !b.hidden && b.chars >= 60 && b.link_chars * 3 < b.chars)
    {
        sample.push_str(&b.text);
        sample.push(' ');
        if sample.len() > 1024 {
            break;
        }
    }
    stopwords::detect(&sample).or_else(|| {
        let code = page.lang_attr.as_deref()?;
        let primary = code.split(['-', '_']).next()?;
        LanguageCode::parse(primary)
    })
}

/// What the heuristic pass found on a page: per-block features and classes,
/// per-element chrome reasons, prose and scores, and the best element.
struct Analysis {
    lang: Option<LanguageCode>,
    feats: Vec<Features>,
    classes: Vec<Class>,
    reasons: Vec<Option<R>>,
    good: Vec<u32>,
    score: Vec<f32>,
    best: u32,
    best_score: f32,
    inside: Vec<bool>,
    title: Option<String>,
}

impl Analysis {
    fn block_reason(&self, b: &crate::html::dom::Block) -> Option<R> {
        if b.hidden {
            Some(R::Hidden)
        } else if b.hinted == NONE {
            None
        } else {
            self.reasons[b.hinted as usize]
        }
    }

    fn heuristics(&self) -> Heuristics<'_> {
        Heuristics {
            feats: &self.feats,
            classes: &self.classes,
            reasons: &self.reasons,
            good: &self.good,
            score: &self.score,
            best: self.best,
            best_score: self.best_score,
            inside: &self.inside,
            title: self.title.as_deref(),
        }
    }
}

fn analyse(page: &Page, lang: Option<LanguageCode>, config: &CleanConfig) -> Analysis {
    let lang = lang.or_else(|| page_language(page));
    let stop = page_stop_list(page, lang);
    let t = config.html_thresholds();
    let feats: Vec<Features> = page
        .blocks
        .iter()
        .map(|b| Features::of(&b.text, &stop, b.link_chars, b.chars))
        .collect();
    let classes: Vec<Class> = page
        .blocks
        .iter()
        .zip(&feats)
        .map(|(b, f)| classify_one(&b.text, f, &t))
        .collect();
    let good = prose_chars(page, &classes);
    let reasons = chrome_reasons(page, &good, config);
    let score = element_scores(page, &classes, &feats, &reasons, config);
    let (best, best_score) = best_element(page, &score, &reasons, config);
    let inside = if best == NONE || best_score <= 0.0 {
        vec![true; page.elems.len()]
    } else {
        page.inside_mask(best)
    };
    Analysis {
        lang,
        feats,
        classes,
        reasons,
        good,
        score,
        best,
        best_score,
        inside,
        title: page_title(page),
    }
}

/// The stop words of `lang`, or (no bundled list) the page's own most
/// frequent short words.
fn page_stop_list(page: &Page, lang: Option<LanguageCode>) -> StopList {
    match lang.filter(|l| stopwords::has_list(*l)) {
        Some(l) => StopList::new(Some(l), ""),
        None => {
            let sample: String = page
                .blocks
                .iter()
                .take(400)
                .map(|b| b.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            StopList::new(lang, &sample)
        }
    }
}

/// Prose characters per element, summed over its subtree (for protecting big
/// wrappers from weak hints).
fn prose_chars(page: &Page, classes: &[Class]) -> Vec<u32> {
    let n_elems = page.elems.len();
    let mut good = vec![0u32; n_elems];
    for (b, c) in page.blocks.iter().zip(classes) {
        if b.owner != NONE && !b.hidden && matches!(c, Class::Good | Class::NearGood) {
            good[b.owner as usize] += b.chars;
        }
    }
    for i in (0..n_elems).rev() {
        let p = page.elems[i].parent;
        if p != NONE {
            good[p as usize] += good[i];
        }
    }
    good
}

/// Each element's chrome reason from its markup hints, unless it holds more
/// of the page's prose than its hint's strength allows.
fn chrome_reasons(page: &Page, good: &[u32], config: &CleanConfig) -> Vec<Option<R>> {
    let total_good: u32 = page
        .elems
        .iter()
        .enumerate()
        .filter(|(_, e)| e.parent == NONE)
        .map(|(i, _)| good[i])
        .sum();
    let protect = config.protect_share;
    page.effective_reasons(|i, e| {
        !matches!(e.tag, "html" | "body" | "main")
            && (good[i] as f32)
                <= if e.hint.strong && e.hint.reason == Some(R::CookieBanner) {
                    0.9
                } else if e.hint.reason == Some(R::Comments) || e.hint.strong {
                    0.5
                } else {
                    protect
                } * total_good as f32
    })
}

/// Score per element: prose adds, link text and chrome subtract; summed over
/// subtrees.
fn element_scores(
    page: &Page,
    classes: &[Class],
    feats: &[Features],
    reasons: &[Option<R>],
    config: &CleanConfig,
) -> Vec<f32> {
    let n_elems = page.elems.len();
    let block_reason = |b: &crate::html::dom::Block| -> Option<R> {
        if b.hidden {
            Some(R::Hidden)
        } else if b.hinted == NONE {
            None
        } else {
            reasons[b.hinted as usize]
        }
    };
    let mut score = vec![0f32; n_elems];
    for ((b, c), f) in page.blocks.iter().zip(classes).zip(feats) {
        if b.owner == NONE || b.hidden {
            continue;
        }
        let chars = b.chars as f32;
        let w = if block_reason(b).is_some() {
            -config.chrome_penalty * chars
        } else {
            let ld = f.link_density();
            match c {
                Class::Good => chars * (1.0 - ld),
                Class::NearGood => config.near_good_weight * chars * (1.0 - ld),
                // Prose by shape even where the stopword list says little
                // (agglutinative languages, unusual vocabulary).
                Class::Bad(R::LowTextDensity)
                    if b.chars >= 100 && ld < 0.1 && sentence_like(&b.text) =>
                {
                    0.5 * chars
                }
                Class::Short if ld == 0.0 => config.short_weight * chars,
                Class::Short => 0.0,
                Class::Bad(_) | Class::Fixed(_) => -config.chrome_penalty * chars,
            }
        };
        score[b.owner as usize] += w;
    }
    for i in (0..n_elems).rev() {
        let p = page.elems[i].parent;
        if p != NONE {
            score[p as usize] += score[i];
        }
    }
    score
}

/// The best-scoring element without a chrome reason, widened to the
/// outermost ancestor that scores nearly as well (listings, forums and
/// product pages spread their content over sibling containers).
fn best_element(
    page: &Page,
    score: &[f32],
    reasons: &[Option<R>],
    config: &CleanConfig,
) -> (u32, f32) {
    let mut best = NONE;
    let mut best_score = f32::MIN;
    for (i, s) in score.iter().enumerate() {
        let bonus = if page.elems[i].hint.positive {
            config.positive_bonus
        } else {
            1.0
        };
        let s = s * bonus;
        if s >= best_score && reasons[i].is_none() {
            best_score = s;
            best = i as u32;
        }
    }
    if best != NONE && best_score > 0.0 && config.widen_ratio < 1.0 {
        let mut cur = page.elems[best as usize].parent;
        while cur != NONE {
            if reasons[cur as usize].is_some() || matches!(page.elems[cur as usize].tag, "html") {
                break;
            }
            if score[cur as usize] >= config.widen_ratio * best_score {
                best = cur;
            }
            cur = page.elems[cur as usize].parent;
        }
    }
    (best, best_score)
}

/// The page's title: `og:`/`twitter:` title, else the first `<h1>`, else `<title>`.
fn page_title(page: &Page) -> Option<String> {
    let h1 = page
        .blocks
        .iter()
        .find(|b| b.heading == 1 && b.tag != "title")
        .map(|b| b.text.clone());
    page.meta_title
        .clone()
        .or(h1)
        .or_else(|| page.title_tag.clone())
}

/// Why a block that is not kept was removed: its markup, its cue phrase, its
/// text density, or lying outside the main content.
fn removal_reason(a: &Analysis, page: &Page, i: usize) -> R {
    let b = &page.blocks[i];
    if let Some(r) = a.block_reason(b) {
        return r;
    }
    match a.classes[i] {
        Class::Fixed(r) => r,
        Class::Bad(R::LowTextDensity) | Class::Short | Class::NearGood | Class::Good
            if b.owner != NONE && !a.inside[b.owner as usize] =>
        {
            R::OutsideMainContent
        }
        Class::Bad(r) => r,
        _ => R::LowTextDensity,
    }
}

/// Extracts a page. With a block model and a page model, the extraction
/// carries the page estimate, and the blocks are decided again at the
/// estimated type's threshold when the page model has one
/// (`config.type_thresholds`); with `want_row`, the page row the estimate
/// read is returned too.
fn extract_page(
    page: &Page,
    lang: Option<LanguageCode>,
    config: &CleanConfig,
    model: Option<&BlockModel>,
    page_model: Option<&PageModel>,
    mut source: Option<SourceText>,
    want_row: bool,
) -> (Extraction, Option<Vec<f32>>) {
    let a = analyse(page, lang, config);
    let scored = model.map(|m| Scored::new(page, &a, config, m));
    let mut out = Extraction {
        title: a.title.clone(),
        language: a.lang,
        ..Default::default()
    };
    let mut keep = match &scored {
        Some(s) => s.verdicts(page, &a, config.model_threshold, config.model_veto),
        None => heuristic_verdicts(page, &a, config),
    };
    keep = keep_all_when_chrome_free(keep, page, &a, config, &mut out);
    let row = scored
        .as_ref()
        .filter(|_| want_row || page_model.is_some())
        .map(|s| s.page_row(page, &keep, out.kept_all.is_some()));
    if let (Some(m), Some(s), Some(row)) = (page_model, &scored, &row) {
        let estimate = m.predict(row);
        out.page = Some(estimate);
        let threshold = estimate.block_threshold.filter(|_| {
            config.type_thresholds && estimate.type_probability >= config.type_min_probability
        });
        if let Some(t) = threshold.filter(|&t| t != config.model_threshold) {
            out.kept_all = None;
            let again = s.verdicts(page, &a, t, config.model_veto);
            keep = keep_all_when_chrome_free(again, page, &a, config, &mut out);
        }
    }
    let record = config.record_boilerplate;
    for (i, b) in page.blocks.iter().enumerate() {
        if b.tag == "title" {
            continue;
        }
        // Every block is located, kept or not, so the search moves on.
        let span = source.as_mut().and_then(|s| s.locate(&b.text));
        let verdict = match keep[i] {
            Ok(())
                if b.heading == 1
                    && out.title.as_deref().is_some_and(|t| same_title(t, &b.text)) =>
            {
                continue;
            }
            v => v,
        };
        match verdict {
            Ok(()) => out.push_paragraph(&b.text),
            Err(r) if record => out.remove(&b.text, span, r),
            Err(_) => {}
        }
    }
    (out, row)
}

/// True when nothing on the page looks like chrome: no block with a markup
/// hint (menus, widgets, hidden, consent…), a cue phrase or links, no list
/// items or table cells, no block twice, and no short block without sentence
/// punctuation but headings and the first block. A bare page of a headline and
/// a paragraph or two, which the classifier (trained on whole sites) may
/// find too short to be an article, is then kept whole.
fn chrome_free(page: &Page, a: &Analysis, config: &CleanConfig) -> bool {
    /// Characters under which a block without sentence punctuation is short.
    const SHORT: u32 = 40;
    let mut seen: foldhash::HashSet<&str> =
        foldhash::HashSet::with_capacity_and_hasher(page.blocks.len(), Default::default());
    page.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.tag != "title")
        .enumerate()
        .all(|(k, (i, b))| {
            let short = b.chars < SHORT && b.heading == 0 && !crate::text::ends_prose(&b.text);
            a.block_reason(b).is_none()
                && !b.hidden
                && !matches!(a.classes[i], Class::Fixed(_))
                && a.feats[i].link_density() <= config.max_link_density
                && !matches!(b.tag, "li" | "td" | "th" | "dt" | "dd" | "option")
                && (k == 0 || !short)
                && seen.insert(b.text.as_str())
        })
}

/// A page's blocks as the block model scored them: the rows, each row's
/// block index, the model's probabilities, and the heuristic's verdicts.
struct Scored {
    rows: BlockRows,
    index: Vec<usize>,
    p: Vec<f32>,
    heuristic: Vec<Result<(), R>>,
}

impl Scored {
    fn new(page: &Page, a: &Analysis, config: &CleanConfig, m: &BlockModel) -> Scored {
        let (rows, index) = block_rows(page, a, false);
        let p = m.predict_flat(&rows.rows, rows.n_features);
        Scored {
            rows,
            index,
            p,
            heuristic: heuristic_verdicts(page, a, config),
        }
    }

    /// The learned decision: keep a block when the model's probability
    /// reaches `threshold`, or when the heuristic kept it and the model's
    /// probability reaches `veto` (the model adds blocks the heuristic
    /// missed, and vetoes the ones it kept only when it is confident they
    /// are chrome).
    fn verdicts(&self, page: &Page, a: &Analysis, threshold: f32, veto: f32) -> Vec<Result<(), R>> {
        let mut out: Vec<Result<(), R>> = (0..page.blocks.len())
            .map(|i| Err(removal_reason(a, page, i)))
            .collect();
        for (k, &i) in self.index.iter().enumerate() {
            let p = self.p.get(k).copied().unwrap_or(0.0);
            if p >= threshold || (self.heuristic[i].is_ok() && p >= veto) {
                out[i] = Ok(());
            }
        }
        out
    }

    /// The page row of these blocks under the verdicts `keep`.
    fn page_row(&self, page: &Page, keep: &[Result<(), R>], kept_all: bool) -> Vec<f32> {
        let kept: Vec<bool> = self.index.iter().map(|&i| keep[i].is_ok()).collect();
        let chars: Vec<u32> = self.index.iter().map(|&i| page.blocks[i].chars).collect();
        let priced: Vec<bool> = self
            .index
            .iter()
            .map(|&i| has_price(&page.blocks[i].text))
            .collect();
        page_row(&PageBlocks {
            rows: &self.rows.rows,
            p: &self.p,
            kept: &kept,
            chars: &chars,
            priced: &priced,
            kept_all,
        })
    }
}

/// A page with nothing that looks like chrome keeps all its text
/// ([`chrome_free`]), and `out` says so.
fn keep_all_when_chrome_free(
    keep: Vec<Result<(), R>>,
    page: &Page,
    a: &Analysis,
    config: &CleanConfig,
    out: &mut Extraction,
) -> Vec<Result<(), R>> {
    let removes = page
        .blocks
        .iter()
        .zip(&keep)
        .any(|(b, k)| k.is_err() && b.tag != "title");
    if removes && chrome_free(page, a, config) {
        out.kept_all = Some(tidings_core::KeptAll::NoBoilerplateFound);
        vec![Ok(()); keep.len()]
    } else {
        keep
    }
}

/// The rows of every block but the `<title>`, and each row's block index;
/// with their texts for training (prediction reads only the rows).
fn block_rows(page: &Page, a: &Analysis, with_texts: bool) -> (BlockRows, Vec<usize>) {
    let rows = html_rows(page, &a.heuristics());
    let mut out = BlockRows {
        n_features: HTML_N,
        ..Default::default()
    };
    let mut index = Vec::with_capacity(page.blocks.len());
    for (i, b) in page.blocks.iter().enumerate() {
        if b.tag == "title" {
            continue;
        }
        index.push(i);
        if with_texts {
            out.texts.push(b.text.clone());
        }
        out.rows
            .extend_from_slice(&rows[i * HTML_N..(i + 1) * HTML_N]);
    }
    (out, index)
}

/// The heuristic: keep the blocks of the best element that no cue phrase or
/// link density marks as chrome.
fn heuristic_verdicts(page: &Page, a: &Analysis, config: &CleanConfig) -> Vec<Result<(), R>> {
    // Within the main element: smooth the classes of its own blocks.
    let main_idx: Vec<usize> = (0..page.blocks.len())
        .filter(|&i| {
            let b = &page.blocks[i];
            b.owner != NONE && a.inside[b.owner as usize] && a.block_reason(b).is_none()
        })
        .collect();
    let mut main_classes: Vec<Class> = main_idx.iter().map(|&i| a.classes[i]).collect();
    let heads: Vec<bool> = main_idx
        .iter()
        .map(|&i| page.blocks[i].heading > 0)
        .collect();
    if config.smooth_main {
        smooth(&mut main_classes, &heads);
    }
    let mut keep = vec![None::<Class>; page.blocks.len()];
    for (k, &i) in main_idx.iter().enumerate() {
        keep[i] = Some(main_classes[k]);
    }
    page.blocks
        .iter()
        .enumerate()
        .map(|(i, b)| match keep[i] {
            None => Err(a.block_reason(b).unwrap_or(R::OutsideMainContent)),
            Some(c) => {
                let f = &a.feats[i];
                match (c, a.classes[i]) {
                    (_, Class::Fixed(r)) => Err(r),
                    _ if f.link_density() > config.max_main_link_density => Err(R::Navigation),
                    (Class::Good, _) => Ok(()),
                    (_, _) if !config.smooth_main => Ok(()),
                    (Class::Bad(r), _) | (Class::Fixed(r), _) => Err(r),
                    _ => Err(R::LowTextDensity),
                }
            }
        })
        .collect()
}

/// The blocks of an HTML page with the features the HTML model reads.
pub fn html_block_rows(html: &str, config: &CleanConfig) -> BlockRows {
    let (_, page) = parse_page(html, config);
    let a = analyse(&page, None, config);
    block_rows(&page, &a, true).0
}

fn same_title(a: &str, b: &str) -> bool {
    let a = a.trim();
    let b = b.trim();
    a == b || (b.len() >= 10 && a.starts_with(b))
}

/// Text with sentence punctuation inside (not just a list of words).
fn sentence_like(text: &str) -> bool {
    text.matches(['.', '!', '?', '。', '！', '？', ',', '，', '،', '।'])
        .count()
        >= 2
}

#[cfg(test)]
mod tests;
