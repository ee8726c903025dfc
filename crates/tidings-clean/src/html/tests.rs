//! The pre-pass and the parse of a page: what reaches the DOM.

use super::{dom, parse_page, pre_pass, CleanConfig, Page};

#[test]
fn pre_pass_drops_script_and_style_bodies_but_keeps_json_ld_and_text() {
    let html = concat!(
        "<head><title>A <script> in a title</title>",
        "<style>p { color: red }</style>",
        "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</script>",
        "<SCRIPT>var s = '<p>not text</p>';</SCRIPT></head>",
        "<body><!-- <script> commented out --><p>Kept paragraph.</p>",
        "<script>x()</script><p>After the script.</p></body>"
    );
    let out = pre_pass(html, 100).html;
    for gone in ["color: red", "not text", "x()", "commented out"] {
        assert!(!out.contains(gone), "{gone} survived: {out}");
    }
    for kept in [
        "A <script> in a title",
        "{\"@type\":\"NewsArticle\"}",
        "<p>Kept paragraph.</p>",
        "<p>After the script.</p>",
        "<SCRIPT></SCRIPT>",
    ] {
        assert!(out.contains(kept), "{kept} lost: {out}");
    }
    // An unterminated script or comment is left to html5ever.
    assert_eq!(pre_pass("<p>a</p><script>b", 100).html, "<p>a</p><script>b");
    assert_eq!(pre_pass("<p>a</p><!-- b", 100).html, "<p>a</p><!-- b");
    // `<!-->` is a whole (empty) comment, not the start of a long one.
    assert_eq!(
        pre_pass("<!--><p>kept</p><!-- x -->", 100).html,
        "<p>kept</p>"
    );
}

#[test]
fn pre_pass_blanks_start_tags_beyond_the_depth_limit() {
    let html = "<div><div><div><p>deep</p></div></div></div>";
    // The third <div> goes; <p> closes implicitly, so it is not counted.
    assert_eq!(
        pre_pass(html, 2).html,
        "<div><div><p>deep</p></div></div></div>"
    );
}

#[test]
fn pre_pass_cuts_the_attributes_nothing_reads_and_lexes_tags_as_html_does() {
    let cases = [
        // Read attributes stay (any case); the rest go, name and value.
        (
            r#"<a href="/x" ID="nav" data-id='7' class=menu>Home</a>"#,
            r#"<a  ID="nav"  class=menu>Home</a>"#,
        ),
        // A `>` inside a quoted value does not end the tag.
        (
            r#"<img alt="a > b" class=pic><p>text</p>"#,
            r#"<img  class=pic><p>text</p>"#,
        ),
        // An attribute straight after a quote keeps its own name.
        (
            r#"<a aria-describedby="x"id="nav">A</a>"#,
            r#"<a id="nav">A</a>"#,
        ),
        // Custom element names are whole; value-less attributes.
        (
            r#"<my-widget data-x="1" hidden>W</my-widget>"#,
            r#"<my-widget  hidden>W</my-widget>"#,
        ),
        (
            r#"<meta property="og:title" content="T"><html lang="id" dir=ltr>"#,
            r#"<meta property="og:title" content="T"><html lang="id" >"#,
        ),
        // `a=>`: an empty value ends the tag; `/>` stays.
        (r#"<br x=><p y="1"/>"#, r#"<br ><p />"#),
        // `<3` and `< b` are text, not tags.
        (
            r#"<p>(<22") weighing <30lbs x="y"</p>"#,
            r#"<p>(<22") weighing <30lbs x="y"</p>"#,
        ),
        // Raw text is not lexed for tags.
        (
            r#"<xmp><a href="x">shown as is</a></xmp>"#,
            r#"<xmp><a href="x">shown as is</a></xmp>"#,
        ),
    ];
    for (html, want) in cases {
        assert_eq!(pre_pass(html, 100).html, want, "{html}");
    }
    // Read attributes beyond the per-tag limit go too.
    let flood = format!("<div{}>x</div>", " class=a".repeat(1000));
    let out = pre_pass(&flood, 100).html;
    assert_eq!(out.matches("class=a").count(), 256, "{}", out.len());
    assert!(out.ends_with(">x</div>"));
}

#[test]
fn pre_pass_drops_svg_bodies_and_shortens_whitespace_runs() {
    let cases = [
        (
            r#"<p>a</p><svg id="i"><path d="M0"/><g><use/></g></svg><p>b</p>"#,
            r#"<p>a</p><svg id="i"></svg><p>b</p>"#,
        ),
        // Nested: the outer `</svg>` ends the body.
        ("<svg><svg><path/></svg><rect/></svg>x", "<svg></svg>x"),
        // A `<div>` would break out of the svg into the page: kept whole.
        (
            "<svg><use/><div>Label</div></svg>",
            "<svg><use/><div>Label</div></svg>",
        ),
        // Never closed: left to html5ever.
        ("<svg><path/>", "<svg><path/>"),
        // Whitespace runs in text keep their first character; raw text,
        // doctypes and tags are not touched.
        (
            "<!DOCTYPE html  PUBLIC \"a  b\">\n\n<div>\n    <p>a  \n b</p>\n\n</div>",
            "<!DOCTYPE html  PUBLIC \"a  b\">\n<div>\n<p>a b</p>\n</div>",
        ),
        (
            "<title>a   b</title><pre>\n\n  x  y</pre>",
            "<title>a   b</title><pre>\nx y</pre>",
        ),
    ];
    for (html, want) in cases {
        assert_eq!(pre_pass(html, 100).html, want, "{html}");
    }
}

#[test]
fn pre_pass_swaps_a_tags_first_verbatim_class_for_a_number() {
    let cases: [(&str, &str, &[&str], usize); 7] = [
        (
            r#"<div class="nav menu"><p CLASS='lead'>x</p></div>"#,
            r#"<div t:c="0"><p t:c="1">x</p></div>"#,
            &["nav menu", "lead"],
            100,
        ),
        // What html5ever would not read verbatim stays: entities, CR,
        // NUL, unquoted values; and `<html>`/`<body>`, which merge.
        (
            "<div class=\"a &amp; b\" id=k><p class=\"x\ry\"><i class=plain>",
            "<div class=\"a &amp; b\" id=k><p class=\"x\ry\"><i class=plain>",
            &[],
            100,
        ),
        (
            r#"<html class="h"><body class="b"><body class="c">"#,
            r#"<html class="h"><body class="b"><body class="c">"#,
            &[],
            100,
        ),
        // Only the first `class` of a tag; later ones stay for the
        // tokenizer (which drops them) and the reader.
        (
            r#"<div class="first" class="second">"#,
            r#"<div t:c="0" class="second">"#,
            &["first"],
            100,
        ),
        (
            r#"<div class="a&amp;" class="second">"#,
            r#"<div class="a&amp;" class="second">"#,
            &[],
            100,
        ),
        // A page's own `t:c` attribute is cut like any unread one.
        (
            r#"<div t:c="0" class="real">"#,
            r#"<div  t:c="0">"#,
            &["real"],
            100,
        ),
        // A tag beyond the depth limit takes its swap with it (its
        // value keeps its number, unused).
        (
            r#"<div><div><div class="deep"><p class="kept">x"#,
            r#"<div><div><p t:c="1">x"#,
            &["deep", "kept"],
            2,
        ),
    ];
    for (html, want, classes, depth) in cases {
        let out = pre_pass(html, depth);
        assert_eq!(out.html, want, "{html}");
        let used: Vec<&str> = (0..classes.len())
            .filter_map(|k| crate::html::pre_pass::Prepared::class(&out.classes, &k.to_string()))
            .collect();
        assert_eq!(used, classes, "{html}");
    }
    assert_eq!(crate::html::pre_pass::Prepared::class(&["a"], "1"), None);
    assert_eq!(crate::html::pre_pass::Prepared::class(&["a"], "x"), None);
}

/// What the pre-pass drops or shortens changes no block: same text,
/// owner tag, characters, link characters, heading and visibility as
/// html5ever's parse of the page as it is.
#[test]
fn pre_pass_changes_no_block() {
    let pages = [
        "<div><svg><use/><div>Label</div></svg>Body text</div><p>Next</p>",
        "<p>One <svg><g><text>icon</text></g></svg> two</p><svg><svg></svg><p>x</p></svg>",
        "<pre>\n\n  code   here\n</pre><p>a   <b>bold</b>\n\n   <i>it</i>  </p>",
        "<table>\n  <tr>\n    <td> a </td>\n\n  <td>b</td></tr>   </table>",
        "<!DOCTYPE html>\n\n<p>heart <3 and  a < b</p><?xml x?>  <p>y</p></3 z>  w",
        "<ul>\n<li><a href=\"/a\">  Link   one </a></li>\n   <li>Two</li></ul>",
        // A body that breaks out, then one that is cut; one never closed.
        "<svg><rect/><p>a</p><svg><g></g></svg><p>b</p>",
        "<p>x</p><svg><svg><g/><text>never closed</text>",
        // After `<plaintext>` everything is text, attributes included.
        "<p>a  b</p><plaintext><a href=\"x\" class=\"y\">b</a>  <!-- c --></plaintext>",
    ];
    // Classes, swapped or not: the elements themselves (hints,
    // signatures, keywords) are those of the page as it is, too.
    let class_pages = [
        "<div class=\"nav menu\"><p CLASS='lead'>x</p><p class=\"share &amp; print\">y</p></div>",
        "<div class='footer' class=\"content\"><p>a</p></div><div class=\"a&amp;\" class=\"sidebar\">b</div>",
        "<html class=\"x\"><body class=\"article-body\"><body class=\"nav\"><p>t</p>",
        "<div class=\"related\r\nposts\"><p>r</p></div><div t:c=\"0\" class=\"byline\"><p>by</p></div>",
        "<svg class=\"icon\"><div class=\"comments\">c</div></svg><math><mi class=\"footer\">m</mi></math>",
        "<table class=\"cookie-banner\"><tr class=\"x\"><td class=\"caption\">cell</td></tr></table>",
    ];
    let view = |page: &Page| {
        page.blocks
            .iter()
            .map(|b| {
                (
                    b.text.clone(),
                    b.tag,
                    b.chars,
                    b.link_chars,
                    b.heading,
                    b.hidden,
                )
            })
            .collect::<Vec<_>>()
    };
    let elems = |page: &Page| {
        page.elems
            .iter()
            .map(|e| (e.parent, e.tag, e.hint, e.sig, e.keywords))
            .collect::<Vec<_>>()
    };
    let mut swapped = 0;
    for html in pages.iter().chain(&class_pages) {
        let raw = Page::build(&dom::parse(html), &[]);
        let (_, prepared) = parse_page(html, &CleanConfig::default());
        assert!(!raw.blocks.is_empty());
        assert_eq!(view(&prepared), view(&raw), "{html}");
        if class_pages.contains(html) {
            assert_eq!(elems(&prepared), elems(&raw), "{html}");
            swapped += pre_pass(html, 100).classes.len();
        }
    }
    assert!(swapped >= 10, "{swapped}");
}
