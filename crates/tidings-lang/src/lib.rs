//! Language detection for tidings: the whole document and each paragraph, with
//! [whatlang](https://docs.rs/whatlang).
//!
//! The [`LangStage`] sets [`Document::language`] from the document's content and
//! gives every [`Paragraph`](tidings_core::Paragraph) its own language, so a
//! mixed Indonesian/English article shows both. Very short paragraphs (a
//! dateline, "Sumber: Yonhap") are not guessed from two words: they take the
//! document's language, marked [`LanguageSource::Fallback`], unless they are
//! written in another script.
//!
//! ```
//! use tidings_core::{Document, Stage, LanguageSource};
//! use tidings_lang::{LangConfig, LangStage};
//!
//! let stage = LangStage::new(LangConfig::default()).unwrap();
//! let mut doc = Document::new("mixed",
//!     "Pemimpin Korea Utara bertemu dengan delegasi China di Pyongyang pada hari Jumat untuk membahas kerja sama.\n\
//!      Sumber: Yonhap\n\
//!      The leaders agreed that it is important to observe the principle of step-by-step action.");
//! stage.process(&mut doc).unwrap();
//! assert_eq!(doc.language.as_ref().unwrap().iso639_3, "ind");
//! let langs: Vec<_> = doc.paragraphs.iter()
//!     .map(|p| p.language.as_ref().unwrap())
//!     .map(|l| (l.iso639_3.as_str(), l.source))
//!     .collect();
//! assert_eq!(langs, [("ind", LanguageSource::Detected),
//!                    ("ind", LanguageSource::Fallback),
//!                    ("eng", LanguageSource::Detected)]);
//! ```
//!
//! # Cost
//!
//! whatlang's cost grows with the text it reads, and a page's paragraphs
//! together are the page again, so the stage reads each text once at most,
//! and only what can change an answer:
//!
//! - the document is detected on a sample of at most
//!   [`LangConfig::sample_bytes`], spread over its content (its start, its
//!   middle and its end), not on the whole content;
//! - a paragraph in the document's script whose stop words say it is in the
//!   document's language (at least [`LangConfig::confirm_density`] of its
//!   words are on that language's bundled stop-word list) takes the
//!   document's language without a detection of its own (source
//!   `detected`, with the document's confidence): a paragraph in another
//!   language shares few of those words;
//! - a document that is one paragraph, sampled whole, gives that paragraph
//!   the document's detection.
//!
//! Every other paragraph — another script, or stop words that disagree — is
//! detected on its own, as are documents in a language without a bundled
//! stop-word list.
//!
//! # A second opinion
//!
//! whatlang confuses close neighbours: Indonesian, Malay and Javanese;
//! Danish and Norwegian; Croatian, Serbian, Bosnian and Slovene. With the
//! `lingua` feature (on by default), lingua chooses within such a group when
//! whatlang's answer falls in it (see `second.rs`), so a short Indonesian
//! sentence is Indonesian, and Malay (which whatlang lacks) is Malay.
//!
//! # A few words
//!
//! whatlang's trigrams say little about three words ("and of the" is not
//! Dutch). For a text of at most eight words, the bundled stop words vote
//! (see `short.rs`): the language of whatlang's script whose list covers the
//! most words wins when it covers more than whatlang's answer does (two more,
//! when that answer has some of its own; neighbours' lists overlap).
//!
//! With the `lingua-short` feature (off by default: it compiles in 46 of
//! lingua's n-gram models, about 190 MB), lingua decides such a text instead,
//! among the languages of its script (Latin, Cyrillic, Arabic, Devanagari)
//! that both detectors know, and the neighbours above are then told apart as
//! for any text.
//!
//! On lingua's test sentences cut to their first 3 and 6 words
//! (`langid_eval`, 56 languages):
//!
//! | | 3 words | 6 words | sentences |
//! |---|---|---|---|
//! | whatlang alone | 75.1 % | 88.7 % | 95.8 % |
//! | with the stop-word vote (default) | 77.5 % | 90.2 % | 95.8 % |
//! | with `lingua-short` | 88.2 % | 95.6 % | 97.0 % |
//!
//! Options ([`LangConfig`]) restrict detection to an allowlist, or skip it and
//! set a given language (`tidings run --lang id`).

#![warn(missing_docs)]
use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use tidings_core::stopwords::{self, FastSet};
use tidings_core::{
    prefix_at_char_boundary, BuildError, BuildStage, Document, Language, LanguageCode,
    LanguageSource, Stage, StageError,
};
use whatlang::{Detector, Lang, Script};

#[cfg(feature = "lingua")]
mod second;
mod short;

/// The code table's entry for a whatlang language (every one has an entry).
pub fn code_of(lang: Lang) -> Option<LanguageCode> {
    LanguageCode::from_iso639_3(lang.code())
}

/// The whatlang language of a code-table entry.
pub fn whatlang_of(code: LanguageCode) -> Option<Lang> {
    Lang::from_code(code.iso639_3())
}

/// The whatlang language a code asks whatlang for: its own, or, for a
/// language only the second opinion gives, the one whatlang answers for it.
fn parse_code(code: &str) -> Option<Lang> {
    let code = LanguageCode::parse(code)?;
    whatlang_of(code).or_else(|| stand_in(code.iso639_3()).and_then(Lang::from_code))
}

#[cfg(feature = "lingua")]
fn stand_in(code: &str) -> Option<&'static str> {
    second::whatlang_stand_in(code)
}

#[cfg(not(feature = "lingua"))]
fn stand_in(_code: &str) -> Option<&'static str> {
    None
}

/// Options of the language stage. Every field has a default; a config file may
/// name only the ones it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LangConfig {
    /// Only these languages are considered (ISO 639-1 or 639-3 codes). Empty: all
    /// 70 languages whatlang knows.
    pub allowlist: Vec<String>,
    /// Skip detection: the document and every paragraph are this language
    /// (ISO 639-1 or 639-3 code). For users who know their data.
    pub language: Option<String>,
    /// Paragraphs with fewer characters than this take the document's language.
    pub min_paragraph_chars: usize,
    /// A paragraph detected as another language than the document's keeps that
    /// language only with at least this confidence; otherwise it takes the
    /// document's language.
    pub min_paragraph_confidence: f64,
    /// Detection reads at most this many bytes: of the document, a sample
    /// spread over its content (its start, middle and end); of a paragraph,
    /// its start (cut at a character boundary). Enough for a confident
    /// answer, and a bounded cost on huge inputs.
    pub sample_bytes: usize,
    /// A paragraph in the document's script takes the document's language
    /// without a detection of its own when at least this share of its words
    /// are stop words of that language (and it has at least
    /// [`CONFIRM_MIN_WORDS`] words). `1.0` or more: detect every paragraph.
    pub confirm_density: f64,
}

/// The fewest words a paragraph needs for its stop words to confirm the
/// document's language ([`LangConfig::confirm_density`]).
pub const CONFIRM_MIN_WORDS: u32 = 6;

impl Default for LangConfig {
    fn default() -> Self {
        LangConfig {
            allowlist: Vec::new(),
            language: None,
            min_paragraph_chars: 40,
            min_paragraph_confidence: 0.5,
            sample_bytes: 2048,
            confirm_density: 0.2,
        }
    }
}

impl LangConfig {
    /// Restricts detection to these languages.
    pub fn allowlist<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.allowlist = codes.into_iter().map(Into::into).collect();
        self
    }

    /// Skips detection and sets this language.
    pub fn language(mut self, code: impl Into<String>) -> Self {
        self.language = Some(code.into());
        self
    }

    /// Sets the shortest paragraph that gets its own detection.
    pub fn min_paragraph_chars(mut self, chars: usize) -> Self {
        self.min_paragraph_chars = chars;
        self
    }
}

impl BuildStage for LangConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        Ok(Box::new(LangStage::new(self.clone())?))
    }
}

/// The `lang` stage.
#[derive(Debug)]
pub struct LangStage {
    config: LangConfig,
    detector: Detector,
    given: Option<Language>,
    /// The allowlist's ISO 639-3 codes (empty: every language).
    allowed: Vec<&'static str>,
}

impl LangStage {
    /// Builds the stage; unknown language codes are a configuration error.
    pub fn new(config: LangConfig) -> Result<Self, BuildError> {
        let bad = |code: &str| BuildError::Config {
            stage: "lang".into(),
            message: format!("unknown language code `{code}`"),
        };
        let allow = config
            .allowlist
            .iter()
            .map(|c| parse_code(c).ok_or_else(|| bad(c)))
            .collect::<Result<Vec<_>, _>>()?;
        let allowed = config
            .allowlist
            .iter()
            .filter_map(|c| LanguageCode::parse(c))
            .map(LanguageCode::iso639_3)
            .collect();
        let detector = if allow.is_empty() {
            Detector::new()
        } else {
            Detector::with_allowlist(allow)
        };
        let given = match &config.language {
            None => None,
            Some(code) => Some(Language::given(
                LanguageCode::parse(code).ok_or_else(|| bad(code))?,
            )),
        };
        Ok(LangStage {
            config,
            detector,
            given,
            allowed,
        })
    }

    /// Detects the language of a text (no fallback); `None` when the text has
    /// no letters whatlang can use.
    ///
    /// whatlang answers first; with the `lingua` feature, lingua decides
    /// among the neighbours whatlang confuses (see the crate docs).
    pub fn detect(&self, text: &str) -> Option<Language> {
        let info = self.detector.detect(text)?;
        if let Some(short) = self.short_text(text, info.script()) {
            return Some(short);
        }
        // A few words: their stop words may outvote whatlang's trigrams.
        let allowed = |c: &str| self.allowed.is_empty() || self.allowed.contains(&c);
        let voted = code_of(info.lang())
            .and_then(|first| short::vote(text, first, allowed))
            .and_then(|(code, share)| Some((whatlang_of(code)?, share)));
        if let Some((lang, share)) = voted {
            if let Some(second) = self.second_opinion(text, lang, info.script()) {
                return Some(second);
            }
            return Some(language_of(
                lang,
                Some(info.script()),
                share,
                false,
                LanguageSource::Detected,
            ));
        }
        if let Some(second) = self.second_opinion(text, info.lang(), info.script()) {
            return Some(second);
        }
        Some(language_of(
            info.lang(),
            Some(info.script()),
            info.confidence(),
            info.is_reliable(),
            LanguageSource::Detected,
        ))
    }

    #[cfg(feature = "lingua")]
    fn second_opinion(&self, text: &str, first: Lang, script: Script) -> Option<Language> {
        let allowed = |c: &str| self.allowed.is_empty() || self.allowed.contains(&c);
        let (code, confidence) = second::decide(text, first.code(), allowed)?;
        Self::decided(code, confidence, script)
    }

    /// With `lingua-short`: lingua's answer for a text of at most
    /// [`short::SHORT_WORDS`] words in a script several of its languages
    /// share.
    #[cfg(feature = "lingua-short")]
    fn short_text(&self, text: &str, script: Script) -> Option<Language> {
        if stopwords::count(text, |_| false).0 > short::SHORT_WORDS {
            return None;
        }
        let allowed = |c: &str| self.allowed.is_empty() || self.allowed.contains(&c);
        let (code, confidence) = second::decide_short(text, script, allowed)?;
        Self::decided(code, confidence, script)
    }

    #[cfg(not(feature = "lingua-short"))]
    fn short_text(&self, _text: &str, _script: Script) -> Option<Language> {
        None
    }

    /// The language lingua decided, with its confidence.
    #[cfg(feature = "lingua")]
    fn decided(code: &str, confidence: f64, script: Script) -> Option<Language> {
        let code = LanguageCode::from_iso639_3(code)?;
        let mut language = Language::from_code(code, LanguageSource::Detected);
        language.confidence = confidence;
        language.reliable = confidence >= 0.9;
        language.script = Some(script_name(script));
        Some(language)
    }

    #[cfg(not(feature = "lingua"))]
    fn second_opinion(&self, _text: &str, _first: Lang, _script: Script) -> Option<Language> {
        None
    }

    fn paragraph_language(&self, text: &str, doc: Option<&DocLanguage>) -> Option<Language> {
        let Some(doc) = doc else {
            return self.detect(text);
        };
        let doc_lang = &doc.language;
        let fallback = || Language {
            source: LanguageSource::Fallback,
            ..doc_lang.clone()
        };
        let chars = text.chars().filter(|c| c.is_alphabetic()).count();
        // A paragraph in another script is another language even when short
        // (a Cyrillic quote in an English article). ASCII text is Latin.
        let other_script = if text.is_ascii() {
            chars > 0 && matches!(doc_lang.script.as_deref(), Some(d) if d != "Latin")
        } else {
            match (whatlang::detect_script(text), doc_lang.script.as_deref()) {
                (Some(s), Some(d)) => s.name() != d,
                _ => false,
            }
        };
        if chars < self.config.min_paragraph_chars && !(other_script && chars >= 3) {
            return Some(fallback());
        }
        if !other_script && doc.confirms(text, self.config.confirm_density) {
            return Some(doc_lang.clone());
        }
        match self.detect(text) {
            None => Some(fallback()),
            Some(l) if l.iso639_3 == doc_lang.iso639_3 => Some(l),
            Some(l) if other_script || l.confidence >= self.config.min_paragraph_confidence => {
                Some(l)
            }
            Some(_) => Some(fallback()),
        }
    }
}

/// The document's detected language, with what confirms it in a paragraph.
struct DocLanguage {
    language: Language,
    stop_words: Option<&'static FastSet<&'static str>>,
    /// The whole content was the sample: a paragraph spanning it has been
    /// detected already.
    sampled_whole: bool,
}

impl DocLanguage {
    fn confirms(&self, text: &str, min_density: f64) -> bool {
        let Some(list) = self.stop_words else {
            return false;
        };
        let (words, stops) = stopwords::count(text, |w| list.contains(w));
        words >= CONFIRM_MIN_WORDS && f64::from(stops) >= min_density * f64::from(words)
    }
}

/// At most `budget` bytes of `content` for the document's detection: all of
/// it when it fits, else four windows at its start, first and second
/// quarter-way points and last quarter, each cut at character boundaries and
/// joined by newlines (whatlang counts trigrams; their order is no evidence).
pub fn document_sample(content: &str, budget: usize) -> Cow<'_, str> {
    if content.len() <= budget {
        return Cow::Borrowed(content);
    }
    const WINDOWS: usize = 4;
    let width = budget / WINDOWS;
    let mut sample = String::with_capacity(budget + WINDOWS);
    for i in 0..WINDOWS {
        let mut start = content.len() / WINDOWS * i;
        while !content.is_char_boundary(start) {
            start += 1;
        }
        let window = prefix_at_char_boundary(&content[start..], width);
        if i > 0 {
            sample.push('\n');
        }
        sample.push_str(window);
    }
    Cow::Owned(sample)
}

impl Stage for LangStage {
    fn name(&self) -> &str {
        "lang"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        doc.ensure_content(self.name())?;
        // A language the user gave (on the document or in this stage's config)
        // is not detected over; an earlier stage's estimate is, since the clean
        // content is new evidence.
        let given = self
            .given
            .as_ref()
            .or(doc.language.as_ref().filter(|l| l.is_given()));
        if let Some(given) = given.cloned() {
            for p in &mut doc.paragraphs {
                p.language = Some(given.clone());
            }
            doc.language = Some(given);
            return Ok(());
        }
        let sample = document_sample(&doc.content, self.config.sample_bytes);
        let detected = self.detect(&sample).map(|language| DocLanguage {
            stop_words: (self.config.confirm_density < 1.0)
                .then(|| language.code())
                .flatten()
                .and_then(stopwords::bundled),
            sampled_whole: matches!(sample, Cow::Borrowed(_)),
            language,
        });
        for p in &mut doc.paragraphs {
            p.language = match &detected {
                Some(d) if d.sampled_whole && (p.start, p.end) == (0, doc.content.len()) => {
                    Some(d.language.clone())
                }
                _ => {
                    let text = doc.content.get(p.start..p.end).unwrap_or("");
                    let text = prefix_at_char_boundary(text, self.config.sample_bytes);
                    self.paragraph_language(text, detected.as_ref())
                }
            };
        }
        doc.language = detected.map(|d| d.language);
        Ok(())
    }
}

fn script_name(s: Script) -> String {
    s.name().to_owned()
}

fn language_of(
    lang: Lang,
    script: Option<Script>,
    confidence: f64,
    reliable: bool,
    source: LanguageSource,
) -> Language {
    Language {
        iso639_3: lang.code().to_owned(),
        iso639_1: code_of(lang)
            .and_then(LanguageCode::iso639_1)
            .map(str::to_owned),
        name: lang.eng_name().to_owned(),
        script: script.map(script_name),
        confidence,
        reliable,
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stage() -> LangStage {
        LangStage::new(LangConfig::default()).unwrap()
    }

    #[test]
    fn prefix_never_splits_a_character() {
        let s = "añb€c";
        for max in 0..=s.len() {
            let p = prefix_at_char_boundary(s, max);
            assert!(p.len() <= max);
            assert!(s.starts_with(p));
        }
    }

    #[test]
    fn other_script_paragraph_is_detected_even_when_short() {
        let mut doc = Document::new(
            "d",
            "The minister met his counterpart in Moscow on Tuesday to discuss the energy deal and trade.\n\
             Сергей Лавров заявил журналистам",
        );
        stage().process(&mut doc).unwrap();
        assert_eq!(doc.language.as_ref().unwrap().iso639_3, "eng");
        let p = doc.paragraphs[1].language.as_ref().unwrap();
        // Short text: whatlang may say Russian or Ukrainian, but never English.
        assert!(
            ["rus", "ukr", "bel"].contains(&p.iso639_3.as_str()),
            "{}",
            p.iso639_3
        );
        assert_eq!(p.script.as_deref(), Some("Cyrillic"));
        assert_eq!(p.source, LanguageSource::Detected);
    }

    #[test]
    fn a_long_document_is_sampled_at_its_start_middle_and_end() {
        let content = format!(
            "{}{}{}{}",
            "a".repeat(3000),
            "ü".repeat(1500),
            "b".repeat(3000),
            "c".repeat(3000)
        );
        let sample = document_sample(&content, 2048);
        assert!(sample.len() <= 2048 + 3, "{}", sample.len());
        let windows: Vec<&str> = sample.split('\n').collect();
        assert_eq!(windows.len(), 4);
        assert!(windows[0].starts_with('a'));
        assert!(
            windows[1].starts_with('ü'),
            "a window starts at a character boundary"
        );
        assert!(windows[3].ends_with('c') && windows[2].contains('b'));
        // Short content is the sample, borrowed.
        assert!(matches!(
            document_sample("short", 2048),
            Cow::Borrowed("short")
        ));
    }

    fn paragraph_langs(doc: &Document) -> Vec<(&str, LanguageSource, f64)> {
        doc.paragraphs
            .iter()
            .map(|p| p.language.as_ref().unwrap())
            .map(|l| (l.iso639_3.as_str(), l.source, l.confidence))
            .collect()
    }

    #[test]
    fn stop_words_confirm_the_documents_language_and_a_foreign_paragraph_is_still_detected() {
        let id = "Presiden mengatakan bahwa pemerintah akan terus mendukung upaya perdamaian di kawasan itu dan meminta semua pihak untuk menahan diri.";
        let en = "The president said that the government would continue to support the peace efforts in the region and asked all sides to show restraint.";
        let text = [id, id, en, id, id].repeat(6).join("\n");
        let mut fast = Document::new("d", text.as_str());
        stage().process(&mut fast).unwrap();
        let full = LangStage::new(LangConfig {
            sample_bytes: 64 * 1024,
            confirm_density: 1.0,
            ..LangConfig::default()
        })
        .unwrap();
        let mut slow = Document::new("d", text.as_str());
        full.process(&mut slow).unwrap();
        assert_eq!(fast.language.as_ref().unwrap().iso639_3, "ind");
        let (f, s) = (paragraph_langs(&fast), paragraph_langs(&slow));
        assert_eq!(f.len(), 30);
        for (i, ((fl, fs, fc), (sl, ss, _))) in f.iter().zip(&s).enumerate() {
            assert_eq!((fl, fs), (sl, ss), "paragraph {i}");
            let expect = if i % 5 == 2 { "eng" } else { "ind" };
            assert_eq!(*fl, expect, "paragraph {i}");
            if *fl == "ind" {
                // Confirmed paragraphs carry the document's detection.
                assert_eq!(*fc, fast.language.as_ref().unwrap().confidence);
            }
        }
    }

    #[test]
    fn a_one_paragraph_document_gives_its_paragraph_the_documents_detection() {
        let mut doc = Document::new(
            "d",
            "Det er en dejlig dag, og vi skal ud at gå en tur i skoven.",
        );
        stage().process(&mut doc).unwrap();
        assert_eq!(doc.paragraphs[0].language, doc.language);
    }

    #[test]
    fn given_language_skips_detection() {
        let s = LangStage::new(LangConfig::default().language("id")).unwrap();
        let mut doc = Document::new(
            "d",
            "This is plainly English text, but the user said otherwise.",
        );
        s.process(&mut doc).unwrap();
        let l = doc.language.unwrap();
        assert_eq!(
            (l.iso639_3.as_str(), l.source),
            ("ind", LanguageSource::Given)
        );
        assert_eq!(
            doc.paragraphs[0].language.as_ref().unwrap().source,
            LanguageSource::Given
        );
    }

    #[test]
    fn a_language_given_on_the_document_is_kept_and_an_estimate_is_redone() {
        let text = "This is plainly English text, written in English for English readers.";
        let mut given = Document::new("g", text);
        given.language = Some(Language::given(LanguageCode::parse("id").unwrap()));
        stage().process(&mut given).unwrap();
        assert_eq!(given.language.as_ref().unwrap().iso639_3, "ind");
        assert_eq!(
            given.paragraphs[0].language.as_ref().unwrap().source,
            LanguageSource::Given
        );

        let mut estimated = Document::new("e", text);
        let ind = LanguageCode::parse("id").unwrap();
        estimated.language = Some(Language::from_code(ind, LanguageSource::Estimated));
        stage().process(&mut estimated).unwrap();
        let l = estimated.language.unwrap();
        assert_eq!(
            (l.iso639_3.as_str(), l.source),
            ("eng", LanguageSource::Detected)
        );
    }

    #[test]
    fn every_whatlang_language_is_in_the_code_table() {
        for &l in Lang::all() {
            let code = code_of(l).unwrap_or_else(|| panic!("{l:?}"));
            assert_eq!(whatlang_of(code), Some(l));
            assert_eq!(code.name(), l.eng_name());
        }
    }

    #[test]
    fn allowlist_restricts_the_answer() {
        // Danish text: with only Norwegian and Swedish allowed it cannot be Danish.
        let s = LangStage::new(LangConfig::default().allowlist(["nb", "sv"])).unwrap();
        let l = s
            .detect("Det er en dejlig dag, og vi skal ud at gå en tur i skoven sammen med hunden.")
            .unwrap();
        assert!(
            ["nob", "swe"].contains(&l.iso639_3.as_str()),
            "{}",
            l.iso639_3
        );
    }

    #[test]
    fn unknown_codes_are_config_errors() {
        let err = LangStage::new(LangConfig::default().allowlist(["en", "qq"])).unwrap_err();
        assert!(err.to_string().contains("`qq`"), "{err}");
    }

    #[cfg(feature = "lingua-short")]
    #[test]
    fn lingua_reads_a_few_words_and_leaves_longer_texts_to_whatlang() {
        let stage = stage();
        let lang = |t: &str| stage.detect(t).map(|l| l.iso639_3);
        for (text, want) in [
            ("El tiempo pasa", "spa"),
            ("Het weer vandaag", "nld"),
            ("Ne nereye gidiyorsun", "tur"),
            ("Він прийшов додому", "ukr"),
            ("Zelo lepo vreme", "slv"),
        ] {
            assert_eq!(lang(text).as_deref(), Some(want), "{text}");
        }
        // Whatlang's reading of the same words, for the record of what the
        // feature changes: at least one of them was wrong without it.
        let whatlang_wrong = ["El tiempo pasa", "Het weer vandaag", "Zelo lepo vreme"]
            .iter()
            .filter(|t| {
                let first = whatlang::detect(t).and_then(|i| code_of(i.lang()));
                first.map(LanguageCode::iso639_3) != lang(t).as_deref()
            })
            .count();
        assert!(whatlang_wrong >= 1);
        // Past eight words whatlang answers, with the stop-word vote.
        let long = "Dit is een langere zin over het weer van vandaag in het land.";
        assert_eq!(lang(long).as_deref(), Some("nld"));
    }

    #[cfg(feature = "lingua-short")]
    #[test]
    fn the_allowlist_restricts_linguas_short_answer() {
        let config = LangConfig::default().allowlist(["por", "ita"]);
        let stage = LangStage::new(config).unwrap();
        let got = stage.detect("El tiempo pasa").map(|l| l.iso639_3);
        assert!(matches!(got.as_deref(), Some("por" | "ita")), "{got:?}");
    }

    #[test]
    fn config_round_trips_through_json() {
        let c = LangConfig::default()
            .allowlist(["en", "id"])
            .min_paragraph_chars(10);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<LangConfig>(&json).unwrap(), c);
        assert!(serde_json::from_str::<LangConfig>(r#"{"bogus": 1}"#).is_err());
    }
}
