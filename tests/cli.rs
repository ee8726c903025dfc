//! The `tidings` command end to end: one record per input, in order, with
//! languages set, and bad inputs turned into per-document errors.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn tidings(args: &[&str]) -> (Vec<Value>, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(args)
        .arg("--no-progress")
        .output()
        .expect("run tidings");
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let records = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON record"))
        .collect();
    (
        records,
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

fn lang(r: &Value) -> &str {
    r["language"]["iso639_3"].as_str().unwrap_or("")
}

const EN: &str = "The prime minister said on Tuesday that the government would invest more in public transport and schools over the next five years.";
const ID: &str = "Presiden mengatakan pada hari Selasa bahwa pemerintah akan menambah investasi untuk transportasi umum dan sekolah dalam lima tahun ke depan.";

#[test]
fn directory_run_keeps_every_document_in_order_with_errors_where_due() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("01-en.txt"), format!("{EN}\n{EN}")).unwrap();
    std::fs::write(d.join("02-id.txt"), format!("{ID}\nSumber: Antara\n{EN}")).unwrap();
    std::fs::write(
        d.join("03-invalid-utf8.txt"),
        b"Caf\xe9 au lait est une boisson chaude.\n",
    )
    .unwrap();
    std::fs::write(d.join("04-empty.txt"), b"").unwrap();
    std::fs::write(d.join("05-binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    let big: String = format!("{EN} ").repeat(30).trim_end().to_owned() + "\n";
    std::fs::write(
        d.join("06-big.txt"),
        big.repeat(50 * 1024 * 1024 / big.len()),
    )
    .unwrap();
    std::fs::write(d.join("07-last.txt"), ID).unwrap();

    let (records, stderr, ok) = tidings(&["run", d.to_str().unwrap(), "--stages", "lang"]);
    assert!(ok, "{stderr}");
    let names: Vec<String> = records
        .iter()
        .map(|r| {
            Path::new(r["id"].as_str().unwrap())
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        names,
        [
            "01-en.txt",
            "02-id.txt",
            "03-invalid-utf8.txt",
            "04-empty.txt",
            "05-binary.txt",
            "06-big.txt",
            "07-last.txt"
        ]
    );
    assert_eq!(lang(&records[0]), "eng");
    assert_eq!(lang(&records[1]), "ind");
    // The English paragraph inside the Indonesian document has its own language;
    // the two-word source line takes the document's.
    let paras = records[1]["paragraphs"].as_array().unwrap();
    let plang: Vec<(&str, &str)> = paras
        .iter()
        .map(|p| {
            (
                p["language"]["iso639_3"].as_str().unwrap(),
                p["language"]["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        plang,
        [
            ("ind", "detected"),
            ("ind", "fallback"),
            ("eng", "detected")
        ]
    );
    let content = records[1]["content"].as_str().unwrap();
    let p2 = &paras[2];
    let (s, e) = (
        p2["start"].as_u64().unwrap() as usize,
        p2["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&content[s..e], EN);

    let kind = |r: &Value| r["errors"][0]["kind"].as_str().unwrap_or("").to_owned();
    // Not UTF-8: detected as a legacy encoding and decoded, not mangled.
    assert_eq!(kind(&records[2]), "");
    assert_eq!(records[2]["encoding"]["source"], "detected");
    assert!(records[2]["content"]
        .as_str()
        .unwrap()
        .starts_with("Café au lait"));
    assert_eq!(lang(&records[2]), "fra");
    assert_eq!(kind(&records[3]), "empty");
    assert_eq!(kind(&records[4]), "binary");
    assert_eq!(records[4]["rejected"], true);
    assert!(records[5]["errors"].is_null(), "{:?}", records[5]["errors"]);
    assert_eq!(lang(&records[5]), "eng");
    assert_eq!(lang(&records[6]), "ind");
    assert!(stderr.contains("7 documents (2 with errors)"), "{stderr}");
}

#[test]
fn jsonl_input_lang_override_and_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(
        &path,
        format!(
            "{{\"id\":\"a\",\"text\":\"{EN}\",\"source\":\"crawl\",\"added\":\"2024-01-01\"}}\n{{broken\n{{\"id\":\"c\",\"text\":\"{ID}\"}}\n"
        ),
    )
    .unwrap();
    let (records, stderr, ok) = tidings(&["run", path.to_str().unwrap(), "--stages", "lang"]);
    assert!(ok, "{stderr}");
    assert_eq!(records.len(), 3);
    assert_eq!(records[0]["id"], "a");
    assert_eq!(records[0]["metadata"]["added"], "2024-01-01");
    assert_eq!(records[1]["errors"][0]["kind"], "malformed_record");
    assert_eq!(lang(&records[2]), "ind");

    let (records, _, ok) = tidings(&["run", path.to_str().unwrap(), "--lang", "de"]);
    assert!(ok);
    assert_eq!(lang(&records[0]), "deu");
    assert_eq!(records[0]["language"]["source"], "given");
}

#[test]
fn unusable_arguments_fail_cleanly() {
    for args in [
        vec!["run", "--stages", "nope", "-"],
        vec!["run", "/no/such/input/anywhere"],
        vec!["run", "--lang", "qq", "-"],
        vec!["run", "--threads", "0", "-"],
    ] {
        let (records, stderr, ok) = tidings(&args);
        assert!(!ok, "{args:?} should fail");
        assert!(records.is_empty());
        assert!(stderr.starts_with("tidings: error:"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn a_given_language_reaches_clean_and_an_estimate_is_recorded_once() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/docs/02-berita.txt");
    let page = page.to_str().unwrap();

    // --lang id: on the document before `clean`, which uses it without detecting.
    let (r, stderr, ok) = tidings(&["run", page, "--stages", "clean,lang", "--lang", "id"]);
    assert!(ok, "{stderr}");
    assert_eq!(r[0]["clean"]["language"], "ind");
    assert_eq!(r[0]["clean"]["language_from"], "document");
    assert_eq!(r[0]["language"]["source"], "given");
    assert!(r[0]["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["language"]["source"] == "given"));
    let stages: Vec<&str> = r[0]["timings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["clean", "lang"]);

    // --lang en: the given language wins even against the text.
    let (r, _, _) = tidings(&["run", page, "--stages", "clean", "--lang", "en"]);
    assert_eq!(r[0]["clean"]["language"], "eng");
    assert_eq!(lang(&r[0]), "eng");

    // No --lang: clean estimates, says so, and records the estimate…
    let (r, _, _) = tidings(&["run", page, "--stages", "clean"]);
    assert_eq!(r[0]["clean"]["language"], "ind");
    assert_eq!(r[0]["clean"]["language_from"], "estimated");
    assert_eq!(r[0]["language"]["source"], "estimated");
    // …which `lang` replaces with a detection on the clean text.
    let (r, _, _) = tidings(&["run", page, "--stages", "clean,lang"]);
    assert_eq!(lang(&r[0]), "ind");
    assert_eq!(r[0]["language"]["source"], "detected");
}

#[test]
fn a_gazetteer_built_from_paranames_gives_wikidata_ids_to_the_names_it_knows() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // ParaNames' release format: gzipped TSV with a header row.
    let rows = "wikidata_id\teng\tlabel\tlanguage\ttype\n\
                Q76\tBarack Obama\tBarack Obama\ten\tPER\n\
                Q76\tBarack Obama\tБарак Обама\tru\tPER\n\
                Q3630\tJakarta\tJakarta\ten\tLOC\n\
                Q3630\tJakarta\tДжакарта\tru\tLOC\n";
    let tsv = d.join("paranames.tsv.gz");
    let mut gz = flate2::write::GzEncoder::new(
        std::fs::File::create(&tsv).unwrap(),
        flate2::Compression::default(),
    );
    std::io::Write::write_all(&mut gz, rows.as_bytes()).unwrap();
    gz.finish().unwrap();
    let index = d.join("index");
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .args(["gazetteer", "build", tsv.to_str().unwrap(), "--out"])
        .arg(&index)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("4 rows (0 skipped) -> "), "{stderr}");
    assert!(
        stderr.contains("2 entities (2 with a Wikidata id)"),
        "{stderr}"
    );

    let text = d.join("news.txt");
    std::fs::write(
        &text,
        "On Monday, Barack Obama arrived in Jakarta. Obama met Joko Widodo, the president.\n",
    )
    .unwrap();
    let (records, stderr, ok) = tidings(&[
        "run",
        text.to_str().unwrap(),
        "--gazetteer",
        index.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let content = records[0]["content"].as_str().unwrap();
    let ids: Vec<(&str, &str, Option<&str>)> = records[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (start, end) = (e["start"].as_u64().unwrap(), e["end"].as_u64().unwrap());
            (
                &content[start as usize..end as usize],
                e["canonical"].as_str().unwrap(),
                e["wikidata_id"].as_str(),
            )
        })
        .collect();
    assert!(
        ids.contains(&("Barack Obama", "Barack Obama", Some("Q76"))),
        "{ids:?}"
    );
    assert!(
        ids.contains(&("Jakarta", "Jakarta", Some("Q3630"))),
        "{ids:?}"
    );
    // The short mention takes the full name's id; a name the index lacks has none.
    assert!(
        ids.contains(&("Obama", "Barack Obama", Some("Q76"))),
        "{ids:?}"
    );
    assert!(
        ids.contains(&("Joko Widodo", "Joko Widodo", None)),
        "{ids:?}"
    );

    // Without the index there is no id; a pipeline without normalize refuses the flag.
    let (records, _, ok) = tidings(&["run", text.to_str().unwrap()]);
    assert!(ok);
    assert!(records[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e.get("wikidata_id").is_none()));
    let (_, stderr, ok) = tidings(&[
        "run",
        text.to_str().unwrap(),
        "--stages",
        "lang",
        "--gazetteer",
        index.to_str().unwrap(),
    ]);
    assert!(!ok && stderr.contains("no normalize stage"), "{stderr}");
}
