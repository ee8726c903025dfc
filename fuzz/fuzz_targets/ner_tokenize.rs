//! NER tokenisation: tokens are non-empty, in order, non-overlapping, and
//! slice the text on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for t in tidings_ner::tokenize(&text) {
        assert!(t.start >= last && t.start < t.end, "{t:?} after {last}");
        assert!(text.get(t.start..t.end).is_some(), "{t:?}");
        last = t.end;
    }
});
