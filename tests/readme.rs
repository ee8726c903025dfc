//! The README's library example is `examples/readme.rs`, word for word (the
//! README itself runs as a doctest of the `tidings` crate, and the record it
//! prints is checked in `nothing_lost::d3_…`).

#[test]
fn readme_snippet_is_the_readme_example() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap_or_default();
    let example = std::fs::read_to_string(format!("{root}/examples/readme.rs")).unwrap_or_default();
    let start = readme.find("```rust\n").map(|i| i + 8);
    let snippet = start.and_then(|s| readme[s..].find("```").map(|e| &readme[s..s + e]));
    assert_eq!(snippet, Some(example.as_str()));
}
