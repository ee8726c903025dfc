//! The workspace's shape: stage crates depend on `tidings-core`, never on
//! one another (normal, dev or build dependencies), so that each stage can be
//! read, built and published alone. A stage crate says what it is with
//! `[package.metadata.tidings] kind = "stage"` in its Cargo.toml.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

fn metadata() -> Value {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn no_stage_crate_depends_on_another() {
    let meta = metadata();
    let packages = meta["packages"].as_array().unwrap();
    let stages: BTreeSet<&str> = packages
        .iter()
        .filter(|p| p["metadata"]["tidings"]["kind"] == "stage")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(
        stages.len() >= 5,
        "stage crates are marked with [package.metadata.tidings] kind = \"stage\": {stages:?}"
    );
    let mut edges = Vec::new();
    for p in packages {
        let name = p["name"].as_str().unwrap();
        if !stages.contains(name) {
            continue;
        }
        for dep in p["dependencies"].as_array().unwrap() {
            let dep_name = dep["name"].as_str().unwrap();
            if stages.contains(dep_name) {
                edges.push(format!("{name} -> {dep_name} ({})", dep["kind"]));
            }
        }
    }
    assert!(
        edges.is_empty(),
        "stage crates depend on stage crates: {edges:?}"
    );
}

/// The names of a package's dependencies that are tidings crates.
fn our_dependencies(package: &serde_json::Value) -> Vec<&str> {
    package["dependencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .filter(|d| d.starts_with("tidings"))
        .collect()
}

#[test]
fn every_crate_under_crates_is_core_facade_a_marked_stage_io_bindings_or_dev_only() {
    let meta = metadata();
    for p in meta["packages"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        let manifest = p["manifest_path"].as_str().unwrap();
        if !manifest.contains("/crates/") || ["tidings", "tidings-core"].contains(&name) {
            continue;
        }
        let kind = &p["metadata"]["tidings"]["kind"];
        assert!(
            kind == "stage" || kind == "dev" || kind == "io" || kind == "bindings",
            "{name} ({manifest}) is neither the core, the facade, a marked stage, io or bindings crate nor a dev crate"
        );
        let ours = our_dependencies(p);
        if kind == "bindings" {
            // Front ends for other languages (tidings-py) wrap the facade, like the command.
            assert!(
                ours.contains(&"tidings") && ours.iter().all(|d| ["tidings", "tidings-arrow"].contains(d)),
                "{name}: a bindings crate depends on the facade (and the Arrow schema) only: {ours:?}"
            );
        }
        if kind == "io" {
            // Formats (tidings-arrow) sit on the record alone: no stage, no facade.
            assert!(
                ours.iter().all(|d| *d == "tidings-core"),
                "{name}: an io crate depends on {ours:?}"
            );
        }
        if kind == "dev" {
            assert_eq!(
                p["publish"],
                serde_json::json!([]),
                "{name}: dev crates are not published"
            );
        }
    }
}
