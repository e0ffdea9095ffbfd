//! A wire dateline: `SEOUL, Jan. 4 (Yonhap) --`, `BEIJING, Dec. 3 (Xinhua)
//! --`, `BEIJING —`, looked for at the start of a text's first paragraph.
//!
//! The dateline is defined by a regex, [`DATELINE`], and found by
//! hand-written code that gives the regex's answer without running it:
//! compiling the regex was 1.8M instructions, 0.6 ms of every run on a text
//! whose first paragraph holds a dash (a one-line text: 2.20 ms against
//! 1.61). As in `line_start.rs`, the code follows the regex's own order of
//! trial (leftmost-first: the leftmost start, then greedy repeats longest
//! first and an optional part tried before its absence), so it finds the
//! match the regex finds. It gives up, leaving the answer to the regex, on
//! the one thing it does not follow: a non-ASCII char where `\d` (Unicode
//! `Nd`, which std cannot test) may match. `tests` hold the two to the same
//! answers.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::line_start::Undecided;

/// `SEOUL, Jan. 4 (Yonhap) --`, `BEIJING, Dec. 3 (Xinhua) --`, `BEIJING —`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        [A-Z][A-Z'’.\-]+(?:\ [A-Z][A-Z'’.\-]+){0,2}        # city
        (?:,\ +[A-Z][a-z]{2,4}\.?\ +\d{1,2}(?:,\ +\d{4})?)?   # date
        (?:\ *\([A-Z][A-Za-z.]+\))?                         # agency
        \ *(?:--|—|–)",
    )
    .expect("dateline pattern is valid")
});

/// The leftmost match of [`DATELINE`] in `s`, as the regex finds it.
pub(super) fn find(s: &str) -> Option<Range<usize>> {
    by_hand(s).unwrap_or_else(|Undecided| DATELINE.find(s).map(|m| m.range()))
}

/// Where a match ends (`Ok(None)`: no match from here), or [`Undecided`].
type Found = Result<Option<usize>, Undecided>;

/// What follows a part of the pattern: the rest of the match, tried from
/// where the part ended.
type Rest<'r> = &'r mut dyn FnMut(usize) -> Found;

/// [`find`] without the regex: the matches tried at each start, left to
/// right. A match starts at `[A-Z]`, an ASCII byte, so at a char boundary.
///
/// When none starts at an uppercase letter, none starts later in the same
/// run of `[A-Z'’.\-]` either: a city word from there can end only where
/// one from here can, and what may follow its end does not depend on
/// where it began. So the search goes on after the run, and each run is
/// read a few times at most, not once from each of its letters (400
/// capitals took 825 µs that way).
fn by_hand(s: &str) -> Result<Option<Range<usize>>, Undecided> {
    let b = s.as_bytes();
    let mut start = 0;
    while start < b.len() {
        if !b[start].is_ascii_uppercase() {
            start += 1;
            continue;
        }
        if let Some(end) = city(b, start, &mut |i| after_city(b, i))? {
            return Ok(Some(start..end));
        }
        while let Some(len) = city_char(b, start) {
            start += len;
        }
    }
    Ok(None)
}

/// `[A-Z][A-Z'’.\-]+(?:\ [A-Z][A-Z'’.\-]+){0,2}` at `i`, then `rest`.
fn city(b: &[u8], i: usize, rest: Rest<'_>) -> Found {
    city_word(b, i, &mut |j| more_city_words(b, j, 2, rest))
}

/// `(?:\ [A-Z][A-Z'’.\-]+){0,left}` at `i`, greedy, then `rest`.
fn more_city_words(b: &[u8], i: usize, left: usize, rest: Rest<'_>) -> Found {
    if left > 0
        && b.get(i) == Some(&b' ')
        && let Some(end) = city_word(b, i + 1, &mut |j| more_city_words(b, j, left - 1, rest))?
    {
        return Ok(Some(end));
    }
    rest(i)
}

/// `[A-Z][A-Z'’.\-]+` at `i`, then `rest`.
fn city_word(b: &[u8], i: usize, rest: Rest<'_>) -> Found {
    if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
        return Ok(None);
    }
    match city_char(b, i + 1) {
        Some(len) => city_chars(b, i + 1 + len, rest),
        None => Ok(None),
    }
}

/// `[A-Z'’.\-]*` at `i`, greedy, then `rest`: a shorter run is tried only
/// when `rest` fails after the longer (`SEOUL--` is `SEOUL` and `--`).
fn city_chars(b: &[u8], i: usize, rest: Rest<'_>) -> Found {
    if let Some(len) = city_char(b, i)
        && let Some(end) = city_chars(b, i + len, rest)?
    {
        return Ok(Some(end));
    }
    rest(i)
}

/// The length of the `[A-Z'’.\-]` char at `i`, if there is one.
fn city_char(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'A'..=b'Z' | b'\'' | b'.' | b'-' => Some(1),
        _ if b[i..].starts_with("’".as_bytes()) => Some("’".len()),
        _ => None,
    }
}

/// The date, agency and dash after the city at `i`: the date is tried
/// before its absence.
fn after_city(b: &[u8], i: usize) -> Found {
    if let Some(end) = date(b, i, &mut |j| Ok(after_date(b, j)))? {
        return Ok(Some(end));
    }
    Ok(after_date(b, i))
}

/// `(?:\ *\([A-Z][A-Za-z.]+\))?\ *(?:--|—|–)` at `i`: the agency is tried
/// before its absence.
fn after_date(b: &[u8], i: usize) -> Option<usize> {
    agency(b, i).and_then(|j| dash(b, j)).or_else(|| dash(b, i))
}

/// `,\ +[A-Z][a-z]{2,4}\.?\ +\d{1,2}(?:,\ +\d{4})?` at `i`, then `rest`.
/// Each repeat but the year's has one way to go on: a shorter run leaves a
/// char that what follows cannot begin with (fewer spaces leave a space
/// where a letter or digit must be, a shorter month a letter where `.` or
/// a space must be, one digit of two a digit where nothing after the day
/// begins with one).
fn date(b: &[u8], i: usize, rest: Rest<'_>) -> Found {
    let Some(i) = byte(b, i, b',').and_then(|i| spaces1(b, i)) else {
        return Ok(None);
    };
    if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
        return Ok(None);
    }
    let month = b[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_lowercase())
        .count();
    if !(2..=4).contains(&month) {
        return Ok(None);
    }
    let i = i + 1 + month;
    let i = byte(b, i, b'.').unwrap_or(i);
    let Some(i) = spaces1(b, i) else {
        return Ok(None);
    };
    let Some(i) = digit(b, i)? else {
        return Ok(None);
    };
    let i = digit(b, i)?.unwrap_or(i);
    if let Some(j) = year(b, i)?
        && let Some(end) = rest(j)?
    {
        return Ok(Some(end));
    }
    rest(i)
}

/// `,\ +\d{4}` at `i`: where it ends.
fn year(b: &[u8], i: usize) -> Found {
    let Some(mut i) = byte(b, i, b',').and_then(|i| spaces1(b, i)) else {
        return Ok(None);
    };
    for _ in 0..4 {
        match digit(b, i)? {
            Some(j) => i = j,
            None => return Ok(None),
        }
    }
    Ok(Some(i))
}

/// `\ *\([A-Z][A-Za-z.]+\)` at `i`: where it ends. The run stops only at
/// a char outside it, which must be the `)`. No space: `(Yonhap News)` is
/// not an agency (the regex, in `(?x)` mode, always ignored the space its
/// class was once written with).
fn agency(b: &[u8], i: usize) -> Option<usize> {
    let i = byte(b, spaces(b, i), b'(')?;
    if !b.get(i).is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let run = b[i + 1..]
        .iter()
        .take_while(|&&c| c.is_ascii_alphabetic() || c == b'.')
        .count();
    if run == 0 {
        return None;
    }
    byte(b, i + 1 + run, b')')
}

/// `\ *(?:--|—|–)` at `i`: where it ends.
fn dash(b: &[u8], i: usize) -> Option<usize> {
    let i = spaces(b, i);
    ["--", "—", "–"]
        .into_iter()
        .find(|d| b[i..].starts_with(d.as_bytes()))
        .map(|d| i + d.len())
}

/// `\d` at `i`: where it ends; [`Undecided`] at a non-ASCII char, which may
/// be a digit of another script, unless it is one of U+2000–U+207F (bytes
/// `E2 80` and `E2 81`: General Punctuation, with the dashes and `’`, and
/// the superscripts, whose digits are `No`, not `Nd`), where `\d` matches
/// nothing.
fn digit(b: &[u8], i: usize) -> Found {
    match b.get(i..) {
        Some([c, ..]) if c.is_ascii_digit() => Ok(Some(i + 1)),
        Some([0xE2, 0x80 | 0x81, ..]) => Ok(None),
        Some([c, ..]) if !c.is_ascii() => Err(Undecided),
        _ => Ok(None),
    }
}

/// `c` at `i`: where it ends.
fn byte(b: &[u8], i: usize, c: u8) -> Option<usize> {
    (b.get(i) == Some(&c)).then_some(i + 1)
}

/// `\ *` at `i`, greedy: where it ends.
fn spaces(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|&&c| c == b' ').count()
}

/// `\ +` at `i`, greedy: where it ends.
fn spaces1(b: &[u8], i: usize) -> Option<usize> {
    let end = spaces(b, i);
    (end > i).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the matcher decides, it must give the regex's match.
    fn agree(s: &str) {
        if let Ok(m) = by_hand(s) {
            assert_eq!(m, DATELINE.find(s).map(|m| m.range()), "dateline in {s:?}");
        }
    }

    #[test]
    fn the_matcher_agrees_with_the_regex_on_text_built_from_tricky_pieces() {
        let pieces = [
            "SEOUL",
            "NEW",
            "N.Y.",
            "O'NEIL",
            "D’",
            "A",
            "Seoul",
            "x",
            " ",
            "  ",
            ",",
            ", ",
            "-",
            "--",
            "—",
            "–",
            "Jan",
            "Jan.",
            "Janua",
            "4",
            "12",
            "123",
            ", 2026",
            ",2026",
            "(Yonhap)",
            "(Xinhua",
            "(a)",
            "(A)",
            "(A b)",
            "(Yonhap News)",
            "Januar",
            "(",
            ")",
            "٤",
            "５",
            "’",
        ];
        let ends = ["", " --", "—", " (AP) –", ", Dec. 3 --", "-"];
        super::super::tests::each_text_of(&pieces, &ends, agree);
    }

    #[test]
    fn the_matcher_agrees_with_the_regex_on_wire_datelines() {
        for s in [
            "SEOUL, Jan. 4 (Yonhap) -- President Lee Jae Myung will visit China.",
            "BEIJING, Dec. 3 (Xinhua) -- Chinese President Xi Jinping met",
            "BEIJING — China and the ROK held talks.",
            "NEW YORK CITY, Sept. 29, 1972 (AP) – The ministers met.",
            "WASHINGTON--The United States and the People's Republic",
            "SEOUL--",
            "Seoul, Dec 4 -- Wang Yi said China opposes it.",
            "The talks -- the first since 2015 -- were held in SEOUL.",
            "U.S.-ROK talks — the ROK side said",
            "SAN JOSE DEL MONTE CITY -- four words",
            "SEOUL, Janu. 4 --",
            "SEOUL, Janua. 4 --",
            "SEOUL, Janua 4 --",
            "SEOUL, Januar. 4 --",
            "SEOUL, Januar 4 --",
            "SEOUL, J. 4 --",
            "O’NEIL CITY, Jan. 4 --",
            "O'NEIL CITY, Jan. 4 --",
            "SEOUL, Jan. 4, 2026 (Yonhap) --",
            "SEOUL, Jan. 4, 20266 --",
            "SEOUL, Jan. 44 --",
            "SEOUL, Jan. 444 --",
            "SEOUL (Yonhap) --",
            "SEOUL (yonhap) --",
            "SEOUL () --",
            "SEOUL (A) --",
            "SEOUL (Yonhap News) --",
            "WASHINGTON (Associated Press) -- The talks began.",
            "TOKYO (Kyodo News) — x",
            "SEOUL, Jan. 4— the talks",
            "SEOUL, Jan. 4, 2026— the talks",
        ] {
            agree(s);
            assert!(by_hand(s).is_ok(), "undecided on {s:?}");
        }
    }

    #[test]
    fn the_matcher_agrees_with_the_regex_on_long_runs_of_capitals() {
        let words = vec!["A".repeat(98); 4].join(" ");
        for s in [
            "A".repeat(400),
            "A".repeat(397) + "x--",
            words.clone() + "x--",
            words + " --",
            "A-".repeat(200),
            "A.".repeat(200),
            "A".repeat(200) + &" ".repeat(196) + "x--",
            "A’".repeat(100) + "--",
        ] {
            agree(&s);
            assert!(by_hand(&s).is_ok(), "undecided on {s:?}");
        }
    }

    #[test]
    fn a_digit_of_another_script_is_left_to_the_regex() {
        for s in [
            "SEOUL, Jan. ٤ --",
            "SEOUL, Jan. 4, 20２6 --",
            "SEOUL, Jan. 4５ --",
        ] {
            assert!(by_hand(s).is_err(), "{s:?}");
            assert_eq!(find(s), DATELINE.find(s).map(|m| m.range()), "{s:?}");
        }
        // `\d` is any script's digit: the regex finds the date in these.
        assert_eq!(find("SEOUL, Jan. ٤ --"), Some(0.."SEOUL, Jan. ٤ --".len()));
    }
}
