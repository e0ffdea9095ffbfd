//! JSON wire types and writers. The schema is a contract: it is documented
//! here and in the README, and `tests/json_contract.rs` checks real output
//! against mirror structs with `deny_unknown_fields`.
//!
//! # Contract (`schema_version` 1)
//!
//! Adding a field or a `kind` keeps the version; removing, renaming,
//! retyping or redefining a field bumps it. Every key is always present
//! (`null` when empty). Offsets `start`/`end` are UTF-8 byte offsets into the
//! original input (a BOM, if any, is byte 0..3); `line` is 1-based;
//! `text` is exactly `input[start..end]`.
//!
//! ## `kind: "analysis"` (`analyze --format json`, one document per input, one line each)
//!
//! ```json
//! {"schema_version":1,"kind":"analysis","source":"seed.txt",
//!  "headline":"China, ROK hold '2+2' diplomatic, security talks in Seoul",
//!  "dateline":null,
//!  "structure":[{"kind":"separator","start":10,"end":13,"line":3,"text":"###"}],
//!  "repairs":[{"paragraph":2,"fragment_start":223,"fragment_end":232,"gap_start":232,"gap_end":234,"line":5}],
//!  "paragraphs":[{"index":0,"start":0,"end":56,"line":1,"label":null,"sentences":[
//!    {"index":0,"role":"headline","start":0,"end":56,"line":1,"text":"China, ROK hold …",
//!     "speaker":null,"topics":[],"evidence":[]}]}, …]}
//! ```
//!
//! - `structure[].kind`: `dateline`, `slug`, `marker`, `label`, `separator`.
//! - `paragraphs[].label`: the transcript speaker label text, or null.
//! - `sentences[].index`: document-wide unit index; `role`: `headline`,
//!   `sentence`, `item`, `subheading`; `speaker`: a party id, `joint` or null;
//!   `topics`: topic ids, sorted.
//! - `evidence[]`: one entry for the speaker (if any), then one per topic in
//!   topic order, then one per negated topic (rule `negated`: the term
//!   occurs only under negation, "did not discuss Taiwan", and the topic is
//!   not in `topics`):
//!
//! ```json
//! {"tag":"speaker","value":"china","rule":"explicit","cue":"china",
//!  "term":"The Chinese side","start":1290,"end":1306,"line":15,
//!  "verb":"stressed","verb_start":1307,"verb_end":1315,"continues":null}
//! ```
//!
//!   `tag`: `speaker` or `topic`; `rule`: `explicit`, `coreference`, `joint`,
//!   `joint_statement`, `continuation`, `label` (speakers), `lexical`,
//!   `inherited`, `negated` (topics); `cue`: the lexicon entry (party id, `joint`, topic
//!   id) or null; `term`/`start`/`end`/`line`: the matched text and where, or
//!   null; `verb*`: the reporting verb of an explicit or joint attribution, or
//!   null; `continues`: for `continuation` and `inherited`, the `index` of the
//!   unit continued; for `coreference`, the unit the title or pronoun was
//!   resolved through; else null.
//!
//! ## `analyze --format jsonl`, `grep --format jsonl`
//!
//! One object per unit, with every field of a `sentences[]` entry plus
//! `schema_version`, `kind: "unit"`, `source`, `paragraph` (paragraph index)
//! and `sentence` (position within the paragraph, from 0).
//!
//! ## Reports
//!
//! - `kind: "speakers"`: `source`, `units`, `words`, `speakers[]` with
//!   `speaker` (id or null for narration), `sentences`, `words`, `share`
//!   (0..1, of the document's words), `topics[]` (`topic`, `sentences`).
//!   JSONL rows: `kind: "speaker"` with `source` and the fields of one entry.
//! - `kind: "topics"`: `source`, `topics[]` with `topic`, `sentences`,
//!   `speakers[]` (`speaker`, `sentences`, `first`: `unit`, `rule`, `term`,
//!   `start`, `end`, `line`, `column`). JSONL rows: `kind: "topic_speaker"`
//!   with `source`, `topic` and the fields of one `speakers[]` entry.
//! - `kind: "matrix"`: `source`, `speakers` (ids, null = narration),
//!   `topics` (ids, null = no topic), `counts` (`counts[speaker][topic]`).
//!   JSONL rows: `kind: "matrix_cell"` with `source`, `speaker`, `topic`,
//!   `count`.
//! - `kind: "compare"`: `a`, `b` (sources), `similarity` (0..1), `only_in_a`,
//!   `only_in_b` (topic ids), `topics[]` (`topic`, `a`, `b`: lists of
//!   `speaker`, `sentences`), `one_sided[]` (`speaker`, `topic`, `text`:
//!   `"a"` or `"b"`, `unit`, `line`), `unmatched_a[]`, `unmatched_b[]`
//!   (`unit`, `line`, `speaker`, `text`, `best`, `score`).
//! - `kind: "check"`: `inputs` (count), `findings[]` (`source`, `line`,
//!   `column`, `rule`, `message`).
//! - `kind: "eval"`: `total` and `texts[]` (each with `gold`, `source`,
//!   `units`) holding `unlocated`, `boundaries` and `topics_micro` (`precision`,
//!   `recall`, `f1`, `true_positives`, `false_positives`, `false_negatives`),
//!   `topics` (topic id → the same), `topics_macro_f1`, `speaker_accuracy`,
//!   `speakers_right`, `speakers_total`; `total` also has `confusion` (gold
//!   speaker → predicted speaker → units, `-` = none); `errors[]` (`gold`,
//!   `line`, `kind`: `segment`, `speaker` or `topic`, `message`).

mod eval;
mod reports;

use std::io::{self, Write};

use serde::Serialize;

pub use eval::write_eval;
pub use reports::{
    write_check, write_comparison, write_matrix, write_matrix_rows, write_speaker_rows,
    write_speakers, write_topic_rows, write_topics,
};

use crate::document::{Document, Evidence, LineIndex, Span, Unit};

/// The schema version of every JSON document this tool writes.
pub const SCHEMA_VERSION: u32 = 1;

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

struct Context<'d, 'a> {
    doc: &'d Document<'a>,
    lines: LineIndex,
}

impl<'d, 'a> Context<'d, 'a> {
    fn new(doc: &'d Document<'a>) -> Self {
        Context {
            doc,
            lines: LineIndex::new(doc.text),
        }
    }

    fn evidence(&self, tag: &'static str, value: &'d str, e: &'d Evidence) -> EvidenceJson<'d> {
        EvidenceJson {
            tag,
            value,
            rule: e.rule.as_str(),
            cue: e.cue.as_deref(),
            term: e.term.map(|s| self.doc.slice(s)),
            start: e.term.map(|s| s.start),
            end: e.term.map(|s| s.end),
            line: e.term.map(|s| self.lines.line(s.start)),
            verb: e.verb.map(|s| self.doc.slice(s)),
            verb_start: e.verb.map(|s| s.start),
            verb_end: e.verb.map(|s| s.end),
            continues: e.continues,
        }
    }

    fn unit(&self, unit: &'d Unit) -> UnitJson<'d> {
        let mut evidence = Vec::with_capacity(1 + unit.topics.len());
        if let Some(s) = &unit.speaker {
            evidence.push(self.evidence("speaker", s.speaker.id(), &s.evidence));
        }
        for t in unit.topics.iter().chain(&unit.negated) {
            evidence.push(self.evidence("topic", &t.topic, &t.evidence));
        }
        UnitJson {
            index: unit.index,
            role: unit.role.as_str(),
            start: unit.span.start,
            end: unit.span.end,
            line: self.lines.line(unit.span.start),
            text: self.doc.slice(unit.span),
            speaker: unit.speaker.as_ref().map(|s| s.speaker.id()),
            topics: unit.topics.iter().map(|t| t.topic.as_str()).collect(),
            evidence,
        }
    }

    fn line(&self, span: Span) -> usize {
        self.lines.line(span.start)
    }
}

/// A ratio rounded to four decimals, as every JSON score and share is.
fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// Write `value` as one JSON line.
fn write_line(out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Write the analysis of one input as one JSON document and a newline.
pub fn write_analysis(out: &mut dyn Write, source: &str, doc: &Document<'_>) -> io::Result<()> {
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
                sentences: p.units.iter().map(|u| cx.unit(u)).collect(),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &json)?;
    out.write_all(b"\n")
}

/// Write one JSON object per unit, one per line.
pub fn write_units(out: &mut dyn Write, source: &str, doc: &Document<'_>) -> io::Result<()> {
    write_units_where(out, source, doc, |_| true)
}

/// Write one JSON object per unit that `keep` accepts, one per line.
pub fn write_units_where(
    out: &mut dyn Write,
    source: &str,
    doc: &Document<'_>,
    keep: impl Fn(&Unit) -> bool,
) -> io::Result<()> {
    let cx = Context::new(doc);
    for p in &doc.paragraphs {
        for (position, unit) in p.units.iter().enumerate().filter(|(_, u)| keep(u)) {
            let line = UnitLineJson {
                schema_version: SCHEMA_VERSION,
                kind: "unit",
                source,
                paragraph: p.index,
                sentence: position,
                unit: cx.unit(unit),
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
    }
    Ok(())
}
