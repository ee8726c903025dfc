//! The pipeline's guarantees: order, one record per document, errors and panics
//! recorded per document, batch stages, bounded read-ahead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tidings::{Document, ErrorKind, Pipeline, Stage, StageError};

/// Appends its tag to `content`; fails on ids ending in "fail", panics on "panic".
struct Tag(&'static str);

impl Stage for Tag {
    fn name(&self) -> &str {
        self.0
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.id.ends_with("panic") {
            panic!("boom on {}", doc.id);
        }
        if doc.id.ends_with("fail") {
            return Err(StageError::new(
                self.0,
                ErrorKind::Other,
                format!("{}: refused", doc.id),
            ));
        }
        doc.content.push_str(self.0);
        Ok(())
    }
}

/// A batch stage that records the batch sizes it saw.
struct Batch(Arc<AtomicUsize>);

impl Stage for Batch {
    fn name(&self) -> &str {
        "batch"
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.id.ends_with("panic") {
            panic!("batch boom");
        }
        doc.content.push('B');
        Ok(())
    }
    fn process_batch(&self, docs: &mut [Document]) -> Vec<Result<(), StageError>> {
        self.0.fetch_max(docs.len(), Ordering::SeqCst);
        docs.iter_mut().map(|d| self.process(d)).collect()
    }
    fn prefers_batch(&self) -> bool {
        true
    }
}

fn docs(n: usize) -> Vec<Document> {
    (0..n)
        .map(|i| {
            let id = match i % 7 {
                3 => format!("{i}-fail"),
                5 => format!("{i}-panic"),
                _ => i.to_string(),
            };
            Document::new(id, "x")
        })
        .collect()
}

#[test]
fn order_is_kept_and_errors_and_panics_stay_on_their_document() {
    let seen = Arc::new(AtomicUsize::new(0));
    let pipeline = Pipeline::new(vec![
        Box::new(Tag("a")),
        Box::new(Batch(seen.clone())),
        Box::new(Tag("c")),
    ])
    .chunk_size(16);
    let input = docs(100);
    let expected: Vec<String> = input.iter().map(|d| d.id.clone()).collect();
    let mut out = Vec::new();
    let stats = pipeline
        .run(input, |d| {
            out.push(d);
            Ok::<_, ()>(())
        })
        .unwrap();
    assert_eq!(stats.documents, 100);
    assert_eq!(
        out.iter().map(|d| d.id.clone()).collect::<Vec<_>>(),
        expected
    );
    for d in &out {
        if d.id.ends_with("fail") {
            assert_eq!(d.content, "B", "{}", d.id);
            assert_eq!(d.errors.len(), 2);
            assert!(d.errors[0].message.contains(&d.id));
        } else if d.id.ends_with("panic") {
            // a, batch and c all panic on it; each panic is caught and recorded.
            assert_eq!(d.errors.len(), 3, "{:?}", d.errors);
            assert!(d.errors.iter().all(|e| e.kind == ErrorKind::Panic));
        } else {
            assert_eq!(d.content, "aBc", "{}", d.id);
            assert!(d.errors.is_empty());
        }
        assert_eq!(d.timings.len(), 3, "{}", d.id);
    }
    assert_eq!(
        stats.with_errors as usize,
        out.iter().filter(|d| d.has_errors()).count()
    );
    // The batch stage saw whole chunks (minus nothing: no rejected docs here).
    assert_eq!(seen.load(Ordering::SeqCst), 16);
}

#[test]
fn rejected_documents_pass_through_untouched() {
    let pipeline = Pipeline::new(vec![Box::new(Tag("a"))]);
    let mut bad = Document::rejected("bad", StageError::read(ErrorKind::Binary, "bin"));
    pipeline.process(&mut bad);
    assert!(bad.content.is_empty());
    assert_eq!(bad.errors.len(), 1);
}

#[test]
fn read_ahead_is_bounded_whatever_the_input_length() {
    let pulled = Arc::new(AtomicUsize::new(0));
    let p2 = pulled.clone();
    let input = (0..20_000).map(move |i| {
        p2.fetch_add(1, Ordering::SeqCst);
        Document::new(i.to_string(), "x")
    });
    let pipeline = Pipeline::new(vec![Box::new(Tag("a"))]).chunk_size(100);
    let mut written = 0usize;
    let mut worst = 0usize;
    pipeline
        .run(input, |_| {
            written += 1;
            worst = worst.max(pulled.load(Ordering::SeqCst) - written);
            Ok::<_, ()>(())
        })
        .unwrap();
    assert_eq!(written, 20_000);
    // In flight: the chunk being written, the one being processed meanwhile,
    // one in the channel, one being read.
    assert!(worst <= 4 * 100, "read ahead by {worst} documents");
}

/// Raises its flag when it sees the document `at`.
struct Signal {
    at: &'static str,
    seen: Arc<AtomicBool>,
}

impl Stage for Signal {
    fn name(&self) -> &str {
        "signal"
    }
    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        if doc.id == self.at {
            self.seen.store(true, Ordering::SeqCst);
        }
        Ok(())
    }
}

#[test]
fn a_chunk_is_written_while_the_next_is_processed() {
    // The sink waits, at the first chunk's first document, for the stage to
    // reach the second chunk. That happens only if the pool processes the
    // second chunk while this thread writes the first; in a run that wrote
    // between chunks, the wait would time out.
    let seen = Arc::new(AtomicBool::new(false));
    let pipeline = Pipeline::new(vec![Box::new(Signal {
        at: "4",
        seen: seen.clone(),
    })])
    .chunk_size(4);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let mut ids = Vec::new();
    let mut overlapped = false;
    pool.install(|| {
        pipeline
            .run(docs(12), |d| {
                if d.id == "0" {
                    let deadline = Instant::now() + Duration::from_secs(20);
                    while !seen.load(Ordering::SeqCst) && Instant::now() < deadline {
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    overlapped = seen.load(Ordering::SeqCst);
                }
                ids.push(d.id);
                Ok::<_, ()>(())
            })
            .unwrap()
    });
    assert!(
        overlapped,
        "the second chunk waited for the first to be written"
    );
    let want: Vec<String> = docs(12).into_iter().map(|d| d.id).collect();
    assert_eq!(ids, want, "order and completeness");
}

#[test]
fn a_failing_sink_stops_the_run_with_its_error() {
    let pipeline = Pipeline::new(vec![Box::new(Tag("a"))]).chunk_size(4);
    let mut n = 0;
    let err = pipeline
        .run(docs(50), |_| {
            n += 1;
            if n == 10 {
                Err("disk full")
            } else {
                Ok(())
            }
        })
        .unwrap_err();
    assert_eq!(err, "disk full");
}

#[test]
fn html_needs_clean_but_an_empty_clean_result_is_not_an_error() {
    let pipeline = tidings::PipelineConfig::with_stages(&["lang"])
        .unwrap()
        .build()
        .unwrap();
    let mut html = Document::html(
        "h",
        "<html><body><p>Hello there, friends.</p></body></html>",
    );
    pipeline.process(&mut html);
    assert_eq!(html.errors.len(), 1);
    assert!(
        html.errors[0].message.contains("put `clean` before `lang`"),
        "{:?}",
        html.errors
    );

    let pipeline = tidings::PipelineConfig::with_stages(&["clean", "lang"])
        .unwrap()
        .build()
        .unwrap();
    let mut empty = Document::html("e", "<html><body><nav><a>Home</a></nav></body></html>");
    pipeline.process(&mut empty);
    assert!(empty.errors.is_empty(), "{:?}", empty.errors);
    assert!(empty.content.is_empty() && empty.language.is_none());
}
