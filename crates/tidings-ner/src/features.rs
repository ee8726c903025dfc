//! Feature templates of the tagger: word, affixes, shape, casing, a window of
//! two words each side, sentence position, gazetteer matches, a lowercase
//! vocabulary prior, and the two previous tags. Every feature is hashed into
//! one of `2^bits` rows of the weight table.

use std::collections::HashMap;

use crate::hash::Fnv;
use crate::resources::Resources;
use crate::token::TokInfo;

/// Document-level counts of each lowercased word: how often it appears
/// capitalised (not sentence-initially) and how often in lowercase. They let
/// a sentence-initial or all-caps headline word borrow evidence from the rest
/// of the document.
#[derive(Debug, Default)]
pub(crate) struct DocStats {
    counts: HashMap<String, (u32, u32)>,
}

pub(crate) fn starts_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn starts_lower(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase)
}

fn mostly_caps(words: &[&str]) -> bool {
    let (mut up, mut low) = (0, 0);
    for c in words.iter().flat_map(|w| w.chars()) {
        if c.is_uppercase() {
            up += 1;
        } else if c.is_lowercase() {
            low += 1;
        }
    }
    up > 2 * low
}

impl DocStats {
    /// Counts over the sentences of one document.
    pub(crate) fn new<'a>(sentences: impl IntoIterator<Item = &'a [&'a str]>) -> Self {
        let mut counts: HashMap<String, (u32, u32)> = HashMap::new();
        for words in sentences {
            // Headlines in capitals say nothing about casing.
            if mostly_caps(words) {
                continue;
            }
            for (i, w) in words.iter().enumerate() {
                let cap = i > 0 && starts_upper(w);
                let low = starts_lower(w);
                if cap || low {
                    let e = counts.entry(w.to_lowercase()).or_default();
                    e.0 += cap as u32;
                    e.1 += low as u32;
                }
            }
        }
        DocStats { counts }
    }

    /// The document code of token `i` of a sentence: bit 0 = capitalised
    /// elsewhere in the document, bit 1 = lowercase elsewhere.
    fn code(&self, words: &[&str], i: usize, lower: &str, caps_sentence: bool) -> u8 {
        let Some(&(cap, low)) = self.counts.get(lower) else {
            return 0;
        };
        let w = words[i];
        let (own_cap, own_low) = if caps_sentence {
            (0, 0)
        } else {
            ((i > 0 && starts_upper(w)) as u32, starts_lower(w) as u32)
        };
        ((cap > own_cap) as u8) | (((low > own_low) as u8) << 1)
    }
}

const MAX_SHAPE: usize = 8;

fn shape_char(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else if c.is_alphabetic() {
        // Caseless scripts (CJK, Arabic, Devanagari…).
        'a'
    } else {
        c
    }
}

/// Whether the casing of a sentence says nothing about names (feature set 3,
/// "case-aware"): a line with no capital at all (NERP's lowercased text, a
/// chat message), or a title-case headline — two or more capitalised words
/// after the first that are common lowercase words ("Kim Jong-Un Seek Support
/// from Russia"), at least a third of the capitalised words, and at most half
/// as many lowercase words. Lines in capitals keep their own treatment (the
/// document statistics and a capitals flag).
pub(crate) fn casing_uninformative(words: &[&str], res: &Resources) -> bool {
    cased_words(words).is_some_and(|cased| {
        !cased.iter().any(|w| w.chars().any(char::is_uppercase)) || title_case(&cased, res)
    })
}

/// Whether a sentence is a title-case headline (see [`casing_uninformative`]).
pub(crate) fn is_title_case(words: &[&str], res: &Resources) -> bool {
    cased_words(words).is_some_and(|cased| title_case(&cased, res))
}

/// The words with cased letters, unless there are none or the line is in
/// capitals.
fn cased_words<'a>(words: &[&'a str]) -> Option<Vec<&'a str>> {
    let cased: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| w.chars().any(|c| c.is_uppercase() || c.is_lowercase()))
        .collect();
    (!cased.is_empty() && !mostly_caps(&cased)).then_some(cased)
}

fn title_case(cased: &[&str], res: &Resources) -> bool {
    let (mut title_words, mut lower_words, mut upper_words) = (0, 0, 0);
    for (i, w) in cased.iter().enumerate() {
        if starts_lower(w) {
            lower_words += 1;
        } else if starts_upper(w) {
            upper_words += 1;
            if i > 0 && res.is_common_lower(&w.to_lowercase()) {
                title_words += 1;
            }
        }
    }
    // A list of names ("Mark Taylor , Stuart Law , Neil Back") has few
    // lowercase words too, but most of its capitalised words are names.
    title_words >= 2 && 2 * lower_words <= title_words && 3 * title_words >= upper_words
}

/// Computes the per-token facts of one sentence. With `case_aware` (feature
/// set 3), a sentence whose casing is uninformative is featurised lowercased,
/// its shapes marked as such, so that one model reads cased and caseless text.
pub(crate) fn token_infos(
    words: &[&str],
    res: &Resources,
    doc: Option<&DocStats>,
    case_aware: bool,
) -> Vec<TokInfo> {
    let caseless = case_aware && casing_uninformative(words, res);
    let caps = mostly_caps(words) || caseless;
    let mut infos: Vec<TokInfo> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            let mut shape = String::with_capacity(MAX_SHAPE + 1);
            let mut short = String::with_capacity(MAX_SHAPE + 1);
            if caseless {
                shape.push('~');
                short.push('~');
            }
            let mut last = '\0';
            let seen: &str = if caseless { &lower } else { w };
            for (n, c) in seen.chars().enumerate() {
                let s = shape_char(c);
                if n < MAX_SHAPE {
                    shape.push(s);
                }
                if s != last && short.len() < MAX_SHAPE + caseless as usize {
                    short.push(s);
                }
                last = s;
            }
            let capitalised = !caseless && starts_upper(w);
            let common_lower = capitalised && res.is_common_lower(&lower);
            let code = doc.map_or(0, |d| d.code(words, i, &lower, caps)) | ((caps as u8) << 2);
            let cluster = res.cluster(w, &lower);
            TokInfo {
                lower,
                shape,
                short,
                gaz: 0,
                ent: 0,
                nw: 0,
                cluster,
                common_lower,
                doc: code,
                caseless,
            }
        })
        .collect();
    res.mark_gazetteer(&mut infos);
    res.mark_entities(&mut infos);
    res.mark_name_words(&mut infos);
    infos
}

/// Which optional feature templates a model uses.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Templates {
    /// The known-entity marks.
    pub(crate) entities: bool,
    /// Feature set 2 and later: the extended context templates.
    pub(crate) extended: bool,
    /// The name-word marks.
    pub(crate) name_words: bool,
    /// Letter trigrams of words in scripts without case.
    pub(crate) char_ngrams: bool,
    /// Word-cluster prefixes.
    pub(crate) clusters: bool,
}

/// The first `k` bits of a cluster code (the whole code when shorter),
/// leading 1 kept, so that prefixes of different lengths differ.
fn cluster_prefix(code: u32, k: u32) -> u32 {
    let len = 31u32.saturating_sub(code.leading_zeros());
    if code == 0 || len <= k {
        code
    } else {
        code >> (len - k)
    }
}

/// Appends the tag-independent feature rows of token `i` to `out`.
pub(crate) fn static_features(
    words: &[&str],
    infos: &[TokInfo],
    i: usize,
    bits: u32,
    templates: Templates,
    out: &mut Vec<u32>,
) {
    let Templates {
        entities,
        extended,
        name_words,
        char_ngrams,
        clusters,
    } = templates;
    let t = &infos[i];
    let w = words[i];
    let get = |j: isize| -> Option<&TokInfo> {
        let k = i as isize + j;
        if k < 0 {
            None
        } else {
            infos.get(k as usize)
        }
    };
    let lw = |j: isize| get(j).map_or(if j < 0 { "<s>" } else { "</s>" }, |t| t.lower.as_str());
    let sh = |j: isize| get(j).map_or(if j < 0 { "<s>" } else { "</s>" }, |t| t.short.as_str());
    let mut push = |f: Fnv| out.push(f.bucket(bits));

    push(Fnv::new(1));
    // A caseless sentence is read lowercased (feature set 3).
    let w = if t.caseless { t.lower.as_str() } else { w };
    push(Fnv::new(2).str(w));
    push(Fnv::new(3).str(&t.lower));
    // Affixes (characters, not bytes), lowercase.
    let chars: Vec<(usize, char)> = t.lower.char_indices().collect();
    let n = chars.len();
    for k in 1..=4.min(n) {
        let end = chars.get(k).map_or(t.lower.len(), |&(b, _)| b);
        push(Fnv::new(4).num(k as u32).str(&t.lower[..end]));
        let start = chars[n - k].0;
        push(Fnv::new(5).num(k as u32).str(&t.lower[start..]));
    }
    push(Fnv::new(6).str(&t.shape));
    push(Fnv::new(7).str(&t.short));
    push(Fnv::new(8).str(lw(-1)));
    push(Fnv::new(9).str(lw(-2)));
    push(Fnv::new(10).str(lw(1)));
    push(Fnv::new(11).str(lw(2)));
    push(Fnv::new(12).str(sh(-1)));
    push(Fnv::new(13).str(sh(1)));
    push(Fnv::new(14).str(lw(-1)).str(&t.lower));
    push(Fnv::new(15).str(&t.lower).str(lw(1)));
    push(Fnv::new(16).str(sh(-1)).str(&t.short).str(sh(1)));
    push(Fnv::new(17).num((i == 0) as u32).str(&t.short));
    let gz = |j: isize| get(j).map_or(3, |t| t.gaz as u32);
    push(Fnv::new(18).num(gz(0)));
    push(Fnv::new(19).num(gz(-1)).num(gz(0)).num(gz(1)));
    push(Fnv::new(20).num(t.common_lower as u32).num((i == 0) as u32));
    push(Fnv::new(21).str(sh(-1)).str(&t.lower));
    push(Fnv::new(22).str(&t.lower).str(sh(1)));
    push(Fnv::new(23).num(t.len_bucket()).str(&t.short));
    push(
        Fnv::new(25)
            .num(t.doc as u32)
            .num((i == 0) as u32)
            .str(&t.short),
    );
    push(Fnv::new(26).num(t.doc as u32).str(&t.lower));
    if extended {
        // Cased neighbours, the word between its neighbours, neighbours' suffixes.
        let wd = |j: isize| {
            let k = i as isize + j;
            if k < 0 {
                "<s>"
            } else if t.caseless {
                infos.get(k as usize).map_or("</s>", |t| t.lower.as_str())
            } else {
                words.get(k as usize).copied().unwrap_or("</s>")
            }
        };
        let suf = |j: isize| {
            let l = lw(j);
            let n = l.chars().count();
            l.char_indices()
                .nth(n.saturating_sub(3))
                .map_or(l, |(b, _)| &l[b..])
        };
        push(Fnv::new(40).str(wd(-1)));
        push(Fnv::new(41).str(wd(1)));
        push(Fnv::new(42).str(lw(-1)).str(lw(1)));
        push(Fnv::new(43).str(suf(-1)));
        push(Fnv::new(44).str(suf(1)));
        push(Fnv::new(45).str(lw(-2)).str(lw(-1)));
        push(Fnv::new(46).str(lw(1)).str(lw(2)));
    }
    if t.caseless {
        push(Fnv::new(47).str(&t.lower));
    }
    if entities {
        let en = |j: isize| get(j).map_or(255, |t| t.ent as u32);
        push(Fnv::new(27).num(en(0)));
        push(Fnv::new(28).num(en(-1)).num(en(0)).num(en(1)));
        push(Fnv::new(29).num(en(0)).str(&t.short));
    }
    if name_words {
        let nw = |j: isize| get(j).map_or(255, |t| t.nw as u32);
        push(Fnv::new(48).num(nw(0)));
        push(Fnv::new(49).num(nw(-1)).num(nw(0)).num(nw(1)));
        push(Fnv::new(50).num(nw(0)).str(&t.short));
        push(Fnv::new(51).num(nw(0)).num(t.gaz as u32).num(t.ent as u32));
    }
    if clusters {
        // Ratinov & Roth's prefixes of the word's cluster path, and the
        // neighbours' at one depth.
        for k in [4, 6, 10, 20] {
            push(Fnv::new(53).num(k).num(cluster_prefix(t.cluster, k)));
        }
        let cl = |j: isize| get(j).map_or(1, |t| cluster_prefix(t.cluster, 6));
        push(Fnv::new(54).num(cl(-1)));
        push(Fnv::new(55).num(cl(1)));
        push(
            Fnv::new(56)
                .num(cluster_prefix(t.cluster, 10))
                .str(&t.short),
        );
    }
    if char_ngrams && t.shape.starts_with('a') {
        // Inside a word, not only at its ends: transliterated foreign names
        // have letter clusters of their own (Bengali "স্ট", "্যা"). The
        // trigrams of "^word$", without collecting the letters.
        let mut letters = t.lower.chars();
        if let Some(first) = letters.next() {
            let (mut x, mut y) = ('^', first);
            for c in letters.chain(std::iter::once('$')) {
                push(Fnv::new(52).num(x as u32).num(y as u32).num(c as u32));
                (x, y) = (y, c);
            }
        }
    }
}

impl TokInfo {
    fn len_bucket(&self) -> u32 {
        (self.lower.chars().count().min(8)) as u32
    }
}

/// Number of tag-dependent features per token.
pub(crate) const TAG_FEATURES: usize = 4;

/// The tag-dependent feature rows of token `i`, given the two previous tags.
#[inline]
pub(crate) fn tag_features(
    infos: &[TokInfo],
    i: usize,
    p1: u8,
    p2: u8,
    bits: u32,
) -> [u32; TAG_FEATURES] {
    let t = &infos[i];
    [
        Fnv::new(30).num(p1 as u32).bucket(bits),
        Fnv::new(31).num(p1 as u32).num(p2 as u32).bucket(bits),
        Fnv::new(32).num(p1 as u32).str(&t.lower).bucket(bits),
        Fnv::new(33).num(p1 as u32).str(&t.short).bucket(bits),
    ]
}

/// Start tag value for positions before the sentence.
pub(crate) const START_TAG: u8 = 255;

/// What the tagger said earlier in the document about each capitalised word
/// (Ratinov & Roth's "extended prediction history"): counts of O, PER, ORG,
/// LOC, MISC by lowercased word.
#[derive(Debug, Default)]
pub(crate) struct History {
    counts: HashMap<String, [u16; 5]>,
}

impl History {
    /// 0 when the word was not seen capitalised before, else 1 + the most
    /// frequent earlier type (0 = O).
    pub(crate) fn code(&self, lower: &str) -> u32 {
        self.counts.get(lower).map_or(0, |c| {
            let mut best = 0;
            for k in 1..5 {
                if c[k] > c[best] {
                    best = k;
                }
            }
            best as u32 + 1
        })
    }

    /// Records the types (0 = O, 1..=4 = PER, ORG, LOC, MISC) given to the
    /// capitalised words of a sentence.
    pub(crate) fn record(&mut self, words: &[&str], infos: &[TokInfo], types: &[u8]) {
        for ((w, t), &ty) in words.iter().zip(infos).zip(types) {
            if starts_upper(w) {
                let e = self.counts.entry(t.lower.clone()).or_default();
                let k = (ty as usize).min(4);
                e[k] = e[k].saturating_add(1);
            }
        }
    }
}

/// The history feature rows of token `i`.
#[inline]
pub(crate) fn history_features(infos: &[TokInfo], i: usize, hist: &History, bits: u32) -> [u32; 2] {
    let t = &infos[i];
    let h = hist.code(&t.lower);
    [
        Fnv::new(34).num(h).bucket(bits),
        Fnv::new(35).num(h).str(&t.short).bucket(bits),
    ]
}

/// The history type of a tag: 0 for O, else 1..=4 for PER, ORG, LOC, MISC.
pub(crate) fn type_code(label: Option<tidings_core::EntityLabel>) -> u8 {
    use tidings_core::EntityLabel::*;
    match label {
        None => 0,
        Some(Person) => 1,
        Some(Organization) => 2,
        Some(Location) => 3,
        Some(Misc) => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(words: &[&str], i: usize, char_ngrams: bool) -> Vec<u32> {
        let res = Resources::default();
        let infos = token_infos(words, &res, None, false);
        let mut out = Vec::new();
        let templates = Templates {
            entities: false,
            extended: true,
            name_words: false,
            char_ngrams,
            clusters: false,
        };
        static_features(words, &infos, i, 20, templates, &mut out);
        out
    }

    #[test]
    fn cluster_prefixes_keep_their_length() {
        // "0110" is 0b10110: its 2-bit prefix "01" is 0b101.
        assert_eq!(cluster_prefix(0b10110, 2), 0b101);
        assert_eq!(cluster_prefix(0b10110, 4), 0b10110);
        assert_eq!(cluster_prefix(0b10110, 20), 0b10110);
        // Prefixes of different strings and lengths stay apart.
        assert_ne!(cluster_prefix(0b10110, 2), cluster_prefix(0b11, 2));
        assert_eq!(cluster_prefix(0, 4), 0);
    }

    #[test]
    fn letter_trigrams_are_read_in_caseless_scripts_only() {
        // "ওভেচকিন" (Ovechkin): 7 letters and signs, padded to 9, 7 trigrams.
        let bengali = ["ওভেচকিন", "বলেন"];
        let with = rows(&bengali, 0, true);
        let without = rows(&bengali, 0, false);
        assert_eq!(with.len(), without.len() + 7);
        assert_eq!(&with[..without.len()], &without[..]);
        // A cased word has its affixes already: no trigrams.
        let latin = ["Ovechkin", "said"];
        assert_eq!(rows(&latin, 0, true), rows(&latin, 0, false));
    }
}
