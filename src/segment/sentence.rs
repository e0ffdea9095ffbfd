//! Sentence boundaries inside one region of running text (a paragraph or a
//! list item without its marker).
//!
//! One left-to-right pass over the region's chars. A candidate is a run of
//! terminators (`.`, `!`, `?`, `…`, `。`, `！`, `？`, spaced ellipses) with any
//! closing quotes or brackets after it; whether it ends the sentence depends on
//! the word before it (abbreviations, initials, numbers: see
//! `abbreviations.txt`) and the word after it (`starters.txt`). A line break
//! also ends a sentence when the line has no closing punctuation and the next
//! line starts in upper case ("Mulia Hotel" / "Bali, Indonesia").
//!
//! Returned spans are absolute, trimmed of whitespace, non-empty, ordered and
//! disjoint, and together cover every non-whitespace byte of the region.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::Span;

/// Chars that end a sentence.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Full-width terminators end a sentence with no space after them.
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// Closing quotes and brackets that stay with the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '}' | '»' | '」' | '』' | '）'
    )
}

/// Opening quotes and brackets that may start a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '「' | '『' | '（'
    )
}

/// Whitespace as the segmenter sees it: Unicode White_Space plus the BOM.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// What a known abbreviation allows after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AbbrevKind {
    Prefix,
    Numeric,
    Ambiguous,
}

struct WordLists {
    /// Every abbreviation, lower-cased, with its kind: those of up to seven
    /// bytes by their [`packed`] bytes, any longer ones by their bytes. A
    /// word listed in two sections takes the first of prefix, numeric,
    /// ambiguous.
    short: FxHashMap<u64, AbbrevKind>,
    long: FxHashMap<Vec<u8>, AbbrevKind>,
    /// The length in bytes of the longest lower-cased abbreviation.
    longest: usize,
    starters: FxHashSet<&'static str>,
}

impl WordLists {
    /// The kind of the lower-cased word `lower`.
    fn kind(&self, lower: &[u8]) -> Option<AbbrevKind> {
        match packed(lower.iter().copied()) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(lower).copied(),
        }
    }
}

/// A word of up to seven bytes as one number: its bytes, the first in the
/// low byte, and its length in the top byte.
fn packed(bytes: impl ExactSizeIterator<Item = u8>) -> Option<u64> {
    let len = bytes.len();
    (len <= 7).then(|| {
        bytes.enumerate().fold((len as u64) << 56, |key, (k, b)| {
            key | u64::from(b) << (8 * k)
        })
    })
}

static WORDS: LazyLock<WordLists> = LazyLock::new(|| {
    let mut prefix = Vec::new();
    let mut numeric = Vec::new();
    let mut ambiguous = Vec::new();
    let mut section = None;
    for line in include_str!("abbreviations.txt").lines() {
        let line = line.trim();
        match line {
            "" => {}
            _ if line.starts_with('#') => {}
            "[prefix]" => section = Some(AbbrevKind::Prefix),
            "[numeric]" => section = Some(AbbrevKind::Numeric),
            "[ambiguous]" => section = Some(AbbrevKind::Ambiguous),
            word => {
                let list = match section {
                    Some(AbbrevKind::Prefix) => &mut prefix,
                    Some(AbbrevKind::Numeric) => &mut numeric,
                    Some(AbbrevKind::Ambiguous) | None => &mut ambiguous,
                };
                list.push(word.to_lowercase().into_bytes());
            }
        }
    }
    let mut short = FxHashMap::default();
    let mut long = FxHashMap::default();
    let mut longest = 0;
    for (kind, list) in [
        (AbbrevKind::Prefix, prefix),
        (AbbrevKind::Numeric, numeric),
        (AbbrevKind::Ambiguous, ambiguous),
    ] {
        for word in list {
            longest = longest.max(word.len());
            match packed(word.iter().copied()) {
                Some(key) => short.entry(key).or_insert(kind),
                None => long.entry(word).or_insert(kind),
            };
        }
    }
    let starters = include_str!("starters.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    WordLists {
        short,
        long,
        longest,
        starters,
    }
});

/// The kind of `word` in the abbreviation lists, matched without regard to
/// case (as `str::to_lowercase` folds it).
fn listed_kind(word: &str) -> Option<AbbrevKind> {
    let words = &*WORDS;
    if word.is_ascii() {
        // ASCII lower-cases byte for byte: a word longer than every entry
        // cannot be one, and a short one is folded without allocating.
        if word.len() > words.longest {
            return None;
        }
        if let Some(key) = packed(word.bytes().map(|b| b.to_ascii_lowercase())) {
            return words.short.get(&key).copied();
        }
    }
    // Lower-casing shrinks a char to no less than a third of its bytes
    // (the Kelvin sign `K`, three bytes, becomes `k`).
    if word.len() > 3 * words.longest {
        return None;
    }
    words.kind(word.to_lowercase().as_bytes())
}

fn abbreviation_kind(word: &str) -> Option<AbbrevKind> {
    listed_kind(word).or_else(|| is_initialism(word).then_some(AbbrevKind::Ambiguous))
}

/// `E`, `U.S`, `R.O.K`, `a.m`: single letters joined by full stops.
fn is_initialism(word: &str) -> bool {
    let mut chars = word.chars();
    loop {
        match chars.next() {
            Some(c) if c.is_alphabetic() => {}
            _ => return false,
        }
        match chars.next() {
            None => return true,
            Some('.') => {}
            Some(_) => return false,
        }
    }
}

/// The chars a sentence scan stops at, in order: terminators and line
/// breaks. Each kind of byte is found with `memchr` (vectorised) and its
/// next position kept until the scan passes it, so every other char is
/// passed over without being decoded or even looked at one by one. One
/// `Stops` serves every region of a text, in order: a position found past
/// the end of one region is still the next one for the regions after it.
pub(crate) struct Stops<'t> {
    bytes: &'t [u8],
    /// Where the scan has got to: it never goes back.
    from: usize,
    /// The next `.` at or after `from`.
    dot: usize,
    /// The next `!` or `?`.
    bang: usize,
    /// The next `\n` or `\r`, unless `line_break_stale`.
    line_break: usize,
    /// Whether `line_break` is yet to be looked for from `from` on: line
    /// breaks are looked for only in regions of more than one line.
    line_break_stale: bool,
    /// The next byte that may belong to a wide terminator: the last byte
    /// of `…` (E2 80 A6), or the lead byte of `。` (E3 80 82), `！` (EF BC 81)
    /// or `？` (EF BC 9F). Keyed on `…`'s last byte, not its lead byte, so
    /// that curly quotes and dashes (E2 80 xx) are not stops.
    wide: usize,
}

impl<'t> Stops<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let mut stops = Stops {
            bytes: text.as_bytes(),
            from: 0,
            dot: 0,
            bang: 0,
            line_break: 0,
            line_break_stale: true,
            wide: 0,
        };
        stops.find_dot();
        stops.find_bang();
        stops.find_wide(0);
        stops
    }

    /// The first position at or after `from` that `found` (a search of
    /// `bytes[from..]`) gives, or the end of the text.
    fn first(&self, from: usize, found: impl Fn(&[u8]) -> Option<usize>) -> usize {
        found(&self.bytes[from..]).map_or(self.bytes.len(), |k| from + k)
    }

    fn find_dot(&mut self) {
        self.dot = self.first(self.from, |h| memchr::memchr(b'.', h));
    }

    fn find_bang(&mut self) {
        self.bang = self.first(self.from, |h| memchr::memchr2(b'!', b'?', h));
    }

    fn find_line_break(&mut self) {
        self.line_break = self.first(self.from, |h| memchr::memchr2(b'\n', b'\r', h));
        self.line_break_stale = false;
    }

    fn find_wide(&mut self, from: usize) {
        self.wide = self.first(from, |h| memchr::memchr3(0xA6, 0xE3, 0xEF, h));
    }

    /// The first stop at or after `from` and before `end`: where its char
    /// starts, and the char. Line breaks count only if `line_breaks`.
    fn next(&mut self, from: usize, end: usize, line_breaks: bool) -> Option<(usize, char)> {
        debug_assert!(from >= self.from, "a scan never goes back");
        if from >= end {
            return None;
        }
        if from > self.from {
            self.from = from;
            self.line_break_stale |= self.line_break < from;
        }
        // A position that `from` has passed is looked for again.
        if self.dot < from {
            self.find_dot();
        }
        if self.bang < from {
            self.find_bang();
        }
        if self.wide < from {
            self.find_wide(from);
        }
        let mut at = self.dot.min(self.bang);
        if line_breaks {
            if self.line_break_stale {
                self.find_line_break();
            }
            at = at.min(self.line_break);
        }
        while self.wide < at.min(end) {
            if let Some(found) = self.wide_terminator(from) {
                return Some(found);
            }
            self.find_wide(self.wide + 1);
        }
        (at < end).then(|| (at, char::from(self.bytes[at])))
    }

    /// The wide terminator that the byte at `self.wide` belongs to, if any
    /// and if it starts at or after `from`.
    fn wide_terminator(&self, from: usize) -> Option<(usize, char)> {
        let at = self.wide;
        let bytes = self.bytes;
        if bytes[at] == 0xA6 {
            return (at >= from + 2 && bytes[at - 2] == 0xE2 && bytes[at - 1] == 0x80)
                .then(|| (at - 2, '…'));
        }
        let c = match (bytes[at], bytes.get(at + 1..at + 3)?) {
            (0xE3, [0x80, 0x82]) => '。',
            (0xEF, [0xBC, 0x81]) => '！',
            (0xEF, [0xBC, 0x9F]) => '？',
            _ => return None,
        };
        Some((at, c))
    }
}

/// Split `region` of `text` into sentence spans.
#[cfg(test)]
pub(crate) fn split(text: &str, region: Span) -> Vec<Span> {
    let mut spans = Vec::new();
    split_into(text, region, true, &mut Stops::new(text), &mut spans);
    spans
}

/// Split `region` of `text` into sentence spans, appended to `spans`.
/// `line_breaks` is false when the region is known to lie within one line.
/// `stops` is for `text`, and regions come to it in order.
pub(crate) fn split_into(
    text: &str,
    region: Span,
    line_breaks: bool,
    stops: &mut Stops<'_>,
    spans: &mut Vec<Span>,
) {
    let mut start = region.start;
    let mut i = region.start;
    let end = region.end;
    while let Some((at, c)) = stops.next(i, end, line_breaks) {
        i = at;
        if is_terminator(c) {
            let candidate = terminator_run(text, i, end);
            if let Some(cut) = boundary(text, i, &candidate, region, start) {
                push_trimmed(text, spans, start, cut);
                start = cut;
                i = cut.max(i + c.len_utf8());
                continue;
            }
            i = candidate.end.max(i + c.len_utf8());
            continue;
        }
        if (c == '\n' || c == '\r')
            && let Some(cut) = line_break(text, start, i, end)
        {
            push_trimmed(text, spans, start, cut);
            start = cut;
        }
        i += c.len_utf8();
    }
    push_trimmed(text, spans, start, end);
}

fn push_trimmed(text: &str, spans: &mut Vec<Span>, start: usize, end: usize) {
    let span = trim(text, Span::new(start, end));
    if !span.is_empty() {
        spans.push(span);
    }
}

/// Whether `b` is ASCII whitespace as [`is_space`] sees it: the ASCII bytes
/// that are `char::is_whitespace`.
pub(crate) fn is_ascii_space(b: u8) -> bool {
    b.is_ascii_whitespace() || b == 0x0b
}

/// `s` without [`is_space`] at the start.
fn trim_start(s: &str) -> &str {
    let span = trim_bytes(s, Span::new(0, s.len()), true, false);
    &s[span.start..]
}

/// `s` without [`is_space`] at the end.
fn trim_end(s: &str) -> &str {
    let span = trim_bytes(s, Span::new(0, s.len()), false, true);
    &s[..span.end]
}

/// `span` without [`is_space`] at either end.
pub(crate) fn trim(text: &str, span: Span) -> Span {
    trim_bytes(text, span, true, true)
}

/// `span` without [`is_space`] at its start, its end or both. ASCII
/// whitespace is skipped byte by byte; a non-ASCII byte may belong to a
/// wider space, and only then are chars decoded.
fn trim_bytes(text: &str, span: Span, start: bool, end: bool) -> Span {
    let bytes = text.as_bytes();
    let Span {
        start: mut from,
        end: mut to,
    } = span;
    if start {
        while from < to && is_ascii_space(bytes[from]) {
            from += 1;
        }
        if from < to && !bytes[from].is_ascii() {
            from = to - text[from..to].trim_start_matches(is_space).len();
        }
    }
    if end {
        while to > from && is_ascii_space(bytes[to - 1]) {
            to -= 1;
        }
        if to > from && !bytes[to - 1].is_ascii() {
            to = from + text[from..to].trim_end_matches(is_space).len();
        }
    }
    Span::new(from, to)
}

/// A run of terminators and the closers after it.
struct Run {
    /// The number of full stops in the run (`…` counts three).
    dots: usize,
    /// Whether the run holds `!` or `?`.
    bang: bool,
    /// Whether the run holds a full-width terminator.
    cjk: bool,
    /// End of the run's terminators, before any closer.
    terminators_end: usize,
    /// Where a word-attached full stop is followed by a spaced ellipsis
    /// (`compounds. . . . The`): the sentence may end after that first stop.
    attached_then_spaced: bool,
    /// End of the run, after closers.
    end: usize,
}

/// The char at `j` if it starts before `limit`.
fn char_at(text: &str, j: usize, limit: usize) -> Option<char> {
    match text.as_bytes()[..limit].get(j) {
        Some(b) if b.is_ascii() => Some(char::from(*b)),
        _ => text.get(j..limit)?.chars().next(),
    }
}

fn terminator_run(text: &str, at: usize, limit: usize) -> Run {
    let mut run = Run {
        dots: 0,
        bang: false,
        cjk: false,
        terminators_end: at,
        attached_then_spaced: false,
        end: at,
    };
    let bytes = text.as_bytes();
    let attached = at > 0 && !text[..at].ends_with(is_space);
    let mut j = at;
    let mut spaced = false;
    while let Some(c) = char_at(text, j, limit) {
        if is_terminator(c) {
            match c {
                '.' => run.dots += 1,
                '…' => run.dots += 3,
                _ => run.bang = true,
            }
            run.cjk |= is_cjk_terminator(c);
            j += c.len_utf8();
        } else if c == ' ' && j + 1 < limit && bytes[j + 1] == b'.' && run.dots > 0 && !run.bang {
            // ". . ." — a spaced ellipsis continues the run.
            spaced = true;
            j += 1;
        } else {
            break;
        }
    }
    // The run must open with a full stop: after `…` (three dots in one
    // char) and ` .`, there is no stop to end the sentence on.
    run.attached_then_spaced = attached && spaced && run.dots == 4 && bytes[at] == b'.';
    run.terminators_end = j;
    while let Some(c) = char_at(text, j, limit) {
        if is_closer(c) {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    run.end = j;
    run
}

/// Where the sentence ends if the run at `at` ends it.
fn boundary(text: &str, at: usize, run: &Run, region: Span, start: usize) -> Option<usize> {
    if run.cjk {
        return Some(run.end);
    }
    if run.end >= region.end {
        return Some(region.end);
    }
    let after = &text[run.end..region.end];
    let rest = trim_start(after);
    let spaced = rest.len() < after.len();
    let next = rest.chars().next()?;
    if !spaced {
        return glued_boundary(text, at, run, region, next);
    }
    if next.is_lowercase() {
        return None;
    }
    if run.bang {
        return Some(run.end);
    }
    if run.attached_then_spaced && starts_upper_word(rest.trim_start_matches(['.', ' '])) {
        // "compounds. . . . The practice": the stop ends the sentence, the
        // ellipsis opens the next one.
        return Some(at + 1);
    }
    match run.dots {
        0 => Some(run.end),
        1 => after_full_stop(text, at, run, rest, next, start),
        3 => None,
        _ => Some(run.end),
    }
}

fn starts_upper_word(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

/// A single full stop followed by space and a non-lowercase char.
fn after_full_stop(
    text: &str,
    at: usize,
    run: &Run,
    rest: &str,
    next: char,
    start: usize,
) -> Option<usize> {
    // A closer between the stop and the space ("engineer.)") means the word
    // was inside quotes or brackets: treat it as an ordinary word.
    if run.end > run.terminators_end {
        return Some(run.end);
    }
    let word = word_before(text, at, start);
    match abbreviation_kind(word) {
        None => Some(run.end),
        Some(AbbrevKind::Prefix) => {
            (!next.is_uppercase() && !next.is_ascii_digit()).then_some(run.end)
        }
        Some(AbbrevKind::Numeric) => (!next.is_ascii_digit()).then_some(run.end),
        Some(AbbrevKind::Ambiguous) => {
            let next_word: &str = rest
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            let starter = WORDS.starters.contains(next_word)
                // "at 6 P.M. Mr. Smith then went": a capitalised initialism
                // before a title ends the sentence; "5 a.m. Mr. Smith" does not.
                || (word.chars().any(char::is_uppercase)
                    && word.len() > 1
                    && listed_kind(next_word) == Some(AbbrevKind::Prefix)
                    && rest[next_word.len()..].starts_with('.'));
            (starter || is_opener(next)).then_some(run.end)
        }
    }
}

/// The word a full stop at `at` is attached to, back to whitespace or an
/// opening bracket or quote, but not before the sentence start; of a word
/// joined by `-`, `/` or `–`, the last part ("ROK-U.S." is read as "U.S.").
fn word_before(text: &str, at: usize, start: usize) -> &str {
    let bytes = text.as_bytes();
    let mut from = at;
    while from > start {
        let b = bytes[from - 1];
        if b.is_ascii() {
            if is_ascii_space(b) || matches!(b, b'"' | b'\'' | b'(' | b'[' | b'-' | b'/') {
                break;
            }
            from -= 1;
            continue;
        }
        let mut char_start = from - 1;
        while !text.is_char_boundary(char_start) {
            char_start -= 1;
        }
        let ends_word = text[char_start..from]
            .chars()
            .next()
            .is_some_and(|c| is_space(c) || is_opener(c) || matches!(c, '“' | '—' | '–'));
        if ends_word {
            break;
        }
        from = char_start;
    }
    &text[from..at]
}

/// How far `glued_boundary` looks for the token around a full stop.
const TOKEN_WINDOW: usize = 256;

/// The char boundary at or before `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The char boundary at or after `i`.
fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A terminator glued to the next char ("world.Today", "1,000.That").
fn glued_boundary(text: &str, at: usize, run: &Run, region: Span, next: char) -> Option<usize> {
    if run.bang || run.dots != 1 || !next.is_uppercase() {
        return None;
    }
    // The next char must start a lowercase word ("Today"), not an initialism.
    let mut after = text[run.end..region.end].chars();
    after.next();
    if !after.next().is_some_and(char::is_lowercase) {
        return None;
    }
    // The token around the stop, looked at no further than TOKEN_WINDOW
    // bytes each way so a line without spaces stays linear. The space may
    // be wider than a byte (U+00A0).
    let floor = floor_boundary(text, at.saturating_sub(TOKEN_WINDOW).max(region.start));
    let ceiling = ceil_boundary(text, (at + TOKEN_WINDOW).min(region.end));
    let token_start = text[floor..at]
        .char_indices()
        .rfind(|(_, c)| is_space(*c))
        .map_or(floor, |(i, c)| floor + i + c.len_utf8());
    let token_end = text[at..ceiling].find(is_space).map_or(ceiling, |i| at + i);
    let token = &text[token_start..token_end];
    if token.contains('@') || token.contains("://") || token.contains("www.") {
        return None;
    }
    let word = &text[token_start..at];
    let tail: String = word
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == ',')
        .collect();
    let tail_len = tail.chars().count();
    let before_tail = word.chars().rev().nth(tail_len);
    let last = word.chars().last();
    (tail_len >= 2
        && before_tail != Some('.')
        && last.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        && abbreviation_kind(&tail.chars().rev().collect::<String>()).is_none())
    .then_some(run.end)
}

/// Lowercase words a sentence cannot end on.
const CONTINUING_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "between", "by", "for", "from", "in", "of", "on", "or", "the",
    "to", "with",
];

/// A line break at `at` ends the sentence when the line before has no closing
/// punctuation (and no comma or hyphen asking for more) and the next line
/// starts with an upper-case letter, a digit or an opening quote.
fn line_break(text: &str, start: usize, at: usize, end: usize) -> Option<usize> {
    let before = trim_end(&text[start..at]);
    let last = before.chars().last()?;
    if matches!(last, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '&') {
        return None;
    }
    // A hard-wrapped line that stops on a function word goes on.
    let last_word = before.rsplit(is_space).next().unwrap_or("");
    if CONTINUING_WORDS.contains(&last_word) {
        return None;
    }
    let rest = trim_start(&text[at..end]);
    let next = rest.chars().next()?;
    if next.is_uppercase() || next.is_ascii_digit() || is_opener(next) || next == '“' {
        Some(start + before.len())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text, Span::new(0, text.len()))
            .into_iter()
            .map(|s| s.slice(text))
            .collect()
    }

    #[test]
    fn decimals_and_titles_do_not_end_sentences() {
        assert_eq!(
            sentences("They held 1.5-track dialogue. Mr. Kim spoke at 3 p.m. on Tuesday."),
            [
                "They held 1.5-track dialogue.",
                "Mr. Kim spoke at 3 p.m. on Tuesday."
            ]
        );
    }

    #[test]
    fn initialisms_end_a_sentence_only_before_a_starter() {
        assert_eq!(
            sentences("Talks with the R.O.K. Government went well. He met the U.S. We agreed."),
            [
                "Talks with the R.O.K. Government went well.",
                "He met the U.S.",
                "We agreed."
            ]
        );
    }

    #[test]
    fn closing_quote_stays_with_its_sentence() {
        assert_eq!(
            sentences("They oppose “building walls.” China said so. “Yes,” he said."),
            [
                "They oppose “building walls.”",
                "China said so.",
                "“Yes,” he said."
            ]
        );
    }

    #[test]
    fn numbered_abbreviation_before_a_digit_is_not_a_boundary() {
        assert_eq!(
            sentences("See resolution No. 4 on p. 55. It is clear."),
            ["See resolution No. 4 on p. 55.", "It is clear."]
        );
    }

    #[test]
    fn full_width_punctuation_ends_sentences() {
        assert_eq!(
            sentences("会谈成功。双方同意！好吗？"),
            ["会谈成功。", "双方同意！", "好吗？"]
        );
    }

    #[test]
    fn hard_line_break_before_capital_ends_a_line_without_punctuation() {
        assert_eq!(
            sentences("Mulia Hotel\nBali, Indonesia\nThe talks\nwere long."),
            ["Mulia Hotel", "Bali, Indonesia", "The talks\nwere long."]
        );
    }

    #[test]
    fn hyphenated_initialism_before_a_name_is_not_a_boundary() {
        assert_eq!(
            sentences("It is under the ROK-U.S. Mutual Defense Treaty. They agree."),
            [
                "It is under the ROK-U.S. Mutual Defense Treaty.",
                "They agree."
            ]
        );
    }

    #[test]
    fn glued_stop_after_a_no_break_space_word_is_found_without_panic() {
        // Found by the property test: the token start was taken one byte
        // after a two-byte U+00A0.
        assert_eq!(
            sentences("say\u{a0}world.Today we met."),
            ["say\u{a0}world.", "Today we met."]
        );
    }

    #[test]
    fn ellipsis_char_then_spaced_stop_ends_after_the_run_without_panic() {
        // `at + 1` once pointed inside the three-byte `…`.
        assert_eq!(sentences("Hello… . The end."), ["Hello… .", "The end."]);
    }

    #[test]
    fn month_abbreviation_before_day() {
        assert_eq!(
            sentences("It ends on Jan. 4 in Seoul. Then it resumes."),
            ["It ends on Jan. 4 in Seoul.", "Then it resumes."]
        );
    }
}
