//! `tidings bench`: the figures it reports are consistent with the run it made.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

use serde_json::Value;

fn bench(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("bench")
        .args(args)
        .output()
        .expect("run tidings bench");
    (
        String::from_utf8(out.stdout).expect("utf-8 output"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn records_of_run(args: &[&str]) -> usize {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .arg("run")
        .args(args)
        .arg("--no-progress")
        .output()
        .expect("run tidings");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().lines().count()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn json_report_covers_every_thread_count_and_stage_and_its_shares_add_up() {
    let (out, err, ok) = bench(&[
        "examples/docs",
        "--stages",
        "clean,lang",
        "--threads",
        "1,2",
        "--repeat",
        "2",
        "--json",
    ]);
    assert!(ok, "{err}");
    let r: Value = serde_json::from_str(&out).expect("one JSON report");
    // The same documents `tidings run` reads.
    let docs = records_of_run(&["examples/docs", "--stages", "clean"]);
    assert_eq!(r["documents"].as_u64().unwrap() as usize, docs);
    assert_eq!(r["stages"], serde_json::json!(["clean", "lang"]));
    assert_eq!(r["repeat"], 2);
    assert!(r["input_bytes"].as_u64().unwrap() > 1000);
    assert!(r["ner_tokens"].is_null(), "no ner stage, no token count");
    let runs = r["runs"].as_array().unwrap();
    let threads: Vec<u64> = runs
        .iter()
        .map(|t| t["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(threads, [1, 2]);
    assert_eq!(f(&runs[0]["speedup"]), 1.0);
    for run in runs {
        let (lo, mid, hi) = (
            f(&run["docs_per_sec_min"]),
            f(&run["docs_per_sec"]),
            f(&run["docs_per_sec_max"]),
        );
        assert!(0.0 < lo && lo <= mid && mid <= hi, "{run}");
        let eff = f(&run["scaling_efficiency"]);
        let speedup = f(&run["speedup"]);
        let t = run["threads"].as_f64().unwrap();
        assert!((eff - speedup / t).abs() < 1e-9, "{run}");
        let stages = run["stages"].as_array().unwrap();
        let names: Vec<&str> = stages
            .iter()
            .map(|s| s["stage"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["clean", "lang", "(outside stages)"]);
        let share: f64 = stages.iter().map(|s| f(&s["share"])).sum();
        assert!(
            (0.98..=1.0 + 1e-9).contains(&share),
            "shares sum to {share}"
        );
        for s in &stages[..2] {
            let (p50, p95, max) = (
                s["p50_us"].as_u64().unwrap(),
                s["p95_us"].as_u64().unwrap(),
                s["max_us"].as_u64().unwrap(),
            );
            assert!(p50 <= p95 && p95 <= max && max > 0, "{s}");
            assert!(
                f(&s["docs_per_sec"]) > 0.0 && f(&s["mb_per_sec"]) > 0.0,
                "{s}"
            );
            assert!(s["tokens_per_sec"].is_null());
        }
    }
    assert!(r["peak_rss_bytes"].as_u64().unwrap() > 1_000_000);
}

#[test]
fn ner_reports_tokens_and_the_table_names_each_stage() {
    let (out, err, ok) = bench(&[
        "examples/docs/02-berita.txt",
        "--stages",
        "ner",
        "--threads",
        "1",
        "--repeat",
        "1",
        "--json",
    ]);
    assert!(ok, "{err}");
    let r: Value = serde_json::from_str(&out).unwrap();
    let tokens = r["ner_tokens"].as_u64().unwrap();
    // Every word of the page is a token: at least one per 10 bytes of text.
    assert!(
        tokens as f64 > r["input_bytes"].as_f64().unwrap() / 10.0,
        "{tokens}"
    );
    let ner = &r["runs"][0]["stages"][0];
    assert_eq!(ner["stage"], "ner");
    let docs_s = f(&ner["docs_per_sec"]);
    let tokens_s = f(&ner["tokens_per_sec"]);
    // One document: tokens/s is the token count times docs/s.
    assert!(
        (tokens_s / docs_s - tokens as f64).abs() < 1e-6 * tokens_s,
        "{ner}"
    );

    let (table, err, ok) = bench(&[
        "examples/docs",
        "--stages",
        "clean",
        "--threads",
        "1",
        "--repeat",
        "1",
    ]);
    assert!(ok, "{err}");
    assert!(table.contains("| threads | docs/s |"), "{table}");
    assert!(table.contains("| clean | 1 |"), "{table}");
    assert!(table.contains("| (outside stages) | 1 |"), "{table}");
}

#[test]
fn bad_arguments_are_refused_with_a_reason() {
    for (args, says) in [
        (&["examples/docs", "--threads", "0"][..], "at least 1"),
        (&["examples/docs", "--repeat", "0"][..], "at least 1"),
        (&["examples/docs", "--stages", "cleen"][..], "known stages"),
        (&["no/such/dir"][..], "no/such/dir"),
    ] {
        let (_, err, ok) = bench(args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
