//! The readers: raw bytes decoded as one document (BOM, charset declaration,
//! detection), and the same bytes as JSON Lines, plain and gunzipped. One
//! document per file; never more records than lines.
#![no_main]

use std::io::Cursor;

use libfuzzer_sys::fuzz_target;
use tidings::io::{document_from_bytes, json_lines, ReadOptions};
use tidings::Format;

fuzz_target!(|data: &[u8]| {
    for format in [None, Some(Format::Html), Some(Format::Text)] {
        let doc = document_from_bytes("f".into(), data, format, 1 << 20, None);
        assert_eq!(doc.id, "f");
    }
    let options = ReadOptions {
        max_bytes: 4096,
        ..Default::default()
    };
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    let n = json_lines("f", Cursor::new(data.to_vec()), &options).count();
    assert!(n <= lines, "{n} records from {lines} lines");
    // As a gzip stream (almost always corrupt): a bounded number of records.
    let gz = flate2::read::MultiGzDecoder::new(Cursor::new(data.to_vec()));
    let n = json_lines("f.gz", std::io::Read::take(gz, 1 << 22), &options).count();
    assert!(n <= (1 << 22) / 2 + 1);
});
