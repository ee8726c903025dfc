//! Resources a model carries besides its weights: a gazetteer of place names
//! (from Unicode CLDR), a vocabulary of common lowercase words (from the
//! training text), the entity names of the training text, and words known to
//! be (parts of) people's names, all stored as sorted 64-bit hashes.

use crate::hash::{hash_str, Fnv};
use crate::token::{tokenize, TokInfo};

/// Longest gazetteer entry, in tokens.
pub(crate) const GAZ_MAX_TOKENS: usize = 6;

/// Gazetteer and lowercase vocabulary.
#[derive(Debug, Clone, Default)]
pub(crate) struct Resources {
    /// Sorted hashes of lowercased token sequences.
    pub(crate) gazetteer: Vec<u64>,
    /// Sorted hashes of words common in lowercase.
    pub(crate) vocab: Vec<u64>,
    /// Entity names seen in the training data: sorted hashes of lowercased
    /// token sequences, the low 4 bits replaced by the types seen (bit 0 PER,
    /// 1 ORG, 2 LOC, 3 MISC).
    pub(crate) entities: Vec<u64>,
    /// Words of people's names (a transliteration table's native side):
    /// sorted hashes of their lowercased token sequences, Arabic-script
    /// letters folded (see [`fold_letters`]).
    pub(crate) name_words: Vec<u64>,
    /// Word clusters (Brown et al.'s hierarchy): sorted entries, a word's
    /// hash in the high 40 bits and its cluster's bit string in the low 24,
    /// written with a leading 1 (`0110` is `0b10110`).
    pub(crate) clusters: Vec<u64>,
}

const CLUSTER_BITS: u64 = 0xFF_FFFF;

/// The name-word key of a lowercased word: Arabic-script letters that Arabic
/// and Persian write differently folded to one (ك/ک, ي/ى/ی), so that one table
/// of Arabic-script names serves both.
fn fold_letters(lower: &str) -> std::borrow::Cow<'_, str> {
    if lower
        .chars()
        .any(|c| matches!(c, '\u{0643}' | '\u{064A}' | '\u{0649}'))
    {
        lower
            .chars()
            .map(|c| match c {
                '\u{0643}' => '\u{06A9}',
                '\u{064A}' | '\u{0649}' => '\u{06CC}',
                c => c,
            })
            .collect::<String>()
            .into()
    } else {
        lower.into()
    }
}

const TYPE_BITS: u64 = 0xF;

fn seq_hash<'a>(tokens: impl Iterator<Item = &'a str>) -> u64 {
    tokens.fold(Fnv::new(0), |h, t| h.str(t)).finish()
}

/// The sequence hash of a lowercased name's tokens, or `None` when it has
/// no token or more than [`GAZ_MAX_TOKENS`].
fn name_key(lower: &str) -> Option<u64> {
    let toks = tokenize(lower);
    (!toks.is_empty() && toks.len() <= GAZ_MAX_TOKENS)
        .then(|| seq_hash(toks.iter().map(|t| &lower[t.start..t.end])))
}

/// The longest run of `tokens` (at most [`GAZ_MAX_TOKENS`]) whose sequence
/// hash `hit` accepts, as its length and hash; `(0, 0)` when none does. The
/// hash grows a token at a time: one pass.
fn longest<S: AsRef<str>>(
    tokens: impl Iterator<Item = S>,
    hit: impl Fn(u64) -> bool,
) -> (usize, u64) {
    let mut h = Fnv::new(0);
    let mut found = (0, 0);
    for (n, t) in tokens.take(GAZ_MAX_TOKENS).enumerate() {
        h = h.str(t.as_ref());
        if hit(h.finish()) {
            found = (n + 1, h.finish());
        }
    }
    found
}

/// The entry of a sorted set whose bits outside `mask` equal `key`'s.
fn masked_entry(set: &[u64], key: u64, mask: u64) -> Option<u64> {
    let key = key & !mask;
    let i = set.partition_point(|&e| e & !mask < key);
    set.get(i).copied().filter(|&e| e & !mask == key)
}

impl Resources {
    /// Adds names (any script) to the gazetteer.
    pub(crate) fn add_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            self.gazetteer.extend(name_key(&name.to_lowercase()));
        }
        self.gazetteer.sort_unstable();
        self.gazetteer.dedup();
    }

    /// Sets the common-lowercase vocabulary.
    pub(crate) fn set_vocab<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        self.vocab = words.into_iter().map(hash_str).collect();
        self.vocab.sort_unstable();
        self.vocab.dedup();
    }

    /// Adds entity names (lowercased words) with their type code (1..=4).
    pub(crate) fn add_entities(&mut self, names: impl IntoIterator<Item = (Vec<String>, u8)>) {
        let mut all: Vec<u64> = std::mem::take(&mut self.entities);
        for (words, ty) in names {
            if words.is_empty() || words.len() > GAZ_MAX_TOKENS || ty == 0 {
                continue;
            }
            let h = seq_hash(words.iter().map(String::as_str)) & !TYPE_BITS;
            all.push(h | (1 << (ty - 1)));
        }
        all.sort_unstable();
        let mut merged: Vec<u64> = Vec::with_capacity(all.len());
        for e in all {
            match merged.last_mut() {
                Some(last) if *last & !TYPE_BITS == e & !TYPE_BITS => *last |= e & TYPE_BITS,
                _ => merged.push(e),
            }
        }
        self.entities = merged;
    }

    fn entity_types(&self, h: u64) -> u8 {
        masked_entry(&self.entities, h, TYPE_BITS).map_or(0, |e| (e & TYPE_BITS) as u8)
    }

    /// Marks the longest matches of known entity names: the type bits, plus
    /// 16 at the first token and 32 inside.
    pub(crate) fn mark_entities(&self, infos: &mut [TokInfo]) {
        if self.entities.is_empty() {
            return;
        }
        let mut i = 0;
        while i < infos.len() {
            let candidate = !infos[i].shape.starts_with('x');
            let (n, h) = if candidate {
                longest(infos[i..].iter().map(|t| t.lower.as_str()), |h| {
                    self.entity_types(h) != 0
                })
            } else {
                (0, 0)
            };
            let types = if n > 0 { self.entity_types(h) } else { 0 };
            if n > 0 {
                infos[i].ent = types | 16;
                for t in &mut infos[i + 1..i + n] {
                    t.ent = types | 32;
                }
                i += n;
            } else {
                i += 1;
            }
        }
    }

    /// Adds words of people's names (any script; several tokens when the
    /// tokeniser splits them, as it does Han characters).
    pub(crate) fn add_name_words<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        for word in words {
            let lower = word.to_lowercase();
            let key = fold_letters(&lower);
            // One letter names nothing; a name of one Han character is noise.
            if key.chars().count() >= 2 {
                self.name_words.extend(name_key(&key));
            }
        }
        self.name_words.sort_unstable();
        self.name_words.dedup();
    }

    /// Sets the word clusters: `(word as written, bit string)` pairs; bit
    /// strings longer than 23 are cut.
    pub(crate) fn set_clusters<'a>(
        &mut self,
        clusters: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let mut all: Vec<u64> = clusters
            .into_iter()
            .filter(|(w, _)| !w.is_empty())
            .map(|(w, bits)| {
                let code = bits
                    .chars()
                    .take(23)
                    .fold(1u64, |c, b| (c << 1) | u64::from(b == '1'));
                (hash_str(w) & !CLUSTER_BITS) | code
            })
            .collect();
        all.sort_unstable();
        all.dedup_by_key(|e| *e & !CLUSTER_BITS);
        self.clusters = all;
    }

    pub(crate) fn has_clusters(&self) -> bool {
        !self.clusters.is_empty()
    }

    /// The cluster code of a word (its bit string with a leading 1), as
    /// written, else lowercased; 0 when it has none.
    pub(crate) fn cluster(&self, word: &str, lower: &str) -> u32 {
        if self.clusters.is_empty() {
            return 0;
        }
        let find = |w: &str| {
            masked_entry(&self.clusters, hash_str(w), CLUSTER_BITS)
                .map_or(0, |e| (e & CLUSTER_BITS) as u32)
        };
        match find(word) {
            0 if lower != word => find(lower),
            c => c,
        }
    }

    pub(crate) fn has_name_words(&self) -> bool {
        !self.name_words.is_empty()
    }

    /// Whether one token (lowercased) is a name word.
    fn is_name_word(&self, token: &str) -> bool {
        self.name_words
            .binary_search(&hash_str(&fold_letters(token)))
            .is_ok()
    }

    /// Marks the longest runs of tokens that spell a known name word: 1 at
    /// the first token, 2 inside; 3 on a single token that is a name word
    /// only without its Hebrew or Arabic prefix letters or its Korean
    /// particle ("ולנדאל", "코스텔로는").
    pub(crate) fn mark_name_words(&self, infos: &mut [TokInfo]) {
        if self.name_words.is_empty() {
            return;
        }
        let mut i = 0;
        while i < infos.len() {
            let candidate = infos[i]
                .lower
                .chars()
                .next()
                .is_some_and(char::is_alphabetic);
            let matched = if candidate {
                let folded = infos[i..].iter().map(|t| fold_letters(&t.lower));
                longest(folded, |h| self.name_words.binary_search(&h).is_ok()).0
            } else {
                0
            };
            if matched > 0 {
                infos[i].nw = 1;
                for t in &mut infos[i + 1..i + matched] {
                    t.nw = 2;
                }
                i += matched;
                continue;
            }
            if candidate {
                let w = infos[i].lower.as_str();
                let particle = tidings_core::korean_particle_len(w);
                let bare = particle > 0 && self.is_name_word(&w[..w.len() - particle]);
                if bare
                    || tidings_core::proclitic_forms(w)
                        .iter()
                        .any(|f| self.is_name_word(f))
                {
                    infos[i].nw = 3;
                }
            }
            i += 1;
        }
    }

    /// Whether `words` (as written) are a name the training data holds.
    pub(crate) fn is_known_entity(&self, words: &[&str]) -> bool {
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        self.entity_types(seq_hash(lower.iter().map(String::as_str))) != 0
    }

    pub(crate) fn has_entities(&self) -> bool {
        !self.entities.is_empty()
    }

    pub(crate) fn is_common_lower(&self, lower: &str) -> bool {
        !self.vocab.is_empty() && self.vocab.binary_search(&hash_str(lower)).is_ok()
    }

    /// The length in tokens of the longest place name (gazetteer entry) that
    /// `words` begin with; 0 when none does.
    pub(crate) fn place_prefix_len(&self, words: &[&str]) -> usize {
        self.place_len(words.iter().copied())
    }

    /// Like [`Resources::place_prefix_len`], over any sequence of words.
    pub(crate) fn place_len<'a>(&self, words: impl Iterator<Item = &'a str>) -> usize {
        if self.gazetteer.is_empty() {
            return 0;
        }
        // A word is lowercased only when it has capitals.
        let lower = words.map(|w| {
            if w.chars().any(char::is_uppercase) {
                std::borrow::Cow::Owned(w.to_lowercase())
            } else {
                std::borrow::Cow::Borrowed(w)
            }
        });
        longest(lower, |h| self.gazetteer.binary_search(&h).is_ok()).0
    }

    /// Marks the longest gazetteer matches in a sentence (left to right).
    pub(crate) fn mark_gazetteer(&self, infos: &mut [TokInfo]) {
        if self.gazetteer.is_empty() {
            return;
        }
        let mut i = 0;
        while i < infos.len() {
            let first = infos[i].lower.chars().next();
            // Names start with a capital or a caseless letter; the lowercase
            // form is what we stored, so test the token's shape instead.
            let candidate = first.is_some_and(char::is_alphanumeric)
                && !infos[i].shape.starts_with('x')
                && !infos[i].shape.starts_with('d');
            let matched = if candidate {
                let lower = infos[i..].iter().map(|t| t.lower.as_str());
                longest(lower, |h| self.gazetteer.binary_search(&h).is_ok()).0
            } else {
                0
            };
            if matched > 0 {
                infos[i].gaz = 1;
                for t in &mut infos[i + 1..i + matched] {
                    t.gaz = 2;
                }
                i += matched;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::token_infos;

    /// The name-word marks of `text`'s tokens, as `(token, mark)` for the
    /// marked ones.
    fn marks<'a>(res: &Resources, text: &'a str) -> Vec<(&'a str, u8)> {
        let words: Vec<&str> = tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect();
        let infos = token_infos(&words, res, None, false);
        words
            .iter()
            .zip(&infos)
            .filter(|(_, t)| t.nw != 0)
            .map(|(w, t)| (*w, t.nw))
            .collect()
    }

    #[test]
    fn name_words_are_marked_with_prefixes_particles_and_folded_letters() {
        let mut res = Resources::default();
        res.add_name_words(["נדאל", "코스텔로", "كريستي", "Ковальски", "卡斯特罗", "x"]);
        // One letter is no name word; the rest are stored once each.
        assert_eq!(res.name_words.len(), 5);
        // Hebrew: the word itself, and after the prefix letters ו+ל.
        assert_eq!(marks(&res, "נדאל ניצח"), [("נדאל", 1)]);
        assert_eq!(marks(&res, "ניצח ולנדאל"), [("ולנדאל", 3)]);
        // Korean: the particle is off the name.
        assert_eq!(marks(&res, "코스텔로는 말했다"), [("코스텔로는", 3)]);
        // Persian writes ی and ک where Arabic writes ي and ك.
        assert_eq!(marks(&res, "کریستی گفت"), [("کریستی", 1)]);
        // Cased scripts are matched lowercased.
        assert_eq!(marks(&res, "Ян Ковальски"), [("Ковальски", 1)]);
        // Han characters are one token each: the name is a run of them.
        let han = marks(&res, "卡斯特罗说");
        assert_eq!(han, [("卡", 1), ("斯", 2), ("特", 2), ("罗", 2)]);
        // Nothing else is marked.
        assert!(marks(&res, "ניצח אתמול").is_empty());
    }

    #[test]
    fn without_name_words_nothing_is_marked() {
        let res = Resources::default();
        assert!(!res.has_name_words());
        assert!(marks(&res, "נדאל ניצח").is_empty());
    }
}

#[cfg(test)]
mod cluster_tests {
    use super::*;

    #[test]
    fn clusters_are_found_as_written_then_lowercased() {
        let mut res = Resources::default();
        assert!(!res.has_clusters());
        assert_eq!(res.cluster("London", "london"), 0);
        res.set_clusters([("London", "01100101010"), ("the", "11010"), ("", "0")]);
        assert!(res.has_clusters());
        assert_eq!(res.clusters.len(), 2);
        // The bit string with a leading 1.
        assert_eq!(res.cluster("London", "london"), 0b101100101010);
        assert_eq!(res.cluster("The", "the"), 0b111010);
        assert_eq!(res.cluster("london", "london"), 0);
        assert_eq!(res.cluster("Paris", "paris"), 0);
    }
}
