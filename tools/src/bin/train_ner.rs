//! Trains the embedded NER models from ../shared/data/ner and writes them to
//! models/ner/: `en` (CoNLL-2003, PER/ORG/LOC/MISC), `multi` (the
//! MasakhaNER 2.0 transfer corpus, 22 languages, PER/ORG/LOC) and, with
//! `--single id --nerp --features-single 3`, the case-aware `id` (see each
//! model's card for its command).
//!
//! ```text
//! cargo run --release -p tidings-tools --bin train_ner -- [--data DIR] [--out models/ner] [--model en|multi]…
//! ```
//! The number of epochs is chosen on the dev sets; test sets are not read here
//! (see the `ner_eval` example).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Parser;
use tidings::ner::{
    cldr_place_names, keep_types, nerp_tag, read_conll, read_spans, train, Sentence, TrainConfig,
};

#[derive(Parser, Debug)]
struct Args {
    /// The shared data directory (default: $TIDINGS_DATA or ../shared/data).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Where to write the models.
    #[arg(long, default_value = "models/ner")]
    out: PathBuf,
    /// Which models to train (default: all).
    #[arg(long = "model")]
    models: Vec<String>,
    /// Weight-table rows of the English model, as a power of two.
    #[arg(long, default_value_t = 20)]
    bits_en: u32,
    /// Weight-table rows of the multilingual model, as a power of two.
    #[arg(long, default_value_t = 22)]
    bits_multi: u32,
    /// At most this many epochs.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// After choosing the number of epochs on dev, train again on train + dev
    /// for that many epochs (the shipped models are trained this way).
    #[arg(long)]
    add_dev: bool,
    /// Add the known-entity feature (names from the training data) to the
    /// English model.
    #[arg(long)]
    entities_en: bool,
    /// Add the known-entity feature to the multilingual model.
    #[arg(long)]
    entities_multi: bool,
    /// Also train a one-language model on xling/<LANG> (named LANG), e.g. `--single id`.
    #[arg(long)]
    single: Vec<String>,
    /// Training data added to the one-language models from these other xling languages.
    #[arg(long, value_delimiter = ',')]
    single_extra: Vec<String>,
    /// The one-language model's own training data is repeated this many times.
    #[arg(long, default_value_t = 1)]
    single_repeat: usize,
    /// Weight-table rows of the one-language models, as a power of two.
    #[arg(long, default_value_t = 20)]
    bits_single: u32,
    /// Feature set of the English model (1 base, 2 extended context).
    #[arg(long, default_value_t = 1)]
    features_en: u32,
    /// Feature set of the one-language models.
    #[arg(long, default_value_t = 1)]
    features_single: u32,
    /// Seed of the shuffling.
    #[arg(long, default_value_t = 17)]
    seed: u64,
    /// Case augmentation: this fraction of the training sentences is added
    /// again lowercased, each as a document of its own (for case-aware models,
    /// feature set 3).
    #[arg(long, default_value_t = 0.0)]
    lowercase_copies: f64,
    /// Add NERP (IndoNLU, lowercased Indonesian news, Apache-2.0) to the
    /// Indonesian one-language model: its train split trains, its valid split
    /// joins the dev set. PPL → PER, PLC → LOC, IND → ORG.
    #[arg(long)]
    nerp: bool,
    /// Train the Indonesian one-language model on NERP alone (no MasakhaNER
    /// data: every annotation is Apache-2.0), named `id-nerp`.
    #[arg(long)]
    nerp_only: bool,
    /// Train a one-language model from span files: `NAME=DIR[+DIR…]` reads
    /// DIR/train.jsonl (`DIR*N`: N times) and DIR/dev.jsonl (`{"text", "spans"}` lines, see
    /// `read_spans`), plus xling/NAME's train and dev splits where the shared
    /// data has them. The model is named NAME (its language).
    #[arg(long = "spans")]
    spans: Vec<String>,
    /// More data for a `--single` model from span files: `LANG=DIR[+DIR…]`
    /// adds DIR/train.jsonl to its training set and DIR/dev.jsonl to its dev
    /// set (for `id`: cased Indonesian news beside xling/id and NERP).
    #[arg(long = "single-spans")]
    single_spans: Vec<String>,
    /// Words of people's names for a model's name-word feature:
    /// `NAME=FILE[+FILE…]`. A line is a word, or `english<TAB>n a t i v e<TAB>count`
    /// (the transliteration pairs of Merhav & Ash, whose native side, its
    /// letters joined, is the word).
    #[arg(long = "name-words")]
    name_words: Vec<String>,
    /// Give the one-language models of this run the letter-trigram
    /// features (words in scripts without case).
    #[arg(long)]
    char_ngrams: bool,
    /// Word clusters for the English model: a file of `bits<TAB>word<TAB>count`
    /// lines (Brown clusters, as Koo et al. and Turian et al. distribute
    /// them; plain or gzipped).
    #[arg(long)]
    clusters_en: Option<PathBuf>,
    /// Only words seen at least this often in the clusters' corpus.
    #[arg(long, default_value_t = 5)]
    clusters_min_count: u64,
    /// Train with the predicted previous tags instead of the gold ones
    /// (measured worse: CoNLL-2003 test F1 0.809 vs 0.838).
    #[arg(long)]
    predicted_history: bool,
}

/// Languages of the MasakhaNER 2.0 transfer corpus.
pub const XLING: &[&str] = &[
    "am", "ar", "da", "de", "en", "es", "fa", "fi", "fr", "hu", "id", "it", "ko", "lv", "ne", "nl",
    "no", "pt", "ro", "sv", "uk", "zh",
];

fn data_dir(arg: Option<PathBuf>) -> PathBuf {
    tidings_testdata::data_dir_or(arg)
}

/// Every `1 / fraction`-th sentence again, lowercased, each a document of its own.
fn lowercase_copies(sentences: &[Sentence], fraction: f64) -> Vec<Sentence> {
    if fraction <= 0.0 {
        return Vec::new();
    }
    let every = (1.0 / fraction).round().max(1.0) as usize;
    sentences
        .iter()
        .step_by(every)
        .enumerate()
        .map(|(k, s)| Sentence {
            words: s.words.iter().map(|w| w.to_lowercase()).collect(),
            tags: s.tags.clone(),
            doc: usize::MAX / 2 + k,
        })
        .collect()
}

fn read_nerp(path: &Path) -> Result<Vec<Sentence>> {
    read_conll(path, nerp_tag).with_context(|| format!("reading {}", path.display()))
}

fn read(path: &Path, types: &[&str]) -> Result<Vec<Sentence>> {
    read_conll(path, |t| keep_types(t, types))
        .with_context(|| format!("reading {}", path.display()))
}

/// DIR/train.jsonl and DIR/dev.jsonl, span files (see `read_spans`).
fn read_span_dir(dir: &Path, types: &[&str]) -> Result<(Vec<Sentence>, Vec<Sentence>)> {
    let train_file = dir.join("train.jsonl");
    let tr = read_spans(&train_file, types)
        .with_context(|| format!("reading {}", train_file.display()))?;
    let dev_file = dir.join("dev.jsonl");
    let dev =
        read_spans(&dev_file, types).with_context(|| format!("reading {}", dev_file.display()))?;
    Ok((tr, dev))
}

/// The values that `NAME=VALUE` options (`flag`, values shaped as `what`)
/// give for `name`.
fn values_for<'a>(specs: &'a [String], flag: &str, what: &str, name: &str) -> Result<Vec<&'a str>> {
    let mut out = Vec::new();
    for spec in specs {
        let Some((n, value)) = spec.split_once('=') else {
            anyhow::bail!("{flag} takes NAME={what}, not {spec}");
        };
        if n == name {
            out.push(value);
        }
    }
    Ok(out)
}

/// The name words given for model `name` by `--name-words` (see [`Args`]).
fn name_words(args: &Args, name: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    for files in values_for(&args.name_words, "--name-words", "FILE[+FILE…]", name)? {
        for file in files.split('+') {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("--name-words: reading {file}"))?;
            for line in text.lines() {
                let mut cols = line.split('\t');
                let first = cols.next().unwrap_or("");
                let word: String = match cols.next() {
                    Some(native) => native.split(' ').collect(),
                    None => first.trim().to_owned(),
                };
                if !word.is_empty() {
                    words.push(word);
                }
            }
        }
    }
    Ok(words)
}

/// The `(word, bit string)` pairs of a Brown cluster file, words seen at
/// least `min_count` times (every word when the file has no counts).
fn read_clusters(path: &Path, min_count: u64) -> Result<Vec<(String, String)>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(&bytes[..]), &mut s)
            .with_context(|| format!("decompressing {}", path.display()))?;
        s
    } else {
        String::from_utf8(bytes).with_context(|| format!("{} is not UTF-8", path.display()))?
    };
    let mut out = Vec::new();
    for line in text.lines() {
        let mut cols = line.split('\t');
        let (Some(bits), Some(word)) = (cols.next(), cols.next()) else {
            continue;
        };
        // A file without counts keeps every word.
        let count: u64 = cols
            .next()
            .and_then(|c| c.trim().parse().ok())
            .unwrap_or(u64::MAX);
        if count >= min_count && bits.chars().all(|c| c == '0' || c == '1') {
            out.push((word.to_owned(), bits.to_owned()));
        }
    }
    Ok(out)
}

/// The configuration of a one-language model (PER, ORG, LOC).
fn single_config(args: &Args, name: &str, lang: &str, places: &[String]) -> TrainConfig {
    TrainConfig {
        name: name.to_owned(),
        languages: vec![lang.to_owned()],
        types: ["PER", "ORG", "LOC"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        bits: args.bits_single,
        features: args.features_single,
        entity_gazetteer: args.entities_multi,
        char_ngrams: args.char_ngrams,
        max_epochs: args.epochs,
        gazetteer: places.to_vec(),
        gold_history: !args.predicted_history,
        seed: args.seed,
        ..TrainConfig::default()
    }
}

fn main() -> Result<()> {
    let args = Args::parse();
    let data = data_dir(args.data.clone());
    let ner = data.join("ner");
    let wants = |m: &str| args.models.is_empty() || args.models.iter().any(|x| x == m);
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    let places = cldr_place_names(data.join("cldr")).context("reading CLDR place names")?;
    eprintln!("{} CLDR place names", places.len());

    let mut jobs = Vec::new();
    if wants("en") {
        let types = ["PER", "ORG", "LOC", "MISC"];
        let mut tr = read(&ner.join("conll2003/train.txt"), &types)?;
        tr.extend(lowercase_copies(&tr, args.lowercase_copies));
        let dev = read(&ner.join("conll2003/valid.txt"), &types)?;
        let config = TrainConfig {
            name: "en".into(),
            languages: vec!["en".into()],
            types: types.iter().map(|s| s.to_string()).collect(),
            bits: args.bits_en,
            entity_gazetteer: args.entities_en,
            features: args.features_en,
            seed: args.seed,
            max_epochs: args.epochs,
            gazetteer: places.clone(),
            gold_history: !args.predicted_history,
            clusters: match &args.clusters_en {
                Some(path) => read_clusters(path, args.clusters_min_count)?,
                None => Vec::new(),
            },
            ..TrainConfig::default()
        };
        let clusters = if config.clusters.is_empty() {
            String::new()
        } else {
            format!(
                "; word clusters of {} words (see the model card)",
                config.clusters.len()
            )
        };
        jobs.push((
            config,
            tr,
            dev,
            format!(
                "CoNLL-2003 train (+ {:.0} % again lowercased){clusters}; epochs chosen on CoNLL-2003 valid",
                100.0 * args.lowercase_copies
            ),
        ));
    }
    if wants("multi") {
        let types = ["PER", "ORG", "LOC"];
        let (mut tr, mut dev) = (Vec::new(), Vec::new());
        for lang in XLING {
            let dir = ner.join("xling").join(lang);
            let train_file = dir.join("train.txt");
            if train_file.exists() {
                tr.extend(read(&train_file, &types)?);
                dev.extend(read(&dir.join("dev.txt"), &types)?);
            } else {
                // ko and zh have no train split: their dev split trains.
                tr.extend(read(&dir.join("dev.txt"), &types)?);
            }
        }
        let config = TrainConfig {
            name: "multi".into(),
            languages: XLING.iter().map(|s| s.to_string()).collect(),
            types: types.iter().map(|s| s.to_string()).collect(),
            bits: args.bits_multi,
            entity_gazetteer: args.entities_multi,
            max_epochs: args.epochs,
            gazetteer: places.clone(),
            gold_history: !args.predicted_history,
            ..TrainConfig::default()
        };
        jobs.push((
            config,
            tr,
            dev,
            "MasakhaNER 2.0 transfer corpus train (dev for ko, zh); epochs chosen on the other dev splits".to_owned(),
        ));
    }
    for lang in &args.single {
        let types = ["PER", "ORG", "LOC"];
        let dir = ner.join("xling").join(lang);
        let own = read(&dir.join("train.txt"), &types)?;
        let mut dev = read(&dir.join("dev.txt"), &types)?;
        let mut tr = Vec::new();
        for _ in 0..args.single_repeat.max(1) {
            tr.extend(own.iter().cloned());
        }
        tr.extend(lowercase_copies(&own, args.lowercase_copies));
        for extra in &args.single_extra {
            tr.extend(read(
                &ner.join("xling").join(extra).join("train.txt"),
                &types,
            )?);
        }
        let with_nerp = args.nerp && lang == "id";
        if with_nerp {
            tr.extend(read_nerp(&ner.join("nerp-id/train_preprocess.txt"))?);
            dev.extend(read_nerp(&ner.join("nerp-id/valid_preprocess.txt"))?);
        }
        let mut span_dirs = Vec::new();
        for dirs in values_for(&args.single_spans, "--single-spans", "DIR[+DIR…]", lang)? {
            let first_doc = tr.iter().map(|s| s.doc + 1).max().unwrap_or(0);
            let before = tr.len();
            for dir in dirs.split('+') {
                let (t, d) = read_span_dir(Path::new(dir), &types)?;
                tr.extend(t);
                dev.extend(d);
                span_dirs.push(dir.to_owned());
            }
            // Span files have no documents: number their sentences apart.
            for (i, s) in tr[before..].iter_mut().enumerate() {
                s.doc = first_doc + i;
            }
        }
        let mut config = single_config(&args, lang, lang, &places);
        config.name_words = name_words(&args, lang)?;
        jobs.push((config, tr, dev, format!(
            "MasakhaNER 2.0 transfer corpus xling/{lang} train ×{} (+ {:.0} % again lowercased) plus the train splits of [{}]{}{}; epochs chosen on xling/{lang} dev{}{}",
            args.single_repeat.max(1),
            100.0 * args.lowercase_copies,
            args.single_extra.join(", "),
            if with_nerp { " and NERP train (lowercased Indonesian)" } else { "" },
            if span_dirs.is_empty() { String::new() } else { format!(" and span files [{}]", span_dirs.join(", ")) },
            if with_nerp { " + NERP valid" } else { "" },
            if span_dirs.is_empty() { "" } else { " + the span files' dev" },
        )));
    }
    for spec in &args.spans {
        let types = ["PER", "ORG", "LOC"];
        let Some((lang, dirs)) = spec.split_once('=') else {
            anyhow::bail!("--spans takes NAME=DIR[+DIR…], not {spec}");
        };
        let (mut tr, mut dev) = (Vec::new(), Vec::new());
        let mut sources = Vec::new();
        for dir in dirs.split('+') {
            // `DIR*N`: DIR's training sentences N times (a small gold corpus
            // beside a large silver one).
            let (dir, times) = match dir.rsplit_once('*') {
                Some((d, n)) => (
                    d,
                    n.parse::<usize>()
                        .with_context(|| format!("--spans {spec}: `*{n}` is not a count"))?,
                ),
                None => (dir, 1),
            };
            let (t, d) = read_span_dir(Path::new(dir), &types)?;
            for _ in 1..times {
                tr.extend(t.iter().cloned());
            }
            tr.extend(t);
            dev.extend(d);
            sources.push(if times > 1 {
                format!("{dir} ×{times}")
            } else {
                dir.to_owned()
            });
        }
        let xling = ner.join("xling").join(lang);
        if xling.join("train.txt").exists() {
            tr.extend(read(&xling.join("train.txt"), &types)?);
            dev.extend(read(&xling.join("dev.txt"), &types)?);
            sources.push(format!("xling/{lang} train (dev joins the dev set)"));
        } else if xling.join("dev.txt").exists() {
            tr.extend(read(&xling.join("dev.txt"), &types)?);
            sources.push(format!("xling/{lang} dev"));
        }
        // Span files have no documents: number their sentences apart.
        for (i, s) in tr.iter_mut().enumerate() {
            s.doc = i;
        }
        let mut config = single_config(&args, lang, lang, &places);
        config.name_words = name_words(&args, lang)?;
        if !config.name_words.is_empty() {
            sources.push(format!(
                "{} name words (see the model card)",
                config.name_words.len()
            ));
        }
        jobs.push((
            config,
            tr,
            dev,
            format!(
                "{} (see the model card for each source and licence); epochs chosen on their dev splits",
                sources.join(" + ")
            ),
        ));
    }
    if args.nerp_only {
        let tr = read_nerp(&ner.join("nerp-id/train_preprocess.txt"))?;
        let dev = read_nerp(&ner.join("nerp-id/valid_preprocess.txt"))?;
        let config = single_config(&args, "id-nerp", "id", &places);
        jobs.push((
            config,
            tr,
            dev,
            "NERP train (IndoNLU, Apache-2.0); epochs chosen on NERP valid".to_owned(),
        ));
    }
    for (config, tr, dev, what) in jobs {
        let tokens: usize = tr.iter().map(|s| s.words.len()).sum();
        eprintln!(
            "{}: {} sentences, {tokens} tokens; dev {} sentences",
            config.name,
            tr.len(),
            dev.len()
        );
        let (mut model, mut report) = train(&config, &tr, &dev, |line| eprintln!("{line}"))?;
        let best = report.dev_f1[report.best_epoch - 1];
        let mut note = format!(
            "{what}; {} epochs kept of {}, dev F1 {best:.4}; trained in {:.0} s",
            report.best_epoch,
            report.dev_f1.len(),
            report.seconds
        );
        if args.add_dev {
            let epochs = report.best_epoch;
            let all: Vec<Sentence> = tr.iter().chain(&dev).cloned().collect();
            let again = TrainConfig {
                max_epochs: epochs,
                patience: epochs,
                ..config.clone()
            };
            eprintln!(
                "{}: retraining on train + dev for {epochs} epochs",
                config.name
            );
            let (m, r) = train(&again, &all, &dev, |line| eprintln!("{line}"))?;
            model = m;
            note.push_str(&format!(
                "; then retrained on train + dev for {epochs} epochs in {:.0} s",
                r.seconds
            ));
            report.seconds += r.seconds;
        }
        model.set_trained_note(note);
        let path = args.out.join(format!("{}.tdn", config.name));
        let bytes = model.to_bytes();
        std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
        println!(
            "{}: dev F1 {best:.4} (epoch {}), {} rows, {:.1} MB, trained in {:.0} s -> {}",
            config.name,
            report.best_epoch,
            model.info().rows,
            bytes.len() as f64 / 1e6,
            report.seconds,
            path.display()
        );
    }
    Ok(())
}
