//! Evaluates the NER models on the test splits: entity-level precision, recall
//! and F1 per label (conlleval: exact span and label), and tokens per second on
//! one thread.
//!
//! ```text
//! cargo run --release -p tidings-tools --bin ner_eval -- [--data DIR] [--models DIR] [--lang conll,id,nerp,…] [--min-f1 0.85]
//! ```
//! Each test set is scored twice: on its gold tokens, and on the path a user
//! takes — the tokens joined by spaces into raw text, one record per document
//! (CoNLL-2003, xling/id) or per sentence (NERP, which has no documents),
//! through the `ner` stage with the language given (`raw-doc`,
//! `raw-sentence`). NERP (IndoNLU) is lowercased as it is.
//!
//! `--models DIR` reads DIR/en.tdn, DIR/id.tdn and DIR/multi.tdn instead of
//! the embedded models. `--min-f1` makes the run fail when the CoNLL-2003 test
//! F1 on gold tokens is lower, `--min-f1-raw` on raw text; `--min-f1-id` does
//! the same for Indonesian (xling/id/test, gold tokens) and `--min-f1-nerp`
//! for NERP test (raw text).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Parser;
use tidings::ner::{
    embedded_model, evaluate, evaluate_raw, evaluate_with, keep_types, nerp_tag, read_conll,
    read_spans, Evaluation, Mixture, NerConfig, NerModel, NerStage, RawRecords, Sentence,
};
use tidings::{Language, LanguageCode};

#[derive(Parser, Debug)]
struct Args {
    /// The shared data directory (default: $TIDINGS_DATA or ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Read en.tdn and multi.tdn from this directory instead of the embedded models.
    #[arg(long)]
    models: Option<PathBuf>,
    /// Only these test sets: `conll` and xling language codes, `nerp` (default: all).
    #[arg(long, value_delimiter = ',')]
    lang: Vec<String>,
    /// Fail when the CoNLL-2003 test F1 is below this.
    #[arg(long)]
    min_f1: Option<f64>,
    /// Also evaluate, on xling/id dev and test, mixtures of the `id` model
    /// (these weights) with the multilingual model (weight 1).
    #[arg(long, value_delimiter = ',')]
    mix_id: Vec<f32>,
    /// Also evaluate on CoNLL-2003 valid and test the 1:1 mixture of `en` with
    /// the model in this file (e.g. the same training with another seed).
    #[arg(long)]
    mix_en: Option<PathBuf>,
    /// Fail when the xling/id test F1 is below this.
    #[arg(long)]
    min_f1_id: Option<f64>,
    /// Fail when the CoNLL-2003 test F1 on raw text (one record per document,
    /// through the `ner` stage) is below this.
    #[arg(long)]
    min_f1_raw: Option<f64>,
    /// Also score span files (`{"text", "spans"}` lines, see `read_spans`)
    /// with a language's model: `LANG=FILE`, e.g. a held-out corpus.
    #[arg(long = "spans-test")]
    spans_test: Vec<String>,
    /// Fail when the NERP test F1 (lowercased Indonesian, raw text through the
    /// `ner` stage) is below this.
    #[arg(long)]
    min_f1_nerp: Option<f64>,
}

/// The `ner` stage a user gets for `lang`: the embedded models, or with
/// `--models DIR`, DIR/<lang>.tdn.
fn raw_stage(dir: &Option<PathBuf>, lang: &str) -> Result<NerStage> {
    let config = match dir {
        Some(d) => NerConfig::default()
            .embedded(false)
            .model(lang, d.join(format!("{lang}.tdn")).display().to_string()),
        None => NerConfig::default(),
    };
    NerStage::new(config).with_context(|| format!("building the ner stage for {lang}"))
}

/// Records a failure when `f1` is below the threshold `min` (if one is set).
fn guard(failures: &mut Vec<String>, what: &str, f1: f64, min: Option<f64>) {
    if let Some(min) = min.filter(|&m| f1 < m) {
        failures.push(format!("{what} {f1:.4} < {min}"));
    }
}

fn given(code: &str) -> Option<Language> {
    LanguageCode::parse(code).map(Language::given)
}

const XLING: &[&str] = &[
    "am", "ar", "da", "de", "en", "es", "fa", "fi", "fr", "hu", "id", "it", "ko", "lv", "ne", "nl",
    "no", "pt", "ro", "sv", "uk", "zh",
];

fn load(dir: &Option<PathBuf>, name: &str) -> Result<Arc<NerModel>> {
    match dir {
        Some(d) => Ok(Arc::new(NerModel::load(d.join(format!("{name}.tdn")))?)),
        None => embedded_model(name)?
            .with_context(|| format!("no embedded model `{name}` in this build")),
    }
}

fn print(set: &str, model: &str, ev: &Evaluation) {
    for (label, c) in &ev.per_label {
        println!(
            "{set:<12} {model:<6} {label:<5} P {:.4}  R {:.4}  F1 {:.4}  (gold {}, predicted {})",
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp + c.fn_,
            c.tp + c.fp
        );
    }
    let t = &ev.total;
    println!(
        "{set:<12} {model:<6} ALL   P {:.4}  R {:.4}  F1 {:.4}  {} tokens, {:.0} tokens/s (1 thread)",
        t.precision(),
        t.recall(),
        t.f1(),
        ev.tokens,
        ev.tokens_per_second()
    );
}

fn main() -> Result<()> {
    let args = Args::parse();
    let data = tidings_testdata::data_dir_or(args.data.clone());
    let ner = data.join("ner");
    let wants = |s: &str| args.lang.is_empty() || args.lang.iter().any(|x| x == s);
    let t0 = Instant::now();
    let need_en = wants("conll") || wants("en") || args.mix_en.is_some();
    let need_multi = XLING.iter().any(|l| wants(l)) || wants("nerp") || !args.mix_id.is_empty();
    let en = if need_en {
        Some(load(&args.models, "en")?)
    } else {
        None
    };
    let multi = if need_multi {
        Some(load(&args.models, "multi")?)
    } else {
        None
    };
    println!(
        "models loaded in {:.1} ms",
        t0.elapsed().as_secs_f64() * 1e3
    );
    let read = |p: &Path, types: &[&str]| -> Result<Vec<Sentence>> {
        read_conll(p, |t| keep_types(t, types)).with_context(|| format!("reading {}", p.display()))
    };
    let mut failures = Vec::new();
    if let (true, Some(en)) = (wants("conll"), &en) {
        let test = read(
            &ner.join("conll2003/test.txt"),
            &["PER", "ORG", "LOC", "MISC"],
        )?;
        let ev = evaluate(en, &test);
        print("conll2003", "en", &ev);
        // The path a user takes: raw text through the `ner` stage.
        let stage = raw_stage(&args.models, "en")?;
        for (what, records) in [
            ("doc", RawRecords::Document),
            ("sentence", RawRecords::Sentence),
        ] {
            let raw = evaluate_raw(&stage, &test, given("en"), records);
            print(&format!("conll/raw-{what}"), "en", &raw);
            if records == RawRecords::Document {
                guard(
                    &mut failures,
                    "CoNLL-2003 test F1 on raw text",
                    raw.total.f1(),
                    args.min_f1_raw,
                );
            }
        }
        guard(
            &mut failures,
            "CoNLL-2003 test F1",
            ev.total.f1(),
            args.min_f1,
        );
    }
    for spec in &args.spans_test {
        let Some((lang, file)) = spec.split_once('=') else {
            bail!("--spans-test takes LANG=FILE, not {spec}");
        };
        let test =
            read_spans(file, &["PER", "ORG", "LOC"]).with_context(|| format!("reading {file}"))?;
        let t = Instant::now();
        let model = load(&args.models, lang)?;
        println!(
            "spans/{lang}: model `{lang}` parsed in {:.1} ms",
            t.elapsed().as_secs_f64() * 1e3
        );
        print(&format!("spans/{lang}"), lang, &evaluate(&model, &test));
    }
    let (mut tokens, mut seconds) = (0usize, 0f64);
    let mut macro_f1 = Vec::new();
    for lang in XLING {
        let Some(multi) = multi.as_ref().filter(|_| wants(lang)) else {
            continue;
        };
        let test = read(
            &ner.join("xling").join(lang).join("test.txt"),
            &["PER", "ORG", "LOC"],
        )?;
        let ev = evaluate(multi, &test);
        print(&format!("xling/{lang}"), "multi", &ev);
        tokens += ev.tokens;
        seconds += ev.seconds;
        macro_f1.push(ev.total.f1());
        let own = ["ar", "fa", "ko", "zh"].contains(lang);
        if own {
            // The language's own model, which the ner stage routes it to.
            let model = load(&args.models, lang)?;
            print(&format!("xling/{lang}"), lang, &evaluate(&model, &test));
        }
        if *lang == "id" {
            // What the ner stage runs on Indonesian: `id` (case-aware, with
            // NERP); its 1:1 mixture with `multi` for comparison.
            let shipped = match load(&args.models, "id") {
                Ok(id) => {
                    let alone = evaluate(&id, &test);
                    print("xling/id", "id", &alone);
                    let mix = Mixture::new(vec![(id, 1.0), (multi.clone(), 1.0)]);
                    print(
                        "xling/id",
                        "id+multi",
                        &evaluate_with(|d| mix.tag_document(d), &test),
                    );
                    alone.total.f1()
                }
                Err(e) => {
                    println!("xling/id: no `id` model ({e}); checking `multi` alone");
                    ev.total.f1()
                }
            };
            let raw = evaluate_raw(
                &raw_stage(&args.models, "id")?,
                &test,
                given("id"),
                RawRecords::Document,
            );
            print("xling/id/raw-doc", "id", &raw);
            guard(&mut failures, "xling/id test F1", shipped, args.min_f1_id);
        }
        if let (true, Some(en)) = (*lang == "en", &en) {
            // The English model on the same set, MISC left out (xling has none).
            let mut ev = evaluate(en, &test);
            ev.per_label.remove(&tidings::EntityLabel::Misc);
            ev.total = Default::default();
            for c in ev.per_label.values() {
                ev.total.tp += c.tp;
                ev.total.fp += c.fp;
                ev.total.fn_ += c.fn_;
            }
            print("xling/en", "en", &ev);
        }
    }
    if !macro_f1.is_empty() {
        println!(
            "xling        multi  mean F1 over {} languages {:.4}; {:.0} tokens/s (1 thread)",
            macro_f1.len(),
            macro_f1.iter().sum::<f64>() / macro_f1.len() as f64,
            tokens as f64 / seconds.max(1e-9)
        );
    }
    if let (Some(path), Some(en)) = (&args.mix_en, &en) {
        let other = Arc::new(NerModel::load(path)?);
        let mix = Mixture::new(vec![(en.clone(), 1.0), (other, 1.0)]);
        for split in ["valid", "test"] {
            let set = read(
                &ner.join(format!("conll2003/{split}.txt")),
                &["PER", "ORG", "LOC", "MISC"],
            )?;
            print(
                &format!("conll/{split}"),
                "en+en2",
                &evaluate_with(|d| mix.tag_document(d), &set),
            );
        }
    }
    if !args.mix_id.is_empty() {
        let (Some(multi), id) = (&multi, load(&args.models, "id")?) else {
            bail!("--mix-id needs the multilingual model");
        };
        let dir = ner.join("xling/id");
        for split in ["dev", "test"] {
            let set = read(&dir.join(format!("{split}.txt")), &["PER", "ORG", "LOC"])?;
            for &w in &args.mix_id {
                let mix = Mixture::new(vec![(id.clone(), w), (multi.clone(), 1.0)]);
                let ev = evaluate_with(|d| mix.tag_document(d), &set);
                print(&format!("id/{split}"), &format!("mix{w}"), &ev);
            }
        }
    }
    if wants("nerp") {
        // NERP's text is lowercased: what the `id` route makes of it.
        let p = ner.join("nerp-id/test_preprocess.txt");
        let test = read_conll(&p, nerp_tag).with_context(|| format!("reading {}", p.display()))?;
        if let Some(multi) = &multi {
            print("nerp", "multi", &evaluate(multi, &test));
        }
        let id = load(&args.models, "id")?;
        print("nerp", "id", &evaluate(&id, &test));
        let raw = evaluate_raw(
            &raw_stage(&args.models, "id")?,
            &test,
            given("id"),
            RawRecords::Sentence,
        );
        print("nerp/raw-sentence", "id", &raw);
        guard(
            &mut failures,
            "NERP test F1",
            raw.total.f1(),
            args.min_f1_nerp,
        );
    }
    if !failures.is_empty() {
        bail!("below the threshold: {}", failures.join("; "));
    }
    Ok(())
}
