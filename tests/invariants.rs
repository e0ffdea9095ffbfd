//! Invariants of the analysis over every fixture text (`fixtures/*.txt`,
//! `fixtures/corpus/*.txt`) and over a few hostile strings.
//!
//! Units and structure elements are non-empty, lie on char boundaries, are
//! ordered and disjoint, and together cover every non-whitespace byte of the
//! input exactly once; unit indexes run 0, 1, 2, …; units carry no
//! surrounding whitespace; the headline is unit 0; every evidence span lies
//! inside its unit, except that a `label` speaker points at the transcript
//! label in force (its paragraph's or the last one before it) and a `joint_statement` speaker at the headline that
//! names the text a joint statement; `continues` points back into the same
//! paragraph.
//!
//! The same holds for generated text (proptest, bounded case counts), with
//! the built-in lexicon and with generated valid lexicons; generated text
//! also renders byte-identical JSON every time, and JSON that parses and has
//! exactly the documented keys and shapes.
//!
//! Each test collects every violation (file, byte offset, what) and asserts
//! the list is empty, so one run names every problem.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use communique::analysis;
use communique::document::{Document, Evidence, Role, Rule, Span};
use communique::lexicon::Lexicon;

/// Whitespace as the segmenter sees it: Unicode white space and the BOM.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every fixture text, as (name relative to `fixtures/`, text), sorted.
fn fixture_texts() -> Vec<(String, String)> {
    let root = fixtures_dir();
    let mut out = Vec::new();
    for sub in ["", "corpus"] {
        let dir = root.join(sub);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.extension().is_some_and(|ext| ext == "txt") {
                let name = path
                    .strip_prefix(&root)
                    .expect("fixture is under fixtures/")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.push((name, text));
            }
        }
    }
    out.sort();
    assert!(
        out.len() >= 35,
        "expected the seed and the corpus under {}, found {} texts",
        root.display(),
        out.len()
    );
    out
}

/// A short, escaped excerpt of `text` around `offset` for messages.
fn excerpt(text: &str, span: Span) -> String {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let s = &text[start..end];
    let mut short: String = s.chars().take(60).collect();
    if short.len() < s.len() {
        short.push('…');
    }
    format!("{short:?}")
}

/// One span of the document, named for messages.
struct Element {
    what: String,
    span: Span,
}

/// Check one analysed text; push a message for every violation.
fn check(name: &str, text: &str, doc: &Document<'_>, out: &mut Vec<String>) {
    let mut report = |offset: usize, what: String| out.push(format!("{name}:{offset}: {what}"));

    if doc.text != text {
        report(0, "Document::text is not the input".to_owned());
        return;
    }

    // Units and structure elements: well-formed spans.
    let mut elements: Vec<Element> = doc
        .units()
        .map(|u| Element {
            what: format!("unit {} ({})", u.index, u.role.as_str()),
            span: u.span,
        })
        .chain(doc.structure.iter().map(|s| Element {
            what: format!("structure {}", s.kind.as_str()),
            span: s.span,
        }))
        .collect();
    let mut well_formed = Vec::with_capacity(elements.len());
    for e in elements.drain(..) {
        let Span { start, end } = e.span;
        if start > end {
            report(start, format!("{} span {start}..{end} is reversed", e.what));
        } else if end > text.len() {
            report(
                start,
                format!(
                    "{} span {start}..{end} ends past the input ({} bytes)",
                    e.what,
                    text.len()
                ),
            );
        } else if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            report(
                start,
                format!("{} span {start}..{end} splits a char", e.what),
            );
        } else if start == end {
            report(start, format!("{} span {start}..{end} is empty", e.what));
        } else {
            let s = e.span.slice(text);
            if s.starts_with(is_space) || s.ends_with(is_space) {
                report(
                    start,
                    format!(
                        "{} span {start}..{end} has surrounding whitespace: {}",
                        e.what,
                        excerpt(text, e.span)
                    ),
                );
            }
            well_formed.push(e);
        }
    }

    // Ordered by start, disjoint.
    well_formed.sort_by_key(|e| (e.span.start, e.span.end));
    for pair in well_formed.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.span.end > b.span.start {
            report(
                b.span.start,
                format!(
                    "{} {}..{} overlaps {} {}..{}: {}",
                    b.what,
                    b.span.start,
                    b.span.end,
                    a.what,
                    a.span.start,
                    a.span.end,
                    excerpt(text, Span::new(b.span.start, a.span.end.min(b.span.end)))
                ),
            );
        }
    }

    // Every non-whitespace byte is covered (overlaps are reported above, so
    // "exactly once" follows). Uncovered runs are reported as one range.
    let mut covered = vec![false; text.len()];
    for e in &well_formed {
        covered[e.span.start..e.span.end].fill(true);
    }
    let mut gap: Option<Span> = None;
    let flush = |gap: &mut Option<Span>, report: &mut dyn FnMut(usize, String)| {
        if let Some(g) = gap.take() {
            report(
                g.start,
                format!(
                    "bytes {}..{} are in no unit or structure element: {}",
                    g.start,
                    g.end,
                    excerpt(text, g)
                ),
            );
        }
    };
    for (i, c) in text.char_indices() {
        if is_space(c) {
            continue;
        }
        if covered[i] {
            flush(&mut gap, &mut report);
        } else {
            match &mut gap {
                Some(g) => g.end = i + c.len_utf8(),
                None => gap = Some(Span::new(i, i + c.len_utf8())),
            }
        }
    }
    flush(&mut gap, &mut report);

    // Paragraph and unit indexes run 0, 1, 2, … in order.
    for (k, p) in doc.paragraphs.iter().enumerate() {
        if p.index != k {
            report(
                p.span.start,
                format!("paragraph at position {k} has index {}", p.index),
            );
        }
    }
    let units: Vec<_> = doc.units().collect();
    for (k, u) in units.iter().enumerate() {
        if u.index != k {
            report(
                u.span.start,
                format!("unit at position {k} has index {}", u.index),
            );
        }
    }

    // The headline is unit 0, and only unit 0 is a headline.
    if let Some(h) = doc.headline {
        match units.first() {
            Some(u) if u.index == 0 && u.role == Role::Headline && u.span == h => {}
            Some(u) => report(
                h.start,
                format!(
                    "headline {}..{} is not unit 0 with role headline (unit 0 is {} {}..{})",
                    h.start,
                    h.end,
                    u.role.as_str(),
                    u.span.start,
                    u.span.end
                ),
            ),
            None => report(h.start, "headline is set but there are no units".to_owned()),
        }
    }
    for u in &units {
        if u.role == Role::Headline && (u.index != 0 || doc.headline != Some(u.span)) {
            report(
                u.span.start,
                format!(
                    "unit {} has role headline but is not the document's headline (unit 0)",
                    u.index
                ),
            );
        }
    }

    // Evidence lies inside its unit; `continues` points to an earlier unit of
    // the same paragraph.
    let mut last_label = None;
    for p in &doc.paragraphs {
        last_label = p.label.or(last_label);
        let in_paragraph: BTreeSet<usize> = p.units.iter().map(|u| u.index).collect();
        for u in &p.units {
            let evidence = u
                .speaker
                .iter()
                .map(|t| (format!("speaker {}", t.speaker.id()), &t.evidence))
                .chain(
                    u.topics
                        .iter()
                        .map(|t| (format!("topic {}", t.topic), &t.evidence)),
                );
            for (tag, ev) in evidence {
                // The two rules whose proof is outside the sentence itself.
                let elsewhere = match ev.rule {
                    Rule::Label => last_label,
                    Rule::JointStatement => doc.headline,
                    _ => None,
                };
                let unit = UnitRef {
                    index: u.index,
                    span: u.span,
                    elsewhere,
                };
                check_evidence(text, &unit, &tag, ev, &in_paragraph, &mut report);
            }
        }
    }
}

/// The unit whose evidence is checked, and the one span outside it that its
/// evidence may point at.
struct UnitRef {
    index: usize,
    span: Span,
    elsewhere: Option<Span>,
}

fn check_evidence(
    text: &str,
    unit_ref: &UnitRef,
    tag: &str,
    ev: &Evidence,
    in_paragraph: &BTreeSet<usize>,
    report: &mut impl FnMut(usize, String),
) {
    let (unit, unit_span) = (unit_ref.index, unit_ref.span);
    for (field, span) in [("term", ev.term), ("verb", ev.verb)] {
        let Some(s) = span else { continue };
        let inside = s.start <= s.end && unit_span.start <= s.start && s.end <= unit_span.end;
        if !inside && unit_ref.elsewhere != Some(s) {
            report(
                s.start,
                format!(
                    "unit {unit} {tag} ({}) evidence {field} {}..{} is outside the unit {}..{}: {}",
                    ev.rule.as_str(),
                    s.start,
                    s.end,
                    unit_span.start,
                    unit_span.end,
                    excerpt(text, s)
                ),
            );
        }
    }
    // A continuation or an inherited topic stays in its paragraph; a
    // coreference may reach back to any earlier unit.
    let same_paragraph = ev.rule != Rule::Coreference;
    if let Some(j) = ev.continues
        && (j >= unit || (same_paragraph && !in_paragraph.contains(&j)))
    {
        report(
            unit_span.start,
            format!(
                "unit {unit} {tag} ({}) continues unit {j}, which is not an earlier unit (of its paragraph, unless a coreference)",
                ev.rule.as_str()
            ),
        );
    }
}

/// Analyse `text` and check it, recording a panic as a violation.
fn analyse_and_check(name: &str, text: &str, lexicon: &Lexicon, out: &mut Vec<String>) {
    match panic::catch_unwind(AssertUnwindSafe(|| analysis::analyze(text, lexicon))) {
        Ok(doc) => check(name, text, &doc, out),
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| e.downcast_ref::<&str>().copied())
                .unwrap_or("(non-string panic)");
            out.push(format!("{name}: analyze panicked: {msg}"));
        }
    }
}

fn assert_no_violations(what: &str, violations: &[String]) {
    if violations.is_empty() {
        return;
    }
    let mut msg = format!("{} invariant violation(s) in {what}:\n", violations.len());
    for v in violations {
        let _ = writeln!(msg, "  {v}");
    }
    panic!("{msg}");
}

#[test]
fn every_fixture_holds_the_span_invariants() {
    let lexicon = Lexicon::builtin();
    let mut violations = Vec::new();
    for (name, text) in fixture_texts() {
        analyse_and_check(&name, &text, &lexicon, &mut violations);
    }
    assert_no_violations("the fixtures", &violations);
}

#[test]
fn analysis_is_deterministic() {
    let lexicon = Lexicon::builtin();
    let mut differ = Vec::new();
    for (name, text) in fixture_texts() {
        let first = analysis::analyze(&text, &lexicon);
        let second = analysis::analyze(&text, &lexicon);
        if first != second {
            differ.push(format!("{name}: two analyses of the same text differ"));
        }
        // A freshly built lexicon must give the same answer too.
        let third = analysis::analyze(&text, &Lexicon::builtin());
        if first != third {
            differ.push(format!("{name}: analyses with two builtin lexicons differ"));
        }
    }
    assert_no_violations("determinism", &differ);
}

#[test]
fn hostile_strings_hold_the_span_invariants() {
    let dots = ".".repeat(5000);
    let seed = std::fs::read_to_string(fixtures_dir().join("china-rok-2plus2-seoul.txt"))
        .expect("seed fixture");
    let seed_crlf = seed.replace('\n', "\r\n");
    let seed_cr = seed.replace('\n', "\r");
    let cases: Vec<(&str, &str)> = vec![
        ("empty", ""),
        ("whitespace only", " \t\n \u{a0}\n\n\u{3000}  \r\n"),
        ("bom", "\u{feff}"),
        (
            "bom then text",
            "\u{feff}Headline\n\nThe Chinese side said so.",
        ),
        (
            "crlf text",
            "China, ROK hold talks\r\n\r\nThe Chinese side said A. The ROK side said B.\r\n\r\nPRESIDENT XI: Hello.\r\n",
        ),
        (
            "lone cr text",
            "Headline\r\rThe two sides agreed. Wang Yi said so.\rIt went on.\r\r###\r",
        ),
        ("seed with crlf", &seed_crlf),
        ("seed with lone cr", &seed_cr),
        ("cjk terminators", "。！？"),
        ("5000 dots", &dots),
        ("bare enumeration", "1. 2. 3."),
        ("bare label", "PRESIDENT XI:"),
        ("label interpreted", "PRESIDENT XI: (As interpreted.)"),
        ("bare paren marker", "(a)"),
        ("bullets only", "• • •"),
        ("inline items", "1) a 2) b 3) c"),
        ("dateline only", "SEOUL, Jan. 4 (Yonhap) --"),
        (
            "curly quotes and dashes",
            "“The U.S. side”—he said—‘will not’ … ” — “ ’\n\n—\n\n“Both sides—”\u{a0}agreed.’’",
        ),
        ("fragment repair", "The talks\n\nwere held\n\nin Seoul"),
    ];
    let lexicon = Lexicon::builtin();
    let mut violations = Vec::new();
    for (name, text) in cases {
        analyse_and_check(&format!("<{name}>"), text, &lexicon, &mut violations);
    }
    assert_no_violations("the hostile strings", &violations);
}

/// Every fixture (texts, data) has its source recorded in `SOURCES.tsv`.
#[test]
fn every_fixture_has_a_source_row() {
    let root = fixtures_dir();
    let tsv = std::fs::read_to_string(root.join("SOURCES.tsv")).expect("fixtures/SOURCES.tsv");
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("file\ttitle\tpublisher\tdate\tsource\tpair_id")
    );
    let mut rows = BTreeSet::new();
    let mut problems = Vec::new();
    for (k, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 6 {
            problems.push(format!(
                "SOURCES.tsv line {}: {} fields, want 6",
                k + 2,
                fields.len()
            ));
        }
        if !rows.insert(fields[0].to_owned()) {
            problems.push(format!(
                "SOURCES.tsv line {}: duplicate {}",
                k + 2,
                fields[0]
            ));
        }
    }
    let mut files = BTreeSet::new();
    for sub in ["", "corpus"] {
        for entry in std::fs::read_dir(root.join(sub)).expect("fixtures dir") {
            let path = entry.expect("directory entry").path();
            let name = path
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            if path.is_file() && name != "README.md" && name != "SOURCES.tsv" {
                files.insert(name);
            }
        }
    }
    for f in files.difference(&rows) {
        problems.push(format!("{f}: no row in SOURCES.tsv"));
    }
    for r in rows.difference(&files) {
        problems.push(format!("SOURCES.tsv row {r}: no such fixture"));
    }
    assert_no_violations("fixtures/SOURCES.tsv", &problems);
}

/// Readout-like pieces and hostile shapes, glued in any order: the strategy
/// for the property test below.
fn readout_like() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("The Chinese side stressed that ".to_owned()),
        Just("the two sides agreed. ".to_owned()),
        Just("China stressed that ".to_owned()),
        Just("Mr. Kim met the U.S. delegation at 3 p.m. ".to_owned()),
        Just("“one-China principle,” said Wang Yi. ".to_owned()),
        Just("\n\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\r".to_owned()),
        Just("1. ".to_owned()),
        Just("(a) ".to_owned()),
        Just("• ".to_owned()),
        Just("PRESIDENT XI: ".to_owned()),
        Just("SEOUL, Jan. 4 (Yonhap) -- ".to_owned()),
        Just("###".to_owned()),
        Just(". . . ".to_owned()),
        Just("。！？".to_owned()),
        Just("\u{feff}\u{a0}".to_owned()),
        any::<String>(),
        "[a-zA-Z .!?\n]{0,20}",
    ];
    proptest::collection::vec(piece, 0..12).prop_map(|pieces| pieces.concat())
}

/// Compiled once for all generated cases.
static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::builtin);

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

    /// No input makes the analysis panic or break a span invariant.
    #[test]
    fn any_text_holds_the_span_invariants(text in readout_like()) {
        let mut violations = Vec::new();
        analyse_and_check("generated", &text, &LEXICON, &mut violations);
        proptest::prop_assert!(violations.is_empty(), "{:?}\n{}", text, violations.join("\n"));
    }
}

/// The analysis rendered as `--format json` and `--format jsonl` would.
fn render(text: &str, lexicon: &Lexicon) -> (String, String) {
    let doc = analysis::analyze(text, lexicon);
    let mut document = Vec::new();
    communique::output::json::write_analysis(&mut document, "generated.txt", &doc)
        .expect("writing to a Vec");
    let mut units = Vec::new();
    communique::output::json::write_units(&mut units, "generated.txt", &doc)
        .expect("writing to a Vec");
    (
        String::from_utf8(document).expect("JSON is UTF-8"),
        String::from_utf8(units).expect("JSONL is UTF-8"),
    )
}

/// What a key of the documented schema holds (`output/json` rustdoc; the
/// mirror structs of `tests/json_contract.rs` say the same on real output).
#[derive(Clone, Copy)]
enum Shape {
    Count,
    Str,
    Nullable(&'static Shape),
    OneOf(&'static [&'static str]),
    List,
}

const ANALYSIS_KEYS: &[(&str, Shape)] = &[
    ("schema_version", Shape::Count),
    ("kind", Shape::OneOf(&["analysis"])),
    ("source", Shape::Str),
    ("headline", Shape::Nullable(&Shape::Str)),
    ("dateline", Shape::Nullable(&Shape::Str)),
    ("structure", Shape::List),
    ("repairs", Shape::List),
    ("paragraphs", Shape::List),
];
const STRUCTURE_KEYS: &[(&str, Shape)] = &[
    (
        "kind",
        Shape::OneOf(&["dateline", "slug", "marker", "label", "separator"]),
    ),
    ("start", Shape::Count),
    ("end", Shape::Count),
    ("line", Shape::Count),
    ("text", Shape::Str),
];
const REPAIR_KEYS: &[(&str, Shape)] = &[
    ("paragraph", Shape::Count),
    ("fragment_start", Shape::Count),
    ("fragment_end", Shape::Count),
    ("gap_start", Shape::Count),
    ("gap_end", Shape::Count),
    ("line", Shape::Count),
];
const PARAGRAPH_KEYS: &[(&str, Shape)] = &[
    ("index", Shape::Count),
    ("start", Shape::Count),
    ("end", Shape::Count),
    ("line", Shape::Count),
    ("label", Shape::Nullable(&Shape::Str)),
    ("sentences", Shape::List),
];
const UNIT_KEYS: &[(&str, Shape)] = &[
    ("index", Shape::Count),
    (
        "role",
        Shape::OneOf(&["headline", "sentence", "item", "subheading"]),
    ),
    ("start", Shape::Count),
    ("end", Shape::Count),
    ("line", Shape::Count),
    ("text", Shape::Str),
    ("speaker", Shape::Nullable(&Shape::Str)),
    ("topics", Shape::List),
    ("evidence", Shape::List),
];
/// A JSONL line is a unit plus these.
const UNIT_LINE_KEYS: &[(&str, Shape)] = &[
    ("schema_version", Shape::Count),
    ("kind", Shape::OneOf(&["unit"])),
    ("source", Shape::Str),
    ("paragraph", Shape::Count),
    ("sentence", Shape::Count),
];
const EVIDENCE_KEYS: &[(&str, Shape)] = &[
    ("tag", Shape::OneOf(&["speaker", "topic"])),
    ("value", Shape::Str),
    ("rule", Shape::OneOf(&communique::cli::RULES)),
    ("cue", Shape::Nullable(&Shape::Str)),
    ("term", Shape::Nullable(&Shape::Str)),
    ("start", Shape::Nullable(&Shape::Count)),
    ("end", Shape::Nullable(&Shape::Count)),
    ("line", Shape::Nullable(&Shape::Count)),
    ("verb", Shape::Nullable(&Shape::Str)),
    ("verb_start", Shape::Nullable(&Shape::Count)),
    ("verb_end", Shape::Nullable(&Shape::Count)),
    ("continues", Shape::Nullable(&Shape::Count)),
];

fn shape_holds(shape: Shape, v: &serde_json::Value) -> bool {
    match shape {
        Shape::Count => v.is_u64(),
        Shape::Str => v.is_string(),
        Shape::Nullable(inner) => v.is_null() || shape_holds(*inner, v),
        Shape::OneOf(values) => v.as_str().is_some_and(|s| values.contains(&s)),
        Shape::List => v.is_array(),
    }
}

/// Check that `v` is an object with exactly the keys of `specs` (all of
/// them), each of its shape.
fn check_object(
    what: &str,
    v: &serde_json::Value,
    specs: &[&[(&str, Shape)]],
    out: &mut Vec<String>,
) {
    let Some(object) = v.as_object() else {
        out.push(format!("{what}: not an object: {v}"));
        return;
    };
    let mut expected = BTreeSet::new();
    for (key, shape) in specs.iter().flat_map(|s| s.iter()) {
        expected.insert(*key);
        match object.get(*key) {
            None => out.push(format!("{what}: missing key {key:?}")),
            Some(value) if !shape_holds(*shape, value) => {
                out.push(format!("{what}: key {key:?} has the wrong shape: {value}"));
            }
            Some(_) => {}
        }
    }
    for key in object.keys() {
        if !expected.contains(key.as_str()) {
            out.push(format!("{what}: unknown key {key:?}"));
        }
    }
}

/// `start`/`end` of `v` slice `text` to `v.text`.
fn check_slice(what: &str, text: &str, v: &serde_json::Value, out: &mut Vec<String>) {
    let (Some(start), Some(end)) = (v["start"].as_u64(), v["end"].as_u64()) else {
        return;
    };
    if text.get(start as usize..end as usize) != v["text"].as_str() {
        out.push(format!("{what}: {start}..{end} does not slice to its text"));
    }
}

fn check_unit_json(what: &str, text: &str, unit: &serde_json::Value, out: &mut Vec<String>) {
    check_slice(what, text, unit, out);
    for t in unit["topics"].as_array().into_iter().flatten() {
        if !t.is_string() {
            out.push(format!("{what}: topic {t} is not a string"));
        }
    }
    for (k, ev) in unit["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        check_object(&format!("{what} evidence {k}"), ev, &[EVIDENCE_KEYS], out);
        if let (Some(start), Some(end), Some(term)) = (
            ev["start"].as_u64(),
            ev["end"].as_u64(),
            ev["term"].as_str(),
        ) && text.get(start as usize..end as usize) != Some(term)
        {
            out.push(format!(
                "{what} evidence {k}: {start}..{end} is not {term:?}"
            ));
        }
    }
}

/// The documented schema, checked on both renderings of `text`.
fn check_json_schema(text: &str, document: &str, units: &str) -> Vec<String> {
    let mut out = Vec::new();
    if document.matches('\n').count() != 1 || !document.ends_with('\n') {
        out.push("the document is not exactly one line".to_owned());
    }
    let doc: serde_json::Value = match serde_json::from_str(document) {
        Ok(v) => v,
        Err(e) => return vec![format!("the document does not parse: {e}")],
    };
    check_object("document", &doc, &[ANALYSIS_KEYS], &mut out);
    let list = |v: &serde_json::Value, key: &str| v[key].as_array().cloned().unwrap_or_default();
    for (k, s) in list(&doc, "structure").iter().enumerate() {
        let what = format!("structure {k}");
        check_object(&what, s, &[STRUCTURE_KEYS], &mut out);
        check_slice(&what, text, s, &mut out);
    }
    for (k, r) in list(&doc, "repairs").iter().enumerate() {
        check_object(&format!("repair {k}"), r, &[REPAIR_KEYS], &mut out);
    }
    let mut from_document = Vec::new();
    for (k, p) in list(&doc, "paragraphs").iter().enumerate() {
        check_object(&format!("paragraph {k}"), p, &[PARAGRAPH_KEYS], &mut out);
        for (j, u) in list(p, "sentences").iter().enumerate() {
            let what = format!("paragraph {k} unit {j}");
            check_object(&what, u, &[UNIT_KEYS], &mut out);
            check_unit_json(&what, text, u, &mut out);
            from_document.push(u.clone());
        }
    }
    // JSONL: one line per unit, the same unit as in the document.
    let lines: Vec<&str> = units.lines().collect();
    if lines.len() != from_document.len() {
        out.push(format!(
            "{} JSONL lines for {} units",
            lines.len(),
            from_document.len()
        ));
    }
    for (k, (line, unit)) in lines.iter().zip(&from_document).enumerate() {
        let what = format!("JSONL line {k}");
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                out.push(format!("{what} does not parse: {e}"));
                continue;
            }
        };
        check_object(&what, &v, &[UNIT_KEYS, UNIT_LINE_KEYS], &mut out);
        for (key, _) in UNIT_KEYS {
            if v[key] != unit[key] {
                out.push(format!("{what}: {key} differs from the document's unit"));
            }
        }
    }
    out
}

/// A TOML value for `v`: JSON strings and arrays of strings are valid TOML.
fn toml_value(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).expect("strings serialize")
}

/// A small lexicon file built from generated ids, terms and patterns. It
/// may be invalid (two ids alike), and then the test skips it, as the CLI
/// refuses it; when this was written, all of 128 cases were valid.
fn lexicon_source() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let word = prop_oneof![
        Just("China".to_owned()),
        Just("the ROK side".to_owned()),
        Just("Wang Yi".to_owned()),
        Just("trade".to_owned()),
        Just("two sides".to_owned()),
        Just("。".to_owned()),
        "[A-Za-z][A-Za-z .'-]{0,12}",
        "\\PC{1,6}",
    ];
    let terms = proptest::collection::vec(word, 1..4);
    let pattern = prop_oneof![
        Just("supply[- ]chains?".to_owned()),
        Just("\\bsides?\\b".to_owned()),
        "[a-z]{1,5}",
    ];
    let party = ("[a-z]{1,6}", terms.clone()).prop_map(|(id, aliases)| {
        format!(
            "[[party]]\nid = {}\nname = {}\naliases = {}\n\n",
            toml_value(&id),
            toml_value(&id),
            toml_value(&aliases)
        )
    });
    let topic = (
        "[a-z]{1,6}",
        terms,
        proptest::collection::vec(pattern, 0..2),
    )
        .prop_map(|(id, terms, patterns)| {
            format!(
                "[[topic]]\nid = {}\nname = {}\nterms = {}\npatterns = {}\n\n",
                toml_value(&id),
                toml_value(&id),
                toml_value(&terms),
                toml_value(&patterns)
            )
        });
    (
        proptest::collection::vec(party, 0..4),
        proptest::collection::vec(topic, 0..4),
    )
        .prop_map(|(parties, topics)| parties.concat() + &topics.concat() + ATTRIBUTION_CUES)
}

/// Cues that make the generated lexicons exercise attribution: verbs, a
/// joint cue, a title and pronouns (parties may share an alias: the crash
/// in `fuzz/regressions/lexicon/` came from that).
const ATTRIBUTION_CUES: &str = "[verbs]\nterms = [\"said\", \"stressed\", \"agreed\"]\n\n\
[joint]\nterms = [\"the two sides\"]\n\n\
[titles]\nterms = [\"the Secretary\"]\n\n\
[pronouns]\nsingular = [\"he\"]\nplural = [\"they\"]\n";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// The same input renders byte-identical JSON and JSONL twice.
    #[test]
    fn any_text_renders_byte_identical_json_every_time(text in readout_like()) {
        let first = render(&text, &LEXICON);
        let second = render(&text, &LEXICON);
        proptest::prop_assert_eq!(&first, &second, "{:?}", text);
    }

    /// The JSON document and the JSONL lines always parse and have exactly
    /// the documented keys and shapes; spans slice back to their text.
    #[test]
    fn any_text_renders_json_that_parses_and_matches_the_schema(text in readout_like()) {
        let (document, units) = render(&text, &LEXICON);
        let problems = check_json_schema(&text, &document, &units);
        proptest::prop_assert!(problems.is_empty(), "{:?}\n{}", text, problems.join("\n"));
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Any valid lexicon, not only the built-in one, keeps the analysis
    /// free of panics and span violations.
    #[test]
    fn any_valid_lexicon_holds_the_span_invariants(
        source in lexicon_source(),
        text in readout_like(),
    ) {
        let Ok(lexicon) = Lexicon::parse(&source) else {
            return Ok(());
        };
        let mut violations = Vec::new();
        analyse_and_check("generated", &text, &lexicon, &mut violations);
        proptest::prop_assert!(
            violations.is_empty(),
            "{:?}\nlexicon:\n{}\n{}",
            text,
            source,
            violations.join("\n")
        );
    }
}
