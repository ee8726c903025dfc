//! Learned back-transliteration of the name words no table knows: how English
//! would spell `Уайтхолл`, `ラオニッチ` or `رونالدينيو`.
//!
//! The learned table ([`crate::NameWords`]) knows 462,139 name words. A word it
//! lacks was rule-transliterated (`Уайтхолл` → `Uaytkholl`). This module
//! learns, per script, how English spells each letter in context from the
//! same Wikidata name pairs:
//! 1. **Alignment.** Each native letter spells zero to four English letters;
//!    expectation–maximisation over every monotone alignment of each pair
//!    learns how likely each spelling is (`х` → `kh`, `h`; `ь` → nothing), and
//!    each pair is cut at its most likely alignment into *graphones*, (letter,
//!    spelling) pairs.
//! 2. **A joint n-gram model** of graphone trigrams, Witten–Bell smoothed,
//!    scores a spelling of a whole word (`у`→`w`, `ай`→`hi`… as English
//!    spells them after the letters before).
//! 3. **Decoding.** A beam search over the word's letters gives the best
//!    spellings; one that English writes as a name word (the table's English
//!    side) wins over one that it does not when their scores are close.
//!
//! Models are trained by `cargo run --release -p tidings-tools --bin
//! build_names` and compiled in from `models/normalize/spell.bin` (its card
//! gives their accuracy). The `normalize` stage uses them through
//! [`Speller::embedded`]:
//!
//! ```
//! use tidings_normalize::{normalize_key, spell::Speller};
//!
//! let speller = Speller::embedded().expect("built with embedded-models");
//! let key = normalize_key("Уайтхолл");
//! assert_eq!(speller.spell(&key).as_deref(), Some("Whitehall"));
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The model's maps, hashed fast (their keys come from the shipped model, not
/// from input).
type Fast<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

/// A native letter spells at most this many English letters.
const MAX_CHUNK: usize = 4;
/// History id before the first letter.
const BOS: u16 = 0;
/// Graphone id after the last letter.
const EOS: u16 = 1;
/// Spellings kept per step of the beam search.
const BEAM: usize = 24;
/// Longer words are no names: they are left to the rule transliteration
/// (and the search stays linear in the input).
const MAX_LETTERS: usize = 40;
/// How much an English name word is worth, in natural log units of the
/// model's score. Chosen on FLORES dev (0, 1, 2.5, 4, 6, 8: 4 and 6 best):
/// news names are mostly names English writes elsewhere too.
pub const KNOWN_BONUS: f64 = 4.0;
/// How much the rule transliteration is worth when the model finds it
/// likely too (a Russian word that is no foreign name: `Весенний` →
/// `Vesenniy`, as English writes Russian words).
pub const RULE_BONUS: f64 = 1.0;

/// One script's model.
#[derive(Debug, Default, Clone)]
pub struct ScriptModel {
    /// Which script (`russian`, `arabic`, `hebrew`, `katakana`, `korean`,
    /// `chinese`, `greek`, `persian`, `bengali`, `devanagari`, `thai`).
    pub name: String,
    /// Graphones by id (ids 0 and 1 are the word's start and end).
    graphones: Vec<(char, String)>,
    by_letter: Fast<char, Vec<u16>>,
    uni: Fast<u16, u32>,
    /// Bigrams and trigrams by their ids packed into one number ([`pack2`],
    /// [`pack3`]).
    bi: Fast<u32, u32>,
    tri: Fast<u64, u32>,
    /// Context totals and how many graphones follow each (sums of u32
    /// counts: u64, which no model file can overflow).
    ctx1: Fast<u16, (u64, u64)>,
    ctx2: Fast<u32, (u64, u64)>,
    total: u64,
}

/// A training pair: the native word's lookup key, its English spelling in
/// lower-case ASCII letters, and how often Wikidata pairs them.
pub type Pair = (String, String, u64);

impl ScriptModel {
    /// Learns a model from name pairs (see the module docs). Trigrams seen
    /// fewer than `min_trigram` times are left out of the model.
    pub fn train(name: &str, pairs: &[Pair], min_trigram: u32) -> ScriptModel {
        let pairs: Vec<(Vec<char>, &[u8], f64)> = pairs
            .iter()
            .filter(|(_, e, _)| !e.is_empty() && e.bytes().all(|b| b.is_ascii_lowercase()))
            .map(|(n, e, c)| {
                (
                    n.chars().filter(|c| !c.is_whitespace()).collect::<Vec<_>>(),
                    e.as_bytes(),
                    (1.0 + *c as f64).ln().max(1.0),
                )
            })
            .filter(|(n, e, _)| !n.is_empty() && e.len() <= n.len() * MAX_CHUNK)
            .collect();
        // Expectation–maximisation of P(spelling | letter), summed in key
        // order so that the model is the same on every run.
        let mut p: Probs = HashMap::new();
        for _ in 0..5 {
            let mut counts: Probs = HashMap::new();
            for (n, e, w) in &pairs {
                expect(n, e, *w, &p, &mut counts);
            }
            let mut counts: Vec<((char, u64), f64)> = counts.into_iter().collect();
            counts.sort_by_key(|a| a.0);
            let mut totals: HashMap<char, f64> = HashMap::new();
            for ((c, _), v) in &counts {
                *totals.entry(*c).or_default() += v;
            }
            p = counts
                .into_iter()
                .filter(|(_, v)| *v > 1e-3)
                .map(|((c, s), v)| ((c, s), v / totals[&c]))
                .collect();
        }
        // Graphones of each pair's best alignment, and their n-grams.
        let mut m = ScriptModel {
            name: name.to_owned(),
            graphones: vec![('\u{2}', String::new()), ('\u{3}', String::new())],
            ..Default::default()
        };
        let mut ids: HashMap<(char, u64), u16> = HashMap::new();
        let mut tri: HashMap<(u16, u16, u16), u32> = HashMap::new();
        for (n, e, _) in &pairs {
            // Graphone ids are u16: a pair that would need more is left out.
            if m.graphones.len() + n.len() >= usize::from(u16::MAX) {
                break;
            }
            let Some(chunks) = viterbi(n, e, &p) else {
                continue;
            };
            let mut seq = vec![BOS, BOS];
            for (c, s) in n.iter().zip(chunks) {
                let next = m.graphones.len();
                let id = *ids.entry((*c, pack(&s))).or_insert_with(|| {
                    m.graphones
                        .push((*c, String::from_utf8_lossy(&s).into_owned()));
                    next as u16
                });
                seq.push(id);
            }
            seq.push(EOS);
            for w in seq.windows(3) {
                *tri.entry((w[0], w[1], w[2])).or_default() += 1;
            }
        }
        for ((a, b, c), n) in tri {
            *m.uni.entry(c).or_default() += n;
            *m.bi.entry(pack2(b, c)).or_default() += n;
            if n >= min_trigram {
                m.tri.insert(pack3(a, b, c), n);
            }
        }
        m.index();
        m
    }

    /// Fills the lookup tables derived from the graphones and n-grams.
    fn index(&mut self) {
        self.by_letter.clear();
        for (id, (c, _)) in self.graphones.iter().enumerate().skip(2) {
            self.by_letter.entry(*c).or_default().push(id as u16);
        }
        self.total = self.uni.values().map(|&n| u64::from(n)).sum();
        self.ctx1.clear();
        for (&vw, &n) in &self.bi {
            let e = self.ctx1.entry((vw >> 16) as u16).or_default();
            e.0 += u64::from(n);
            e.1 += 1;
        }
        self.ctx2.clear();
        for (&uvw, &n) in &self.tri {
            let e = self.ctx2.entry((uvw >> 16) as u32).or_default();
            e.0 += u64::from(n);
            e.1 += 1;
        }
    }

    /// How many graphones and trigrams the model holds.
    pub fn size(&self) -> (usize, usize) {
        (self.graphones.len() - 2, self.tri.len())
    }

    fn p1(&self, w: u16) -> f64 {
        let v = self.graphones.len() as f64;
        (f64::from(*self.uni.get(&w).unwrap_or(&0)) + 1.0) / (self.total as f64 + v)
    }

    fn p2(&self, v: u16, w: u16) -> f64 {
        match self.ctx1.get(&v) {
            Some(&(c, t)) => {
                let n = f64::from(*self.bi.get(&pack2(v, w)).unwrap_or(&0));
                (n + t as f64 * self.p1(w)) / (c + t) as f64
            }
            None => self.p1(w),
        }
    }

    fn p3(&self, u: u16, v: u16, w: u16) -> f64 {
        match self.ctx2.get(&pack2(u, v)) {
            Some(&(c, t)) => {
                let n = f64::from(*self.tri.get(&pack3(u, v, w)).unwrap_or(&0));
                (n + t as f64 * self.p2(v, w)) / (c + t) as f64
            }
            None => self.p2(v, w),
        }
    }

    /// The best English spellings of `word` (a lookup key: lower case),
    /// most likely first, with their log-probabilities; empty when a letter
    /// was never seen.
    pub fn spellings(&self, word: &str, k: usize) -> Vec<(String, f64)> {
        // Each step's hypotheses: (the one before it in the last step, its
        // last two graphones, score); spellings are read back at the end.
        let mut steps: Vec<Vec<(u32, u16, u16, f64)>> = vec![vec![(0, BOS, BOS, 0.0)]];
        for c in word.chars().filter(|c| !c.is_whitespace()) {
            let Some(options) = self.by_letter.get(&c) else {
                return Vec::new();
            };
            let beam = steps.last().map_or(&[][..], Vec::as_slice);
            let mut next: Vec<(u32, u16, u16, f64)> = Vec::with_capacity(beam.len() * 8);
            for (i, &(_, u, v, score)) in beam.iter().enumerate() {
                for &g in options {
                    next.push((i as u32, v, g, score + self.p3(u, v, g).ln()));
                }
            }
            if next.len() > BEAM {
                next.select_nth_unstable_by(BEAM, |a, b| b.3.total_cmp(&a.3));
                next.truncate(BEAM);
            }
            steps.push(next);
        }
        let last = steps.len() - 1;
        let spelling = |mut i: usize| {
            let mut parts: Vec<&str> = Vec::with_capacity(last);
            for step in steps[1..].iter().rev() {
                let (parent, _, g, _) = step[i];
                parts.push(&self.graphones[g as usize].1);
                i = parent as usize;
            }
            parts.iter().rev().copied().collect::<String>()
        };
        let mut done: Vec<(String, f64)> = steps[last]
            .iter()
            .enumerate()
            .filter(|_| last > 0)
            .map(|(i, &(_, u, v, score))| (spelling(i), score + self.p3(u, v, EOS).ln()))
            .filter(|(s, _)| !s.is_empty())
            .collect();
        done.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut seen = HashSet::new();
        done.retain(|(s, _)| seen.insert(s.clone()));
        done.truncate(k);
        done
    }

    /// Writes the model in the format [`ScriptModel::read`] reads.
    pub fn write(&self, out: &mut Vec<u8>) {
        let s = self.name.as_bytes();
        out.push(s.len() as u8);
        out.extend_from_slice(s);
        put(out, (self.graphones.len() - 2) as u32);
        for (c, sp) in &self.graphones[2..] {
            put(out, *c as u32);
            out.push(sp.len() as u8);
            out.extend_from_slice(sp.as_bytes());
        }
        put_ngrams(out, self.uni.iter().map(|(&k, &n)| (u64::from(k), n)), 1);
        put_ngrams(out, self.bi.iter().map(|(&k, &n)| (u64::from(k), n)), 2);
        put_ngrams(out, self.tri.iter().map(|(&k, &n)| (k, n)), 3);
    }

    /// Reads one model from `bytes` at `at`, moving `at` past it.
    pub fn read(bytes: &[u8], at: &mut usize) -> Option<ScriptModel> {
        let mut r = Reader { bytes, at: *at };
        let len = r.u8()? as usize;
        let name = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
        let mut m = ScriptModel {
            name,
            graphones: vec![('\u{2}', String::new()), ('\u{3}', String::new())],
            ..Default::default()
        };
        for _ in 0..r.u32()? {
            let c = char::from_u32(r.u32()?)?;
            let len = r.u8()? as usize;
            let s = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
            m.graphones.push((c, s));
        }
        let ids = m.graphones.len() as u16;
        let id = |r: &mut Reader<'_>| r.u16().filter(|&g| g < ids);
        for _ in 0..r.u32()? {
            let w = id(&mut r)?;
            m.uni.insert(w, r.u32()?);
        }
        for _ in 0..r.u32()? {
            let (v, w) = (id(&mut r)?, id(&mut r)?);
            m.bi.insert(pack2(v, w), r.u32()?);
        }
        for _ in 0..r.u32()? {
            let (u, v, w) = (id(&mut r)?, id(&mut r)?, id(&mut r)?);
            m.tri.insert(pack3(u, v, w), r.u32()?);
        }
        *at = r.at;
        m.index();
        Some(m)
    }
}

/// Writes n-gram counts in key order: how many, then each n-gram's `order`
/// ids (packed in its key, [`pack2`], [`pack3`]) and its count.
fn put_ngrams(out: &mut Vec<u8>, counts: impl Iterator<Item = (u64, u32)>, order: u32) {
    let mut counts: Vec<(u64, u32)> = counts.collect();
    counts.sort_unstable();
    put(out, counts.len() as u32);
    for (key, n) in counts {
        for i in (0..order).rev() {
            out.extend_from_slice(&((key >> (16 * i)) as u16).to_le_bytes());
        }
        put(out, n);
    }
}

/// Two graphone ids as one number.
fn pack2(a: u16, b: u16) -> u32 {
    (u32::from(a) << 16) | u32::from(b)
}

/// Three graphone ids as one number.
fn pack3(a: u16, b: u16, c: u16) -> u64 {
    (u64::from(a) << 32) | (u64::from(b) << 16) | u64::from(c)
}

fn put(out: &mut Vec<u8>, n: u32) {
    out.extend_from_slice(&n.to_le_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let s = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

/// P(spelling | letter), a spelling packed by [`pack`].
type Probs = HashMap<(char, u64), f64>;

/// A spelling of at most [`MAX_CHUNK`] bytes as one number (its bytes, and
/// its length above them).
fn pack(s: &[u8]) -> u64 {
    s.iter()
        .fold(s.len() as u64, |acc, &b| (acc << 8) | u64::from(b))
}

/// The probability of letter `c` spelling `s` (before the first iteration:
/// every spelling alike).
fn prob(p: &Probs, c: char, s: &[u8]) -> f64 {
    if p.is_empty() {
        1.0
    } else {
        p.get(&(c, pack(s))).copied().unwrap_or(0.0)
    }
}

/// Adds the expected counts of each (letter, spelling) over every alignment
/// of one pair (forward–backward).
fn expect(n: &[char], e: &[u8], weight: f64, p: &Probs, counts: &mut Probs) {
    let (nl, el) = (n.len(), e.len());
    let mut alpha = vec![vec![0.0f64; el + 1]; nl + 1];
    let mut beta = vec![vec![0.0f64; el + 1]; nl + 1];
    alpha[0][0] = 1.0;
    for i in 1..=nl {
        for j in 0..=el {
            let mut a = 0.0;
            for k in 0..=MAX_CHUNK.min(j) {
                let prev = alpha[i - 1][j - k];
                if prev > 0.0 {
                    a += prev * prob(p, n[i - 1], &e[j - k..j]);
                }
            }
            alpha[i][j] = a;
        }
    }
    let z = alpha[nl][el];
    if z <= 0.0 || !z.is_finite() {
        return;
    }
    beta[nl][el] = 1.0;
    for i in (0..nl).rev() {
        for j in 0..=el {
            let mut b = 0.0;
            for k in 0..=MAX_CHUNK.min(el - j) {
                let next = beta[i + 1][j + k];
                if next > 0.0 {
                    b += next * prob(p, n[i], &e[j..j + k]);
                }
            }
            beta[i][j] = b;
        }
    }
    for i in 1..=nl {
        for j in 0..=el {
            for k in 0..=MAX_CHUNK.min(j) {
                let a = alpha[i - 1][j - k];
                if a <= 0.0 {
                    continue;
                }
                let s = &e[j - k..j];
                let post = a * prob(p, n[i - 1], s) * beta[i][j] / z;
                if post > 1e-6 {
                    *counts.entry((n[i - 1], pack(s))).or_default() += weight * post;
                }
            }
        }
    }
}

/// The most likely alignment of one pair: each letter's spelling.
fn viterbi(n: &[char], e: &[u8], p: &Probs) -> Option<Vec<Vec<u8>>> {
    let (nl, el) = (n.len(), e.len());
    let mut best = vec![vec![f64::NEG_INFINITY; el + 1]; nl + 1];
    let mut back = vec![vec![0usize; el + 1]; nl + 1];
    best[0][0] = 0.0;
    for i in 1..=nl {
        for j in 0..=el {
            for k in 0..=MAX_CHUNK.min(j) {
                let prev = best[i - 1][j - k];
                let q = prob(p, n[i - 1], &e[j - k..j]);
                if prev.is_finite() && q > 0.0 && prev + q.ln() > best[i][j] {
                    best[i][j] = prev + q.ln();
                    back[i][j] = k;
                }
            }
        }
    }
    if !best[nl][el].is_finite() {
        return None;
    }
    let mut out = vec![Vec::new(); nl];
    let mut j = el;
    for i in (1..=nl).rev() {
        let k = back[i][j];
        out[i - 1] = e[j - k..j].to_vec();
        j -= k;
    }
    Some(out)
}

/// The models compiled in, and the English name words that decide between
/// close spellings.
#[derive(Debug, Default)]
pub struct Speller {
    models: Vec<ScriptModel>,
    /// English name words, lower case → as written (`mcdonald` → `McDonald`).
    english: HashMap<String, String>,
    /// [`KNOWN_BONUS`] and [`RULE_BONUS`].
    weights: (f64, f64),
}

impl Speller {
    /// Reads models written by [`Speller::write`].
    pub fn read(bytes: &[u8]) -> Option<Vec<ScriptModel>> {
        let rest = bytes.strip_prefix(b"TSPL1\n")?;
        let mut at = 0;
        let mut r = Reader { bytes: rest, at };
        let n = r.u32()?;
        at = r.at;
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(ScriptModel::read(rest, &mut at)?);
        }
        Some(out)
    }

    /// Writes models for [`Speller::read`].
    pub fn write(models: &[ScriptModel]) -> Vec<u8> {
        let mut out = b"TSPL1\n".to_vec();
        put(&mut out, models.len() as u32);
        for m in models {
            m.write(&mut out);
        }
        out
    }

    /// The speller compiled in, loaded once (`None` without the
    /// `embedded-models` feature).
    pub fn embedded() -> Option<&'static Speller> {
        static SPELLER: OnceLock<Option<Speller>> = OnceLock::new();
        SPELLER.get_or_init(Speller::load_embedded).as_ref()
    }

    /// Loads the compiled-in models and English name words afresh (what
    /// [`Speller::embedded`] does once).
    pub fn load_embedded() -> Option<Speller> {
        let models = Speller::read(crate::EMBEDDED_SPELL)?;
        Some(Speller::new(models, crate::EMBEDDED_NAME_WORDS.lines()))
    }

    /// Builds a speller from models and English name words.
    pub fn new<'a>(
        models: Vec<ScriptModel>,
        english: impl IntoIterator<Item = &'a str>,
    ) -> Speller {
        Speller {
            models,
            english: english
                .into_iter()
                .map(|w| (w.to_lowercase(), w.to_owned()))
                .collect(),
            weights: (KNOWN_BONUS, RULE_BONUS),
        }
    }

    /// Sets the weights of an English name word and of the rule
    /// transliteration (to measure them on held-out pairs).
    pub fn set_weights(&mut self, known: f64, rule: f64) {
        self.weights = (known, rule);
    }

    /// Whether English writes `key` (a lookup key, [`crate::normalize_key`])
    /// as a name word: one of the English words of Wikidata's name pairs.
    pub fn is_name_word(&self, key: &str) -> bool {
        self.english.contains_key(key)
    }

    /// The model for a word's script, by its first letter.
    fn model_for(&self, word: &str) -> Option<&ScriptModel> {
        let c = word.chars().find(|c| c.is_alphabetic())?;
        // Persian writes `ی`, `ک`, `پ`, `چ`, `ژ`, `گ` where Arabic does not.
        let persian = |w: &str| w.chars().any(|c| "یکپچژگ".contains(c));
        let name = match c {
            '\u{0400}'..='\u{04FF}' => "russian",
            '\u{0600}'..='\u{06FF}' if persian(word) => "persian",
            '\u{0600}'..='\u{06FF}' => "arabic",
            '\u{0370}'..='\u{03FF}' => "greek",
            '\u{0900}'..='\u{097F}' => "devanagari",
            '\u{0980}'..='\u{09FF}' => "bengali",
            '\u{0E00}'..='\u{0E7F}' => "thai",
            '\u{0590}'..='\u{05FF}' => "hebrew",
            '\u{30A0}'..='\u{30FF}' => "katakana",
            '\u{AC00}'..='\u{D7AF}' => "korean",
            '\u{4E00}'..='\u{9FFF}' => "chinese",
            _ => return None,
        };
        // Without a Persian model, Persian words are read in Arabic spelling.
        self.model_named(name)
            .or_else(|| self.model_named("arabic").filter(|_| name == "persian"))
    }

    fn model_named(&self, name: &str) -> Option<&ScriptModel> {
        self.models.iter().find(|m| m.name == name)
    }

    /// The English spelling of one word, given as its lookup key
    /// ([`crate::normalize_key`]), capitalised as English writes it; `None`
    /// when no model covers its script or letters, or the word is shorter or
    /// longer than names are.
    pub fn spell(&self, key: &str) -> Option<String> {
        let model = self.model_for(key)?;
        // As in training: words of three letters or more of an alphabet, of
        // two syllables or more in Chinese, Japanese and Korean (an initial,
        // `Ф.`, is the rule's `F.`).
        let syllabic = matches!(model.name.as_str(), "chinese" | "katakana" | "korean");
        let letters = key.chars().count();
        if letters < if syllabic { 2 } else { 3 } || letters > MAX_LETTERS {
            return None;
        }
        // Ukrainian, Serbian and Persian letters in the spelling the models
        // learned from Russian and Arabic names (`Пітер` as `питер`).
        // (Persian's own model reads Persian letters as they are.)
        let folded = (model.name != "persian")
            .then(|| crate::name_words::table_spelling(key))
            .flatten();
        let options = match folded {
            Some(folded) => model.spellings(&folded, 8),
            None => model.spellings(key, 8),
        };
        let rule = crate::translit::transliterate(key, false)
            .map(|r| r.to_lowercase())
            .unwrap_or_default();
        let (known_bonus, rule_bonus) = self.weights;
        let (spelling, _) = options
            .iter()
            .map(|(s, score)| {
                let known = self.english.contains_key(s.as_str());
                let bonus = if known { known_bonus } else { 0.0 }
                    + if *s == rule { rule_bonus } else { 0.0 };
                (s, score + bonus)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        Some(match self.english.get(spelling.as_str()) {
            Some(written) => written.clone(),
            None => capitalise(spelling),
        })
    }
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs() -> Vec<Pair> {
        [
            ("джон", "john"),
            ("джек", "jack"),
            ("джим", "jim"),
            ("мартин", "martin"),
            ("тим", "tim"),
            ("том", "tom"),
            ("мэри", "mary"),
            ("марк", "mark"),
            ("рик", "rick"),
            ("ник", "nick"),
            ("кларк", "clark"),
            ("кент", "kent"),
            ("мак", "mack"),
        ]
        .iter()
        .map(|(n, e)| ((*n).to_owned(), (*e).to_owned(), 1))
        .collect()
    }

    #[test]
    fn learns_letter_spellings_from_pairs_and_spells_unseen_words() {
        let m = ScriptModel::train("russian", &pairs(), 1);
        // Seen in training.
        assert_eq!(m.spellings("джон", 1)[0].0, "john");
        // Unseen: `дж` + `ек`… → `jek`-like; `тин` from Martin.
        let best = &m.spellings("джим", 3);
        assert!(best.iter().any(|(s, _)| s == "jim"), "{best:?}");
        let unseen = m.spellings("тинт", 5);
        assert!(unseen.iter().any(|(s, _)| s == "tint"), "{unseen:?}");
        // A letter the pairs never had.
        assert!(m.spellings("щ", 1).is_empty());
    }

    #[test]
    fn models_round_trip_through_bytes() {
        let m = ScriptModel::train("russian", &pairs(), 1);
        let bytes = Speller::write(std::slice::from_ref(&m));
        let back = Speller::read(&bytes).unwrap();
        assert_eq!(back.len(), 1);
        assert_eq!(back[0].size(), m.size());
        assert_eq!(back[0].spellings("мартин", 3), m.spellings("мартин", 3));
        // Truncated bytes are refused, not trusted.
        assert!(Speller::read(&bytes[..bytes.len() - 3]).is_none());
        // Counts as large as a file can hold do not overflow.
        let mut big = m.clone();
        for n in big
            .uni
            .values_mut()
            .chain(big.bi.values_mut())
            .chain(big.tri.values_mut())
        {
            *n = u32::MAX;
        }
        let back = Speller::read(&Speller::write(&[big])).unwrap();
        assert!(!back[0].spellings("мартин", 3).is_empty());
    }

    #[cfg(feature = "embedded-models")]
    #[test]
    fn the_shipped_models_read_and_write_back_byte_for_byte() {
        let models = Speller::read(crate::EMBEDDED_SPELL).expect("spell.bin reads");
        let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "russian",
                "arabic",
                "hebrew",
                "chinese",
                "katakana",
                "korean",
                "greek",
                "persian",
                "bengali",
                "devanagari",
                "thai"
            ]
        );
        assert!(Speller::write(&models) == crate::EMBEDDED_SPELL);
    }

    #[test]
    fn an_english_name_word_wins_a_close_call() {
        let m = ScriptModel::train("russian", &pairs(), 1);
        let s = Speller::new(vec![m], ["Mack", "McDonald"]);
        assert_eq!(s.spell("мак").as_deref(), Some("Mack"));
        assert_eq!(s.spell("abc"), None);
        // A "word" longer than any name is left to the rule.
        assert_eq!(s.spell(&"мак".repeat(20)), None);
    }
}
