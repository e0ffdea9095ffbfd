//! Structure recovery: headline, dateline, paragraphs (with repairs), list
//! items, run-in subheadings, transcript speaker labels, and the sentences
//! inside them (see `sentence.rs`).
//!
//! Owns the rules of `ANNOTATION.md` § Units. Input is the original text;
//! output is a [`Document`] whose spans point into it. No I/O, no tagging:
//! speakers and topics are left empty for `attribute` and `topics`.

mod sentence;

use std::sync::LazyLock;

use regex::Regex;

use crate::document::{Document, Paragraph, Repair, Role, Span, Structure, StructureKind, Unit};
pub(crate) use sentence::is_space;

/// A headline longer than this is treated as body text.
const HEADLINE_MAX_BYTES: usize = 300;
/// A subheading has at most this many words.
const SUBHEADING_MAX_WORDS: usize = 14;
/// A dateline is looked for only this far into the first body paragraph.
const DATELINE_WINDOW: usize = 400;

/// `SEOUL, Jan. 4 (Yonhap) --`, `BEIJING, Dec. 3 (Xinhua) --`, `BEIJING —`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [A-Z][A-Z'’.\-]+(?:\ [A-Z][A-Z'’.\-]+){0,2}        # city
        (?:,\ +[A-Z][a-z]{2,4}\.?\ +\d{1,2}(?:,\ +\d{4})?)?   # date
        (?:\ *\([A-Z][A-Za-z .]+\))?                        # agency
        \ *(?:--|—|–)",
    )
    .expect("dateline pattern is valid")
});

/// `PRESIDENT XI:`, `THE PRESIDENT:`, `Q:`, with `(As interpreted.)`.
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[A-Z][A-Z'’.\-]*\s+){0,4}[A-Z][A-Z'’.\-]*:(?:\s*\((?i:as interpreted)\.?\))?(?:\s|$)",
    )
    .expect("label pattern is valid")
});

/// List markers at the start of a line: `1.`, `1.)`, `2)`, `(a)`, `a.`,
/// `(iv)`, `•`, `• 9.`, `⁃10.`, `-`.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^
        (?:(?P<bullet>[•●▪◦‣⁃■►]|[-*]\s)(?P<sep>\s*))?
        (?P<enum>
            (?P<open>\()(?P<pval>\d{1,3}|[a-zA-Z]|[ivx]{2,5})\)
          | (?P<val>\d{1,3}|[a-z]|[ivx]{2,5})(?P<close>\.\)|\.|\))
        )?
        \s",
    )
    .expect("marker pattern is valid")
});

/// Split `text` into its structure and sentences.
pub fn split(text: &str) -> Document<'_> {
    let blocks = blocks(text);
    let mut builder = Builder {
        text,
        doc: Document {
            text,
            headline: None,
            dateline: None,
            paragraphs: Vec::new(),
            structure: Vec::new(),
            repairs: Vec::new(),
        },
        next_unit: 0,
    };
    let mut body = &blocks[..];
    if let [first, rest @ ..] = &blocks[..]
        && !rest.is_empty()
        && is_headline(text, first)
    {
        builder.doc.headline = Some(first.lines[0]);
        builder.push_paragraph(vec![(Role::Headline, first.lines[0])], None);
        body = rest;
    }
    let mut first_body = true;
    for mut block in repair(text, body) {
        if first_body {
            first_body = false;
            builder.dateline(&mut block);
        }
        builder.block(&block);
    }
    builder.doc.structure.sort_by_key(|s| s.span);
    builder.doc
}

/// Consecutive non-blank lines, each line trimmed.
#[derive(Clone, Debug)]
struct Block {
    lines: Vec<Span>,
    /// Set when this block was joined from fragments: (fragment, gap).
    repaired: Vec<(Span, Span)>,
}

impl Block {
    fn span(&self) -> Span {
        let first = self.lines.first().map_or(0, |l| l.start);
        let last = self.lines.last().map_or(first, |l| l.end);
        Span::new(first, last)
    }
}

/// Lines end at `\n`, `\r\n` or a lone `\r`.
fn lines(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\n' || b == b'\r' {
                let line = Span::new(start, i);
                i += if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                start = i;
                return Some(line);
            }
            i += 1;
        }
        if start < bytes.len() {
            let line = Span::new(start, bytes.len());
            start = bytes.len();
            return Some(line);
        }
        None
    })
}

fn trim(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let lead = s.len() - s.trim_start_matches(is_space).len();
    let body = s.trim_matches(is_space);
    Span::new(span.start + lead, span.start + lead + body.len())
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    for line in lines(text) {
        let line = trim(text, line);
        if line.is_empty() {
            if !current.is_empty() {
                out.push(Block {
                    lines: std::mem::take(&mut current),
                    repaired: Vec::new(),
                });
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(Block {
            lines: current,
            repaired: Vec::new(),
        });
    }
    out
}

/// The last char of `s` that is not a closing quote or bracket.
fn last_significant(s: &str) -> Option<char> {
    s.trim_end_matches(['"', '\'', '”', '’', ')', ']', '»'])
        .chars()
        .last()
}

fn ends_closed(s: &str) -> bool {
    matches!(
        last_significant(s),
        Some('.' | '!' | '?' | '…' | '。' | '！' | '？' | ':' | ';')
    )
}

fn is_headline(text: &str, block: &Block) -> bool {
    let [line] = block.lines[..] else {
        return false;
    };
    let s = line.slice(text);
    s.len() <= HEADLINE_MAX_BYTES && !ends_closed(s) && s.chars().any(char::is_alphanumeric)
}

/// Join a fragment without closing punctuation to the next block when that
/// block starts in lower case ("The talks" / "were co-chaired by ...").
fn repair(text: &str, blocks: &[Block]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for block in blocks {
        let starts_lower = block.lines[0]
            .slice(text)
            .chars()
            .next()
            .is_some_and(char::is_lowercase);
        if let Some(prev) = out.last_mut() {
            let prev_text = prev.span().slice(text);
            if starts_lower && !ends_closed(prev_text) && prev_text.chars().any(char::is_alphabetic)
            {
                let fragment = *prev.lines.last().expect("blocks are never empty");
                let gap = Span::new(fragment.end, block.lines[0].start);
                prev.repaired.push((fragment, gap));
                prev.lines.extend_from_slice(&block.lines);
                continue;
            }
        }
        out.push(block.clone());
    }
    out
}

struct Builder<'a> {
    text: &'a str,
    doc: Document<'a>,
    next_unit: usize,
}

impl<'a> Builder<'a> {
    fn structure(&mut self, kind: StructureKind, span: Span) {
        let span = trim(self.text, span);
        if !span.is_empty() {
            self.doc.structure.push(Structure { kind, span });
        }
    }

    fn push_paragraph(&mut self, units: Vec<(Role, Span)>, label: Option<Span>) -> Option<usize> {
        if units.is_empty() {
            return None;
        }
        let index = self.doc.paragraphs.len();
        let units: Vec<Unit> = units
            .into_iter()
            .map(|(role, span)| {
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
        let Some(m) = DATELINE.find(&self.text[first.start..window_end]) else {
            return;
        };
        let dateline = Span::new(first.start + m.start(), first.start + m.end());
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

    fn block(&mut self, block: &Block) {
        let Some(&first) = block.lines.first() else {
            return;
        };
        let text = self.text;
        if !block.span().slice(text).chars().any(char::is_alphanumeric) {
            for &line in &block.lines {
                self.structure(StructureKind::Separator, line);
            }
            return;
        }
        if block.lines.len() == 1 && is_subheading(first.slice(text)) {
            self.push_paragraph(vec![(Role::Subheading, first)], None);
            return;
        }
        let mut lines = block.lines.clone();
        let mut label = None;
        if let Some(m) = LABEL.find(first.slice(text)) {
            let name = &first.slice(text)[..m.end()];
            let letters = name.chars().filter(char::is_ascii_uppercase).count();
            if letters >= 2 || name.starts_with("Q:") {
                let span = trim(text, Span::new(first.start, first.start + m.end()));
                self.structure(StructureKind::Label, span);
                label = Some(span);
                lines[0] = trim(text, Span::new(span.end, first.end));
            }
        }
        let mut regions: Vec<(Role, Span)> = Vec::new();
        for line in lines.into_iter().filter(|l| !l.is_empty()) {
            if !line.slice(text).chars().any(char::is_alphanumeric) {
                self.structure(StructureKind::Separator, line);
                regions.push((Role::Sentence, Span::new(line.end, line.end)));
                continue;
            }
            if let Some(items) = self.list_items(line) {
                regions.extend(items.into_iter().map(|s| (Role::Item, s)));
                continue;
            }
            match regions.last_mut() {
                Some((_, region)) if !region.is_empty() => region.end = line.end,
                _ => regions.push((Role::Sentence, line)),
            }
        }
        let units = regions
            .into_iter()
            .filter(|(_, r)| !r.is_empty())
            .flat_map(|(role, region)| {
                sentence::split(text, region)
                    .into_iter()
                    .map(move |s| (role, s))
            })
            .collect();
        if let Some(index) = self.push_paragraph(units, label) {
            for &(fragment, gap) in &block.repaired {
                self.doc.repairs.push(Repair {
                    fragment,
                    gap,
                    paragraph: index,
                });
            }
        }
    }

    /// If `line` starts with a list marker, record the markers (the first and
    /// any inline successors: `1) a 2) b`) and return the items' regions.
    fn list_items(&mut self, line: Span) -> Option<Vec<Span>> {
        let text = self.text;
        let s = line.slice(text);
        let caps = MARKER.captures(s)?;
        let bullet = caps.name("bullet").map(|m| m.as_str());
        let enumeration = caps.name("enum");
        if bullet.is_none() && enumeration.is_none() {
            return None;
        }
        let marker_end = caps.get(0).map_or(0, |m| m.end());
        let mut markers = vec![Span::new(0, marker_end)];
        // Inline successors: the same style with the next value.
        let mut value = caps
            .name("val")
            .or_else(|| caps.name("pval"))
            .map(|m| m.as_str().to_owned());
        let open = caps.name("open").map_or("", |m| m.as_str());
        let close = caps
            .name("close")
            .map_or(if open.is_empty() { "" } else { ")" }, |m| m.as_str());
        let sep = caps.name("sep").map_or("", |m| m.as_str());
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
            let Some(at) = s[from..].find(&needle) else {
                break;
            };
            let start = from + at + 1;
            let end = start + needle.len() - 1;
            markers.push(Span::new(start, end));
            from = end;
            value = next_value;
        }
        let mut items = Vec::new();
        for (k, marker) in markers.iter().enumerate() {
            let marker = marker.shift(line.start);
            self.structure(StructureKind::Marker, marker);
            let item_end = markers
                .get(k + 1)
                .map_or(line.end, |next| next.start + line.start);
            items.push(trim(text, Span::new(marker.end, item_end)));
        }
        Some(items)
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
    let words = s.split(is_space).filter(|w| !w.is_empty()).count();
    let starts_upper = s
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    starts_upper
        && !MARKER.is_match(s)
        && words <= SUBHEADING_MAX_WORDS
        && !ends_closed(s)
        && !matches!(last_significant(s), Some(','))
}

#[cfg(test)]
mod tests;
