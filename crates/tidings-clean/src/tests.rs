//! Tests across modules: the seed documents, offsets, and hostile inputs.

use std::time::{Duration, Instant};

use tidings_core::{BoilerplateReason as R, Document, LanguageCode, Stage};

use crate::{extract_html, extract_text, extract_text_lang, CleanConfig, CleanStage};

fn seed(prefix: &str) -> Option<Document> {
    let (path, text) = tidings_testdata::seed(prefix)?;
    Some(Document::new(path.display().to_string(), text))
}

fn run(doc: &mut Document) {
    CleanStage::new(CleanConfig::default())
        .unwrap()
        .process(doc)
        .unwrap();
}

fn removed(doc: &Document, line: &str) -> Option<R> {
    doc.boilerplate
        .iter()
        .find(|b| b.text == line)
        .map(|b| b.reason)
}

#[test]
fn english_seed() {
    let Some(mut doc) = seed("000_") else { return };
    let original = doc.text.clone();
    run(&mut doc);
    assert_eq!(doc.text, original, "text must never change");
    assert_eq!(
        doc.title.as_deref(),
        Some("Energetic Diplomatic Activities to Safeguard Peace in Korean Peninsula and Rest of the World")
    );
    assert_eq!(removed(&doc, "Skip links"), Some(R::Navigation));
    assert_eq!(
        removed(
            &doc,
            "🍪 This website uses cookies to improve your web experience."
        ),
        Some(R::CookieBanner)
    );
    // Every other non-blank line (the article) is kept, in order.
    let lines: Vec<&str> = original
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let kept: Vec<&str> = doc.paragraph_texts().collect();
    assert_eq!(kept, lines[2..lines.len() - 1]);
    // Removal offsets point into the original text.
    for b in &doc.boilerplate {
        assert_eq!(&doc.text[b.start.unwrap()..b.end.unwrap()], b.text);
    }
}

#[test]
fn indonesian_seed() {
    let Some(mut doc) = seed("004_") else { return };
    run(&mut doc);
    let lines: Vec<&str> = doc
        .text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let kept: Vec<&str> = doc.paragraph_texts().collect();
    // The article: the first 12 lines, all kept.
    assert_eq!(kept, lines[..12]);
    assert_eq!(removed(&doc, lines[12]), Some(R::RelatedLinks)); // Baca juga
    assert_eq!(removed(&doc, lines[13]), Some(R::RelatedLinks));
    assert_eq!(removed(&doc, "Sumber: Yonhap-OANA"), Some(R::Metadata));
    assert_eq!(removed(&doc, "Berita Lainnya"), Some(R::RelatedLinks));
    for line in &lines[15..] {
        let r = removed(&doc, line);
        assert!(
            matches!(r, Some(R::RelatedLinks | R::Timestamp)),
            "{line}: {r:?}"
        );
    }
    assert_eq!(doc.boilerplate.len() + kept.len(), lines.len());
    for p in &doc.paragraphs {
        assert!(doc.content[p.start..p.end].len() > 10);
        assert!(p.language.is_none());
    }
}

#[test]
fn given_language_is_used() {
    let mut doc = Document::new(
        "d",
        "Pemimpin Korea Utara bertemu dengan delegasi China di Pyongyang pada hari Jumat untuk membahas kerja sama yang lebih erat.",
    );
    doc.language = Some(tidings_core::Language {
        iso639_3: "ind".into(),
        iso639_1: Some("id".into()),
        name: "Indonesian".into(),
        script: None,
        confidence: 1.0,
        reliable: true,
        source: tidings_core::LanguageSource::Given,
    });
    let x = extract_text_lang(
        &doc.text,
        LanguageCode::parse("id"),
        &CleanConfig::default(),
    );
    assert_eq!(x.language, LanguageCode::parse("id"));
    run(&mut doc);
    assert_eq!(doc.paragraphs.len(), 1);
}

#[test]
fn chrome_free_prose_of_one_sentence_paragraphs_is_kept_in_every_script() {
    // FLORES dev sentences, one a paragraph: Thai has no sentence
    // punctuation and short sentences, Chinese may end a line without `。`,
    // Amharic ends sentences with `፡፡` or `።` inside quotes.
    let texts = [
        "เมื่อเจ้าหน้าที่มาถึงห้องชุดก็ระเบิดแล้ว\nไม่มีรายงานการบาดเจ็บที่สำคัญ แต่มีอย่างน้อยห้าคนที่อยู่ในที่เกิดเหตุขณะเกิดการระเบิดได้รับการรักษาอาการช็อก\nไม่มีใครอยู่ในอะพาร์ตเมนต์สักคน\nมีการเตรียมการที่จะนำทั้งกอล์ฟและรักบี้กลับไปแข่งขันในกีฬาโอลิมปิก\nเขาเสียชีวิตที่โอซาก้าในวันอังคาร",
        "查塔姆群岛上还有另一个部落，他们是从新西兰移民过来的毛利人。\n他们自称莫里奥里人。发生过一些小冲突，最后莫里奥里人被消灭了\n学习者可以使用互联网和万维网随时获取信息。\n清晨在家享受香浓咖啡，夜晚则泡上令人放松的甘菊茶。\n细胞是各类生物体中最小的结构和功能单位。",
        "ሰውዬው ፈንጂ የጫነውን ባለሶስት ጎማ ተሽከርካሪ ሕዝቡ ወደ አለበት ነዳው፡፡\nቦምቡን በማፈንዳት የተጠረጠረው ሰውዬ፣ ከፍንዳታው ጉዳት ከደረሰበት በኋላ ታስሯል።\n\"በድንጋጤ ውስጥ ወደቅን፣ አለች እናትየው። \"\n\"ውሃዊ ጸባይ አለው፡፡ እንደውሃ ያሳያል በውስጡ፡፡\nበሩሲያ አሊስክ በሚገኘው የወሊድ ክሊኒክ ውስጥ በመስከረም 17 ቀን 2007 የተወለደችው ናዲያ ክብደቷ 17 ፓውንድ 1 አውንስ ነበር።",
    ];
    for text in texts {
        let x = extract_text(text, &CleanConfig::default());
        let kept = format!("{}\n{}", x.title.as_deref().unwrap_or(""), x.content);
        for line in text.lines() {
            assert!(kept.contains(line.trim()), "dropped: {line}");
        }
    }
}

#[test]
fn html_document_through_the_stage() {
    let html = r##"<!doctype html><html><head><title>T | Site</title>
      <meta property="og:title" content="The real title"></head><body>
      <div id="CybotCookiebotDialog">This site uses cookies. <button>OK</button></div>
      <header><a href="/">Home</a></header>
      <main><article><h1>The real title</h1>
      <p class="byline">By Jane Doe</p>
      <p>The committee met on Monday to discuss the proposal, and its members said that they would vote on it before the end of the month.</p>
      <figure><img src="x.jpg"><figcaption>A photo of the committee. Photo: Jane Doe</figcaption></figure>
      <p>Several of them added that the final text would be published once the vote had taken place and the results were known.</p>
      <div class="share-buttons"><a href="#">Share on Facebook</a></div>
      </article></main><footer>© 2024 Site</footer></body></html>"##;
    let mut doc = Document::html("page", html);
    run(&mut doc);
    assert_eq!(doc.title.as_deref(), Some("The real title"));
    assert_eq!(doc.paragraphs.len(), 2, "{:?}", doc.content);
    assert!(doc.content.starts_with("The committee met"));
    let reasons: Vec<R> = doc.boilerplate.iter().map(|b| b.reason).collect();
    for want in [
        R::CookieBanner,
        R::Header,
        R::Byline,
        R::Caption,
        R::Share,
        R::Footer,
    ] {
        assert!(reasons.contains(&want), "{want:?} missing from {reasons:?}");
    }
    assert_eq!(doc.text, html);
    // Removals carry byte offsets into the raw page: from the first visible
    // character to the last, markup between included.
    let span = |reason: R| {
        let b = doc.boilerplate.iter().find(|b| b.reason == reason).unwrap();
        &doc.text[b.start.unwrap()..b.end.unwrap()]
    };
    assert_eq!(span(R::Footer), "© 2024 Site");
    assert_eq!(span(R::Byline), "By Jane Doe");
    assert_eq!(span(R::Share), "Share on Facebook");
    assert_eq!(span(R::CookieBanner), "This site uses cookies.");
}

/// The repository's example article (examples/docs/01-harbour-news.html).
fn example_page() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/docs/01-harbour-news.html"
    );
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn html_records_carry_a_page_type_and_a_confidence() {
    let mut doc = Document::html("page", example_page());
    run(&mut doc);
    let clean = doc.clean.clone().unwrap();
    assert_eq!(
        clean.page_type,
        Some(tidings_core::PageType::Article),
        "{clean:?}"
    );
    let p = clean.page_type_confidence.unwrap();
    assert!(p > 1.0 / 7.0 && p <= 1.0, "{clean:?}");
    let c = clean.confidence.unwrap();
    assert!(c > 0.5 && c <= 1.0, "{clean:?}");
    // Plain text has neither: the page model reads HTML blocks.
    let Some(mut text) = seed("004_") else { return };
    run(&mut text);
    let clean = text.clean.unwrap();
    assert_eq!(
        (
            clean.page_type,
            clean.page_type_confidence,
            clean.confidence
        ),
        (None, None, None)
    );
}

#[test]
fn the_page_model_is_configured_like_the_block_models() {
    let html = example_page();
    let estimate = |config: CleanConfig| {
        let mut doc = Document::html("page", html.clone());
        CleanStage::new(config).unwrap().process(&mut doc).unwrap();
        let c = doc.clean.unwrap();
        (c.page_type, c.confidence)
    };
    let embedded = estimate(CleanConfig::default());
    assert!(embedded.1.is_some());
    // "heuristic": no page model, no estimate; the extraction is unchanged.
    let none: CleanConfig =
        serde_json::from_value(serde_json::json!({"page_model": "heuristic"})).unwrap();
    assert_eq!(estimate(none.clone()), (None, None));
    assert_eq!(
        extract_html(&html, &none).content,
        extract_html(&html, &CleanConfig::default()).content
    );
    // A model file gives what the same bytes embedded give; a bad one is a
    // configuration error naming the file.
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("page.tgb");
    std::fs::write(&good, crate::PageModel::embedded().unwrap().to_bytes()).unwrap();
    let from_file = CleanConfig {
        page_model: crate::ModelSource::File(good),
        ..CleanConfig::default()
    };
    assert_eq!(estimate(from_file), embedded);
    let bad = dir.path().join("bad.tgb");
    std::fs::write(&bad, b"TDPM\x01\0\0\0").unwrap();
    let err = CleanStage::new(CleanConfig {
        page_model: crate::ModelSource::File(bad.clone()),
        ..CleanConfig::default()
    })
    .unwrap_err()
    .to_string();
    assert!(err.contains(&bad.display().to_string()), "{err}");
}

#[test]
fn a_page_types_threshold_decides_the_blocks_again() {
    use crate::{extract_html_models, BlockModel, ModelKind, PageModel, PageSample, TrainParams};
    use tidings_core::PageType;
    // A page model that calls every page a listing, whose threshold keeps
    // every block the block model scored (0).
    let pages: Vec<PageSample> = (0..20)
        .map(|i| PageSample {
            row: vec![i as f32; 4],
            page_type: Some(PageType::Listing),
            f1: 0.5,
        })
        .collect();
    let params = TrainParams {
        trees: 5,
        depth: 2,
        ..Default::default()
    };
    let mut thresholds = [None; 7];
    thresholds[4] = Some(0.0);
    let listing = PageModel::train(&pages, &params).with_thresholds(thresholds);
    let block = BlockModel::embedded(ModelKind::Html).unwrap();
    let html = example_page();
    let run = |config: &CleanConfig| {
        extract_html_models(&html, None, config, Some(&block), Some(&listing))
    };
    let plain = extract_html_models(&html, None, &CleanConfig::default(), Some(&block), None);
    let typed = run(&CleanConfig::default());
    let e = typed.page.unwrap();
    assert_eq!(
        (e.page_type, e.block_threshold),
        (PageType::Listing, Some(0.0))
    );
    assert!(e.type_probability > 0.6, "{e:?}");
    // Every block is kept but the title's: the chrome the default removes is back.
    assert!(typed.boilerplate.len() < plain.boilerplate.len());
    assert!(typed.content.len() > plain.content.len());
    for p in plain.paragraph_texts() {
        assert!(typed.content.contains(p), "{p}");
    }
    // Off, or below the probability it needs: the default decision.
    let off = CleanConfig {
        type_thresholds: false,
        ..CleanConfig::default()
    };
    assert_eq!(run(&off).content, plain.content);
    let unsure = CleanConfig {
        type_min_probability: 1.0,
        ..CleanConfig::default()
    };
    assert_eq!(run(&unsure).content, plain.content);
}

fn assert_quick(what: &str, html: &str, limit: Duration) -> crate::Extraction {
    let started = Instant::now();
    let x = extract_html(html, &CleanConfig::default());
    let took = started.elapsed();
    // Generous bound (debug build, shared machine): the point is "no hang".
    assert!(took < limit, "{what}: took {took:?}");
    x
}

#[test]
fn deep_nesting_does_not_hang_or_overflow() {
    let depth = 100_000;
    let mut html = String::with_capacity(depth * 12);
    html.push_str("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str("<p>Deep inside the page there is a sentence, and it is the only text that the page has to offer.</p>");
    for _ in 0..depth {
        html.push_str("</div>");
    }
    let x = assert_quick("nested divs", &html, Duration::from_secs(30));
    assert!(x.content.contains("Deep inside"));
    // Unclosed, and with inline tags too.
    let unclosed = "<span><b><i><div>".repeat(25_000) + "text";
    assert_quick("unclosed nesting", &unclosed, Duration::from_secs(30));
}

#[test]
fn unclosed_and_broken_markup() {
    let html = "<html><body><p>First paragraph of the article, which goes on for a while without being closed properly<p>Second one <b>bold <i>italic <a href=x>link</b> still going, and then the input simply stops in the mid<div";
    let x = extract_html(html, &CleanConfig::default());
    assert!(x.content.contains("First paragraph"));
    for junk in [
        "<",
        "<<<>>>",
        "</div></div></p>",
        "<!--",
        "<script>",
        "<a href='",
        "&#xffffffff;&amp",
    ] {
        let _ = extract_html(junk, &CleanConfig::default());
    }
}

#[test]
fn empty_and_binary_inputs() {
    let x = extract_html("", &CleanConfig::default());
    assert!(x.content.is_empty() && x.paragraphs.is_empty());
    let x = extract_text("", &CleanConfig::default());
    assert!(x.content.is_empty());
    let x = extract_text("\n\n   \n", &CleanConfig::default());
    assert!(x.content.is_empty());
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let garbage = String::from_utf8_lossy(&bytes);
    let _ = extract_html(&garbage, &CleanConfig::default());
    let _ = extract_text(&garbage, &CleanConfig::default());
    let mut doc = Document::html("bin", garbage.into_owned());
    run(&mut doc);
}

#[test]
fn large_inputs_are_bounded() {
    // 50 MB of HTML: cut to max_html_bytes (here 4 MiB to keep the test quick)
    // and an error says so; the document still gets content.
    let para = "<p>The council approved the budget after a long debate, and the mayor said that the city would now be able to hire more teachers.</p>\n";
    let big = "<html><body>".to_owned() + &para.repeat(50 * 1024 * 1024 / para.len());
    assert!(big.len() >= 50 * 1000 * 1000);
    let stage = CleanStage::new(CleanConfig::default().max_html_bytes(4 << 20)).unwrap();
    let mut doc = Document::html("big", big);
    let started = Instant::now();
    stage.process(&mut doc).unwrap();
    assert!(started.elapsed() < Duration::from_secs(120));
    assert!(doc
        .errors
        .iter()
        .any(|e| e.kind == tidings_core::ErrorKind::TooLarge));
    assert!(doc.paragraphs.len() > 1000);
    // 50 MB of plain text: linear.
    let line = "Short line\nThe council approved the budget after a long debate, and the mayor said that the city would now hire more teachers.\n";
    let text = line.repeat(50 * 1024 * 1024 / line.len() / 4);
    let x = extract_text_lang(&text, LanguageCode::parse("en"), &CleanConfig::default());
    assert!(!x.paragraphs.is_empty());
}

#[test]
fn config_round_trips_and_rejects_unknown_fields() {
    let c = CleanConfig::default().language("id").max_depth(500);
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<CleanConfig>(&json).unwrap(), c);
    assert!(serde_json::from_str::<CleanConfig>(r#"{"bogus": 1}"#).is_err());
    assert!(CleanStage::new(CleanConfig::default().language("qq")).is_err());
}

#[test]
fn embedded_models_load_and_refuse_the_other_kind() {
    use crate::{BlockModel, ModelKind};
    for kind in [ModelKind::Html, ModelKind::Text] {
        let m = BlockModel::embedded(kind).unwrap();
        assert_eq!(m.kind(), kind);
        assert!(m.n_trees() > 10);
        // Round trip, and a model of one kind is not read as the other.
        let bytes = m.to_bytes();
        assert_eq!(&BlockModel::from_bytes(kind, &bytes).unwrap(), m.as_ref());
        let other = match kind {
            ModelKind::Html => ModelKind::Text,
            ModelKind::Text => ModelKind::Html,
        };
        assert!(BlockModel::from_bytes(other, &bytes).is_err());
        assert!(BlockModel::from_bytes(kind, &bytes[..bytes.len() / 2]).is_err());
    }
}

#[test]
fn a_model_file_that_cannot_be_used_is_a_build_error_naming_it() {
    let dir = std::env::temp_dir().join(format!("tidings-clean-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.tgb");
    std::fs::write(&bad, b"not a model").unwrap();
    for path in [bad.clone(), dir.join("missing.tgb")] {
        let config = CleanConfig {
            html_model: crate::ModelSource::File(path.clone()),
            ..CleanConfig::default()
        };
        let err = CleanStage::new(config).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
    }
    // The free function falls back to the heuristic instead of failing.
    let config = CleanConfig {
        html_model: crate::ModelSource::File(bad),
        ..CleanConfig::default()
    };
    let x = extract_html(
        "<html><body><article><p>The minister said on Tuesday that the talks would continue next week, and that both sides had agreed to meet again.</p></article></body></html>",
        &config,
    );
    assert_eq!(x.paragraphs.len(), 1);
    // try_extract_html says why instead.
    let page = "<html><body><p>The minister said on Tuesday that the talks would continue.</p></body></html>";
    let err = crate::try_extract_html(page, None, &config)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.tgb"), "{err}");
    // The text side behaves the same: a fallback, or the error from try_.
    let config = CleanConfig {
        text_model: crate::ModelSource::File(dir.join("bad.tgb")),
        ..CleanConfig::default()
    };
    let line = "The minister said on Tuesday that the talks would continue next week, and that both sides had agreed to meet again.";
    assert_eq!(extract_text(line, &config).paragraphs.len(), 1);
    let err = crate::try_extract_text(line, None, &config)
        .unwrap_err()
        .to_string();
    assert!(err.contains("bad.tgb"), "{err}");
    // A good model file is read once, then served from the cache: removing the
    // file after the first page does not change the second.
    #[cfg(feature = "embedded-models")]
    {
        let good = dir.join("good.tgb");
        std::fs::write(&good, tidings_model_clean::HTML).unwrap();
        let config = CleanConfig {
            html_model: crate::ModelSource::File(good.clone()),
            ..CleanConfig::default()
        };
        let first = crate::try_extract_html(page, None, &config).unwrap();
        std::fs::remove_file(&good).unwrap();
        let second = crate::try_extract_html(page, None, &config).unwrap();
        assert_eq!(first, second);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn model_and_heuristic_both_drop_consent_banners_and_menus() {
    let html = r#"<html><head><title>Harbour reopens | Example</title></head><body>
      <div id="onetrust-banner-sdk"><p>We use cookies to improve your experience. By continuing to browse you agree to our use of cookies and similar technologies.</p></div>
      <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
      <main><article><h1>Harbour reopens</h1>
        <p>The harbour reopened on Monday after three weeks of repairs, and the first ferries left on time, the port authority said in a statement.</p>
        <p>Fishermen, who had been unable to land their catch during the closure, said that the repairs had taken longer than they had been told.</p>
        <p>The authority said that it would review how the work had been planned and that it would publish its findings before the end of the year.</p>
      </article></main>
      <footer><p>© 2024 Example News. All rights reserved.</p></footer>
    </body></html>"#;
    for source in [crate::ModelSource::Embedded, crate::ModelSource::Heuristic] {
        let config = CleanConfig {
            html_model: source.clone(),
            ..CleanConfig::default()
        };
        let x = extract_html(html, &config);
        let kept: Vec<&str> = x.paragraph_texts().collect();
        assert_eq!(kept.len(), 3, "{source:?}: {kept:?}");
        assert!(kept[0].starts_with("The harbour reopened"), "{source:?}");
        assert!(
            x.boilerplate
                .iter()
                .any(|b| b.text.starts_with("We use cookies") && b.reason == R::CookieBanner),
            "{source:?}: {:?}",
            x.boilerplate
        );
        assert!(!x.content.contains("Home"), "{source:?}");
        assert!(!x.content.contains("All rights reserved"), "{source:?}");
    }
}

#[test]
fn text_comment_threads_after_the_article_are_removed() {
    let article = [
        "Council approves new budget",
        "The city council approved the budget on Tuesday after a debate that lasted well into the night, with most members backing the plan.",
        "The mayor said the money would pay for more teachers and for repairs to the bridges that the floods damaged last spring.",
    ];
    let thread = [
        "Comments",
        "Jane Roe on March 3, 2024 at 4:47 pm said:",
        "I have lived in this city for thirty years and I think this is the first budget that actually takes the schools seriously.",
        "Max Power on March 3, 2024 at 6:02 pm said:",
        "The bridges should have been fixed years ago, and I do not understand why it took another flood for the council to act on it.",
    ];
    let text = article
        .iter()
        .chain(&thread)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    let x = extract_text_lang(&text, LanguageCode::parse("en"), &CleanConfig::default());
    assert!(x.content.contains("approved the budget"), "{}", x.content);
    assert!(x.content.contains("more teachers"), "{}", x.content);
    for comment in [thread[2], thread[4]] {
        let b = x.boilerplate.iter().find(|b| b.text == comment);
        assert_eq!(b.map(|b| b.reason), Some(R::Comments), "{comment}");
        // The span slices the comment out of the input (byte offsets).
        let (s, e) = b.and_then(|b| b.start.zip(b.end)).unwrap();
        assert_eq!(&text[s..e], comment);
    }
    // A "Comments" tab above the article starts no section.
    let tab_first = ["Comments"]
        .iter()
        .chain(&article)
        .chain(&thread[1..])
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    let x = extract_text_lang(
        &tab_first,
        LanguageCode::parse("en"),
        &CleanConfig::default(),
    );
    assert!(x.content.contains("approved the budget"), "{}", x.content);
}

/// Why the first removed piece starting with `start` was removed.
fn reason_of(x: &crate::Extraction, start: &str) -> Option<R> {
    x.boilerplate
        .iter()
        .find(|r| r.text.starts_with(start))
        .map(|r| r.reason)
}

#[test]
fn text_mode_removes_captions_author_notes_bylines_and_a_repeated_title() {
    let article = [
        "North Korean leader Kim Jong-un has asked Russia for support as sanctions bite, state media reported on Friday, a week after his envoy returned from Moscow.",
        "The request came during a meeting with a visiting Russian delegation in Pyongyang, where both sides pledged to deepen cooperation in trade, energy and transport.",
        "Analysts in Seoul said the move showed how isolated the country has become, and that Moscow was unlikely to offer more than political backing in the near term.",
    ];
    let text = format!(
        "Kim Jong-Un Seek Support from Russia\n\
         Kim Jong Un (center, rear) presides over a meeting of the Political Bureau in this photo released by the Korean Central News Agency on June 30. (Yonhap)\n\
         {}\n{}\n\
         North Korean leader Kim Jong Un Image\n\
         {}\n\
         Ha Yoon Ah is one of Daily NK's full-time journalists. Please direct any questions about her articles to\n\
         Kim Jong-Un Seek Support from Russia voinews id\n",
        article[0], article[1], article[2]
    );
    let x = extract_text_lang(&text, LanguageCode::parse("en"), &CleanConfig::default());
    assert_eq!(
        x.title.as_deref(),
        Some("Kim Jong-Un Seek Support from Russia")
    );
    let kept: Vec<&str> = x
        .paragraphs
        .iter()
        .map(|p| &x.content[p.start..p.end])
        .collect();
    assert_eq!(kept, article);
    let reason = |start: &str| reason_of(&x, start);
    assert_eq!(reason("Kim Jong Un (center, rear)"), Some(R::Caption));
    assert_eq!(
        reason("North Korean leader Kim Jong Un Image"),
        Some(R::Caption)
    );
    assert_eq!(reason("Ha Yoon Ah is one of"), Some(R::AuthorNote));
    assert_eq!(
        reason("Kim Jong-Un Seek Support from Russia voinews"),
        Some(R::RepeatedTitle)
    );

    let artikel = [
        "Presiden Joko Widodo meresmikan Bendungan Jlantah di Kabupaten Karanganyar, Jawa Tengah, pada Senin, yang dibangun untuk mengairi ribuan hektare sawah di sekitarnya.",
        "Menurut Presiden, bendungan tersebut akan meningkatkan produktivitas pertanian dan menjadi sumber air baku bagi warga di tiga kecamatan yang selama ini kekurangan air.",
        "Pembangunan bendungan dimulai pada 2019 dengan biaya sekitar Rp1 triliun dan melibatkan ratusan pekerja dari daerah setempat, kata Menteri Pekerjaan Umum.",
    ];
    let teks = format!(
        "Jokowi Resmikan Bendungan Jlantah di Karanganyar\n\
         {}\n\
         Presiden Joko Widodo meninjau Bendungan Jlantah di Karanganyar, Jawa Tengah. ANTARA FOTO/Mohammad Ayudha/rwa.\n\
         {}\n{}\n\
         Pewarta: Aji Cakti\n\
         Editor: Rahmad Nasution\n",
        artikel[0], artikel[1], artikel[2]
    );
    let x = extract_text_lang(&teks, LanguageCode::parse("id"), &CleanConfig::default());
    let kept: Vec<&str> = x
        .paragraphs
        .iter()
        .map(|p| &x.content[p.start..p.end])
        .collect();
    assert_eq!(kept, artikel);
    let reason = |start: &str| reason_of(&x, start);
    assert_eq!(reason("Presiden Joko Widodo meninjau"), Some(R::Caption));
    assert_eq!(reason("Pewarta:"), Some(R::Byline));
    assert_eq!(reason("Editor:"), Some(R::Byline));
}
