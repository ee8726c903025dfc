//! The plain-text cleaner. Every line is either a paragraph, the title or a
//! removal, and a removal's offsets slice exactly its text out of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_clean::{extract_text, CleanConfig};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let x = extract_text(&text, &CleanConfig::default());
    for p in &x.paragraphs {
        assert!(x.content.get(p.start..p.end).is_some(), "paragraph {p:?}");
    }
    for b in &x.boilerplate {
        let (s, e) = (b.start.expect("text removals have offsets"), b.end.expect("end"));
        assert_eq!(&text[s..e], b.text, "removal {s}..{e}");
    }
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    let title = usize::from(x.title.is_some());
    assert_eq!(x.paragraphs.len() + x.boilerplate.len() + title, lines);
});
