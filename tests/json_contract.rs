//! The JSON contract of `src/output/json.rs`, checked against real output.
//!
//! The structs below mirror every documented shape with
//! `deny_unknown_fields`, and every nullable key goes through [`nullable`]
//! so that a missing key fails as surely as an extra one (serde would
//! otherwise read a missing `Option` as `None`). They are written from the
//! rustdoc, not from the serializer: if output and documentation part ways,
//! this file fails, and a snapshot overwrite cannot hide it.
//!
//! Beyond shape, the checks are the contract's promises: spans slice back to
//! the exact input, lines are 1-based lines of `start`, unit indexes run from
//! 0, topics are sorted, evidence lists the speaker then the topics, and
//! `continues` points back to an earlier unit.

use assert_cmd::cargo::cargo_bin_cmd;
use serde::{Deserialize, Deserializer};

const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");
const SEED_PATH: &str = "fixtures/china-rok-2plus2-seoul.txt";

/// A BOM, a dateline, curly quotes and a separator: the offsets are bytes
/// into the text as read, BOM included.
const DATELINE_INPUT: &str = "\u{feff}SEOUL, Nov. 26 (Xinhua) -- Wang Yi said \u{201c}the talks were candid.\u{201d}\n\n###\n\nThe ROK side agreed.\n";

/// A key that must be present, with a value that may be `null`.
fn nullable<'de, D, T>(de: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(de)
}

/// `kind: "analysis"`: one document per input.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Analysis {
    schema_version: u32,
    kind: String,
    source: String,
    #[serde(deserialize_with = "nullable")]
    headline: Option<String>,
    #[serde(deserialize_with = "nullable")]
    dateline: Option<String>,
    structure: Vec<Structure>,
    repairs: Vec<Repair>,
    paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Structure {
    kind: StructureKind,
    start: usize,
    end: usize,
    line: usize,
    text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum StructureKind {
    Dateline,
    Slug,
    Marker,
    Label,
    Separator,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Repair {
    paragraph: usize,
    fragment_start: usize,
    fragment_end: usize,
    gap_start: usize,
    gap_end: usize,
    line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Paragraph {
    index: usize,
    start: usize,
    end: usize,
    line: usize,
    #[serde(deserialize_with = "nullable")]
    label: Option<String>,
    sentences: Vec<Unit>,
}

/// A `sentences[]` entry.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Unit {
    index: usize,
    role: Role,
    start: usize,
    end: usize,
    line: usize,
    text: String,
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    topics: Vec<String>,
    evidence: Vec<Evidence>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Role {
    Headline,
    Sentence,
    Item,
    Subheading,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Evidence {
    tag: Tag,
    value: String,
    rule: Rule,
    #[serde(deserialize_with = "nullable")]
    cue: Option<String>,
    #[serde(deserialize_with = "nullable")]
    term: Option<String>,
    #[serde(deserialize_with = "nullable")]
    start: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    end: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    line: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    verb: Option<String>,
    #[serde(deserialize_with = "nullable")]
    verb_start: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    verb_end: Option<usize>,
    #[serde(deserialize_with = "nullable")]
    continues: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Tag {
    Speaker,
    Topic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Rule {
    Explicit,
    Joint,
    JointStatement,
    Continuation,
    Label,
    Lexical,
    Inherited,
}

impl Rule {
    fn is_for(self, tag: Tag) -> bool {
        match self {
            Rule::Explicit
            | Rule::Joint
            | Rule::JointStatement
            | Rule::Continuation
            | Rule::Label => tag == Tag::Speaker,
            Rule::Lexical | Rule::Inherited => tag == Tag::Topic,
        }
    }

    fn continues(self) -> bool {
        matches!(self, Rule::Continuation | Rule::Inherited)
    }
}

/// One line of `--format jsonl`: a `sentences[]` entry plus five keys.
/// Spelled out, because `flatten` cannot be combined with
/// `deny_unknown_fields`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitLine {
    schema_version: u32,
    kind: String,
    source: String,
    paragraph: usize,
    sentence: usize,
    index: usize,
    role: Role,
    start: usize,
    end: usize,
    line: usize,
    text: String,
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    topics: Vec<String>,
    evidence: Vec<Evidence>,
}

impl UnitLine {
    fn unit(&self) -> Unit {
        Unit {
            index: self.index,
            role: self.role,
            start: self.start,
            end: self.end,
            line: self.line,
            text: self.text.clone(),
            speaker: self.speaker.clone(),
            topics: self.topics.clone(),
            evidence: self.evidence.clone(),
        }
    }
}

/// Run `analyze --format FORMAT`, on `SEED_PATH` or on `stdin`, and return
/// stdout, asserting a clean run.
fn analyze(format: &str, stdin: Option<&str>) -> String {
    let mut cmd = cargo_bin_cmd!("communique");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["analyze", "--format", format]);
    match stdin {
        Some(text) => cmd.write_stdin(text),
        None => cmd.arg(SEED_PATH),
    };
    let out = cmd.output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
    String::from_utf8(out.stdout).expect("JSON output is UTF-8")
}

/// Parse the one document of a `--format json` run.
fn parse_document(stdout: &str) -> Analysis {
    let line = stdout
        .strip_suffix('\n')
        .expect("a document ends with a newline");
    assert!(!line.contains('\n'), "one document is one line");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

fn parse_lines(stdout: &str) -> Vec<UnitLine> {
    assert!(stdout.ends_with('\n'));
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The exact input text at `start..end`; panics if the span is not a valid
/// UTF-8 range of it.
fn slice(input: &str, start: usize, end: usize) -> &str {
    input
        .get(start..end)
        .unwrap_or_else(|| panic!("{start}..{end} is not a char-aligned span of the input"))
}

/// The 1-based line of byte offset `at`.
fn line_of(input: &str, at: usize) -> usize {
    1 + input.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn check_span(input: &str, what: &str, start: usize, end: usize, line: usize) -> String {
    assert!(start <= end, "{what}: start {start} > end {end}");
    assert_eq!(line, line_of(input, start), "{what}: line of {start}");
    slice(input, start, end).to_owned()
}

fn check_unit(input: &str, unit: &Unit) {
    let what = format!("unit {}", unit.index);
    let text = check_span(input, &what, unit.start, unit.end, unit.line);
    assert_eq!(unit.text, text, "{what}: text is input[start..end]");

    let mut sorted = unit.topics.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(unit.topics, sorted, "{what}: topics sorted and unique");

    // One entry for the speaker (if any), then one per topic in topic order.
    let expected: Vec<(Tag, &str)> = unit
        .speaker
        .iter()
        .map(|s| (Tag::Speaker, s.as_str()))
        .chain(unit.topics.iter().map(|t| (Tag::Topic, t.as_str())))
        .collect();
    let got: Vec<(Tag, &str)> = unit
        .evidence
        .iter()
        .map(|e| (e.tag, e.value.as_str()))
        .collect();
    assert_eq!(got, expected, "{what}: evidence order");

    for e in &unit.evidence {
        let what = format!("{what}, {:?} {:?}", e.tag, e.value);
        assert!(e.rule.is_for(e.tag), "{what}: rule {:?}", e.rule);
        if let Some(cue) = &e.cue {
            assert_eq!(cue, &e.value, "{what}: cue is the lexicon entry");
        }
        match (&e.term, e.start, e.end, e.line) {
            (Some(term), Some(start), Some(end), Some(line)) => {
                let text = check_span(input, &what, start, end, line);
                assert_eq!(term, &text, "{what}: term is input[start..end]");
                // A label or a joint statement's title lies outside the
                // unit it attributes; a match in the sentence lies inside.
                if matches!(e.rule, Rule::Explicit | Rule::Joint | Rule::Lexical) {
                    assert!(
                        unit.start <= start && end <= unit.end,
                        "{what}: term inside its unit"
                    );
                }
            }
            (None, None, None, None) => {}
            other => panic!("{what}: term, start, end, line null together: {other:?}"),
        }
        match (&e.verb, e.verb_start, e.verb_end) {
            (Some(verb), Some(start), Some(end)) => {
                assert_eq!(verb, slice(input, start, end), "{what}: verb");
                assert!(
                    matches!(e.rule, Rule::Explicit | Rule::Joint),
                    "{what}: a verb only for explicit or joint attribution"
                );
            }
            (None, None, None) => {}
            other => panic!("{what}: verb, verb_start, verb_end null together: {other:?}"),
        }
        match e.continues {
            Some(earlier) => {
                assert!(
                    e.rule.continues(),
                    "{what}: continues only for {:?}",
                    e.rule
                );
                assert!(
                    earlier < unit.index,
                    "{what}: continues {earlier}, not an earlier unit"
                );
            }
            None => assert!(!e.rule.continues(), "{what}: {:?} needs continues", e.rule),
        }
    }
}

fn check_document(input: &str, source: &str, doc: &Analysis) {
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.kind, "analysis");
    assert_eq!(doc.source, source);

    for s in &doc.structure {
        let text = check_span(input, "structure", s.start, s.end, s.line);
        assert_eq!(s.text, text, "structure text is input[start..end]");
    }
    let datelines: Vec<&str> = doc
        .structure
        .iter()
        .filter(|s| s.kind == StructureKind::Dateline)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        doc.dateline.as_deref(),
        datelines.first().copied(),
        "dateline is the dateline structure's text"
    );

    for r in &doc.repairs {
        assert!(
            r.paragraph < doc.paragraphs.len(),
            "repair names a paragraph"
        );
        assert!(r.fragment_start <= r.fragment_end && r.fragment_end <= r.gap_start);
        check_span(
            input,
            "repair gap",
            r.gap_start,
            r.gap_end,
            line_of(input, r.gap_start),
        );
        check_span(
            input,
            "repair fragment",
            r.fragment_start,
            r.fragment_end,
            r.line,
        );
    }

    let mut next_unit = 0;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        assert_eq!(p.index, i, "paragraph indexes run from 0");
        check_span(input, "paragraph", p.start, p.end, p.line);
        for u in &p.sentences {
            assert_eq!(u.index, next_unit, "unit indexes run from 0, document-wide");
            next_unit += 1;
            assert!(
                p.start <= u.start && u.end <= p.end,
                "unit {} inside paragraph {i}",
                u.index
            );
            check_unit(input, u);
        }
        if let Some(label) = &p.label {
            assert!(slice(input, p.start, p.end).contains(label.as_str()));
        }
    }
    assert!(next_unit > 0, "the input has units");

    let headline = doc
        .paragraphs
        .iter()
        .flat_map(|p| &p.sentences)
        .find(|u| u.role == Role::Headline)
        .map(|u| u.text.as_str());
    assert_eq!(
        doc.headline.as_deref(),
        headline,
        "headline is its unit's text"
    );
}

/// Check jsonl lines against the json document of the same input: the same
/// units, in order, each with its paragraph and position.
fn check_lines(source: &str, doc: &Analysis, lines: &[UnitLine]) {
    let expected: Vec<(usize, usize, &Unit)> = doc
        .paragraphs
        .iter()
        .flat_map(|p| p.sentences.iter().enumerate().map(|(i, u)| (p.index, i, u)))
        .collect();
    assert_eq!(lines.len(), expected.len(), "one line per unit");
    for (line, (paragraph, sentence, unit)) in lines.iter().zip(expected) {
        assert_eq!(line.schema_version, 1);
        assert_eq!(line.kind, "unit");
        assert_eq!(line.source, source);
        assert_eq!(line.paragraph, paragraph);
        assert_eq!(line.sentence, sentence, "position within the paragraph");
        assert_eq!(&line.unit(), unit, "a line holds its sentences[] entry");
    }
}

#[test]
fn seed_json_document_keeps_the_contract() {
    let doc = parse_document(&analyze("json", None));
    check_document(SEED, SEED_PATH, &doc);
    // The seed exercises headline, repairs, explicit and joint speakers,
    // continuations and inherited topics; keep it that way.
    let evidence: Vec<&Evidence> = doc
        .paragraphs
        .iter()
        .flat_map(|p| &p.sentences)
        .flat_map(|u| &u.evidence)
        .collect();
    assert!(doc.headline.is_some());
    assert!(!doc.repairs.is_empty());
    for rule in [
        Rule::Explicit,
        Rule::Joint,
        Rule::Continuation,
        Rule::Lexical,
        Rule::Inherited,
    ] {
        assert!(
            evidence.iter().any(|e| e.rule == rule),
            "no {rule:?} evidence"
        );
    }
}

#[test]
fn seed_jsonl_lines_keep_the_contract_and_match_the_document() {
    let doc = parse_document(&analyze("json", None));
    let lines = parse_lines(&analyze("jsonl", None));
    for line in &lines {
        check_unit(SEED, &line.unit());
    }
    check_lines(SEED_PATH, &doc, &lines);
}

#[test]
fn offsets_count_bom_and_multibyte_characters_as_bytes() {
    let doc = parse_document(&analyze("json", Some(DATELINE_INPUT)));
    check_document(DATELINE_INPUT, "<stdin>", &doc);
    assert!(doc.dateline.is_some());
    assert!(
        doc.structure
            .iter()
            .any(|s| s.kind == StructureKind::Separator)
    );
    let lines = parse_lines(&analyze("jsonl", Some(DATELINE_INPUT)));
    check_lines("<stdin>", &doc, &lines);
}

/// The mirror structs are only a contract if they are strict: a missing
/// nullable key and an unknown key must both fail.
#[test]
fn mirror_structs_refuse_missing_and_unknown_keys() {
    let evidence = r#"{"tag":"topic","value":"taiwan","rule":"inherited","cue":null,"term":null,"start":null,"end":null,"line":null,"verb":null,"verb_start":null,"verb_end":null,"continues":3}"#;
    assert!(serde_json::from_str::<Evidence>(evidence).is_ok());

    let missing = evidence.replace(r#""cue":null,"#, "");
    let err = serde_json::from_str::<Evidence>(&missing).unwrap_err();
    assert!(err.to_string().contains("missing field `cue`"), "{err}");

    let extra = evidence.replace(r#""cue":null,"#, r#""cue":null,"score":1,"#);
    let err = serde_json::from_str::<Evidence>(&extra).unwrap_err();
    assert!(err.to_string().contains("unknown field `score`"), "{err}");
}
