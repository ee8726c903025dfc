//! The HTML path: pre-pass, html5ever parse, flattening, block scoring.
//! Checks that paragraph offsets slice `content` and removal offsets slice
//! the input on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tidings_clean::{extract_html, CleanConfig};

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let x = extract_html(&html, &CleanConfig::default());
    for p in &x.paragraphs {
        assert!(x.content.get(p.start..p.end).is_some(), "paragraph {p:?}");
    }
    for b in &x.boilerplate {
        if let (Some(s), Some(e)) = (b.start, b.end) {
            assert!(s <= e && html.get(s..e).is_some(), "removal {s}..{e}");
        }
    }
});
