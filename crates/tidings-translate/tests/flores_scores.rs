//! The scorer against sacreBLEU's published scores: every output shipped under
//! `$TIDINGS_DATA/mt/flores-dev/*/` (default `../shared/data` from the repo
//! root) with a `.bleu` file must score within 0.05 BLEU of it. Under
//! `CI=true` missing data fails the test instead of skipping it.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use tidings_translate::{corpus_bleu, corpus_chrf};

fn data_dir() -> PathBuf {
    tidings_testdata::data_dir()
}

fn lines(p: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bleu_matches_published_sacrebleu_scores() {
    let root = data_dir().join("mt/flores-dev");
    if !root.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "CI=true but the FLORES data is missing at {}",
            root.display()
        );
        eprintln!("skipped: no data at {}", root.display());
        return;
    }
    let mut checked = 0;
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        for f in std::fs::read_dir(&dir).unwrap() {
            let bleu_file = f.unwrap().path();
            if bleu_file.extension().is_none_or(|e| e != "bleu") {
                continue;
            }
            let hyp_file = bleu_file.with_extension("");
            if !hyp_file.is_file() {
                continue; // the score is published but not the output (ru-en)
            }
            let want: f64 = std::fs::read_to_string(&bleu_file)
                .unwrap()
                .trim()
                .parse()
                .unwrap();
            let hyp = lines(&hyp_file);
            let refs = lines(&dir.join("flores-dev.en"));
            assert_eq!(hyp.len(), refs.len(), "{}", hyp_file.display());
            let got = corpus_bleu(&hyp, &refs);
            assert!(
                (got - want).abs() <= 0.05,
                "{}: BLEU {got:.4}, published {want}",
                hyp_file.display()
            );
            let chrf = corpus_chrf(&hyp, &refs);
            assert!(
                chrf > got && chrf < 100.0,
                "{}: chrF {chrf}",
                hyp_file.display()
            );
            eprintln!(
                "{}: BLEU {got:.4} (published {want}) chrF2 {chrf:.4}",
                hyp_file.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 1,
        "no published outputs under {}",
        root.display()
    );
}
