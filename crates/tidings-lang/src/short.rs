//! Short texts (a headline, a caption, a few words): whatlang's trigrams say
//! little about three words, and stop words say more. For a text of at most
//! [`SHORT_WORDS`] words, the language of whatlang's script whose stop words
//! cover the most of them wins, when it covers more than whatlang's answer
//! does.

use tidings_core::{stopwords, LanguageCode};

/// Texts of at most this many words get the vote.
pub(crate) const SHORT_WORDS: u32 = 8;

/// The language the stop words vote for in `text`, which whatlang called
/// `first`: `Some((language, share of words that are its stop words))` when
/// it is another language than `first`, of the same script, that `allowed`
/// accepts, and covers strictly more words than any other; `None` to keep
/// `first`.
pub(crate) fn vote(
    text: &str,
    first: LanguageCode,
    allowed: impl Fn(&str) -> bool,
) -> Option<(LanguageCode, f64)> {
    // A language without a list (Macedonian), or whose list is in another
    // script than the text (Serbian's is Latin), would lose every vote to its
    // neighbours that have one.
    let own_list = stopwords::bundled(first)?;
    let script = whatlang::detect_script(text);
    let list_script = own_list.iter().find_map(|w| whatlang::detect_script(w));
    if stopwords::is_unspaced(first) || script.is_none() || list_script != script {
        return None;
    }
    let (words, _) = stopwords::count(text, |_| false);
    if words == 0 || words > SHORT_WORDS {
        return None;
    }
    let hits = |lang: LanguageCode| {
        stopwords::bundled(lang).map_or(0, |list| stopwords::count(text, |w| list.contains(w)).1)
    };
    let own = hits(first);
    let (mut best, mut best_hits, mut tied) = (None, own, false);
    for lang in LanguageCode::all() {
        if lang == first
            || lang.script() != first.script()
            || crate::whatlang_of(lang).is_none()
            || !allowed(lang.iso639_3())
        {
            continue;
        }
        let n = hits(lang);
        if n > best_hits {
            (best, best_hits, tied) = (Some(lang), n, false);
        } else if n == best_hits && best.is_some() {
            tied = true;
        }
    }
    // Neighbours share many stop words and their lists differ in length
    // (Hindi's is longer than Marathi's): one more hit is no evidence when
    // whatlang's answer has some of its own.
    if tied || (own > 0 && best_hits < own + 2) {
        return None;
    }
    best.map(|lang| (lang, f64::from(best_hits) / f64::from(words)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: &str) -> LanguageCode {
        LanguageCode::parse(c).unwrap()
    }

    #[test]
    fn stop_words_outvote_trigrams_on_a_few_words() {
        // Three English words whatlang may read as another Latin language.
        let got = vote("and of the", code("nl"), |_| true).map(|v| v.0);
        assert_eq!(got, Some(code("en")));
    }

    #[test]
    fn long_texts_and_ties_keep_whatlangs_answer() {
        let long = "the cat sat on the mat and looked at the dog in the garden for a while";
        assert_eq!(vote(long, code("nl"), |_| true), None);
        // No stop word at all: nothing to vote with.
        assert_eq!(vote("Pyongyang Beijing", code("en"), |_| true), None);
    }

    #[test]
    fn the_allowlist_is_respected() {
        assert_eq!(vote("and of the", code("nl"), |c| c != "eng"), None);
    }
}
