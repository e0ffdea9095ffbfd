//! Topic patterns: regexes that run only on the sentences that can match.
//!
//! A pattern such as `(?:maintain|expand)(?: [\w-]+){0,4} exchanges` cannot
//! match a sentence without `exchange` in it, and almost no sentence has it.
//! So each pattern's longest literal that every match must contain is worked
//! out from its syntax once, when the lexicon is compiled, and the regex runs
//! only where a fast literal search finds it.

use std::sync::OnceLock;

use memchr::memmem::Finder;
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Compiled patterns larger than this are refused.
const SIZE_LIMIT: usize = 1 << 20;

/// A topic pattern, its regex (compiled with the lexicon, or on first use)
/// and the literal its matches need, if any.
///
/// Serialized (for the built-in lexicon's snapshot) as its source and its
/// required literal: the regex is compiled on first use after loading.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(into = "PatternParts", from = "PatternParts")]
pub(super) struct Pattern {
    source: Box<str>,
    /// The regex, case-insensitive.
    regex: OnceLock<Regex>,
    /// Finds the required literal (lowercase) in lowercased text.
    required: Option<Finder<'static>>,
}

/// What of a [`Pattern`] is serialized.
#[derive(serde::Serialize, serde::Deserialize)]
struct PatternParts {
    source: Box<str>,
    required: Option<Vec<u8>>,
}

impl From<Pattern> for PatternParts {
    fn from(pattern: Pattern) -> Self {
        PatternParts {
            source: pattern.source,
            required: pattern.required.map(|f| f.needle().to_vec()),
        }
    }
}

impl From<PatternParts> for Pattern {
    fn from(parts: PatternParts) -> Self {
        Pattern {
            source: parts.source,
            regex: OnceLock::new(),
            required: parts.required.map(|n| Finder::new(&n).into_owned()),
        }
    }
}

/// Why a pattern was refused.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum PatternError {
    /// It matches the empty string: it would tag every sentence.
    MatchesEmpty,
    /// A syntax error or too large, in one line.
    Invalid(String),
}

/// The regex of `source`, case-insensitive, or what is wrong with it in
/// one line.
///
/// The regex engine is built without its own prefilter: working one out
/// (literal extraction over a case-insensitive alternation) cost more than
/// compiling the rest, at every start, and the required literal does that
/// job here.
fn build(source: &str) -> Result<Regex, PatternError> {
    Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(true))
        .configure(
            Regex::config()
                .auto_prefilter(false)
                .nfa_size_limit(Some(SIZE_LIMIT)),
        )
        .build(source)
        .map_err(|e| {
            PatternError::Invalid(match e.syntax_error() {
                Some(syntax) => syntax
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("invalid")
                    .trim()
                    .trim_start_matches("error: ")
                    .trim_end_matches('.')
                    .to_owned(),
                None => {
                    format!("compiled pattern exceeds size limit of {SIZE_LIMIT} bytes")
                }
            })
        })
}

impl Pattern {
    /// Compile `source` now, or say what is wrong with it in one line.
    pub(super) fn compile(source: &str) -> Result<Pattern, PatternError> {
        let regex = build(source)?;
        if source.trim().is_empty() || regex.is_match("") {
            return Err(PatternError::MatchesEmpty);
        }
        Ok(Pattern {
            regex: OnceLock::from(regex),
            ..Pattern::deferred(source)
        })
    }

    /// `source`, known to compile (the built-in lexicon's patterns, which
    /// the tests compile), with its regex compiled on first use. Most texts
    /// never need it (29 of the 42 corpus texts have no "exchange"), and a
    /// pattern with a Unicode class such as `[\w-]` costs more to compile
    /// than the rest of the lexicon.
    pub(super) fn deferred(source: &str) -> Pattern {
        Pattern {
            source: source.into(),
            regex: OnceLock::new(),
            required: required_literal(source).map(|literal| Finder::new(&literal).into_owned()),
        }
    }

    /// The regex, compiled now if it was deferred.
    pub(super) fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source).expect("a deferred pattern compiles (the built-in ones are tested)")
        })
    }

    /// False when the pattern cannot match `text`: its required literal is
    /// missing. True means the regex has to be run. `folded` holds `text`
    /// ASCII-lowercased, or is empty and gets it on the first need, so the
    /// patterns of one text share one lowercased copy.
    pub(super) fn may_match(&self, text: &str, folded: &mut Vec<u8>) -> bool {
        let Some(required) = &self.required else {
            return true;
        };
        if folded.len() != text.len() {
            folded.clear();
            folded.extend_from_slice(text.as_bytes());
            folded.make_ascii_lowercase();
        }
        required.find(folded).is_some()
    }
}

/// The longest run of ASCII text that every match of `source` (compiled
/// case-insensitively) contains, lowercased; None when there is none of at
/// least three bytes worth searching for.
fn required_literal(source: &str) -> Option<Vec<u8>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .ok()?;
    // Trimmed to its letters and digits: a literal search keyed on a space
    // would stop at every word.
    let literal = longest_required(&hir)?;
    let start = literal.iter().position(u8::is_ascii_alphanumeric)?;
    let end = literal.iter().rposition(u8::is_ascii_alphanumeric)? + 1;
    Some(literal[start..end].to_vec()).filter(|l| l.len() >= 3)
}

/// The longest literal every match of `hir` contains, lowercased.
fn longest_required(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Capture(capture) => longest_required(&capture.sub),
        HirKind::Repetition(rep) if rep.min >= 1 => longest_required(&rep.sub),
        HirKind::Concat(subs) => {
            let mut best: Option<Vec<u8>> = None;
            let mut run: Vec<u8> = Vec::new();
            let keep = |candidate: Vec<u8>, best: &mut Option<Vec<u8>>| {
                if best.as_ref().is_none_or(|b| candidate.len() > b.len()) {
                    *best = Some(candidate);
                }
            };
            for sub in subs {
                if let Some(bytes) = folded_literal(sub) {
                    run.extend(bytes);
                    continue;
                }
                keep(std::mem::take(&mut run), &mut best);
                if let Some(inner) = longest_required(sub) {
                    keep(inner, &mut best);
                }
            }
            keep(run, &mut best);
            best.filter(|b| !b.is_empty())
        }
        _ => folded_literal(hir),
    }
}

/// The lowercased ASCII bytes `hir` matches exactly, up to ASCII case: a
/// literal, or a class that is one ASCII letter in both cases (and nothing
/// else: `k` also matches the Kelvin sign, so it is not one).
fn folded_literal(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Literal(literal) if literal.0.is_ascii() => Some(literal.0.to_ascii_lowercase()),
        HirKind::Class(Class::Unicode(class)) => {
            let chars: Vec<char> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .take(3)
                .collect();
            match chars[..] {
                [upper, lower]
                    if upper.is_ascii_uppercase() && lower == upper.to_ascii_lowercase() =>
                {
                    Some(vec![lower as u8])
                }
                [c] if c.is_ascii() => Some(vec![(c as u8).to_ascii_lowercase()]),
                _ => None,
            }
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes: Vec<u8> = class
                .ranges()
                .iter()
                .flat_map(|r| r.start()..=r.end())
                .take(3)
                .collect();
            match bytes[..] {
                [upper, lower]
                    if upper.is_ascii_uppercase() && lower == upper.to_ascii_lowercase() =>
                {
                    Some(vec![lower])
                }
                [b] if b.is_ascii() => Some(vec![b.to_ascii_lowercase()]),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn required(source: &str) -> Option<String> {
        required_literal(source).map(|l| String::from_utf8(l).unwrap())
    }

    #[test]
    fn finds_the_literal_every_match_needs() {
        assert_eq!(
            required(r"(?:maintain|expand)(?: [\w-]+){0,4} exchanges").as_deref(),
            // `s` also matches U+017F (long s), so the run stops before it.
            Some("exchange")
        );
        assert_eq!(
            required(r"(?:youth|local) exchanges").as_deref(),
            Some("exchange")
        );
        assert_eq!(required(r"fooo(bar)+baz").as_deref(), Some("fooo"));
        assert_eq!(required(r"a|b"), None);
        assert_eq!(required(r"x\d+y"), None);
        assert_eq!(required(r"(?:ab)?cde").as_deref(), Some("cde"));
    }

    #[test]
    fn the_filter_never_hides_a_match() {
        let sources = [
            r"(?:maintain|expand)(?: [\w-]+){0,4} exchanges",
            r"(?:youth|local) exchanges",
            r"nuclear[- ]armed",
            r"(?:ab)?cde",
        ];
        let texts = [
            "They agreed to expand people-to-people EXCHANGES.",
            "Youth Exchanges resumed.",
            "a Nuclear-Armed state",
            "xxCDExx",
            "youth exchangeſ",
            "nothing here",
        ];
        for source in sources {
            let regex = regex::RegexBuilder::new(source)
                .case_insensitive(true)
                .build()
                .unwrap();
            let pattern = Pattern::compile(source).unwrap();
            for text in texts {
                assert_eq!(
                    pattern.regex().find(text).map(|m| m.range()),
                    regex.find(text).map(|m| m.range())
                );
                if regex.is_match(text) {
                    assert!(
                        pattern.may_match(text, &mut Vec::new()),
                        "{source} on {text}"
                    );
                }
            }
        }
    }
}
