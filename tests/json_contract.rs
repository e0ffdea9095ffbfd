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
    Coreference,
    Joint,
    JointStatement,
    Continuation,
    Label,
    Lexical,
    Inherited,
    Negated,
}

impl Rule {
    fn is_for(self, tag: Tag) -> bool {
        match self {
            Rule::Explicit
            | Rule::Coreference
            | Rule::Joint
            | Rule::JointStatement
            | Rule::Continuation
            | Rule::Label => tag == Tag::Speaker,
            Rule::Lexical | Rule::Inherited | Rule::Negated => tag == Tag::Topic,
        }
    }

    fn continues(self) -> bool {
        matches!(
            self,
            Rule::Coreference | Rule::Continuation | Rule::Inherited
        )
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

    // One entry for the speaker (if any), then one per topic in topic order,
    // then the negated topics (recorded, not in `topics`).
    let expected: Vec<(Tag, &str)> = unit
        .speaker
        .iter()
        .map(|s| (Tag::Speaker, s.as_str()))
        .chain(unit.topics.iter().map(|t| (Tag::Topic, t.as_str())))
        .collect();
    let got: Vec<(Tag, &str)> = unit
        .evidence
        .iter()
        .filter(|e| e.rule != Rule::Negated)
        .map(|e| (e.tag, e.value.as_str()))
        .collect();
    for e in unit.evidence.iter().filter(|e| e.rule == Rule::Negated) {
        assert!(
            !unit.topics.contains(&e.value),
            "{what}: a negated topic is not tagged"
        );
    }
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

// ---------------------------------------------------------------- reports

const COMPARE_B_PATH: &str = "fixtures/corpus/wh-2022-11-14-biden-xi-bali-readout.txt";

/// Run the binary from the package root with `args`, asserting a clean run
/// with exit `code`, and return stdout.
fn stdout_of(args: &[&str], code: i32) -> String {
    let mut cmd = cargo_bin_cmd!("communique");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "TERM",
        "COLUMNS",
        "LINES",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert_eq!(stderr, "");
    String::from_utf8(out.stdout).expect("JSON output is UTF-8")
}

/// Parse one JSON document printed on one line.
fn one_document<T: for<'de> Deserialize<'de>>(stdout: &str) -> T {
    let line = stdout
        .strip_suffix('\n')
        .expect("a document ends with a newline");
    assert!(!line.contains('\n'), "one document is one line");
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
}

fn rows<T: for<'de> Deserialize<'de>>(stdout: &str) -> Vec<T> {
    assert!(stdout.ends_with('\n'));
    stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect()
}

/// The seed's units, from `analyze --format json`.
fn seed_units() -> Vec<Unit> {
    let doc = parse_document(&analyze("json", None));
    doc.paragraphs
        .into_iter()
        .flat_map(|p| p.sentences)
        .collect()
}

/// The 1-based column, in characters, of byte offset `at`.
fn column_of(input: &str, at: usize) -> usize {
    let line_start = input[..at].rfind('\n').map_or(0, |i| i + 1);
    1 + input[line_start..at].chars().count()
}

/// A `speakers[]` entry of `kind: "speakers"`.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerEntry {
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    sentences: usize,
    words: usize,
    share: f64,
    topics: Vec<TopicCount>,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicCount {
    topic: String,
    sentences: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Speakers {
    schema_version: u32,
    kind: String,
    source: String,
    units: usize,
    words: usize,
    speakers: Vec<SpeakerEntry>,
}

/// `kind: "speaker"`: `source` and the fields of one `speakers[]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerRow {
    schema_version: u32,
    kind: String,
    source: String,
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    sentences: usize,
    words: usize,
    share: f64,
    topics: Vec<TopicCount>,
}

#[test]
fn speakers_document_and_rows_keep_the_contract() {
    let doc: Speakers = one_document(&stdout_of(&["speakers", "--format", "json", SEED_PATH], 0));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.kind, "speakers");
    assert_eq!(doc.source, SEED_PATH);
    let units = seed_units();
    assert_eq!(doc.units, units.len());

    let sentences: usize = doc.speakers.iter().map(|s| s.sentences).sum();
    assert_eq!(
        sentences, doc.units,
        "sentences per speaker sum to the units"
    );
    let words: usize = doc.speakers.iter().map(|s| s.words).sum();
    assert_eq!(words, doc.words, "words per speaker sum to the document's");
    let share: f64 = doc.speakers.iter().map(|s| s.share).sum();
    assert!((share - 1.0).abs() < 1e-3, "shares sum to {share}");

    let mut ids: Vec<Option<&str>> = doc.speakers.iter().map(|s| s.speaker.as_deref()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), doc.speakers.len(), "one entry per speaker");
    for s in &doc.speakers {
        let who = s.speaker.as_deref();
        assert!((0.0..=1.0).contains(&s.share), "{who:?}: share {}", s.share);
        let spoken: Vec<&Unit> = units
            .iter()
            .filter(|u| u.speaker.as_deref() == who)
            .collect();
        assert_eq!(s.sentences, spoken.len(), "{who:?}: sentences");
        let topics: Vec<&str> = s.topics.iter().map(|t| t.topic.as_str()).collect();
        let mut sorted = topics.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(topics, sorted, "{who:?}: topics sorted and unique");
        for t in &s.topics {
            let on = spoken
                .iter()
                .filter(|u| u.topics.contains(&t.topic))
                .count();
            assert_eq!(t.sentences, on, "{who:?} on {}", t.topic);
        }
    }

    let lines: Vec<SpeakerRow> = rows(&stdout_of(&["speakers", "--format", "jsonl", SEED_PATH], 0));
    assert_eq!(lines.len(), doc.speakers.len(), "one row per entry");
    for (row, entry) in lines.into_iter().zip(&doc.speakers) {
        assert_eq!((row.schema_version, row.kind.as_str()), (1, "speaker"));
        assert_eq!(row.source, SEED_PATH);
        let row = SpeakerEntry {
            speaker: row.speaker,
            sentences: row.sentences,
            words: row.words,
            share: row.share,
            topics: row.topics,
        };
        assert_eq!(&row, entry, "a row holds its speakers[] entry");
    }
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct First {
    unit: usize,
    rule: Rule,
    term: String,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
}

#[derive(Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicSpeaker {
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    sentences: usize,
    first: First,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicEntry {
    topic: String,
    sentences: usize,
    speakers: Vec<TopicSpeaker>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Topics {
    schema_version: u32,
    kind: String,
    source: String,
    topics: Vec<TopicEntry>,
}

/// `kind: "topic_speaker"`: `source`, `topic` and one `speakers[]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicSpeakerRow {
    schema_version: u32,
    kind: String,
    source: String,
    topic: String,
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    sentences: usize,
    first: First,
}

#[test]
fn topics_document_and_rows_keep_the_contract() {
    let doc: Topics = one_document(&stdout_of(&["topics", "--format", "json", SEED_PATH], 0));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.kind, "topics");
    assert_eq!(doc.source, SEED_PATH);
    let units = seed_units();

    let ids: Vec<&str> = doc.topics.iter().map(|t| t.topic.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "topics sorted and unique");
    assert!(!doc.topics.is_empty());
    for t in &doc.topics {
        let on: Vec<&Unit> = units
            .iter()
            .filter(|u| u.topics.contains(&t.topic))
            .collect();
        assert_eq!(t.sentences, on.len(), "{}: sentences", t.topic);
        let by: usize = t.speakers.iter().map(|s| s.sentences).sum();
        assert_eq!(by, t.sentences, "{}: sentences by speaker sum", t.topic);
        for s in &t.speakers {
            let what = format!("{} by {:?}", t.topic, s.speaker);
            let f = &s.first;
            let term = check_span(SEED, &what, f.start, f.end, f.line);
            assert_eq!(f.term, term, "{what}: term is input[start..end]");
            assert_eq!(f.column, column_of(SEED, f.start), "{what}: column");
            let unit = &units[f.unit];
            assert_eq!(unit.speaker, s.speaker, "{what}: first unit's speaker");
            assert!(
                unit.topics.contains(&t.topic),
                "{what}: first unit's topics"
            );
            assert!(
                unit.evidence.iter().any(|e| e.tag == Tag::Topic
                    && e.value == t.topic
                    && e.rule == f.rule
                    && e.start == Some(f.start)),
                "{what}: first is the unit's topic evidence"
            );
            let earliest = on.iter().find(|u| u.speaker == s.speaker).map(|u| u.index);
            assert!(earliest <= Some(f.unit), "{what}: no earlier unit");
        }
    }

    let lines: Vec<TopicSpeakerRow> =
        rows(&stdout_of(&["topics", "--format", "jsonl", SEED_PATH], 0));
    let expected: Vec<(&str, &TopicSpeaker)> = doc
        .topics
        .iter()
        .flat_map(|t| t.speakers.iter().map(move |s| (t.topic.as_str(), s)))
        .collect();
    assert_eq!(lines.len(), expected.len(), "one row per topic and speaker");
    for (row, (topic, entry)) in lines.into_iter().zip(expected) {
        assert_eq!(
            (row.schema_version, row.kind.as_str()),
            (1, "topic_speaker")
        );
        assert_eq!(row.source, SEED_PATH);
        assert_eq!(row.topic, topic);
        let row = TopicSpeaker {
            speaker: row.speaker,
            sentences: row.sentences,
            first: row.first,
        };
        assert_eq!(&row, entry);
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Matrix {
    schema_version: u32,
    kind: String,
    source: String,
    speakers: Vec<Option<String>>,
    topics: Vec<Option<String>>,
    counts: Vec<Vec<usize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MatrixCell {
    schema_version: u32,
    kind: String,
    source: String,
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    #[serde(deserialize_with = "nullable")]
    topic: Option<String>,
    count: usize,
}

#[test]
fn matrix_document_and_cells_keep_the_contract() {
    let doc: Matrix = one_document(&stdout_of(&["matrix", "--format", "json", SEED_PATH], 0));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.kind, "matrix");
    assert_eq!(doc.source, SEED_PATH);
    let units = seed_units();

    assert_eq!(doc.counts.len(), doc.speakers.len(), "a row per speaker");
    for row in &doc.counts {
        assert_eq!(row.len(), doc.topics.len(), "a column per topic");
    }
    for (speaker, row) in doc.speakers.iter().zip(&doc.counts) {
        for (topic, &count) in doc.topics.iter().zip(row) {
            let n = units
                .iter()
                .filter(|u| &u.speaker == speaker)
                .filter(|u| match topic {
                    Some(t) => u.topics.contains(t),
                    None => u.topics.is_empty(),
                })
                .count();
            assert_eq!(count, n, "counts[{speaker:?}][{topic:?}]");
        }
    }

    let cells: Vec<MatrixCell> = rows(&stdout_of(&["matrix", "--format", "jsonl", SEED_PATH], 0));
    assert_eq!(cells.len(), doc.speakers.len() * doc.topics.len());
    let expected = doc.speakers.iter().zip(&doc.counts).flat_map(|(s, row)| {
        doc.topics
            .iter()
            .zip(row)
            .map(move |(t, &count)| (s.clone(), t.clone(), count))
    });
    for (cell, (speaker, topic, count)) in cells.into_iter().zip(expected) {
        assert_eq!(
            (cell.schema_version, cell.kind.as_str()),
            (1, "matrix_cell")
        );
        assert_eq!(cell.source, SEED_PATH);
        assert_eq!(
            (cell.speaker, cell.topic, cell.count),
            (speaker, topic, count)
        );
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpeakerCount {
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    sentences: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sides {
    topic: String,
    a: Vec<SpeakerCount>,
    b: Vec<SpeakerCount>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Side {
    A,
    B,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OneSided {
    speaker: String,
    topic: String,
    text: Side,
    unit: usize,
    line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Unmatched {
    unit: usize,
    line: usize,
    #[serde(deserialize_with = "nullable")]
    speaker: Option<String>,
    text: String,
    #[serde(deserialize_with = "nullable")]
    best: Option<usize>,
    score: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Compare {
    schema_version: u32,
    kind: String,
    a: String,
    b: String,
    similarity: f64,
    only_in_a: Vec<String>,
    only_in_b: Vec<String>,
    topics: Vec<Sides>,
    one_sided: Vec<OneSided>,
    unmatched_a: Vec<Unmatched>,
    unmatched_b: Vec<Unmatched>,
}

/// The units of `path` from `analyze --format json`.
fn units_of(path: &str) -> Vec<Unit> {
    let doc: Analysis = one_document(&stdout_of(&["analyze", "--format", "json", path], 0));
    doc.paragraphs
        .into_iter()
        .flat_map(|p| p.sentences)
        .collect()
}

#[test]
fn compare_document_keeps_the_contract() {
    let doc: Compare = one_document(&stdout_of(
        &["compare", "--format", "json", SEED_PATH, COMPARE_B_PATH],
        0,
    ));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.kind, "compare");
    assert_eq!(
        (doc.a.as_str(), doc.b.as_str()),
        (SEED_PATH, COMPARE_B_PATH)
    );
    assert!((0.0..=1.0).contains(&doc.similarity), "{}", doc.similarity);
    let (a, b) = (units_of(SEED_PATH), units_of(COMPARE_B_PATH));
    let topics_of = |units: &[Unit]| {
        let mut t: Vec<String> = units.iter().flat_map(|u| u.topics.clone()).collect();
        t.sort();
        t.dedup();
        t
    };
    let (ta, tb) = (topics_of(&a), topics_of(&b));
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|t| !y.contains(t)).cloned().collect()
    };
    assert_eq!(doc.only_in_a, only(&ta, &tb), "only_in_a");
    assert_eq!(doc.only_in_b, only(&tb, &ta), "only_in_b");

    let ids: Vec<&str> = doc.topics.iter().map(|t| t.topic.as_str()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "topics sorted and unique");
    for t in &doc.topics {
        for (side, units) in [(&t.a, &a), (&t.b, &b)] {
            for c in side {
                let n = units
                    .iter()
                    .filter(|u| u.speaker == c.speaker && u.topics.contains(&t.topic))
                    .count();
                assert_eq!(c.sentences, n, "{} by {:?}", t.topic, c.speaker);
            }
        }
    }
    for p in &doc.one_sided {
        let units = if p.text == Side::A { &a } else { &b };
        let unit = &units[p.unit];
        assert_eq!(p.line, unit.line, "one_sided line is its unit's");
        assert_eq!(unit.speaker.as_deref(), Some(p.speaker.as_str()));
        assert!(unit.topics.contains(&p.topic));
    }
    assert!(
        !doc.unmatched_a.is_empty() && !doc.unmatched_b.is_empty() && !doc.one_sided.is_empty(),
        "the pair exercises every list"
    );
    for (list, units, other) in [(&doc.unmatched_a, &a, &b), (&doc.unmatched_b, &b, &a)] {
        for u in list {
            let unit = &units[u.unit];
            assert_eq!(u.text, unit.text, "unmatched text is the unit's text");
            assert_eq!(u.line, unit.line);
            assert_eq!(u.speaker, unit.speaker);
            assert!((0.0..=1.0).contains(&u.score), "{}", u.score);
            if let Some(best) = u.best {
                assert!(best < other.len(), "best names a unit of the other text");
            }
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckFinding {
    source: String,
    line: usize,
    column: usize,
    rule: String,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Check {
    schema_version: u32,
    kind: String,
    inputs: usize,
    findings: Vec<CheckFinding>,
}

#[test]
fn check_document_keeps_the_contract() {
    let rules = "tests/cmd/check_rules_fail_json.in/failing-rules.toml";
    let doc: Check = one_document(&stdout_of(
        &["check", "--format", "json", "--rules", rules, SEED_PATH],
        1,
    ));
    assert_eq!(doc.schema_version, 1);
    assert_eq!(doc.kind, "check");
    assert_eq!(doc.inputs, 1);
    assert!(!doc.findings.is_empty(), "the rules fail");
    let lines = SEED.lines().count();
    for f in &doc.findings {
        assert_eq!(f.source, SEED_PATH);
        assert!(f.line >= 1 && f.column >= 1, "{f:?}");
        assert!(f.line <= lines, "{f:?}");
        let line = SEED.lines().nth(f.line - 1).unwrap();
        assert!(f.column <= line.chars().count().max(1), "{f:?}");
        assert!(!f.rule.is_empty() && !f.message.is_empty(), "{f:?}");
    }

    let clean: Check = one_document(&stdout_of(
        &[
            "check",
            "--format",
            "json",
            "--rules",
            "fixtures/rules/seed.toml",
            SEED_PATH,
        ],
        0,
    ));
    assert_eq!((clean.kind.as_str(), clean.inputs), ("check", 1));
    assert!(clean.findings.is_empty());
}

/// One input is analysed and written a paragraph at a time; in a batch,
/// each document is analysed whole and rendered into a buffer. The bytes
/// are the same either way, and from stdin but for the source.
#[test]
fn one_input_written_as_it_is_analysed_is_what_a_batch_writes() {
    let other = COMPARE_B_PATH;
    for format in ["json", "jsonl"] {
        let alone = stdout_of(&["analyze", "--format", format, SEED_PATH], 0);
        let batch = stdout_of(&["analyze", "--format", format, SEED_PATH, other], 0);
        assert!(
            batch.starts_with(&alone) && batch.len() > alone.len(),
            "{format}: the batch's first document is not the one input's"
        );
        let stdin = analyze(format, Some(SEED));
        let source = |s: &str| format!("\"source\":\"{s}\"");
        assert_eq!(
            stdin,
            alone.replace(&source(SEED_PATH), &source("<stdin>")),
            "{format}: stdin"
        );
    }
}
