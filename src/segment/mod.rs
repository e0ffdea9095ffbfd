//! Structure recovery: headline, dateline, paragraphs (with repairs), list
//! items, run-in subheadings, transcript speaker labels, and the sentences
//! inside them (see `sentence.rs`).
//!
//! Owns the rules of `ANNOTATION.md` § Units. Input is the original text;
//! output is a [`Document`] whose spans point into it. No I/O, no tagging:
//! speakers and topics are left empty for `attribute` and `topics`.

mod dateline;
mod line_start;
mod sentence;

use std::convert::Infallible;

use crate::document::{
    Document, LineIndex, Paragraph, Repair, Role, Span, Structure, StructureKind, Unit,
};
use sentence::trim;
pub(crate) use sentence::{is_ascii_space, is_space};

/// A headline longer than this is treated as body text.
const HEADLINE_MAX_BYTES: usize = 300;
/// A subheading has at most this many words.
const SUBHEADING_MAX_WORDS: usize = 14;
/// A dateline is looked for only this far into the first body paragraph.
const DATELINE_WINDOW: usize = 400;

/// Whether `s` starts with a list marker.
fn is_marker(s: &str) -> bool {
    line_start::marker(s).is_some()
}

/// Split `text` into its structure and sentences.
// Called once a document: kept out of line so that profiles show its cost.
#[inline(never)]
pub fn split(text: &str) -> Document<'_> {
    whole(text, true)
}

/// What [`split`] finds of `text` except its paragraphs: the headline,
/// dateline, structure, repairs and line index, which a JSON document
/// writes before the paragraphs. A pass of segmentation alone, whose
/// paragraphs are counted but not split into sentences (nothing of the
/// outline depends on them), and dropped block by block, so that memory
/// does not hold them all.
pub fn outline(text: &str) -> Document<'_> {
    whole(text, false)
}

/// The document of all of `text`, its structure in order; with its
/// paragraphs, or without them ([`outline`]).
fn whole(text: &str, paragraphs: bool) -> Document<'_> {
    let mut builder = Builder::new(text);
    builder.sentences = paragraphs;
    let done: Result<(), Infallible> = builder.run(|doc| {
        if !paragraphs {
            doc.paragraphs.clear();
        }
        Ok(())
    });
    let Ok(()) = done;
    builder.doc.structure.sort_by_key(|s| s.span);
    builder.doc
}

/// The paragraphs of `text` as [`split`] finds them, handed to `visit` in
/// order as each block of lines yields them, with the document so far
/// (its headline, known before the first paragraph, and its line index;
/// its `paragraphs` are empty, as they are handed over one by one). Each
/// is dropped after its visit, so that memory holds one block's
/// paragraphs, not the whole text's. Stops at `visit`'s first error.
pub fn split_paragraphs<E>(
    text: &str,
    mut visit: impl FnMut(&Document<'_>, &mut Paragraph) -> Result<(), E>,
) -> Result<(), E> {
    let mut builder = Builder::new(text);
    builder.run(|doc| {
        let mut paragraphs = std::mem::take(&mut doc.paragraphs);
        for paragraph in &mut paragraphs {
            visit(doc, paragraph)?;
        }
        // Cleared, not dropped: the next block's paragraphs reuse the room.
        paragraphs.clear();
        doc.paragraphs = paragraphs;
        Ok(())
    })
}

/// Consecutive non-blank lines, each line trimmed.
#[derive(Debug, Default)]
struct Block {
    /// The block's lines.
    lines: Vec<Span>,
    /// Set when this block was joined from fragments: (fragment, gap).
    repaired: Vec<(Span, Span)>,
}

/// The span from the first of `lines` to the end of the last.
fn lines_span(lines: &[Span]) -> Span {
    let first = lines.first().map_or(0, |l| l.start);
    let last = lines.last().map_or(first, |l| l.end);
    Span::new(first, last)
}

/// The blocks of a text, read one at a time from its line index, so that
/// memory holds the lines of the block being built (which joined fragments
/// can make long) and of the one after it, rather than every line of the
/// text (a vector of 16 MB for 100 MB of readouts, filled by a pass of its
/// own).
#[derive(Default)]
struct Blocks {
    /// The next line to read (0-based).
    next_line: usize,
}

impl Blocks {
    /// The next block of `text`, whose lines are `index`, into `block`
    /// (emptied first); false when there is none.
    fn next_into(&mut self, text: &str, index: &LineIndex, block: &mut Block) -> bool {
        block.lines.clear();
        block.repaired.clear();
        while let Some(line) = index.span(text, self.next_line) {
            self.next_line += 1;
            let line = trim(text, line);
            if !line.is_empty() {
                block.lines.push(line);
            } else if !block.lines.is_empty() {
                return true;
            }
        }
        !block.lines.is_empty()
    }
}

/// The last char of `s` that is not a closing quote or bracket.
fn last_significant(s: &str) -> Option<char> {
    s.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .chars()
        .last()
}

fn ends_closed(s: &str) -> bool {
    closes(last_significant(s))
}

/// Whether a text whose last significant char is `last` ends closed.
fn closes(last: Option<char>) -> bool {
    matches!(
        last,
        Some('.' | '!' | '?' | '…' | '。' | '！' | '？' | ':' | ';')
    )
}

fn is_headline(text: &str, lines: &[Span]) -> bool {
    let [line] = lines[..] else {
        return false;
    };
    let s = line.slice(text);
    s.len() <= HEADLINE_MAX_BYTES && !ends_closed(s) && s.chars().any(char::is_alphanumeric)
}

/// Whether `next` continues `prev`, a fragment without closing
/// punctuation, so that the two are one paragraph: it starts in lower case
/// ("The talks" / "were co-chaired by ..."). `prev` may itself have been
/// joined from fragments.
fn joins(text: &str, prev: &Block, next: &Block) -> bool {
    let first = next.lines[0];
    let starts_lower = first
        .slice(text)
        .chars()
        .next()
        .is_some_and(char::is_lowercase);
    if !starts_lower {
        return false;
    }
    let prev_text = lines_span(&prev.lines).slice(text);
    !ends_closed(prev_text) && prev_text.chars().any(char::is_alphabetic)
}

/// Append `next` to `prev` (see [`joins`]), recording the repair: the
/// fragment (`prev`'s last line) and the gap after it.
fn join(prev: &mut Block, next: &Block) {
    let fragment = *prev.lines.last().expect("a block has lines");
    let gap = Span::new(fragment.end, next.lines[0].start);
    prev.repaired.push((fragment, gap));
    prev.lines.extend_from_slice(&next.lines);
}

struct Builder<'a> {
    text: &'a str,
    doc: Document<'a>,
    next_paragraph: usize,
    next_unit: usize,
    /// Scratch: the current block's regions of running text and list items,
    /// and whether each spans more than one line.
    regions: Vec<(Role, Span, bool)>,
    /// Scratch: the current paragraph's units.
    units: Vec<(Role, Span)>,
    /// Scratch: the sentences of one region.
    spans: Vec<Span>,
    /// Where sentences may end, found as the regions come in order.
    stops: sentence::Stops<'a>,
    /// False for an outline: each region is one unit, unsplit. A region
    /// with text always yields a sentence, so paragraphs are numbered
    /// as when they are split.
    sentences: bool,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        Builder {
            text,
            doc: Document {
                text,
                headline: None,
                dateline: None,
                paragraphs: Vec::new(),
                structure: Vec::new(),
                repairs: Vec::new(),
                lines: LineIndex::new(text),
            },
            next_paragraph: 0,
            next_unit: 0,
            regions: Vec::new(),
            units: Vec::new(),
            spans: Vec::new(),
            stops: sentence::Stops::new(text),
            sentences: true,
        }
    }

    /// Find the text's structure and paragraphs, calling `found` after the
    /// headline and after each block with the document so far.
    fn run<E>(
        &mut self,
        mut found: impl FnMut(&mut Document<'a>) -> Result<(), E>,
    ) -> Result<(), E> {
        let text = self.text;
        let mut blocks = Blocks::default();
        // The block being built (a fragment may yet be joined to it) and
        // the one read after it.
        let mut current = Block::default();
        let mut next = Block::default();
        if !blocks.next_into(text, &self.doc.lines, &mut current) {
            return Ok(());
        }
        let mut has_next = blocks.next_into(text, &self.doc.lines, &mut next);
        if has_next && is_headline(text, &current.lines) {
            let line = current.lines[0];
            self.doc.headline = Some(line);
            self.push_paragraph(&[(Role::Headline, line)], None);
            found(&mut self.doc)?;
            std::mem::swap(&mut current, &mut next);
            has_next = blocks.next_into(text, &self.doc.lines, &mut next);
        }
        let mut first_body = true;
        loop {
            while has_next && joins(text, &current, &next) {
                join(&mut current, &next);
                has_next = blocks.next_into(text, &self.doc.lines, &mut next);
            }
            if first_body {
                first_body = false;
                self.dateline(&mut current);
            }
            self.block(&current.lines, &current.repaired);
            found(&mut self.doc)?;
            if !has_next {
                return Ok(());
            }
            std::mem::swap(&mut current, &mut next);
            has_next = blocks.next_into(text, &self.doc.lines, &mut next);
        }
    }

    fn structure(&mut self, kind: StructureKind, span: Span) {
        let span = trim(self.text, span);
        if !span.is_empty() {
            self.doc.structure.push(Structure { kind, span });
        }
    }

    fn push_paragraph(&mut self, units: &[(Role, Span)], label: Option<Span>) -> Option<usize> {
        if units.is_empty() {
            return None;
        }
        let index = self.next_paragraph;
        self.next_paragraph += 1;
        let units: Vec<Unit> = units
            .iter()
            .map(|&(role, span)| {
                let unit = Unit {
                    index: self.next_unit,
                    role,
                    span,
                    speaker: None,
                    topics: Vec::new(),
                    negated: Vec::new(),
                };
                self.next_unit += 1;
                unit
            })
            .collect();
        let span = Span::new(
            units.first().map_or(0, |u| u.span.start),
            units.last().map_or(0, |u| u.span.end),
        );
        self.doc.paragraphs.push(Paragraph {
            index,
            span,
            units,
            label,
        });
        Some(index)
    }

    /// Take a dateline (and any slug before it) off the first body block.
    fn dateline(&mut self, block: &mut Block) {
        let first = block.lines[0];
        let window_end = (first.start + DATELINE_WINDOW).min(first.end);
        let window_end = (window_end..=first.end)
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(first.end);
        let window = &self.text[first.start..window_end];
        // Every dateline ends in a dash: without one, no search.
        if !(window.contains("--") || window.contains(['—', '–'])) {
            return;
        }
        let Some(m) = dateline::find(window) else {
            return;
        };
        let dateline = Span::new(first.start + m.start, first.start + m.end);
        self.structure(StructureKind::Slug, Span::new(first.start, dateline.start));
        self.structure(StructureKind::Dateline, dateline);
        self.doc.dateline = Some(dateline);
        let rest = trim(self.text, Span::new(dateline.end, first.end));
        if rest.is_empty() {
            block.lines.remove(0);
        } else {
            block.lines[0] = rest;
        }
    }

    fn block(&mut self, lines: &[Span], repaired: &[(Span, Span)]) {
        let Some(&first) = lines.first() else {
            return;
        };
        let text = self.text;
        if !lines_span(lines)
            .slice(text)
            .chars()
            .any(char::is_alphanumeric)
        {
            for &line in lines {
                self.structure(StructureKind::Separator, line);
            }
            return;
        }
        if lines.len() == 1 && is_subheading(first.slice(text)) {
            self.push_paragraph(&[(Role::Subheading, first)], None);
            return;
        }
        let mut head = first;
        let mut label = None;
        if let Some(label_end) = line_start::label_end(first.slice(text)) {
            let name = &first.slice(text)[..label_end];
            let letters = name.chars().filter(char::is_ascii_uppercase).count();
            if letters >= 2 || name.starts_with("Q:") {
                let span = trim(text, Span::new(first.start, first.start + label_end));
                self.structure(StructureKind::Label, span);
                label = Some(span);
                head = trim(text, Span::new(span.end, first.end));
            }
        }
        let mut regions = std::mem::take(&mut self.regions);
        regions.clear();
        let rest = lines[1..].iter().copied();
        for line in std::iter::once(head).chain(rest).filter(|l| !l.is_empty()) {
            if !line.slice(text).chars().any(char::is_alphanumeric) {
                self.structure(StructureKind::Separator, line);
                regions.push((Role::Sentence, Span::new(line.end, line.end), false));
                continue;
            }
            if self.list_items(line, &mut regions) {
                continue;
            }
            match regions.last_mut() {
                Some((_, region, lines)) if !region.is_empty() => {
                    region.end = line.end;
                    *lines = true;
                }
                _ => regions.push((Role::Sentence, line, false)),
            }
        }
        let mut units = std::mem::take(&mut self.units);
        units.clear();
        for &(role, region, lines) in regions.iter().filter(|(_, r, _)| !r.is_empty()) {
            if !self.sentences {
                units.push((role, region));
                continue;
            }
            self.spans.clear();
            sentence::split_into(text, region, lines, &mut self.stops, &mut self.spans);
            units.extend(self.spans.iter().map(|&s| (role, s)));
        }
        if let Some(index) = self.push_paragraph(&units, label) {
            for &(fragment, gap) in repaired {
                self.doc.repairs.push(Repair {
                    fragment,
                    gap,
                    paragraph: index,
                });
            }
        }
        self.regions = regions;
        self.units = units;
    }

    /// If `line` starts with a list marker, record the markers (the first and
    /// any inline successors: `1) a 2) b`), push the items' regions to
    /// `regions` and return true.
    fn list_items(&mut self, line: Span, regions: &mut Vec<(Role, Span, bool)>) -> bool {
        let text = self.text;
        let s = line.slice(text);
        let Some(found) = line_start::marker(s) else {
            return false;
        };
        let bullet = found.bullet.map(|r| &s[r]);
        if bullet.is_none() && found.enumeration.is_none() {
            return false;
        }
        let marker_end = found.end;
        let mut markers = vec![Span::new(0, marker_end)];
        // Inline successors: the same style with the next value.
        let mut value = found
            .enumeration
            .as_ref()
            .map(|e| s[e.value.clone()].to_owned());
        let open = match &found.enumeration {
            Some(e) if e.open => "(",
            _ => "",
        };
        let close = match found.enumeration.as_ref().and_then(|e| e.close.clone()) {
            Some(close) => &s[close],
            None if open.is_empty() => "",
            None => ")",
        };
        let sep = &s[found.sep];
        let mut from = marker_end;
        loop {
            let next_value = match &value {
                Some(v) => match successor(v) {
                    Some(n) => Some(n),
                    None => break,
                },
                None => None,
            };
            let needle = match (&next_value, bullet) {
                (Some(v), Some(b)) => format!(" {b}{sep}{open}{v}{close} "),
                (Some(v), None) => format!(" {open}{v}{close} "),
                (None, Some(b)) => format!(" {b} "),
                (None, None) => break,
            };
            let Some(at) = memchr::memmem::find(&s.as_bytes()[from..], needle.as_bytes()) else {
                break;
            };
            let start = from + at + 1;
            let end = start + needle.len() - 1;
            markers.push(Span::new(start, end));
            from = end;
            value = next_value;
        }
        for (k, marker) in markers.iter().enumerate() {
            let marker = marker.shift(line.start);
            self.structure(StructureKind::Marker, marker);
            let item_end = markers
                .get(k + 1)
                .map_or(line.end, |next| next.start + line.start);
            regions.push((
                Role::Item,
                trim(text, Span::new(marker.end, item_end)),
                false,
            ));
        }
        true
    }
}

/// The next list value: `1` → `2`, `a` → `b`. Roman numerals are not
/// followed inline.
fn successor(value: &str) -> Option<String> {
    if let Ok(n) = value.parse::<u32>() {
        return Some((n + 1).to_string());
    }
    let mut chars = value.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() && c != 'z' && c != 'Z' => {
            Some(char::from(c as u8 + 1).to_string())
        }
        _ => None,
    }
}

fn is_subheading(s: &str) -> bool {
    // Cheapest tests first: most single-line blocks are sentences that end
    // closed, and they are rejected without a look at their middle.
    let starts_upper = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    let last = last_significant(s);
    starts_upper
        && !closes(last)
        && last != Some(',')
        && at_most_words(s, SUBHEADING_MAX_WORDS)
        && !is_marker(s)
}

/// Whether `s` has at most `max` words between runs of [`is_space`]; stops
/// counting at the first word too many.
fn at_most_words(s: &str, max: usize) -> bool {
    let bytes = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        // Only chars beyond ASCII are decoded.
        let (space, len) = match bytes[i] {
            b if b.is_ascii() => (is_ascii_space(b), 1),
            _ => s[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (is_space(c), c.len_utf8())),
        };
        if !space && !in_word {
            words += 1;
            if words > max {
                return false;
            }
        }
        in_word = !space;
        i += len;
    }
    true
}

#[cfg(test)]
pub(crate) mod tests;
