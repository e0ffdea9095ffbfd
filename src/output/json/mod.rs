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

use std::cell::Cell;
use std::io::{self, Write};

use serde::Serialize;

pub use eval::write_eval;
pub use reports::{
    write_check, write_comparison, write_matrix, write_matrix_rows, write_speaker_rows,
    write_speakers, write_topic_rows, write_topics,
};

use crate::document::{Document, Evidence, Id, LineIndex, Paragraph, Role, Rule, Span, Unit};

/// True when one of the eight bytes of `word` needs escaping in a JSON
/// string: a control character, `"` or `\\`.
fn word_needs_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below `n` (for n <= 0x80) borrows in `x - n` and had its high
    // bit clear; a byte equal to `c` is a zero byte of `x ^ c`. A borrow
    // runs on only from a byte that borrowed itself, so the answer is
    // exact for the word (if not for which byte).
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH;
    let control = below(word, 0x20);
    let quote = below(word ^ (ONES * u64::from(b'"')), 1);
    let backslash = below(word ^ (ONES * u64::from(b'\\')), 1);
    control | quote | backslash != 0
}

/// True when `b` needs an escape in a JSON string: a control character,
/// `"` or `\\`. Without short-circuits, so that a fold over it vectorises.
fn byte_needs_escape(b: u8) -> bool {
    (b < 0x20) | (b == b'"') | (b == b'\\')
}

/// True when one of `bytes` needs escaping. Written as a fold without an
/// early exit so that the compiler turns it into vector compares, sixteen
/// bytes at a time.
fn block_needs_escape(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .fold(false, |any, &b| any | byte_needs_escape(b))
}

/// True when one of `bytes` needs escaping: whole 16-byte blocks, the last
/// one overlapping the one before, so no byte is looked at alone except in
/// strings shorter than eight bytes.
fn needs_escape(bytes: &[u8]) -> bool {
    let word_at = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
    match bytes.len() {
        0..8 => block_needs_escape(bytes),
        8..16 => word_needs_escape(word_at(0)) || word_needs_escape(word_at(bytes.len() - 8)),
        len => {
            bytes.chunks_exact(16).any(block_needs_escape) || block_needs_escape(&bytes[len - 16..])
        }
    }
}

/// The schema version of every JSON document this tool writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Output goes to the writer in chunks of about this many bytes.
const CHUNK: usize = 64 * 1024;

/// Compact JSON written by hand into a byte buffer, which goes to the output
/// in chunks: one `write_all` per chunk instead of a dynamic call per key
/// and value. The bytes are exactly what serde_json writes for the same
/// values (`tests` checks this against serde reference types, and the
/// string escaping against serde_json's).
struct Json<'o> {
    out: &'o mut dyn Write,
    buf: Vec<u8>,
}

impl<'o> Json<'o> {
    /// A writer to `out` for about `size` bytes of output.
    fn new(out: &'o mut dyn Write, size: usize) -> Self {
        Json {
            out,
            buf: Vec::with_capacity(size.min(CHUNK + CHUNK / 4)),
        }
    }

    /// Bytes as they are: punctuation and keys.
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// A name of this tool's output (a role, a rule, a tag): written as it
    /// is between quotes, as it never needs an escape.
    fn name(&mut self, s: &'static str) {
        debug_assert!(!needs_escape(s.as_bytes()), "{s:?} needs escaping");
        self.quoted(s.as_bytes());
    }

    /// Bytes that need no escape, between quotes.
    #[inline]
    fn quoted(&mut self, bytes: &[u8]) {
        self.buf.reserve(bytes.len() + 2);
        self.buf.push(b'"');
        self.buf.extend_from_slice(bytes);
        self.buf.push(b'"');
    }

    /// A JSON string, escaped as serde_json escapes it: `"` and `\\` with a
    /// backslash, the control characters as `\n`, `\t`, ... or `\u00XX`,
    /// everything else as it is. Nearly every string needs no escape: that
    /// is checked sixteen bytes at a time and the string copied in one go.
    fn str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        if needs_escape(bytes) {
            self.escaped(bytes);
        } else {
            self.quoted(bytes);
        }
    }

    /// A string that holds an escape (rare), between quotes, read byte by
    /// byte: runs that need none are copied whole.
    #[cold]
    fn escaped(&mut self, bytes: &[u8]) {
        self.buf.push(b'"');
        let mut copied = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if byte_needs_escape(b) {
                self.buf.extend_from_slice(&bytes[copied..i]);
                self.escape(b);
                copied = i + 1;
            }
        }
        self.buf.extend_from_slice(&bytes[copied..]);
        self.buf.push(b'"');
    }

    /// The escape of a byte that needs one.
    fn escape(&mut self, b: u8) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let short = match b {
            b'"' => b'"',
            b'\\' => b'\\',
            0x08 => b'b',
            0x0c => b'f',
            b'\n' => b'n',
            b'\r' => b'r',
            b'\t' => b't',
            _ => {
                let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
                self.buf.extend_from_slice(b"\\u00");
                self.buf.extend_from_slice(&hex);
                return;
            }
        };
        self.buf.extend_from_slice(&[b'\\', short]);
    }

    /// A lexicon id: between quotes as it is when it is plain (nearly
    /// always; known since it was first read), escaped otherwise.
    #[inline]
    fn id(&mut self, id: Id) {
        if id.is_plain() {
            self.quoted(id.as_bytes());
        } else {
            self.str(&id);
        }
    }

    fn opt_id(&mut self, id: Option<Id>) {
        match id {
            Some(id) => self.id(id),
            None => self.raw(b"null"),
        }
    }

    fn opt_str(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.raw(b"null"),
        }
    }

    fn num(&mut self, n: usize) {
        self.raw(itoa::Buffer::new().format(n).as_bytes());
    }

    /// `items` as the members of a JSON array (its brackets left to the
    /// caller), comma-separated, each written by `write`; the buffer goes
    /// to the output whenever it holds a chunk.
    fn members<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        mut write: impl FnMut(&mut Self, T),
    ) -> io::Result<()> {
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            write(self, item);
            self.spill()?;
        }
        Ok(())
    }

    /// Hand the buffer to the output once it holds a chunk.
    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= CHUNK {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Hand the rest of the buffer to the output.
    fn finish(self) -> io::Result<()> {
        self.out.write_all(&self.buf)
    }
}

/// Where [`Context::line`] left off, carried from one paragraph's context
/// to the next when a text is written a paragraph at a time.
#[derive(Clone, Copy, Default)]
struct LineCursor {
    /// The line last asked for: units and their evidence are written in
    /// order, so the next answer is usually on it or a few lines on.
    last_line: usize,
    /// The line of the last look back, and its byte range: every unit of a
    /// joint statement looks back to the same headline.
    look_back: (usize, usize, usize),
}

/// The input text and its line index, for the text and line of a span.
struct Context<'a> {
    text: &'a str,
    lines: &'a LineIndex,
    /// Where the line lookups are, moved by each.
    cursor: Cell<LineCursor>,
}

impl<'a> Context<'a> {
    fn new(doc: &'a Document<'a>) -> Self {
        Context::resume(doc, LineCursor::default())
    }

    /// A context for `doc` that starts where another one over the same
    /// document left off.
    fn resume(doc: &'a Document<'a>, cursor: LineCursor) -> Self {
        Context {
            text: doc.text,
            lines: &doc.lines,
            cursor: Cell::new(cursor),
        }
    }

    /// Where this context left off, for the next one to resume.
    fn cursor(&self) -> LineCursor {
        self.cursor.get()
    }

    fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }

    fn line(&self, span: Span) -> usize {
        let mut cursor = self.cursor.get();
        let (back, from, to) = cursor.look_back;
        if (from..to).contains(&span.start) {
            return back;
        }
        let last = cursor.last_line;
        let line = self.lines.line_near(span.start, last);
        // A look back (a joint statement's headline) does not move it.
        if line > last {
            cursor.last_line = line;
        } else if line < last {
            let range = self.lines.range(line);
            cursor.look_back = (line, range.start, range.end);
        }
        self.cursor.set(cursor);
        line
    }

    /// `,"start":..,"end":..,"line":..` of `span`, as every unit, evidence
    /// term, paragraph and structure element has them.
    fn write_span(&self, w: &mut Json<'_>, span: Span) {
        w.raw(b",\"start\":");
        w.num(span.start);
        w.raw(b",\"end\":");
        w.num(span.end);
        w.raw(b",\"line\":");
        w.num(self.line(span));
    }

    /// One `evidence[]` entry, for a speaker tag or a topic tag.
    fn write_evidence(&self, w: &mut Json<'_>, tag: Tag, value: Id, e: &Evidence) {
        w.raw(match tag {
            Tag::Speaker => b"{\"tag\":\"speaker\",\"value\":",
            Tag::Topic => b"{\"tag\":\"topic\",\"value\":",
        });
        w.id(value);
        w.raw(rule_field(e.rule));
        w.opt_id(e.cue);
        // A missing term or verb (most evidence has no verb) is one run of
        // nulls.
        match e.term {
            Some(term) => {
                w.raw(b",\"term\":");
                w.str(self.slice(term));
                self.write_span(w, term);
            }
            None => w.raw(b",\"term\":null,\"start\":null,\"end\":null,\"line\":null"),
        }
        match e.verb {
            Some(verb) => {
                w.raw(b",\"verb\":");
                w.str(self.slice(verb));
                w.raw(b",\"verb_start\":");
                w.num(verb.start);
                w.raw(b",\"verb_end\":");
                w.num(verb.end);
            }
            None => w.raw(b",\"verb\":null,\"verb_start\":null,\"verb_end\":null"),
        }
        match e.continues {
            Some(unit) => {
                w.raw(b",\"continues\":");
                w.num(unit);
                w.raw(b"}");
            }
            None => w.raw(b",\"continues\":null}"),
        }
    }

    /// The fields of a `sentences[]` entry, without the braces, so a JSONL
    /// line can put its own fields first.
    fn write_unit_fields(&self, w: &mut Json<'_>, unit: &Unit) {
        w.raw(b"\"index\":");
        w.num(unit.index);
        w.raw(role_field(unit.role));
        self.write_span(w, unit.span);
        w.raw(b",\"text\":");
        w.str(self.slice(unit.span));
        w.raw(b",\"speaker\":");
        w.opt_id(unit.speaker.as_ref().map(|s| s.speaker.as_id()));
        w.raw(b",\"topics\":[");
        for (i, t) in unit.topics.iter().enumerate() {
            if i > 0 {
                w.raw(b",");
            }
            w.id(t.topic);
        }
        w.raw(b"],\"evidence\":[");
        let mut first = true;
        if let Some(s) = &unit.speaker {
            self.write_evidence(w, Tag::Speaker, s.speaker.as_id(), &s.evidence);
            first = false;
        }
        for t in unit.topics.iter().chain(&unit.negated) {
            if !first {
                w.raw(b",");
            }
            self.write_evidence(w, Tag::Topic, t.topic, &t.evidence);
            first = false;
        }
        w.raw(b"]");
    }
}

/// What an evidence entry is for.
#[derive(Clone, Copy)]
enum Tag {
    Speaker,
    Topic,
}

/// `,"rule":` and the rule's name in quotes ([`Rule::as_str`]), then the
/// next key, `,"cue":`, as one constant run: written per evidence entry,
/// so not put together there.
fn rule_field(rule: Rule) -> &'static [u8] {
    match rule {
        Rule::Explicit => b",\"rule\":\"explicit\",\"cue\":",
        Rule::Joint => b",\"rule\":\"joint\",\"cue\":",
        Rule::JointStatement => b",\"rule\":\"joint_statement\",\"cue\":",
        Rule::Coreference => b",\"rule\":\"coreference\",\"cue\":",
        Rule::Continuation => b",\"rule\":\"continuation\",\"cue\":",
        Rule::Label => b",\"rule\":\"label\",\"cue\":",
        Rule::Lexical => b",\"rule\":\"lexical\",\"cue\":",
        Rule::Inherited => b",\"rule\":\"inherited\",\"cue\":",
        Rule::Negated => b",\"rule\":\"negated\",\"cue\":",
    }
}

/// `,"role":` and the role's name in quotes ([`Role::as_str`]).
fn role_field(role: Role) -> &'static [u8] {
    match role {
        Role::Headline => b",\"role\":\"headline\"",
        Role::Sentence => b",\"role\":\"sentence\"",
        Role::Item => b",\"role\":\"item\"",
        Role::Subheading => b",\"role\":\"subheading\"",
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
    let mut json = AnalysisJson::new(out, source, doc)?;
    for p in &doc.paragraphs {
        json.paragraph(doc, p)?;
    }
    json.finish()
}

/// The JSON document of [`write_analysis`], fed a paragraph at a time, so
/// that a long text can be written while it is analysed (see
/// [`crate::analysis::analyze_paragraphs`]) instead of held whole. Its
/// structure and repairs come before its paragraphs, so they must be known
/// first: [`crate::segment::outline`] finds them.
pub struct AnalysisJson<'o> {
    w: Json<'o>,
    /// Where the last paragraph's line lookups left off.
    cursor: LineCursor,
    /// No paragraph written yet.
    first: bool,
}

impl<'o> AnalysisJson<'o> {
    /// Write to `out` everything before the paragraphs of the analysis of
    /// the text of `doc`, read from `source`: its headline, dateline,
    /// structure and repairs. `doc` may be an outline
    /// ([`crate::segment::outline`]): its paragraphs are not read.
    pub fn new(out: &'o mut dyn Write, source: &str, doc: &Document<'_>) -> io::Result<Self> {
        let cx = Context::new(doc);
        let mut w = Json::new(out, 4 * doc.text.len() + 1024);
        w.raw(b"{\"schema_version\":");
        w.num(SCHEMA_VERSION as usize);
        w.raw(b",\"kind\":\"analysis\",\"source\":");
        w.str(source);
        w.raw(b",\"headline\":");
        w.opt_str(doc.headline.map(|s| doc.slice(s)));
        w.raw(b",\"dateline\":");
        w.opt_str(doc.dateline.map(|s| doc.slice(s)));
        w.raw(b",\"structure\":[");
        w.members(&doc.structure, |w, s| {
            w.raw(b"{\"kind\":");
            w.name(s.kind.as_str());
            cx.write_span(w, s.span);
            w.raw(b",\"text\":");
            w.str(doc.slice(s.span));
            w.raw(b"}");
        })?;
        w.raw(b"],\"repairs\":[");
        w.members(&doc.repairs, |w, r| {
            w.raw(b"{\"paragraph\":");
            w.num(r.paragraph);
            w.raw(b",\"fragment_start\":");
            w.num(r.fragment.start);
            w.raw(b",\"fragment_end\":");
            w.num(r.fragment.end);
            w.raw(b",\"gap_start\":");
            w.num(r.gap.start);
            w.raw(b",\"gap_end\":");
            w.num(r.gap.end);
            w.raw(b",\"line\":");
            w.num(cx.line(r.fragment));
            w.raw(b"}");
        })?;
        w.raw(b"],\"paragraphs\":[");
        Ok(AnalysisJson {
            w,
            cursor: LineCursor::default(),
            first: true,
        })
    }

    /// Write `p`, the next paragraph of `doc` (which need hold only the
    /// text and its line index), with its sentences.
    pub fn paragraph(&mut self, doc: &Document<'_>, p: &Paragraph) -> io::Result<()> {
        let cx = Context::resume(doc, self.cursor);
        let w = &mut self.w;
        if !self.first {
            w.raw(b",");
        }
        self.first = false;
        w.raw(b"{\"index\":");
        w.num(p.index);
        cx.write_span(w, p.span);
        w.raw(b",\"label\":");
        w.opt_str(p.label.map(|s| doc.slice(s)));
        w.raw(b",\"sentences\":[");
        w.members(&p.units, |w, unit| {
            w.raw(b"{");
            cx.write_unit_fields(w, unit);
            w.raw(b"}");
        })?;
        w.raw(b"]}");
        self.cursor = cx.cursor();
        Ok(())
    }

    /// Close the document and write what is still buffered.
    pub fn finish(mut self) -> io::Result<()> {
        self.w.raw(b"]}\n");
        self.w.finish()
    }
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
    let mut lines = UnitLines::new(out, source, doc.text);
    for p in &doc.paragraphs {
        lines.paragraph(doc, p, &keep)?;
    }
    lines.finish()
}

/// The JSONL writer, fed a paragraph at a time, so a text can be written
/// while it is analysed (see [`crate::analysis::analyze_paragraphs`]).
pub struct UnitLines<'o> {
    w: Json<'o>,
    /// Where the last paragraph's line lookups left off.
    cursor: LineCursor,
    /// What every line starts with, up to the paragraph index: the schema
    /// version, the kind and the source, escaped once.
    start: Vec<u8>,
}

impl<'o> UnitLines<'o> {
    /// A writer to `out` for the units of `text`, read from `source`
    /// (`text` sizes the output buffer).
    pub fn new(out: &'o mut dyn Write, source: &str, text: &str) -> Self {
        let mut sink = io::sink();
        let mut start = Json::new(&mut sink, 0);
        start.raw(b"{\"schema_version\":");
        start.num(SCHEMA_VERSION as usize);
        start.raw(b",\"kind\":\"unit\",\"source\":");
        start.str(source);
        start.raw(b",\"paragraph\":");
        let start = start.buf;
        UnitLines {
            w: Json::new(out, 4 * text.len() + 1024),
            cursor: LineCursor::default(),
            start,
        }
    }

    /// Write the units of `p`, a paragraph of `doc` (which need hold only
    /// the text and its line index), that `keep` accepts, one line each.
    pub fn paragraph(
        &mut self,
        doc: &Document<'_>,
        p: &Paragraph,
        keep: impl Fn(&Unit) -> bool,
    ) -> io::Result<()> {
        let cx = Context::resume(doc, self.cursor);
        let w = &mut self.w;
        for (position, unit) in p.units.iter().enumerate().filter(|(_, u)| keep(u)) {
            w.raw(&self.start);
            w.num(p.index);
            w.raw(b",\"sentence\":");
            w.num(position);
            w.raw(b",");
            cx.write_unit_fields(w, unit);
            w.raw(b"}\n");
            w.spill()?;
        }
        self.cursor = cx.cursor();
        Ok(())
    }

    /// Write what is still buffered.
    pub fn finish(self) -> io::Result<()> {
        self.w.finish()
    }
}

#[cfg(test)]
mod tests;
