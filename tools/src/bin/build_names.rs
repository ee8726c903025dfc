//! Derives the learned name table `models/normalize/names.fst` and
//! `models/normalize/names.txt`: how English writes the words of person names
//! spelt in Cyrillic, Arabic, Persian, Hebrew, Greek, Bengali, Devanagari,
//! Thai, Chinese, Japanese and Korean.
//!
//! ```text
//! cargo run -p tidings-tools --bin build_names -- DIR [OUT_DIR]
//! ```
//! `DIR` holds `wd_<script>_80` and `wd_<script>_20` (their union is the whole
//! set) from `data/` of github.com/steveash/NETransliteration-COLING2018 at
//! 5d5f59e (Merhav & Ash, COLING 2018: person names mined from Wikidata, CC0
//! 1.0): one line per English word, `english<TAB>n a t i v e<TAB>count`.
//! Scripts without that split are read from one file in the same format,
//! `wd_<script>.normalized.aligned.tokens`: Greek and Persian from
//! `data/entities/` of github.com/deepchar/deepchar at 3f9a6d7 (Wikidata's
//! names), Bengali, Devanagari and Thai as
//! `scripts/normalize_data/name_pairs.py` writes them (the model card names
//! their sources and licences).
//!
//! A pair is kept when the English word and a rule transliteration of the
//! native word share their consonant skeleton (edit distance at most a third
//! of its length: mined pairs include misaligned ones, `yoritoshi` for
//! `マツダイラ`), or when Wikidata gives it [`FREQUENT_PAIR`] times or more
//! and for at least half of its native word's uses (`アーサー`, Arthur). A
//! Chinese word in Traditional characters is also entered
//! under its Simplified spelling (OpenCC's tables, through `ferrous-opencc`).
//! Each native word keeps the English word with the most occurrences. The
//! table maps `normalize_key(native)` to the byte offset of the English word in
//! `names.txt` (high bits) and its count (low 24 bits).

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::hash::Hasher as _;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use tidings::core::stopwords::Fnv;
use tidings::normalize::spell::{Pair, ScriptModel, Speller, KNOWN_BONUS, RULE_BONUS};
use tidings::normalize::{normalize_key, transliterate};

const SCRIPTS: &[&str] = &[
    "russian",
    "arabic",
    "hebrew",
    "chinese",
    "japanese",
    "katakana",
    "korean",
    "greek",
    "persian",
    "bengali",
    "devanagari",
    "thai",
];

/// How often Wikidata must pair two spellings for the pair to be kept
/// against the skeleton check (when it is also most of the native word's
/// uses).
const FREQUENT_PAIR: u64 = 20;

/// Consonant classes: a rough sound skeleton, the same for `Kissinger` and a
/// rule transliteration `Kissindzher`. `w` and `y` count as vowels: Arabic
/// and Hebrew write long vowels with the letters a rule transliteration
/// spells `w` and `y` (`ألونسو` → `Alwnsw`, Alonso).
fn skeleton(word: &str) -> Vec<u8> {
    let mut s = word.to_ascii_lowercase();
    for (from, to) in [
        ("dzh", "j"),
        ("dj", "j"),
        ("zh", "j"),
        ("kh", "h"),
        ("tch", "c"),
        ("ts", "s"),
        ("ch", "c"),
        ("sh", "s"),
        ("ph", "f"),
        ("th", "t"),
        ("ck", "k"),
        ("gh", "g"),
        ("qu", "k"),
    ] {
        s = s.replace(from, to);
    }
    let mut out: Vec<u8> = Vec::new();
    for b in s.bytes() {
        let class = match b {
            b'b' | b'p' | b'f' | b'v' => b'P',
            b'c' | b'k' | b'q' | b'g' | b'x' => b'K',
            b'j' | b'z' | b's' => b'S',
            b'd' | b't' => b'T',
            b'l' | b'r' => b'R',
            b'm' | b'n' => b'N',
            _ => continue,
        };
        if out.last() != Some(&class) {
            out.push(class);
        }
    }
    out
}

/// Hebrew letters with a geresh as the sounds they write in foreign names
/// (`ג'ון`, John; `ז'אק`, Jacques; `צ'רצ'יל`, Churchill), for the skeleton
/// check: the rule transliteration reads the letter without its mark (`Gwn`),
/// whose skeleton is no John's.
fn geresh(native: &str) -> String {
    let mut out = String::with_capacity(native.len());
    let mut chars = native.chars().peekable();
    while let Some(c) = chars.next() {
        let marked = matches!(chars.peek(), Some('\'' | '\u{05F3}' | '’'));
        let sound = match c {
            'ג' if marked => Some("j"),
            'ז' if marked => Some("zh"),
            'צ' | 'ץ' if marked => Some("ch"),
            'ת' if marked => Some("th"),
            _ => None,
        };
        match sound {
            Some(s) => {
                out.push_str(s);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

fn edit_distance(a: &[u8], b: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// English as names are written: `kissinger` → `Kissinger`, `o'brien` →
/// `O'Brien`, `mcdonald` → `McDonald`.
fn capitalise(word: &str) -> String {
    let cap = |w: &str| {
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect::<String>())
            .unwrap_or_default()
    };
    if let Some(rest) = word.strip_prefix("o'").filter(|r| !r.is_empty()) {
        return format!("O'{}", cap(rest));
    }
    if let Some(rest) = word.strip_prefix("mc").filter(|r| r.chars().count() > 2) {
        return format!("Mc{}", cap(rest));
    }
    cap(word)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: build_names DIR [OUT_DIR]")?);
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("models/normalize"));
    let spell_out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| out.clone());
    let t2s = ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s)
        .context("loading OpenCC's Traditional-to-Simplified tables")?;
    // key -> English word -> count
    let mut pairs: HashMap<String, HashMap<String, u64>> = HashMap::new();
    let mut spell_models: Vec<ScriptModel> = Vec::new();
    for script in SCRIPTS {
        // The pairs of this script that the skeleton check keeps, for its
        // spelling model.
        let mut kept_pairs: Vec<Pair> = Vec::new();
        let (mut read, mut kept, mut rescued) = (0usize, 0usize, 0usize);
        // Every native word's total count, and the pairs the skeleton check
        // refused (native, key, English, count).
        let mut totals: HashMap<String, u64> = HashMap::new();
        let mut failed: Vec<(String, String, String, u64)> = Vec::new();
        // Enters a kept pair in the table and the spelling model's pairs.
        // Wikidata's Chinese labels mix Traditional and Simplified
        // characters (`費爾南多` beside `费尔南多`); news in Simplified
        // Chinese meets the Traditional ones only through their Simplified
        // key.
        let add = |native: &str,
                   key: String,
                   eng: &str,
                   count: u64,
                   kept_pairs: &mut Vec<Pair>,
                   pairs: &mut HashMap<String, HashMap<String, u64>>| {
            let simplified = (*script == "chinese")
                .then(|| normalize_key(&t2s.convert(native)))
                .filter(|s| *s != key);
            for key in std::iter::once(key).chain(simplified) {
                kept_pairs.push((key.clone(), eng.to_owned(), count));
                *pairs
                    .entry(key)
                    .or_default()
                    .entry(eng.to_owned())
                    .or_default() += count;
            }
        };
        // Merhav & Ash's scripts come as an 80/20 split; deepchar's Greek and
        // Persian, and `scripts/normalize_data/name_pairs.py`'s Bengali,
        // Devanagari and Thai, as one file in the same format.
        let split = dir.join(format!("wd_{script}_80")).exists();
        let parts: &[&str] = if split {
            &["_80", "_20"]
        } else {
            &[".normalized.aligned.tokens"]
        };
        for part in parts {
            let path = dir.join(format!("wd_{script}{part}"));
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?;
            for line in text.lines() {
                let mut f = line.split('\t');
                let (Some(eng), Some(native), Some(count)) = (f.next(), f.next(), f.next()) else {
                    bail!(
                        "{}: not english<TAB>native<TAB>count: {line:?}",
                        path.display()
                    );
                };
                read += 1;
                // Persian labels sometimes carry short-vowel marks, which news
                // does not write.
                let native: String = native
                    .split(' ')
                    .flat_map(str::chars)
                    .filter(|c| !matches!(*c as u32, 0x064B..=0x065F | 0x0670))
                    .collect();
                let key = normalize_key(&native);
                let count: u64 = count.trim().parse().unwrap_or(1);
                // A word of one or two letters of an alphabet is too often
                // several names (`Се` is Hsieh, Xie, Sze…); a Chinese, Japanese
                // or Korean syllable pair is a name of its own, and so is one
                // Hangul syllable (`존`, John; `김`, Kim), which, unlike a
                // Chinese character, writes a sound and nothing else.
                let min_letters = match *script {
                    "korean" => 1,
                    "chinese" | "japanese" | "katakana" => 2,
                    _ => 3,
                };
                if key.chars().count() < min_letters
                    || key.contains(' ')
                    || !eng
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'\'' || b == b'-')
                {
                    continue;
                }
                *totals.entry(key.clone()).or_default() += count;
                let Some(latin) = transliterate(&geresh(&native), false) else {
                    continue;
                };
                let (a, b) = (skeleton(eng), skeleton(&latin));
                if a.is_empty() || edit_distance(&a, &b) > (a.len().max(b.len()) / 3).max(1) {
                    failed.push((native, key, eng.to_owned(), count));
                    continue;
                }
                kept += 1;
                add(&native, key, eng, count, &mut kept_pairs, &mut pairs);
            }
        }
        // A pair the skeleton check refused is still kept when Wikidata
        // gives it often and for at least half of its native word's uses: the rule
        // transliteration cannot see that `アーサー` (a-sā) is Arthur (339
        // times), whose r and th Japanese does not write.
        for (native, key, eng, count) in failed {
            if count >= FREQUENT_PAIR && count * 2 >= totals.get(&key).copied().unwrap_or(0) {
                kept += 1;
                rescued += 1;
                add(&native, key, &eng, count, &mut kept_pairs, &mut pairs);
            }
        }
        println!("{script}: {kept} of {read} pairs kept ({rescued} frequent ones the skeleton check refused)");
        // Japanese mixes kanji with kana: its katakana words are `katakana`'s.
        if *script != "japanese" {
            spell_models.push(spelling_model(script, &kept_pairs));
        }
    }
    // key -> (English, count), keys sorted for the fst.
    let mut table: BTreeMap<String, (String, u64)> = BTreeMap::new();
    for (key, english) in pairs {
        let mut best: Vec<(String, u64)> = english.into_iter().collect();
        best.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let (eng, count) = best.swap_remove(0);
        table.insert(key, (capitalise(&eng), count));
    }
    let mut words: Vec<&str> = table.values().map(|(e, _)| e.as_str()).collect();
    words.sort_unstable();
    words.dedup();
    let mut text = String::new();
    let mut offsets: HashMap<&str, u64> = HashMap::new();
    for w in &words {
        offsets.insert(w, text.len() as u64);
        text.push_str(w);
        text.push('\n');
    }
    let mut builder = fst::MapBuilder::memory();
    for (key, (eng, count)) in &table {
        builder.insert(
            key,
            (offsets[eng.as_str()] << 24) | (*count).min((1 << 24) - 1),
        )?;
    }
    let fst_bytes = builder.into_inner()?;
    std::fs::write(out.join("names.fst"), &fst_bytes)?;
    std::fs::write(out.join("names.txt"), &text)?;
    let spell = Speller::write(&spell_models);
    std::fs::write(spell_out.join("spell.bin"), &spell)?;
    println!("spell.bin {} KB", spell.len() / 1024);
    println!(
        "{} native words -> {} English words; names.fst {} KB, names.txt {} KB",
        table.len(),
        words.len(),
        fst_bytes.len() / 1024,
        text.len() / 1024
    );
    Ok(())
}

/// A script's spelling model, trained on all its pairs, after an evaluation
/// that trains on 49 of every 50 native words and spells the 50th: how often
/// the rule transliteration and the model give the English word Wikidata
/// pairs most often with it.
fn spelling_model(script: &str, pairs: &[Pair]) -> ScriptModel {
    let held_out = |key: &str| {
        let mut h = Fnv::default();
        h.write(key.as_bytes());
        h.finish() % 50 == 0
    };
    let (test, train): (Vec<Pair>, Vec<Pair>) =
        pairs.iter().cloned().partition(|(k, _, _)| held_out(k));
    let model = ScriptModel::train(script, &train, 2);
    let mut english: Vec<&str> = train.iter().map(|(_, e, _)| e.as_str()).collect();
    english.sort_unstable();
    english.dedup();
    let mut speller = Speller::new(vec![model], english);
    // Each held-out word's most frequent English spelling.
    let mut best: HashMap<&str, (&str, u64)> = HashMap::new();
    for (k, e, c) in &test {
        let b = best.entry(k.as_str()).or_insert((e.as_str(), 0));
        if *c > b.1 {
            *b = (e.as_str(), *c);
        }
    }
    let n = best.len().max(1) as f64;
    let rule = best
        .iter()
        .filter(|(k, (e, _))| transliterate(k, false).unwrap_or_default().to_lowercase() == *e)
        .count();
    let mut line = format!(
        "{script}: spelling {} held-out words: rule {:.3}",
        best.len(),
        rule as f64 / n
    );
    // The model alone, then with the shipped weights of English name words
    // and of the rule transliteration.
    for (known, rule_w) in [(0.0, 0.0), (KNOWN_BONUS, RULE_BONUS)] {
        speller.set_weights(known, rule_w);
        let learned = best
            .iter()
            .filter(|(k, (e, _))| speller.spell(k).unwrap_or_default().to_lowercase() == *e)
            .count();
        let _ = write!(
            line,
            ", learned ({known}, {rule_w}) {:.3}",
            learned as f64 / n
        );
    }
    println!("{line}");
    let full = ScriptModel::train(script, pairs, 2);
    let (graphones, trigrams) = full.size();
    println!("{script}: {graphones} graphones, {trigrams} trigrams");
    full
}
