//! The HTML pages of `analyze --format html` and `compare --format html`,
//! checked without a browser: one element per unit carrying the analysis,
//! input always escaped, nothing fetched. `tests/browser/run.sh` checks the
//! same pages in headless Chromium.

use std::collections::BTreeMap;

use assert_cmd::cargo::cargo_bin_cmd;
use communique::analysis::analyze;
use communique::lexicon::Lexicon;
use communique::output::html;
use regex::Regex;

const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");
const SEED_PATH: &str = "fixtures/china-rok-2plus2-seoul.txt";
const A_PATH: &str = "fixtures/corpus/wh-2022-11-14-biden-xi-bali-readout.txt";
const B_PATH: &str = "fixtures/corpus/wh-2022-11-14-biden-xi-bali-remarks-before-meeting.txt";

const HOSTILE: &str = "Hostile <script>alert(1)</script> headline\n\n\
    The Chinese side said that \"><img src=x onerror=alert(2)> is its position on Taiwan.\n\n\
    The ROK side stressed <b>bold</b> & 'quotes' on trade.\n";
const HOSTILE_NAME: &str = "\"><img src=x onerror=alert(3)>.txt";

/// The binary's stdout for `args`, which must succeed.
fn communique(args: &[&str]) -> String {
    let mut cmd = cargo_bin_cmd!("communique");
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS"] {
        cmd.env_remove(var);
    }
    let out = cmd
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("communique runs");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The attributes of each unit element (one with `data-index`), in order.
/// maud escapes `>` inside attribute values, so a start tag ends at the
/// first `>`.
fn units(page: &str) -> Vec<BTreeMap<String, String>> {
    let tag = Regex::new(r"<[a-z]+ [^>]*data-index=[^>]*>").unwrap();
    let attr = Regex::new(r#"([a-z-]+)="([^"]*)""#).unwrap();
    tag.find_iter(page)
        .map(|m| {
            attr.captures_iter(m.as_str())
                .map(|c| (c[1].to_owned(), c[2].to_owned()))
                .collect()
        })
        .collect()
}

fn render_analysis(source: &str, text: &str) -> String {
    let lexicon = Lexicon::builtin();
    let doc = analyze(text, &lexicon);
    let mut out = Vec::new();
    html::write_analysis(&mut out, &lexicon, &[(source, &doc)]).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn seed_page_has_one_element_per_unit_with_its_speaker_topics_and_rule() {
    let page = communique(&["analyze", SEED_PATH, "--format", "html"]);
    let doc = analyze(SEED, &Lexicon::builtin());
    let got = units(&page);
    assert_eq!(got.len(), 19, "19 elements with data-index on the seed");
    for (unit, attrs) in doc.units().zip(&got) {
        let speaker = unit.speaker.as_ref().map_or("none", |s| s.speaker.id());
        let topics: Vec<&str> = unit.topics.iter().map(|t| &*t.topic).collect();
        let rule = unit
            .speaker
            .as_ref()
            .map_or("none", |s| s.evidence.rule.as_str());
        assert_eq!(attrs["data-index"], unit.index.to_string());
        assert_eq!(attrs["data-speaker"], speaker, "unit {}", unit.index);
        assert_eq!(
            attrs["data-topics"],
            topics.join(" "),
            "unit {}",
            unit.index
        );
        assert_eq!(attrs["data-rule"], rule, "unit {}", unit.index);
    }
    // The legend names each speaker by its display name.
    for name in ["China", "Republic of Korea", "Joint", "Narration"] {
        assert!(
            page.contains(&format!("<span>{name}")),
            "legend lacks {name}"
        );
    }
    assert!(page.contains(r#"<svg class="chart shares""#));
    assert!(page.contains(r#"<svg class="chart matrix""#));
}

#[test]
fn evidence_terms_are_marked_in_the_sentence() {
    let page = render_analysis("seed.txt", SEED);
    assert!(
        page.contains(r#"<mark class="speaker" title="speaker rok: explicit">The ROK side</mark>"#)
    );
    assert!(page.contains(r#"title="topic taiwan: lexical">one-China principle</mark>"#));
    assert!(page.contains("<details class=\"evidence\"><summary>Evidence</summary>"));
}

#[test]
fn hostile_input_and_file_name_are_escaped() {
    let page = render_analysis(HOSTILE_NAME, HOSTILE);
    assert!(!page.contains("<script"), "no <script element");
    assert!(!page.contains("<img"), "no <img element");
    assert!(!page.contains("<b>"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"));
    assert!(page.contains(r#"data-source="&quot;&gt;&lt;img src=x onerror=alert(3)&gt;.txt""#));
    assert_eq!(units(&page).len(), 3);
}

#[test]
fn pages_fetch_nothing() {
    let pages = [
        communique(&["analyze", SEED_PATH, "--format", "html"]),
        communique(&["compare", A_PATH, B_PATH, "--format", "html"]),
    ];
    for page in &pages {
        for needle in [
            "<script", "<link", "<img", "<iframe", " src=", "url(", "@import", "http://",
            "https://",
        ] {
            assert!(!page.contains(needle), "page contains {needle:?}");
        }
        assert!(page.starts_with("<!DOCTYPE html><html lang=\"en\">"));
    }
}

#[test]
fn compare_page_marks_unmatched_sentences_and_topics_in_one_text_only() {
    let page = communique(&["compare", A_PATH, B_PATH, "--format", "html"]);
    let json: serde_json::Value = serde_json::from_str(&communique(&[
        "compare", A_PATH, B_PATH, "--format", "json",
    ]))
    .unwrap();
    let (a, b) = page.split_once(r#"data-side="b""#).expect("two columns");
    let (_, a) = a.split_once(r#"data-side="a""#).expect("two columns");
    for (side, key, only) in [
        (a, "unmatched_a", "only_in_a"),
        (b, "unmatched_b", "only_in_b"),
    ] {
        let marked: Vec<String> = units(side)
            .iter()
            .filter(|u| u.get("data-unmatched").is_some_and(|v| v == "true"))
            .map(|u| u["data-index"].clone())
            .collect();
        let want: Vec<String> = json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["unit"].to_string())
            .collect();
        assert_eq!(marked, want, "{key}");
        for topic in json[only].as_array().unwrap() {
            let chip = format!(r#"only" data-topic={topic}"#);
            assert!(side.contains(&chip), "{only}: {topic} not flagged");
        }
    }
    assert!(!json["only_in_a"].as_array().unwrap().is_empty());
}

#[test]
fn several_inputs_make_one_page_with_unique_ids() {
    let page = communique(&["analyze", SEED_PATH, SEED_PATH, "--format", "html"]);
    assert_eq!(page.matches("<!DOCTYPE html>").count(), 1);
    assert_eq!(units(&page).len(), 38);
    assert!(page.contains(r#"id="t0-u18""#) && page.contains(r#"id="t1-u18""#));
}
