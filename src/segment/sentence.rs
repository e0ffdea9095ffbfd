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

use std::collections::HashSet;
use std::sync::LazyLock;

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
    prefix: HashSet<String>,
    numeric: HashSet<String>,
    ambiguous: HashSet<String>,
    starters: HashSet<&'static str>,
}

static WORDS: LazyLock<WordLists> = LazyLock::new(|| {
    let mut lists = WordLists {
        prefix: HashSet::new(),
        numeric: HashSet::new(),
        ambiguous: HashSet::new(),
        starters: HashSet::new(),
    };
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
                let set = match section {
                    Some(AbbrevKind::Prefix) => &mut lists.prefix,
                    Some(AbbrevKind::Numeric) => &mut lists.numeric,
                    Some(AbbrevKind::Ambiguous) | None => &mut lists.ambiguous,
                };
                set.insert(word.to_lowercase());
            }
        }
    }
    lists.starters = include_str!("starters.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    lists
});

fn abbreviation_kind(word: &str) -> Option<AbbrevKind> {
    let lower = word.to_lowercase();
    let words = &*WORDS;
    if words.prefix.contains(&lower) {
        Some(AbbrevKind::Prefix)
    } else if words.numeric.contains(&lower) {
        Some(AbbrevKind::Numeric)
    } else if words.ambiguous.contains(&lower) || is_initialism(word) {
        Some(AbbrevKind::Ambiguous)
    } else {
        None
    }
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

/// Bytes that may begin a char the scanner looks at: ASCII terminators and
/// line breaks, and the UTF-8 lead bytes of `…`, `。`, `！` and `？`. A lead
/// byte also begins other chars; the scanner decodes and moves on.
static INTERESTING: [bool; 256] = {
    let mut table = [false; 256];
    table[b'.' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[b'\n' as usize] = true;
    table[b'\r' as usize] = true;
    table[0xE2] = true;
    table[0xE3] = true;
    table[0xEF] = true;
    table
};

/// Split `region` of `text` into sentence spans.
pub(crate) fn split(text: &str, region: Span) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = region.start;
    let mut i = region.start;
    let end = region.end;
    let bytes = text.as_bytes();
    while i < end {
        // Skip to the next byte that can begin a terminator or a line break:
        // `.` `!` `?` `\n` `\r`, or the lead byte of `…` (E2), `。` (E3) or
        // `！` `？` (EF). Every other char is passed over without decoding.
        match bytes[i..end]
            .iter()
            .position(|&b| INTERESTING[usize::from(b)])
        {
            Some(skip) => i += skip,
            None => break,
        }
        let Some(c) = text[i..end].chars().next() else {
            break;
        };
        if is_terminator(c) {
            let candidate = terminator_run(text, i, end);
            if let Some(cut) = boundary(text, i, &candidate, region, start) {
                push_trimmed(text, &mut spans, start, cut);
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
            push_trimmed(text, &mut spans, start, cut);
            start = cut;
        }
        i += c.len_utf8();
    }
    push_trimmed(text, &mut spans, start, end);
    spans
}

fn push_trimmed(text: &str, spans: &mut Vec<Span>, start: usize, end: usize) {
    let slice = &text[start..end];
    let lead = slice.len() - slice.trim_start_matches(is_space).len();
    let trimmed = slice.trim_matches(is_space);
    if !trimmed.is_empty() {
        spans.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
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
    while let Some(c) = text[j..limit].chars().next() {
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
    run.attached_then_spaced = attached && spaced && run.dots == 4;
    run.terminators_end = j;
    while let Some(c) = text[j..limit].chars().next() {
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
    let rest = after.trim_start_matches(is_space);
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
    // "ROK-U.S." is read as its last part, "U.S.".
    let word = word_before(text, at, start);
    let word = word.rsplit(['-', '/', '–']).next().unwrap_or(word);
    // A closer between the stop and the space ("engineer.)") means the word
    // was inside quotes or brackets: treat it as an ordinary word.
    let closed = run.end > run.terminators_end;
    let kind = if closed {
        None
    } else {
        abbreviation_kind(word)
    };
    let next_word: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    match kind {
        None => Some(run.end),
        Some(AbbrevKind::Prefix) => {
            (!next.is_uppercase() && !next.is_ascii_digit()).then_some(run.end)
        }
        Some(AbbrevKind::Numeric) => (!next.is_ascii_digit()).then_some(run.end),
        Some(AbbrevKind::Ambiguous) => {
            let starter = WORDS.starters.contains(next_word)
                // "at 6 P.M. Mr. Smith then went": a capitalised initialism
                // before a title ends the sentence; "5 a.m. Mr. Smith" does not.
                || (word.chars().any(char::is_uppercase)
                    && word.len() > 1
                    && WORDS.prefix.contains(&next_word.to_lowercase())
                    && rest[next_word.len()..].starts_with('.'));
            (starter || is_opener(next)).then_some(run.end)
        }
    }
}

/// The word a full stop at `at` is attached to, back to whitespace or an
/// opening bracket or quote, but not before the sentence start.
fn word_before(text: &str, at: usize, start: usize) -> &str {
    let before = &text[start..at];
    let from = before
        .rfind(|c: char| is_space(c) || is_opener(c) || c == '“' || c == '—')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    &before[from..]
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
    let before = text[start..at].trim_end_matches(is_space);
    let last = before.chars().last()?;
    if matches!(last, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '&') {
        return None;
    }
    // A hard-wrapped line that stops on a function word goes on.
    let last_word = before.rsplit(is_space).next().unwrap_or("");
    if CONTINUING_WORDS.contains(&last_word) {
        return None;
    }
    let rest = text[at..end].trim_start_matches(is_space);
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
    fn month_abbreviation_before_day() {
        assert_eq!(
            sentences("It ends on Jan. 4 in Seoul. Then it resumes."),
            ["It ends on Jan. 4 in Seoul.", "Then it resumes."]
        );
    }
}
