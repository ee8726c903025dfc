//! Resources a model carries besides its weights: a gazetteer of place names
//! (from Unicode CLDR) and a vocabulary of common lowercase words (from the
//! training text), both stored as sorted 64-bit hashes.

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
}

const TYPE_BITS: u64 = 0xF;

fn seq_hash<'a>(tokens: impl Iterator<Item = &'a str>) -> u64 {
    tokens.fold(Fnv::new(0), |h, t| h.str(t)).finish()
}

impl Resources {
    /// Adds names (any script) to the gazetteer.
    pub(crate) fn add_names<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for name in names {
            let lower = name.to_lowercase();
            let toks = tokenize(&lower);
            if toks.is_empty() || toks.len() > GAZ_MAX_TOKENS {
                continue;
            }
            self.gazetteer
                .push(seq_hash(toks.iter().map(|t| &lower[t.start..t.end])));
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
        let key = h & !TYPE_BITS;
        let i = self.entities.partition_point(|&e| e & !TYPE_BITS < key);
        match self.entities.get(i) {
            Some(&e) if e & !TYPE_BITS == key => (e & TYPE_BITS) as u8,
            _ => 0,
        }
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
            let mut matched = (0, 0);
            if candidate {
                let max = GAZ_MAX_TOKENS.min(infos.len() - i);
                for n in (1..=max).rev() {
                    let h = seq_hash(infos[i..i + n].iter().map(|t| t.lower.as_str()));
                    let types = self.entity_types(h);
                    if types != 0 {
                        matched = (n, types);
                        break;
                    }
                }
            }
            let (n, types) = matched;
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
        // The sequence hash grows a word at a time: one pass, and a word is
        // lowercased only when it has capitals.
        let mut h = Fnv::new(0);
        let mut longest = 0;
        for (n, w) in words.take(GAZ_MAX_TOKENS).enumerate() {
            h = if w.chars().any(char::is_uppercase) {
                h.str(&w.to_lowercase())
            } else {
                h.str(w)
            };
            if self.gazetteer.binary_search(&h.finish()).is_ok() {
                longest = n + 1;
            }
        }
        longest
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
            let mut matched = 0;
            if candidate {
                let max = GAZ_MAX_TOKENS.min(infos.len() - i);
                for n in (1..=max).rev() {
                    let h = seq_hash(infos[i..i + n].iter().map(|t| t.lower.as_str()));
                    if self.gazetteer.binary_search(&h).is_ok() {
                        matched = n;
                        break;
                    }
                }
            }
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
