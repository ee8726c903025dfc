//! Corpus runs: WARC and Parquet in, sharded Parquet and zstd out, ranks,
//! completion markers, per-rank stats.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tidings::io::warc::WarcReader;
use tidings::io::{document_from_bytes, expand_inputs, read_documents, Input, ReadOptions};
use tidings::{Document, ErrorKind, Format, Pipeline, PipelineConfig, DEFAULT_MAX_BYTES};

fn tidings(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tidings"));
    cmd.args(args);
    if args[0] == "run" {
        cmd.arg("--no-progress");
    }
    cmd.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read_all(path: &Path) -> (Vec<Document>, BTreeMap<String, u64>) {
    let reader = read_documents(
        expand_inputs(&[Input::Path(path.to_path_buf())]).unwrap(),
        ReadOptions::default(),
    );
    let progress = reader.progress();
    let docs = reader.collect();
    (docs, progress.skipped())
}

fn counts(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect()
}

/// warcio's own test files: every quirk has one outcome, and no file hangs.
#[test]
fn warcio_captures_give_documents_where_there_are_pages_and_counted_skips_elsewhere() {
    let Some(dir) = tidings_testdata::data("warc/warcio") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    // `.bad` is warcio's name for a file its reader refuses; read it as `.warc.gz`.
    let bad = tmp.path().join("example-bad.warc.gz");
    std::fs::copy(dir.join("example-bad.warc.gz.bad"), &bad).unwrap();
    let example = "<urn:uuid:a9c51e3e-0221-11e7-bf66-0242ac120005>";
    let cases: Vec<(PathBuf, Vec<&str>, BTreeMap<String, u64>)> = vec![
        (
            dir.join("example.warc"),
            vec![example],
            counts(&[
                ("record:request", 2),
                ("record:revisit", 1),
                ("record:warcinfo", 2),
            ]),
        ),
        (
            dir.join("example.warc.gz"),
            vec![example],
            counts(&[
                ("record:request", 2),
                ("record:revisit", 1),
                ("record:warcinfo", 2),
            ]),
        ),
        // One gzip stream for the whole file (warcio refuses it): same records.
        (
            dir.join("example-bad-non-chunked.warc.gz"),
            vec![example],
            counts(&[
                ("record:request", 2),
                ("record:revisit", 1),
                ("record:warcinfo", 2),
            ]),
        ),
        (
            bad,
            vec!["<urn:uuid:6d058047-ede2-4a13-be79-90c17c631dd4>"],
            counts(&[
                ("http_status:302", 1),
                ("record:request", 2),
                ("record:revisit", 1),
                ("record:warcinfo", 1),
            ]),
        ),
        (
            dir.join("example-digest.warc"),
            vec![],
            counts(&[("record:request", 4)]),
        ),
        // A chunked HTTP body.
        (
            dir.join("example-iana.org-chunked.warc"),
            vec!["<urn:uuid:a96ae1a5-931d-4c45-96f3-98576d155f8b>"],
            counts(&[("record:request", 1), ("record:warcinfo", 1)]),
        ),
        (
            dir.join("example-resource.warc.gz"),
            vec![],
            counts(&[("record:resource", 1), ("record:warcinfo", 2)]),
        ),
        (
            dir.join("example-space-in-target-uri.warc.gz"),
            vec![],
            counts(&[("record:resource", 1), ("record:warcinfo", 1)]),
        ),
        (
            dir.join("example-trunc.warc"),
            vec![example],
            counts(&[("record:request", 1), ("record:warcinfo", 2)]),
        ),
        (
            dir.join("example-wget-bad-target-uri.warc.gz"),
            vec!["<urn:uuid:FD8A6D04-AF8A-4A36-A889-8094487CDF2D>"],
            counts(&[
                ("record:metadata", 1),
                ("record:request", 1),
                ("record:resource", 2),
                ("record:warcinfo", 1),
            ]),
        ),
        // A body whose declared lengths are wrong.
        (
            dir.join("example-wrong-chunks.warc.gz"),
            vec!["<urn:uuid:80d63307-60af-43e0-903f-574b2f432b7e>"],
            counts(&[("record:request", 1)]),
        ),
        (
            dir.join("post-test.warc.gz"),
            vec![],
            counts(&[("content_type:application/json", 3), ("record:request", 3)]),
        ),
    ];
    for (path, ids, skipped) in cases {
        let (docs, got_skipped) = read_all(&path);
        let got: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(got, ids, "{}", path.display());
        assert_eq!(got_skipped, skipped, "{}", path.display());
        for d in &docs {
            assert!(d.errors.is_empty(), "{}: {:?}", path.display(), d.errors);
            assert_eq!(d.format, Format::Html);
            assert!(d.metadata["url"].as_str().unwrap().starts_with("http"));
            assert!(
                d.text.contains("</html>"),
                "{}: the whole page",
                path.display()
            );
        }
    }
    // The chunked body is de-chunked: no chunk-size lines inside the page.
    let (docs, _) = read_all(&dir.join("example-iana.org-chunked.warc"));
    assert!(
        docs[0].text.trim_start().starts_with("<!doctype html>"),
        "{}",
        &docs[0].text[..40]
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), Default::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn record(kind: &str, n: usize, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}-{n:04}>\r\nWARC-Date: 2026-11-{:02}T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        n % 28 + 1,
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn response(n: usize, status: &str, mime: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    record(
        "response",
        n,
        &format!("https://news.example/{n}"),
        "application/http; msgtype=response",
        &http,
    )
}

fn request(n: usize) -> Vec<u8> {
    let http = format!("GET /{n} HTTP/1.1\r\nHost: news.example\r\n\r\n");
    record(
        "request",
        n,
        &format!("https://news.example/{n}"),
        "application/http; msgtype=request",
        http.as_bytes(),
    )
}

/// Real pages from the boilerplate benchmarks: raw bytes, decoded once.
fn benchmark_pages(n: usize) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for set in ["boilerplate/aeb/html", "boilerplate/wcxb-dev/html"] {
        let Some(dir) = tidings_testdata::data(set) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files.into_iter().take(n / 2) {
            let mut raw = Vec::new();
            flate2::read::MultiGzDecoder::new(std::fs::File::open(&f).unwrap())
                .read_to_end(&mut raw)
                .unwrap();
            let doc = document_from_bytes(
                f.display().to_string(),
                &raw,
                Some(Format::Html),
                DEFAULT_MAX_BYTES,
                None,
            );
            assert!(doc.errors.is_empty(), "{}: {:?}", doc.id, doc.errors);
            pages.push((f.display().to_string(), doc.text));
        }
    }
    pages
}

fn clean(pipeline: &Pipeline, mut doc: Document) -> Document {
    pipeline.process(&mut doc);
    doc
}

/// AEB and WCXB pages wrapped in WARC and HTTP headers, in six charsets
/// (HTTP says which; the pages' own `<meta>` still says UTF-8), with a 404,
/// an image, requests, a revisit, a corrupt member and a truncated final
/// member: each page is one record with the text the page gives as a plain
/// `.html` file.
#[test]
fn benchmark_pages_in_warc_read_like_the_same_pages_as_files() {
    let pages = benchmark_pages(12);
    if pages.is_empty() {
        return;
    }
    let charsets = [
        "utf-8",
        "windows-1252",
        "shift_jis",
        "gbk",
        "koi8-r",
        "iso-8859-15",
    ];
    let mut file = Vec::new();
    let mut expected = Vec::new();
    for (i, (_, text)) in pages.iter().enumerate() {
        let label = charsets[i % charsets.len()];
        let enc = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap();
        // Characters the charset lacks become numeric references: the same page.
        let (bytes, _, _) = enc.encode(text);
        let mime = format!("text/html; charset={label}");
        file.extend(gzip(&request(i)));
        let member = gzip(&response(i, "200 OK", &mime, &bytes));
        if i == 5 {
            // A corrupt member: its neighbours must survive.
            let mut bad = member.clone();
            let mid = bad.len() / 2;
            for b in &mut bad[mid..mid + 64] {
                *b ^= 0x5a;
            }
            file.extend(bad);
        } else {
            file.extend(member);
            expected.push((format!("<urn:uuid:response-{i:04}>"), text.clone()));
        }
    }
    file.extend(gzip(&response(
        100,
        "404 Not Found",
        "text/html",
        b"<html><body>gone</body></html>",
    )));
    file.extend(gzip(&response(
        101,
        "200 OK",
        "image/png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )));
    file.extend(gzip(&record(
        "revisit",
        102,
        "https://news.example/0",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\n\r\n",
    )));
    let last = gzip(&response(103, "200 OK", "text/html", pages[0].1.as_bytes()));
    file.extend(&last[..last.len() * 2 / 3]);

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("pages.warc.gz");
    std::fs::write(&path, &file).unwrap();
    let started = Instant::now();
    let (docs, skipped) = read_all(&path);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "reading must not hang"
    );

    // Pages, then the truncated final one as an error record.
    let (cut, docs) = docs.split_last().unwrap();
    assert_eq!(cut.id, "<urn:uuid:response-0103>");
    assert!(
        cut.rejected && cut.errors[0].kind == ErrorKind::Truncated,
        "{:?}",
        cut.errors
    );
    assert!(
        cut.errors[0].message.contains("pages.warc.gz"),
        "{}",
        cut.errors[0].message
    );
    // The corrupt member is an error record or a counted skip, never silence.
    let corrupt_seen = docs
        .iter()
        .any(|d| d.id == "<urn:uuid:response-0005>" && d.rejected)
        || skipped.contains_key("bad_gzip_member");
    assert!(corrupt_seen, "{skipped:?}");
    let good: Vec<&Document> = docs.iter().filter(|d| !d.rejected).collect();
    assert_eq!(
        good.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        expected
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
    );
    assert_eq!(skipped.get("http_status:404"), Some(&1));
    assert_eq!(skipped.get("content_type:image/png"), Some(&1));
    assert_eq!(skipped.get("record:revisit"), Some(&1));
    assert_eq!(skipped.get("record:request"), Some(&12));

    let pipeline = PipelineConfig::with_stages(&["clean"])
        .unwrap()
        .build()
        .unwrap();
    for (doc, (id, text)) in good.iter().zip(&expected) {
        let n: usize = id
            .trim_end_matches('>')
            .rsplit('-')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let label = charsets[n % charsets.len()];
        let enc = doc.encoding.as_ref().unwrap();
        assert_eq!(
            enc.name.to_ascii_lowercase(),
            encoding_rs::Encoding::for_label(label.as_bytes())
                .unwrap()
                .name()
                .to_ascii_lowercase(),
            "{id}: the HTTP charset comes first"
        );
        assert_eq!(doc.metadata["url"], format!("https://news.example/{n}"));
        assert!(doc.metadata["date"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-"));
        let from_warc = clean(&pipeline, (*doc).clone());
        let from_file = clean(&pipeline, Document::html(id.clone(), text.clone()));
        assert!(from_file.content.len() > 100, "{id}");
        assert_eq!(from_warc.title, from_file.title, "{id}");
        assert_eq!(from_warc.content, from_file.content, "{id} ({label})");
    }
}

/// The record with its WARC `Content-Length` off by `delta`.
fn misstate_length(record: Vec<u8>, delta: i64) -> Vec<u8> {
    let s = String::from_utf8(record).unwrap();
    let len: i64 = s
        .split("Content-Length: ")
        .nth(1)
        .and_then(|rest| rest.split("\r\n").next())
        .unwrap()
        .parse()
        .unwrap();
    s.replacen(
        &format!("Content-Length: {len}\r\n\r\nHTTP"),
        &format!("Content-Length: {}\r\n\r\nHTTP", len + delta),
        1,
    )
    .into_bytes()
}

/// A plain `.warc` whose Content-Length is wrong both ways, and a file cut
/// inside a record: neighbours survive, and reading ends.
#[test]
fn wrong_lengths_and_a_cut_plain_file_lose_no_neighbour() {
    let page = |n: usize| {
        format!("<html><head><title>Page {n}</title></head><body><p>Body of page number {n}.</p></body></html>")
    };
    // Declare 10 bytes less than the first block holds, 40 more than the second.
    let short = misstate_length(response(1, "200 OK", "text/html", page(1).as_bytes()), -10);
    let long = misstate_length(response(2, "200 OK", "text/html", page(2).as_bytes()), 40);
    let mut file = Vec::new();
    for part in [
        short,
        long,
        response(3, "200 OK", "text/html", page(3).as_bytes()),
    ] {
        file.extend(part);
    }
    let whole = file.len();
    file.extend(response(4, "200 OK", "text/html", page(4).as_bytes()));
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("lengths.warc");
    std::fs::write(&path, &file[..whole + 300]).unwrap();
    let (docs, skipped) = read_all(&path);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "<urn:uuid:response-0001>",
            "<urn:uuid:response-0002>",
            "<urn:uuid:response-0003>",
            "<urn:uuid:response-0004>"
        ],
        "{skipped:?}"
    );
    for (i, d) in docs[..3].iter().enumerate() {
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert!(
            d.text.ends_with("</html>"),
            "page {}: {:?}",
            i + 1,
            &d.text[d.text.len() - 20..]
        );
        assert!(d.text.contains(&format!("Body of page number {}.", i + 1)));
    }
    assert_eq!(docs[3].errors[0].kind, ErrorKind::Truncated);
    assert!(skipped.is_empty(), "{skipped:?}");
    // The reader on its own, from memory: same records.
    let again: Vec<Document> = WarcReader::new(
        "mem",
        std::io::Cursor::new(file[..whole + 300].to_vec()),
        1 << 20,
    )
    .collect();
    assert_eq!(again.len(), 4);
}

/// Records without their timings (which differ run to run), by id.
fn by_id(records: Vec<Value>) -> BTreeMap<String, Value> {
    records
        .into_iter()
        .map(|mut r| {
            r.as_object_mut().unwrap().remove("timings");
            (r["id"].as_str().unwrap().to_owned(), r)
        })
        .collect()
}

fn jsonl(bytes: &[u8]) -> Vec<Value> {
    String::from_utf8(bytes.to_vec())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn shards(dir: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".jsonl.zst"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| jsonl(&zstd::decode_all(std::fs::File::open(f).unwrap()).unwrap()))
        .collect()
}

/// Inputs of every kind, spread over 10 files.
fn corpus(dir: &Path) {
    let en = "The harbour authority of Singapore said on Monday that the new ferry line to the islands would open in March.";
    let id = "Pemerintah kota mengumumkan pada hari Senin bahwa jalur feri baru ke pulau-pulau akan dibuka pada bulan Maret.";
    for i in 0..6 {
        std::fs::write(
            dir.join(format!("page-{i}.html")),
            format!("<html><head><title>News {i}</title></head><body><nav><a href=/>Home</a> <a href=/w>World</a></nav><article><p>{en} Story {i}.</p><p>{id}</p></article><footer>Copyright 2026</footer></body></html>"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("notes.txt"),
        format!("{id}\nBaca juga: Berita lain\n{en}"),
    )
    .unwrap();
    let mut zst = zstd::Encoder::new(Vec::new(), 3).unwrap();
    for i in 0..5 {
        writeln!(
            zst,
            r#"{{"id": "z{i}", "text": "{en} Record {i}.", "source": "zst"}}"#
        )
        .unwrap();
    }
    std::fs::write(dir.join("records.jsonl.zst"), zst.finish().unwrap()).unwrap();
    let mut warc = Vec::new();
    for i in 0..3 {
        warc.extend(gzip(&request(i)));
        warc.extend(gzip(&response(
            i,
            "200 OK",
            "text/html; charset=utf-8",
            format!("<html><head><title>W{i}</title></head><body><p>{en} Capture {i}.</p></body></html>").as_bytes(),
        )));
    }
    std::fs::write(dir.join("crawl.warc.gz"), warc).unwrap();
    std::fs::write(
        dir.join("broken.jsonl"),
        "{\"id\": \"ok\", \"text\": \"fine\"}\n{not json\n",
    )
    .unwrap();
}

/// A temporary directory with the corpus in `in/`.
fn corpus_in_tmp() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    corpus(&input);
    (tmp, input)
}

#[test]
fn ranks_merge_to_the_single_run_and_reruns_redo_only_unfinished_ranks() {
    let (tmp, input) = corpus_in_tmp();
    let single = tmp.path().join("single.jsonl");
    let o = tidings(&[
        "run",
        input.to_str().unwrap(),
        "--out",
        single.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = by_id(jsonl(&std::fs::read(&single).unwrap()));
    // 6 pages + notes + 5 zst records + 3 captures + 2 JSON lines.
    assert_eq!(want.len(), 17, "{:?}", want.keys());

    let out = tmp.path().join("out");
    let run_rank = |r: usize| {
        tidings(&[
            "run",
            input.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
            "--rank",
            &r.to_string(),
            "--world-size",
            "4",
        ])
    };
    for r in 0..4 {
        let o = run_rank(r);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("rank {r} of 4")),
            "{}",
            stderr(&o)
        );
    }
    let got = by_id(shards(&out));
    assert_eq!(got.len(), want.len());
    assert_eq!(got, want, "the ranks, merged, are the single run");
    for r in 0..4 {
        assert!(out.join(format!("completions/{r:05}")).is_file());
        assert!(out.join(format!("stats/{r:05}.json")).is_file());
    }

    // A rerun does nothing.
    let o = run_rank(2);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("already complete") && stderr(&o).contains("0 documents processed"),
        "{}",
        stderr(&o)
    );

    // Deleting one marker reruns exactly that rank.
    let before: Vec<_> = (0..4)
        .map(|r| {
            std::fs::metadata(out.join(format!("{r:05}.jsonl.zst")))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    std::fs::remove_file(out.join("completions/00001")).unwrap();
    let mut redone = 0;
    for r in 0..4 {
        let o = run_rank(r);
        assert!(o.status.success(), "{}", stderr(&o));
        redone += usize::from(!stderr(&o).contains("already complete"));
    }
    assert_eq!(redone, 1);
    let after: Vec<_> = (0..4)
        .map(|r| {
            std::fs::metadata(out.join(format!("{r:05}.jsonl.zst")))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    assert_eq!(
        (0..4)
            .filter(|&r| before[r] != after[r])
            .collect::<Vec<_>>(),
        [1]
    );
    assert_eq!(by_id(shards(&out)), want);

    // Another world size in the same directory is refused: its ranks would
    // read other files and the markers would lie.
    let o = tidings(&[
        "run",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--rank",
        "0",
        "--world-size",
        "3",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--world-size 4"), "{}", stderr(&o));

    // The merged stats add up.
    let o = tidings(&["stats", out.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stats: Value = serde_json::from_slice(&o.stdout).unwrap();
    let total = &stats["total"];
    assert_eq!(total["documents_out"], 17);
    assert_eq!(total["documents_in"], 17);
    assert_eq!(total["files_in"], 10);
    assert_eq!(total["skipped"]["record:request"], 3);
    assert_eq!(total["errors"]["read/malformed_record"], 1);
    assert!(
        total["languages"]["eng"].as_u64().unwrap() >= 14,
        "{}",
        total["languages"]
    );
    assert!(total["stages"]["clean"]["documents"].as_u64().unwrap() >= 14);
    assert!(
        total["boilerplate"]["navigation"].as_u64().unwrap() >= 6,
        "{}",
        total["boilerplate"]
    );
    assert_eq!(stats["missing"], serde_json::json!([]));
    // Every HTML record says its page type and confidence, and the stats
    // count each once.
    let html: Vec<&Value> = want
        .values()
        .filter(|r| r["format"] == "html" && r["rejected"] != true)
        .collect();
    assert!(html.len() >= 6, "{}", html.len());
    for r in &html {
        let c = r["clean"]["confidence"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c), "{r}");
        assert!(r["clean"]["page_type"].is_string(), "{r}");
    }
    let sum = |m: &Value| {
        m.as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum::<u64>()
    };
    assert_eq!(sum(&total["page_types"]), html.len() as u64);
    assert_eq!(sum(&total["clean_confidence"]), html.len() as u64);
    let table = tidings(&["stats", out.to_str().unwrap()]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("4 of 4 complete"));
    assert!(
        table.contains("page types (clean)") && table.contains("clean confidence"),
        "{table}"
    );
}

#[test]
fn parquet_output_reads_back_with_every_record_and_its_nested_fields() {
    let (tmp, input) = corpus_in_tmp();
    let pq = tmp.path().join("all.parquet");
    let js = tmp.path().join("all.jsonl");
    for out in [&pq, &js] {
        let o = tidings(&[
            "run",
            input.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let from_parquet: Vec<Document> = tidings_arrow::ParquetDocuments::open(&pq, DEFAULT_MAX_BYTES)
        .unwrap()
        .collect();
    assert_eq!(from_parquet.len(), 17);
    let from_jsonl: Vec<Document> = String::from_utf8(std::fs::read(&js).unwrap())
        .unwrap()
        .lines()
        .map(|l| Document::from_json("t", l).unwrap())
        .collect();
    assert_eq!(from_parquet.len(), from_jsonl.len());
    for (a, b) in from_parquet.iter().zip(&from_jsonl) {
        let (mut a, mut b) = (a.clone(), b.clone());
        // Two runs: only the timings may differ.
        a.timings.clear();
        b.timings.clear();
        if a != b {
            let (va, vb) = (
                serde_json::to_value(&a).unwrap(),
                serde_json::to_value(&b).unwrap(),
            );
            let keys: Vec<&String> = va
                .as_object()
                .unwrap()
                .keys()
                .chain(vb.as_object().unwrap().keys())
                .filter(|k| va.get(*k) != vb.get(*k))
                .collect();
            panic!(
                "{} differs between Parquet and JSON Lines in {keys:?}: {:?} / {:?}",
                a.id,
                keys.first().map(|k| &va[k.as_str()]),
                keys.first().map(|k| &vb[k.as_str()])
            );
        }
    }
    // Every English record names Singapore; its offsets slice the content.
    let with_entities = from_parquet
        .iter()
        .find(|d| d.entities.iter().any(|e| e.text == "Singapore"))
        .expect("a record with its entities");
    let e = &with_entities.entities[0];
    assert_eq!(&with_entities.content[e.start..e.end], e.text);

    // Parquet in: the file reads back as input, one document per row.
    let o = tidings(&["run", pq.to_str().unwrap(), "--stages", "lang"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(jsonl(&o.stdout).len(), 17);
    // Parquet shards under --out-dir.
    let out = tmp.path().join("pq-shards");
    let o = tidings(&[
        "run",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--out-format",
        "parquet",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let n = tidings_arrow::ParquetDocuments::open(&out.join("00000.parquet"), DEFAULT_MAX_BYTES)
        .unwrap()
        .count();
    assert_eq!(n, 17);
}

#[test]
fn big_shards_rotate_by_size() {
    let (tmp, input) = corpus_in_tmp();
    let out = tmp.path().join("out");
    let o = tidings(&[
        "run",
        input.to_str().unwrap(),
        "--out-dir",
        out.to_str().unwrap(),
        "--out-format",
        "jsonl",
        "--max-file-size",
        "4000",
        "--stages",
        "clean",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".jsonl"))
        .collect();
    names.sort();
    assert!(names.len() >= 2, "{names:?}");
    assert_eq!(names[0], "00000.jsonl");
    assert_eq!(names[1], "00000_0001.jsonl");
    let total: usize = names
        .iter()
        .map(|n| jsonl(&std::fs::read(out.join(n)).unwrap()).len())
        .sum();
    assert_eq!(total, 17);
}

/// Killed mid-run, a rank leaves no marker and no finished-looking shard.
#[test]
fn an_interrupted_rank_leaves_nothing_that_looks_finished() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args([
            "run",
            "-",
            "--stages",
            "lang",
            "--chunk-size",
            "4",
            "--no-progress",
            "--out-dir",
        ])
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..40 {
        writeln!(
            stdin,
            "{{\"id\": \"r{i}\", \"text\": \"Record number {i} is here.\"}}"
        )
        .unwrap();
    }
    stdin.flush().unwrap();
    let lock = out.join(".00000.jsonl.zst.tidings-lock");
    let started = Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|s| s.starts_with("pid")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(500));
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Let the handler run before standard input ends.
    std::thread::sleep(Duration::from_millis(500));
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(130), "{err}");
    assert!(!out.join("completions/00000").exists());
    assert!(!out.join("stats/00000.json").exists());
    let visible: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert!(visible.is_empty(), "{visible:?}");
    // The partial shard holds whole records (the compressor was ended).
    let partial = out.join(".00000.jsonl.zst.tidings-partial");
    let recs = jsonl(&zstd::decode_all(std::fs::File::open(&partial).unwrap()).unwrap());
    assert!(!recs.is_empty());
    // The rerun (of a finite input) completes the rank and clears the partial file.
    let o = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["run", "-", "--stages", "lang", "--no-progress", "--out-dir"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .and_then(|mut c| {
            writeln!(
                c.stdin.take().unwrap(),
                "{{\"id\": \"a\", \"text\": \"x\"}}"
            )?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(o.status.success());
    assert!(out.join("completions/00000").exists());
    assert!(!partial.exists());
}
