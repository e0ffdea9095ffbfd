//! What a line may begin with: a list marker (`1.`, `(a)`, `•`) or a
//! transcript speaker label (`PRESIDENT XI:`).
//!
//! Each is defined by a regex, and matched by hand-written code that gives
//! the regex's answer without running it (or compiling it, which costs more
//! than segmenting a long text). The code follows the regex's own order of
//! trial: greedy repeats longest first, alternatives left to right. Its `\s`
//! is `char::is_whitespace`; both are Unicode `White_Space`. It gives up,
//! leaving the answer to the regex, on the two things it does not follow: a
//! non-ASCII numeric char where `\d` (Unicode `Nd`, which std cannot test)
//! may match, and a non-ASCII letter where `(?i:as interpreted)` may match
//! (`ſ` is `s` without regard to case). `tests` hold the two to the same
//! answers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

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

/// The bullets of `MARKER`.
fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '●' | '▪' | '◦' | '‣' | '⁃' | '■' | '►')
}

/// A match of `MARKER`: its groups, as byte ranges of the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Marker {
    pub(super) bullet: Option<Range<usize>>,
    /// Whitespace after the bullet (empty without one).
    pub(super) sep: Range<usize>,
    pub(super) enumeration: Option<Enumeration>,
    /// The end of the whole match.
    pub(super) end: usize,
}

/// The `enum` group of `MARKER`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Enumeration {
    /// Whether the value is in brackets: `(a)`.
    pub(super) open: bool,
    /// `val` or `pval`.
    pub(super) value: Range<usize>,
    /// `close`: `.`, `.)` or `)` after a value without an opening bracket.
    pub(super) close: Option<Range<usize>>,
}

/// `MARKER` at the start of `s`.
pub(super) fn marker(s: &str) -> Option<Marker> {
    // A match begins with a bullet, `-`, `*`, `(`, a digit, `[a-z]` or
    // whitespace: no other ASCII byte.
    if let Some(&b) = s.as_bytes().first()
        && b.is_ascii()
        && !matches!(b, b'-' | b'*' | b'(' | b'0'..=b'9' | b'a'..=b'z' | b'\t'..=b'\r' | b' ')
    {
        return None;
    }
    marker_by_hand(s).unwrap_or_else(|Undecided| marker_regex(s))
}

/// The end of `LABEL`'s match at the start of `s`.
pub(super) fn label_end(s: &str) -> Option<usize> {
    label_by_hand(s).unwrap_or_else(|Undecided| LABEL.find(s).map(|m| m.end()))
}

fn marker_regex(s: &str) -> Option<Marker> {
    let caps = MARKER.captures(s)?;
    let range = |name: &str| caps.name(name).map(|m| m.range());
    Some(Marker {
        bullet: range("bullet"),
        sep: range("sep").unwrap_or(0..0),
        enumeration: range("enum").map(|_| Enumeration {
            open: caps.name("open").is_some(),
            value: range("val").or_else(|| range("pval")).unwrap_or(0..0),
            close: range("close"),
        }),
        end: caps.get(0).map_or(0, |m| m.end()),
    })
}

/// The matcher met a char that the regex might match in a way it does not
/// follow: a non-ASCII digit, or a non-ASCII letter in `as interpreted`.
pub(super) struct Undecided;

/// A line as the matchers read it. Positions are char boundaries.
struct Line<'s>(&'s str);

impl Line<'_> {
    /// Whether the byte at `i` is `want`, an ASCII byte.
    fn is(&self, i: usize, want: u8) -> bool {
        self.0.as_bytes().get(i) == Some(&want)
    }

    /// Whether the byte at `i` is ASCII and passes `test`.
    fn ascii(&self, i: usize, test: impl Fn(&u8) -> bool) -> bool {
        self.0
            .as_bytes()
            .get(i)
            .is_some_and(|b| b.is_ascii() && test(b))
    }

    /// The char at `i`.
    fn char_at(&self, i: usize) -> Option<char> {
        self.0.get(i..)?.chars().next()
    }

    /// The length of the char at `i` if `\s` matches it. (`\s` is Unicode
    /// `White_Space`, as `char::is_whitespace` is.)
    fn space(&self, i: usize) -> Option<usize> {
        match self.0.as_bytes().get(i)? {
            b if b.is_ascii() => (b.is_ascii_whitespace() || *b == 0x0b).then_some(1),
            _ => self
                .char_at(i)
                .filter(|c| c.is_whitespace())
                .map(char::len_utf8),
        }
    }

    /// The end of the run of `\s` from `i`.
    fn spaces_end(&self, mut i: usize) -> usize {
        while let Some(len) = self.space(i) {
            i += len;
        }
        i
    }

    /// How many times, at most `max`, `\d` matches from `i` on. Gives up on
    /// a non-ASCII numeric char, which may or may not be a decimal digit.
    fn digits(&self, i: usize, max: usize) -> Result<usize, Undecided> {
        let bytes = self.0.as_bytes();
        let mut n = 0;
        while n < max {
            match bytes.get(i + n) {
                Some(b) if b.is_ascii_digit() => n += 1,
                Some(b) if !b.is_ascii() && self.char_at(i + n).is_some_and(char::is_numeric) => {
                    return Err(Undecided);
                }
                _ => break,
            }
        }
        Ok(n)
    }

    /// How many times, at most `max`, `[ivx]` matches from `i` on.
    fn roman(&self, i: usize, max: usize) -> usize {
        let mut n = 0;
        while n < max && matches!(self.0.as_bytes().get(i + n), Some(b'i' | b'v' | b'x')) {
            n += 1;
        }
        n
    }
}

/// `MARKER`, decided without the regex unless a non-ASCII numeric char is
/// met.
fn marker_by_hand(s: &str) -> Result<Option<Marker>, Undecided> {
    let line = Line(s);
    // The optional bullet is tried first: `[•●▪◦‣⁃■►]`, or `[-*]\s`.
    let bullet_end = match line.char_at(0) {
        Some(c) if is_bullet(c) => Some(c.len_utf8()),
        Some('-' | '*') => line.space(1).map(|len| 1 + len),
        _ => None,
    };
    if let Some(bullet_end) = bullet_end {
        // `sep` (`\s*`) takes the whole run of whitespace, then gives back
        // one char at a time until `enum?` and `\s` match after it.
        let run_end = line.spaces_end(bullet_end);
        let ends = s[bullet_end..run_end]
            .char_indices()
            .map(|(k, _)| bullet_end + k)
            .chain([run_end])
            .rev();
        for sep_end in ends {
            if let Some((enumeration, end)) = enumeration_then_space(&line, sep_end)? {
                return Ok(Some(Marker {
                    bullet: Some(0..bullet_end),
                    sep: bullet_end..sep_end,
                    enumeration: Some(enumeration),
                    end,
                }));
            }
            if let Some(len) = line.space(sep_end) {
                return Ok(Some(Marker {
                    bullet: Some(0..bullet_end),
                    sep: bullet_end..sep_end,
                    enumeration: None,
                    end: sep_end + len,
                }));
            }
        }
    }
    if let Some((enumeration, end)) = enumeration_then_space(&line, 0)? {
        return Ok(Some(Marker {
            bullet: None,
            sep: 0..0,
            enumeration: Some(enumeration),
            end,
        }));
    }
    Ok(line.space(0).map(|len| Marker {
        bullet: None,
        sep: 0..0,
        enumeration: None,
        end: len,
    }))
}

/// The lengths an enumeration value can take, in the order the regex's
/// alternation `\d{1,3}|[a-z]|[ivx]{2,5}` tries them (each repetition
/// longest first), given how many digits (up to 3), letters (0 or 1) and
/// roman-numeral letters (up to 5) start there.
fn value_lengths(digits: usize, letter: usize, roman: usize) -> impl Iterator<Item = usize> {
    (1..=digits)
        .rev()
        .chain((1..=letter).rev())
        .chain((2..=roman).rev())
}

/// The first way, in the regex's order, that the `enum` group matches at
/// `i` with `\s` after it; and the end of that `\s`.
fn enumeration_then_space(
    line: &Line<'_>,
    i: usize,
) -> Result<Option<(Enumeration, usize)>, Undecided> {
    // `\((\d{1,3}|[a-zA-Z]|[ivx]{2,5})\)`
    if line.is(i, b'(') {
        let v = i + 1;
        let letter = usize::from(line.ascii(v, u8::is_ascii_alphabetic));
        for len in value_lengths(line.digits(v, 3)?, letter, line.roman(v, 5)) {
            if line.is(v + len, b')')
                && let Some(space) = line.space(v + len + 1)
            {
                let enumeration = Enumeration {
                    open: true,
                    value: v..v + len,
                    close: None,
                };
                return Ok(Some((enumeration, v + len + 1 + space)));
            }
        }
    }
    // `(\d{1,3}|[a-z]|[ivx]{2,5})(\.\)|\.|\))`
    let letter = usize::from(line.ascii(i, u8::is_ascii_lowercase));
    for len in value_lengths(line.digits(i, 3)?, letter, line.roman(i, 5)) {
        let at = i + len;
        let closes = [(b'.', Some(b')')), (b'.', None), (b')', None)];
        for (first, second) in closes {
            let close_end = match second {
                Some(second) if line.is(at, first) && line.is(at + 1, second) => at + 2,
                None if line.is(at, first) => at + 1,
                _ => continue,
            };
            if let Some(space) = line.space(close_end) {
                let enumeration = Enumeration {
                    open: false,
                    value: i..at,
                    close: Some(at..close_end),
                };
                return Ok(Some((enumeration, close_end + space)));
            }
        }
    }
    Ok(None)
}

/// `LABEL`, decided without the regex unless `as interpreted` is spelt
/// with a non-ASCII letter.
fn label_by_hand(s: &str) -> Result<Option<usize>, Undecided> {
    let line = Line(s);
    // Up to four words and the whitespace after each, then a word and `:`.
    // A word runs as far as it can: a shorter one would leave a word char
    // where `\s` or `:` must follow.
    let mut i = 0;
    let mut words = 0;
    loop {
        if !line.ascii(i, u8::is_ascii_uppercase) {
            return Ok(None);
        }
        i += 1;
        loop {
            if line.ascii(i, |b| matches!(b, b'A'..=b'Z' | b'\'' | b'.' | b'-')) {
                i += 1;
            } else if s[i..].starts_with('’') {
                i += '’'.len_utf8();
            } else {
                break;
            }
        }
        words += 1;
        if line.is(i, b':') {
            break;
        }
        if words > 4 || line.space(i).is_none() {
            return Ok(None);
        }
        i = line.spaces_end(i);
    }
    let colon_end = i + 1;
    // `(?:\s*\((?i:as interpreted)\.?\))?`, tried first.
    let open = line.spaces_end(colon_end);
    const AS_INTERPRETED: &[u8] = b"as interpreted";
    if line.is(open, b'(') {
        let words_end = open + 1 + AS_INTERPRETED.len();
        let found = s.as_bytes().get(open + 1..words_end).unwrap_or_default();
        if !found.is_ascii() {
            // `ſ` is `s` without regard to case.
            return Err(Undecided);
        }
        if found.eq_ignore_ascii_case(AS_INTERPRETED) {
            let group_end = if line.is(words_end, b'.') && line.is(words_end + 1, b')') {
                Some(words_end + 2)
            } else if line.is(words_end, b')') {
                Some(words_end + 1)
            } else {
                None
            };
            if let Some(end) = group_end.and_then(|end| space_or_end(&line, end)) {
                return Ok(Some(end));
            }
        }
    }
    Ok(space_or_end(&line, colon_end))
}

/// `(?:\s|$)` at `i`: the end of the match.
fn space_or_end(line: &Line<'_>, i: usize) -> Option<usize> {
    if i == line.0.len() {
        Some(i)
    } else {
        line.space(i).map(|len| i + len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line the matchers decide must get the regex's answer.
    fn agree(s: &str) {
        if let Ok(m) = marker_by_hand(s) {
            assert_eq!(m, marker_regex(s), "marker in {s:?}");
        }
        if let Ok(m) = label_by_hand(s) {
            assert_eq!(m, LABEL.find(s).map(|m| m.end()), "label in {s:?}");
        }
    }

    #[test]
    fn matchers_agree_with_the_regexes_on_lines_built_from_tricky_pieces() {
        let pieces = [
            "-",
            "*",
            " ",
            "  ",
            "\t",
            "1",
            "12",
            "123",
            "1234",
            "(",
            ")",
            ".",
            ".)",
            "a",
            "b",
            "Z",
            "i",
            "ii",
            "iv",
            "xiv",
            "vvvvvv",
            "x",
            ":",
            "Q",
            "PRESIDENT",
            "XI",
            "O'NEIL",
            "(as interpreted)",
            "(As Interpreted.)",
            "(as interpreted",
            "\u{a0}",
            "•",
            "’",
            "١",
            "ſ",
            "word",
            "\u{2003}",
            "²",
            "●",
            "Ⅳ",
            "I’M",
        ];
        let ends = ["", " ", "x", ":", " y", ")", "."];
        super::super::tests::each_text_of(&pieces, &ends, agree);
    }

    #[test]
    fn matchers_decide_plain_lines_without_the_regexes() {
        for s in [
            "1. The talks",
            "(a) They agreed",
            "iv) Then",
            "-  9. item",
            "The President said",
            "PRESIDENT XI: Thank you.",
            "Q: (As interpreted.) Yes",
        ] {
            assert!(marker_by_hand(s).is_ok(), "{s:?}");
            assert!(label_by_hand(s).is_ok(), "{s:?}");
        }
    }

    #[test]
    fn a_dash_bullet_needs_two_spaces_after_it() {
        assert_eq!(marker("- item"), None);
        assert!(marker("-  item").is_some_and(|m| m.bullet == Some(0..2)));
    }
}
