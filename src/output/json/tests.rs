//! The hand-written JSON writers against serde reference types: the same
//! values through `#[derive(Serialize)]` must give the same bytes.

use std::path::Path;

use serde::Serialize;

use super::{Context, SCHEMA_VERSION, write_analysis, write_units, write_units_where};
use crate::analysis::analyze;
use crate::document::{Document, Evidence, Unit};
use crate::lexicon::Lexicon;

#[derive(Serialize)]
struct AnalysisJson<'a> {
    schema_version: u32,
    kind: &'static str,
    source: &'a str,
    headline: Option<&'a str>,
    dateline: Option<&'a str>,
    structure: Vec<StructureJson<'a>>,
    repairs: Vec<RepairJson>,
    paragraphs: Vec<ParagraphJson<'a>>,
}

#[derive(Serialize)]
struct StructureJson<'a> {
    kind: &'static str,
    start: usize,
    end: usize,
    line: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct RepairJson {
    paragraph: usize,
    fragment_start: usize,
    fragment_end: usize,
    gap_start: usize,
    gap_end: usize,
    line: usize,
}

#[derive(Serialize)]
struct ParagraphJson<'a> {
    index: usize,
    start: usize,
    end: usize,
    line: usize,
    label: Option<&'a str>,
    sentences: Vec<UnitJson<'a>>,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    index: usize,
    role: &'static str,
    start: usize,
    end: usize,
    line: usize,
    text: &'a str,
    speaker: Option<&'a str>,
    topics: Vec<&'a str>,
    evidence: Vec<EvidenceJson<'a>>,
}

#[derive(Serialize)]
struct UnitLineJson<'a> {
    schema_version: u32,
    kind: &'static str,
    source: &'a str,
    paragraph: usize,
    sentence: usize,
    #[serde(flatten)]
    unit: UnitJson<'a>,
}

#[derive(Serialize)]
struct EvidenceJson<'a> {
    tag: &'static str,
    value: &'a str,
    rule: &'static str,
    cue: Option<&'a str>,
    term: Option<&'a str>,
    start: Option<usize>,
    end: Option<usize>,
    line: Option<usize>,
    verb: Option<&'a str>,
    verb_start: Option<usize>,
    verb_end: Option<usize>,
    continues: Option<usize>,
}

fn evidence<'d>(
    cx: &'d Context<'d>,
    tag: &'static str,
    value: &'d str,
    e: &'d Evidence,
) -> EvidenceJson<'d> {
    EvidenceJson {
        tag,
        value,
        rule: e.rule.as_str(),
        cue: e.cue.as_deref(),
        term: e.term.map(|s| cx.slice(s)),
        start: e.term.map(|s| s.start),
        end: e.term.map(|s| s.end),
        line: e.term.map(|s| cx.line(s)),
        verb: e.verb.map(|s| cx.slice(s)),
        verb_start: e.verb.map(|s| s.start),
        verb_end: e.verb.map(|s| s.end),
        continues: e.continues,
    }
}

fn unit<'d>(cx: &'d Context<'d>, unit: &'d Unit) -> UnitJson<'d> {
    let mut all = Vec::new();
    if let Some(s) = &unit.speaker {
        all.push(evidence(cx, "speaker", s.speaker.id(), &s.evidence));
    }
    for t in unit.topics.iter().chain(&unit.negated) {
        all.push(evidence(cx, "topic", &t.topic, &t.evidence));
    }
    UnitJson {
        index: unit.index,
        role: unit.role.as_str(),
        start: unit.span.start,
        end: unit.span.end,
        line: cx.line(unit.span),
        text: cx.slice(unit.span),
        speaker: unit.speaker.as_ref().map(|s| s.speaker.id()),
        topics: unit.topics.iter().map(|t| &*t.topic).collect(),
        evidence: all,
    }
}

/// `analyze --format json` as serde writes it.
fn reference_analysis(source: &str, doc: &Document<'_>) -> Vec<u8> {
    let cx = Context::new(doc);
    let json = AnalysisJson {
        schema_version: SCHEMA_VERSION,
        kind: "analysis",
        source,
        headline: doc.headline.map(|s| doc.slice(s)),
        dateline: doc.dateline.map(|s| doc.slice(s)),
        structure: doc
            .structure
            .iter()
            .map(|s| StructureJson {
                kind: s.kind.as_str(),
                start: s.span.start,
                end: s.span.end,
                line: cx.line(s.span),
                text: doc.slice(s.span),
            })
            .collect(),
        repairs: doc
            .repairs
            .iter()
            .map(|r| RepairJson {
                paragraph: r.paragraph,
                fragment_start: r.fragment.start,
                fragment_end: r.fragment.end,
                gap_start: r.gap.start,
                gap_end: r.gap.end,
                line: cx.line(r.fragment),
            })
            .collect(),
        paragraphs: doc
            .paragraphs
            .iter()
            .map(|p| ParagraphJson {
                index: p.index,
                start: p.span.start,
                end: p.span.end,
                line: cx.line(p.span),
                label: p.label.map(|s| doc.slice(s)),
                sentences: p.units.iter().map(|u| unit(&cx, u)).collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_vec(&json).unwrap();
    out.push(b'\n');
    out
}

/// `analyze --format jsonl` (or `grep`) as serde writes it.
fn reference_units_where(
    source: &str,
    doc: &Document<'_>,
    keep: impl Fn(&Unit) -> bool,
) -> Vec<u8> {
    let cx = Context::new(doc);
    let mut out = Vec::new();
    for p in &doc.paragraphs {
        for (position, u) in p.units.iter().enumerate().filter(|(_, u)| keep(u)) {
            let line = UnitLineJson {
                schema_version: SCHEMA_VERSION,
                kind: "unit",
                source,
                paragraph: p.index,
                sentence: position,
                unit: unit(&cx, u),
            };
            serde_json::to_writer(&mut out, &line).unwrap();
            out.push(b'\n');
        }
    }
    out
}

/// Render `text` every way and compare with the serde reference, naming
/// the first differing line on failure.
fn assert_same_as_serde(source: &str, text: &str, lexicon: &Lexicon) {
    let doc = analyze(text, lexicon);

    let mut jsonl = Vec::new();
    write_units(&mut jsonl, source, &doc).unwrap();
    assert_same(
        source,
        "jsonl",
        &jsonl,
        &reference_units_where(source, &doc, |_| true),
    );

    // A filter keeps each unit's position in its paragraph.
    let odd = |u: &Unit| u.index % 2 == 1;
    let mut some = Vec::new();
    write_units_where(&mut some, source, &doc, odd).unwrap();
    assert_same(
        source,
        "filtered jsonl",
        &some,
        &reference_units_where(source, &doc, odd),
    );

    let mut json = Vec::new();
    write_analysis(&mut json, source, &doc).unwrap();
    assert_same(source, "json", &json, &reference_analysis(source, &doc));
}

fn assert_same(source: &str, format: &str, got: &[u8], want: &[u8]) {
    if got == want {
        return;
    }
    let got = String::from_utf8_lossy(got);
    let want = String::from_utf8_lossy(want);
    let (n, (g, w)) = got
        .lines()
        .zip(want.lines())
        .enumerate()
        .find(|(_, (g, w))| g != w)
        .unwrap_or((0, ("(lengths differ)", "")));
    panic!("{source} ({format}), line {}:\n got: {g}\nwant: {w}", n + 1);
}

fn texts_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
}

/// Every fixture text: `fixtures/*.txt` and `fixtures/corpus/*.txt`.
fn fixture_texts() -> Vec<std::path::PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let paths: Vec<_> = texts_in(&fixtures)
        .into_iter()
        .chain(texts_in(&fixtures.join("corpus")))
        .collect();
    assert!(paths.len() > 10, "fixtures not found: {paths:?}");
    paths
}

#[test]
fn hand_written_json_matches_serde_for_every_fixture() {
    let lexicon = Lexicon::builtin();
    for path in fixture_texts() {
        let text = std::fs::read_to_string(&path).unwrap();
        assert_same_as_serde(&path.display().to_string(), &text, &lexicon);
    }
}

#[test]
fn hand_written_json_escapes_strings_as_serde_does() {
    let lexicon = Lexicon::builtin();
    let text = "China, ROK hold \"2+2\" talks in Seoul \u{2014} back\\slash\n\n\
                SEOUL, Dec. 2 (Xinhua) -- The Chinese side stressed that \
                Taiwan is part of China. Tabs\there, bell\u{7} \u{1}\u{1f}\u{7f} \
                and a form feed\u{c} stay, as do \u{4e2d}\u{6587}, caf\u{e9} \
                and \u{1f600}.\r\n\r\nThe two sides said \"trade\" and the \
                Korean Peninsula\u{8} were discussed.\r\n";
    let source = "dir/\"quoted\" \\ caf\u{e9}\t.txt";
    assert_same_as_serde(source, text, &lexicon);

    // The awkward characters really reach the output.
    let doc = analyze(text, &lexicon);
    let mut out = Vec::new();
    write_units(&mut out, source, &doc).unwrap();
    let out = String::from_utf8(out).unwrap();
    for escaped in [
        "\\\"2+2\\\"",
        "back\\\\slash",
        "\\t",
        "\\u0007",
        "\\u0001",
        "\\u001f",
        "\u{7f}",
        "\\f",
        "\\b",
        "\u{4e2d}\u{6587}",
        "\u{1f600}",
        "\\\"quoted\\\"",
    ] {
        assert!(out.contains(escaped), "{escaped:?} not in {out}");
    }
}

/// What the streaming paths (`analyze_paragraphs` into `UnitLines` or,
/// after `segment::outline`, into `AnalysisJson`: what `analyze --format
/// jsonl` and `--format json` run on one input) write, against the
/// whole-document writers on the same analysis.
fn assert_streamed_output_equals_whole_document_output(name: &str, text: &str, lexicon: &Lexicon) {
    let doc = analyze(text, lexicon);
    let mut whole = Vec::new();
    write_units(&mut whole, "x", &doc).unwrap();
    let mut streamed = Vec::new();
    let mut lines = super::UnitLines::new(&mut streamed, "x", text);
    crate::analysis::analyze_paragraphs(text, lexicon, |doc, p| lines.paragraph(doc, p, |_| true))
        .unwrap();
    lines.finish().unwrap();
    assert_same(name, "jsonl streamed", &streamed, &whole);

    let mut whole = Vec::new();
    write_analysis(&mut whole, "x", &doc).unwrap();
    let mut streamed = Vec::new();
    let outline = crate::segment::outline(text);
    let mut json = super::AnalysisJson::new(&mut streamed, "x", &outline).unwrap();
    crate::analysis::analyze_paragraphs(text, lexicon, |doc, p| json.paragraph(doc, p)).unwrap();
    json.finish().unwrap();
    assert_same(name, "json streamed", &streamed, &whole);
}

#[test]
fn paragraph_at_a_time_output_equals_whole_document_output() {
    let lexicon = Lexicon::builtin();
    let edge_cases = [
        "",
        "\n\n",
        "Headline only",
        "Headline only\n",
        "no headline here. China said so.\n\nA second paragraph.",
        "SEOUL, Jan. 4 (Yonhap) -- The talks\n\nwere held. China said Taiwan matters.",
        "\u{feff}Talks held\r\n\r\nBEIJING — Wang Yi said trade grew.\r\n\r\n---\r\n",
        "Remarks\n\nQ: Will you meet?\n\nMR. WANG: Yes. We will.\n\n1. Trade\n2. Taiwan\n",
    ];
    for text in edge_cases {
        assert_streamed_output_equals_whole_document_output(&format!("{text:?}"), text, &lexicon);
    }
    for path in fixture_texts() {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        assert_streamed_output_equals_whole_document_output(&name, &text, &lexicon);
    }
}

proptest::proptest! {
    #[test]
    fn streamed_output_equals_whole_document_output(text in crate::segment::tests::STRUCTURED) {
        assert_streamed_output_equals_whole_document_output(&format!("{text:?}"), &text, &Lexicon::builtin());
    }
}

/// `Json::str` against serde_json on every ASCII byte and a few wider
/// characters, at every offset of the eight-byte words and sixteen-byte
/// blocks it checks.
#[test]
fn string_escaping_equals_serde_at_every_offset() {
    let mut specials: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
    specials.extend(["\u{e9}", "\u{2014}", "\u{1f600}", "\u{85}", "\u{2028}"].map(String::from));
    for special in &specials {
        for before in 0..34 {
            for after in [0, 1, 7, 8, 9, 15, 16, 17, 31] {
                let s = format!("{}{special}{}", "a".repeat(before), "b".repeat(after));
                let mut sink = Vec::new();
                let mut json = super::Json::new(&mut sink, 0);
                json.str(&s);
                assert_eq!(
                    String::from_utf8(json.buf).unwrap(),
                    serde_json::to_string(&s).unwrap(),
                    "{s:?}"
                );
            }
        }
    }
}

/// The SWAR check of eight bytes and the block check agree with the byte
/// check for every byte value in every lane, over every background byte that
/// needs no escape: a borrow from one lane must not hide or fake another's.
#[test]
fn eight_byte_and_block_checks_agree_with_the_byte_check() {
    for background in (0..=255u8).filter(|&b| !super::byte_needs_escape(b)) {
        for lane in 0..8 {
            for b in 0..=255u8 {
                let mut word = [background; 8];
                word[lane] = b;
                let want = super::byte_needs_escape(b);
                assert_eq!(
                    super::word_needs_escape(u64::from_le_bytes(word)),
                    want,
                    "{word:?}"
                );
                assert_eq!(super::block_needs_escape(&word), want, "{word:?}");
            }
        }
    }
}

proptest::proptest! {
    /// Any text, and long texts with escapes few and many, in any blocks.
    #[test]
    fn string_escaping_equals_serde(
        s in "(?s).{0,40}|[a-z \"\\\\\n\u{1}\u{7f}\u{e9}\u{2014}]{0,80}|([a-z ]{0,40}[\"\\\\\t]){0,4}"
    ) {
        let mut sink = Vec::new();
        let mut json = super::Json::new(&mut sink, 0);
        json.str(&s);
        proptest::prop_assert_eq!(
            String::from_utf8(json.buf).unwrap(),
            serde_json::to_string(&s).unwrap()
        );
    }
}

/// `Json::num` against `to_string` at every power of ten and its
/// neighbours, and at the ends of the range.
#[test]
fn numbers_are_written_as_rust_writes_them() {
    let mut values = vec![0, 1, 9, usize::MAX, usize::MAX - 1];
    for power in 1..=19u32 {
        let p = 10usize.pow(power);
        values.extend([p - 1, p, p + 1, p + 9, p + 10, p.saturating_mul(2) - 1]);
    }
    values.extend((0..1000).map(|i| i * 7919 % 100_003));
    for n in values {
        let mut sink = Vec::new();
        let mut json = super::Json::new(&mut sink, 0);
        json.raw(b"[");
        json.num(n);
        json.raw(b"]");
        assert_eq!(String::from_utf8(json.buf).unwrap(), format!("[{n}]"));
    }
}

proptest::proptest! {
    #[test]
    fn any_number_is_written_as_rust_writes_it(n in proptest::num::usize::ANY) {
        let mut sink = Vec::new();
        let mut json = super::Json::new(&mut sink, 0);
        json.num(n);
        proptest::prop_assert_eq!(String::from_utf8(json.buf).unwrap(), n.to_string());
    }
}

/// Ids that are not plain (a user's lexicon may hold `"` or `\` in one) are
/// escaped wherever an id is written: the speaker, the topic list and the
/// evidence's value and cue.
#[test]
fn ids_that_need_escapes_are_escaped() {
    let source = r#"[[party]]
id = "ch\"ina"
name = "China"
aliases = ["China"]

[verbs]
terms = ["said"]

[[topic]]
id = "tr\\ade"
name = "Trade"
terms = ["tariffs"]
"#;
    let lexicon = Lexicon::parse(source).unwrap();
    let text = "China said the tariffs must go.\n";
    let doc = analyze(text, &lexicon);
    let mut out = Vec::new();
    write_units(&mut out, "x", &doc).unwrap();
    let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(line["speaker"], "ch\"ina");
    assert_eq!(line["topics"][0], "tr\\ade");
    let evidence = line["evidence"].as_array().unwrap();
    assert_eq!(evidence[0]["value"], "ch\"ina");
    assert_eq!(evidence[0]["cue"], "ch\"ina");
    assert_eq!(evidence[1]["value"], "tr\\ade");
    assert_eq!(evidence[1]["cue"], "tr\\ade");
}

/// The constant runs for rules and roles say what `as_str` says.
#[test]
fn rule_and_role_fields_name_them_as_as_str_does() {
    use crate::document::{Role, Rule};
    let rules = [
        Rule::Explicit,
        Rule::Joint,
        Rule::JointStatement,
        Rule::Coreference,
        Rule::Continuation,
        Rule::Label,
        Rule::Lexical,
        Rule::Inherited,
        Rule::Negated,
    ];
    for rule in rules {
        let want = format!(",\"rule\":\"{}\",\"cue\":", rule.as_str());
        assert_eq!(super::rule_field(rule), want.as_bytes(), "{rule:?}");
    }
    for role in [Role::Headline, Role::Sentence, Role::Item, Role::Subheading] {
        let want = format!(",\"role\":\"{}\"", role.as_str());
        assert_eq!(super::role_field(role), want.as_bytes(), "{role:?}");
    }
}

/// `Context::line`, with its cache of the last look back and its gallops,
/// answers as a binary search over every line does, for offsets asked in
/// order with look backs among them (a headline, a label a few lines up,
/// the text's start and end).
#[test]
fn line_numbers_with_look_backs_are_the_lines() {
    use crate::document::Span;
    let text = "Headline\n\nMR PRICE: first.\r\nsecond\n".repeat(40) + "last";
    let doc = analyze(&text, &Lexicon::builtin());
    let cx = Context::new(&doc);
    let mut asked = Vec::new();
    for offset in (0..=text.len()).step_by(7) {
        asked.push(offset);
        asked.push(0);
        asked.push(offset.saturating_sub(40));
        asked.push(offset.saturating_sub(3));
        if offset % 91 == 0 {
            asked.push(text.len());
        }
    }
    for offset in asked {
        assert_eq!(
            cx.line(Span::new(offset, offset)),
            doc.lines.line(offset),
            "offset {offset}"
        );
    }
}
