//! The analysis model: a [`Document`] borrows the input text and holds its
//! paragraphs, their units (headline, sentences, list items, subheadings) and
//! the structure elements that are not sentences (dateline, slugs, list
//! markers, transcript speaker labels, separators), each as a byte [`Span`]
//! into the original input.
//!
//! Invariants (checked by `tests/invariants.rs` over every fixture): units and
//! structure elements are ordered, disjoint, lie on char boundaries, and
//! together cover every non-whitespace byte of the input exactly once.
//!
//! This module holds data only: no parsing, no I/O, no formatting.

use std::ops::Range;

/// A half-open byte range `start..end` into the original input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First byte of the span.
    pub start: usize,
    /// One past the last byte of the span.
    pub end: usize,
}

impl Span {
    /// A span over `start..end`; `start <= end` is an invariant.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// The text this span covers in `text`.
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// This span moved right by `offset` bytes (for spans found in a slice).
    pub fn shift(self, offset: usize) -> Span {
        Span::new(self.start + offset, self.end + offset)
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// What a unit is in the structure of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The headline: the short first line of the text.
    Headline,
    /// A sentence of running text.
    Sentence,
    /// A sentence of a numbered or bulleted list item (its marker is structure).
    Item,
    /// A run-in subheading on a line of its own.
    Subheading,
}

impl Role {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Headline => "headline",
            Role::Sentence => "sentence",
            Role::Item => "item",
            Role::Subheading => "subheading",
        }
    }
}

/// The kind of a structure element: text that belongs to no sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StructureKind {
    /// `SEOUL, Jan. 4 (Yonhap) --`.
    Dateline,
    /// Wire slug, byline or crawl residue before the dateline.
    Slug,
    /// A list marker such as `1.`, `(a)` or `•`.
    Marker,
    /// A transcript speaker label such as `PRESIDENT XI:`.
    Label,
    /// A line of symbols only: `###`, `***`, `—`.
    Separator,
}

impl StructureKind {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            StructureKind::Dateline => "dateline",
            StructureKind::Slug => "slug",
            StructureKind::Marker => "marker",
            StructureKind::Label => "label",
            StructureKind::Separator => "separator",
        }
    }
}

/// Text that is part of the structure, not of any sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Structure {
    /// What this element is.
    pub kind: StructureKind,
    /// Where it is.
    pub span: Span,
}

/// How a speaker or topic tag was decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rule {
    /// A party (or alias) is the subject of a reporting or position verb.
    Explicit,
    /// The parties speak together ("the two sides", "A and B agreed").
    Joint,
    /// The body of a joint statement speaks for all its parties.
    JointStatement,
    /// A title or pronoun subject ("The Deputy Secretary stressed", "He
    /// noted") resolved to the party of an earlier mention.
    Coreference,
    /// Continues the reported speech of the previous sentence.
    Continuation,
    /// The transcript speaker label in front of the sentence.
    Label,
    /// A topic term occurs in the sentence.
    Lexical,
    /// Carries on the topic of the previous sentence without naming it.
    Inherited,
    /// A topic term under negation: recorded, not tagged.
    Negated,
}

impl Rule {
    /// The lowercase name used in output and in `--rule` filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Explicit => "explicit",
            Rule::Joint => "joint",
            Rule::JointStatement => "joint_statement",
            Rule::Coreference => "coreference",
            Rule::Continuation => "continuation",
            Rule::Label => "label",
            Rule::Lexical => "lexical",
            Rule::Inherited => "inherited",
            Rule::Negated => "negated",
        }
    }
}

pub use crate::id::Id;

/// `joint`, the id of [`Speaker::Joint`] and of joint cues.
pub fn joint_id() -> Id {
    static JOINT: std::sync::LazyLock<Id> = std::sync::LazyLock::new(|| Id::new("joint"));
    *JOINT
}

/// Who asserts a sentence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Speaker {
    /// One party, by its lexicon id.
    Party(Id),
    /// The parties together.
    Joint,
}

impl Speaker {
    /// The id used in output: a party id or `joint`.
    pub fn id(&self) -> &'static str {
        self.as_id().as_str()
    }

    /// [`Speaker::id`] as an [`Id`].
    pub fn as_id(&self) -> Id {
        match self {
            Speaker::Party(id) => *id,
            Speaker::Joint => joint_id(),
        }
    }
}

/// The proof for one tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    /// Which rule decided the tag.
    pub rule: Rule,
    /// The lexicon entry that matched (party, joint cue or topic id), if any.
    pub cue: Option<Id>,
    /// Where the matched term is in the input, if a term matched.
    pub term: Option<Span>,
    /// The reporting verb of an explicit or joint attribution, if any.
    pub verb: Option<Span>,
    /// For continuation and inheritance: the index of the unit continued.
    pub continues: Option<usize>,
}

/// A speaker tag with its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerTag {
    /// The speaker.
    pub speaker: Speaker,
    /// Why.
    pub evidence: Evidence,
}

/// A topic tag with its evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicTag {
    /// The topic id from the lexicon.
    pub topic: Id,
    /// Why (the first term that matched, or the unit it was inherited from).
    pub evidence: Evidence,
}

/// One unit of analysis: the headline, a sentence, a list item sentence or a
/// subheading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Document-wide index, in input order.
    pub index: usize,
    /// What kind of unit it is.
    pub role: Role,
    /// Where it is; `text[span]` is the unit's exact text.
    pub span: Span,
    /// Who speaks, or `None` for narration.
    pub speaker: Option<SpeakerTag>,
    /// Topics, sorted by id, one tag each.
    pub topics: Vec<TopicTag>,
    /// Topics named only under negation ("did not discuss Taiwan"), sorted
    /// by id: recorded, not tagged.
    pub negated: Vec<TopicTag>,
}

/// A paragraph: consecutive units between blank lines, after repair.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paragraph {
    /// Index in the document.
    pub index: usize,
    /// From the first to the last byte of the paragraph's text.
    pub span: Span,
    /// The units, in order.
    pub units: Vec<Unit>,
    /// The transcript speaker label in front of the paragraph, if any.
    pub label: Option<Span>,
}

/// A paragraph broken by a stray blank line and joined back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// The fragment that lacked closing punctuation.
    pub fragment: Span,
    /// The blank gap that was bridged.
    pub gap: Span,
    /// The index of the repaired paragraph.
    pub paragraph: usize,
}

/// A segmented (and, once tagged, analysed) text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document<'a> {
    /// The whole original input.
    pub text: &'a str,
    /// The headline unit's index, if the text has one (it is unit 0).
    pub headline: Option<Span>,
    /// The dateline, if the text has one.
    pub dateline: Option<Span>,
    /// The paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Every structure element, in order.
    pub structure: Vec<Structure>,
    /// The paragraph repairs made.
    pub repairs: Vec<Repair>,
    /// Where the text's lines start, for the line of a span.
    pub lines: LineIndex,
}

impl<'a> Document<'a> {
    /// Every unit, in order.
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.paragraphs.iter().flat_map(|p| p.units.iter())
    }

    /// The text of a span of this document.
    pub fn slice(&self, span: Span) -> &'a str {
        span.slice(self.text)
    }
}

/// Line starts of a text, for turning byte offsets into 1-based lines and
/// columns without rescanning the text for every unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`. `\n`, `\r\n` and a lone `\r` each end
    /// a line, as in the segmenter.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // memchr's vectorised search: line breaks are rare among the bytes.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex { starts }
    }

    /// Each line of `text` (the text this index was built from), without
    /// its line break: the lines that end at `\n`, `\r\n` or a lone `\r`,
    /// then the text after the last line break unless it is empty.
    pub fn spans<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Span> + 't {
        (0..self.starts.len()).filter_map(move |line| self.span(text, line))
    }

    /// Line `line` (0-based) of `text` as [`LineIndex::spans`] gives it,
    /// if the text has that line.
    pub fn span(&self, text: &str, line: usize) -> Option<Span> {
        let bytes = text.as_bytes();
        let start = *self.starts.get(line)?;
        match self.starts.get(line + 1) {
            Some(&next) => {
                let crlf = next >= 2 && bytes[next - 2] == b'\r' && bytes[next - 1] == b'\n';
                Some(Span::new(start, next - 1 - usize::from(crlf)))
            }
            None => (start < bytes.len()).then(|| Span::new(start, bytes.len())),
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// [`LineIndex::line`], for an offset on or a little after line `near`
    /// (the last answer, when offsets are asked in order): a few steps
    /// forward instead of a binary search over every line of the text, and
    /// a search that spans the distance, not the text, when the offset is
    /// further on or before.
    pub fn line_near(&self, offset: usize, near: usize) -> usize {
        const STEPS: usize = 8;
        if near == 0 || near > self.starts.len() {
            return self.line(offset);
        }
        if self.starts[near - 1] > offset {
            // Before line `near`: gallop back from it (a look back is
            // mostly to a line a little way up, a transcript's label).
            let mut above = near - 1; // `starts[above] > offset`
            let mut step = 1;
            loop {
                let below = above.saturating_sub(step);
                // `starts[0]` is 0, so this ends.
                if self.starts[below] <= offset {
                    return below
                        + 1
                        + self.starts[below + 1..above].partition_point(|&s| s <= offset);
                }
                above = below;
                step *= 2;
            }
        }
        // `starts[near - 1] <= offset`: the answer is `near` or later.
        let mut line = near;
        for _ in 0..STEPS {
            match self.starts.get(line) {
                Some(&next) if next <= offset => line += 1,
                _ => return line,
            }
        }
        // Further on: gallop, so that the search spans the distance, not
        // the rest of the text.
        let mut step = STEPS;
        while self.starts.get(line + step).is_some_and(|&s| s <= offset) {
            line += step;
            step *= 2;
        }
        let end = (line + step).min(self.starts.len());
        line + self.starts[line..end].partition_point(|&s| s <= offset)
    }

    /// The byte range of 1-based line `line`, its line break included (the
    /// last line's range runs to `usize::MAX`): the offsets
    /// [`LineIndex::line`] answers `line` for.
    ///
    /// # Panics
    ///
    /// For line 0 or a line past the last, which [`LineIndex::line`] never
    /// answers.
    pub fn range(&self, line: usize) -> std::ops::Range<usize> {
        self.starts[line - 1]..self.starts.get(line).copied().unwrap_or(usize::MAX)
    }

    /// The 1-based column, in chars, of byte `offset` of `text` (the text
    /// this index was built from).
    pub fn column(&self, text: &str, offset: usize) -> usize {
        let start = self.starts[self.line(offset) - 1];
        text[start..offset].chars().count() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd";
        let index = LineIndex::new(text);
        let lines: Vec<usize> = [0, 2, 5, 7].iter().map(|&o| index.line(o)).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
        assert_eq!(index.column(text, 7), 1);
        let curly = "x\n\u{201c}ab";
        assert_eq!(LineIndex::new(curly).column(curly, 6), 3);
    }

    #[test]
    fn line_spans_leave_out_the_line_breaks() {
        fn spans(text: &str) -> Vec<&str> {
            let index = LineIndex::new(text);
            index.spans(text).map(|s| s.slice(text)).collect()
        }
        assert_eq!(spans("a\nb\r\nc\rd"), ["a", "b", "c", "d"]);
        assert_eq!(spans("a\n\n\r\n\rb\n"), ["a", "", "", "", "b"]);
        assert_eq!(spans("\r\n"), [""]);
        assert_eq!(spans(""), [] as [&str; 0]);
        assert_eq!(spans("x\r"), ["x"]);
    }

    #[test]
    fn a_line_range_holds_the_offsets_of_that_line() {
        let text = "a\n\nb\r\nlast";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() + 2 {
            let line = index.line(offset);
            assert!(index.range(line).contains(&offset), "{offset}");
        }
        assert_eq!(index.range(3), 3..6);
    }

    #[test]
    fn a_line_found_near_another_is_the_line() {
        let text = "a\n\nb\r\n".repeat(20) + "end";
        let index = LineIndex::new(&text);
        let last = index.line(text.len());
        for offset in 0..=text.len() {
            for near in 0..=last + 1 {
                assert_eq!(
                    index.line_near(offset, near),
                    index.line(offset),
                    "{offset} near {near}"
                );
            }
        }
    }
}
