//! The WARC reader on arbitrary bytes, as they are (a plain `.warc`) and as
//! gzip members (a `.warc.gz`, corrupt almost always): it ends, every record
//! it yields is a response (an id, a url when the headers had one), and it
//! never yields more documents than there are version lines.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use tidings::io::warc::WarcReader;

fn check(bytes: Vec<u8>, versions: usize) {
    let n = WarcReader::new("f.warc", Cursor::new(bytes), 1 << 16)
        .inspect(|d| assert!(!d.id.is_empty()))
        .count();
    assert!(n <= versions, "{n} documents from {versions} version lines");
}

fuzz_target!(|data: &[u8]| {
    // A WARC header prefix makes the interesting paths reachable.
    let mut plain = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: ".to_vec();
    plain.extend_from_slice(data);
    let versions = plain.windows(5).filter(|w| w == b"WARC/").count();
    check(plain.clone(), versions);
    // The same bytes split into two gzip members, the second cut short.
    let mid = plain.len() / 2;
    let mut gz = Vec::new();
    for part in [&plain[..mid], &plain[mid..]] {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), Default::default());
        e.write_all(part).unwrap();
        gz.extend(e.finish().unwrap());
    }
    let cut = gz.len() - data.len().min(gz.len() / 4);
    check(gz[..cut].to_vec(), versions);
    // And raw bytes as gzip (a corrupt member from the start).
    let mut bad = vec![0x1f, 0x8b, 0x08];
    bad.extend_from_slice(data);
    check(bad, data.windows(5).filter(|w| w == b"WARC/").count());
});
