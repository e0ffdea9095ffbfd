//! Topic patterns: regexes that run only on the sentences that can match.
//!
//! A pattern such as `(?:maintain|expand)(?: [\w-]+){0,4} exchanges` cannot
//! match a sentence without `exchange` in it, and almost no sentence has it.
//! So each pattern's longest literal that every match must contain is worked
//! out from its syntax once, when the lexicon is compiled, and the regex runs
//! only where a fast literal search finds it. The search looks for the
//! literal's rarest letter in either case (`x` of `exchange`) and compares
//! the bytes around each one, ignoring ASCII case, so the text is never
//! copied to be lowercased; and it is made once per paragraph before it is
//! made per sentence.
//!
//! Where it does run, it usually runs in its ASCII form: the same pattern
//! with every class cut down to its ASCII members, which compiles in a
//! tenth of the time (a Unicode `[\w-]` repeated four times was 22M
//! instructions to compile and warm up, most of a run on a short text).
//! That form finds exactly what the full pattern finds in any text that
//! holds none of the non-ASCII chars the full pattern could match or look
//! at: such a text never lets the full pattern leave ASCII either. So the
//! full pattern is compiled only for a sentence that holds one of them
//! (`Türkiye`, a Kelvin sign); curly quotes, dashes and no-break spaces are
//! not among them unless the pattern names them.
//!
//! The built-in lexicon's ASCII forms go one step further: its snapshot
//! (`snapshot.rs`) carries each one compiled to an anchored dense DFA
//! ([`Precompiled`]), so a short run neither compiles them nor warms up a
//! lazy DFA: that was 8.1M of the 13.4M instructions of a run on the seed
//! readout, which mentions exchanges, and 9.0M of 93.7M on 1 MB of
//! readouts. The regex is still compiled when the DFA hands over: after a
//! form's first 512 KB of searched text ([`DENSE_BYTES`]), where the warm
//! regex is faster, and for a unit whose walks run out of budget
//! ([`Dense::find_from`]).

use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use regex_automata::dfa::{Automaton, dense};
use regex_automata::meta::{self, Regex};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};

use super::lent::Lent;

/// Compiled patterns larger than this are refused.
const SIZE_LIMIT: usize = 1 << 20;

/// A topic pattern, its regex (compiled with the lexicon, or on first use)
/// and the literal its matches need, if any.
///
/// Serialized (for the built-in lexicon's snapshot) as its source, its
/// required literal and its ASCII form (with the form's dense DFA, when
/// [`Pattern::precompiled`] built one): the regexes are compiled on first
/// use after loading.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(
    into = "PatternParts",
    from = "PatternParts",
    bound(deserialize = "'de: 'static")
)]
pub(super) struct Pattern {
    source: Box<str>,
    /// The regex, case-insensitive.
    regex: OnceLock<Regex>,
    /// The literal every match contains, if any.
    required: Option<Literal>,
    /// The pattern's ASCII form, when it has one.
    ascii: Option<AsciiForm>,
}

/// A pattern cut down to ASCII (see the module's doc). Serialized without
/// its regex, which is compiled on first use.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct AsciiForm {
    /// The pattern with every class cut to its ASCII members and every
    /// non-ASCII literal made unmatchable, printed back to a regex. Case
    /// folding is already spelled out in its classes: it is compiled
    /// case-sensitively.
    source: Box<str>,
    /// The non-ASCII chars that the full pattern can match, or that its
    /// Unicode word boundaries look at (`\w`), as sorted ranges. A text
    /// with none of them gets the same matches from either form.
    sensitive: Box<[(char, char)]>,
    #[serde(skip)]
    regex: OnceLock<Regex>,
    /// The same form compiled ahead of time, when the lexicon was read
    /// from the built-in snapshot ([`Pattern::precompiled`]).
    dense: Option<Precompiled>,
}

/// An ASCII form compiled to an anchored dense DFA: the matches that start
/// at a given position. It is tried at each position, left to right, that
/// holds a byte a match can start with; the first position with a match
/// gives the leftmost match, and the DFA's leftmost-first semantics its
/// end, which is what an unanchored search finds. An unanchored DFA would
/// find it in one pass, but `(?: [\w-]+){0,4} exchanges` made that 435 KB,
/// and reading it back cost more than compiling the pattern.
///
/// Kept as the DFA's bytes (little-endian, as `regex-automata` writes them;
/// the built-in lexicon's borrowed from its snapshot, `lent.rs`) and read
/// back, with its checks, the first time a text needs it: most texts never
/// do. Bytes that do not read back (a big-endian machine) leave the form
/// to its regex.
///
/// Position by position is slower per byte than the regex's unanchored
/// lazy DFA once that is built and warm (on the 100 MB corpus 3.7% of a run
/// against 2.2%), so it serves a run's first [`DENSE_BYTES`] of searched
/// text, and the regex, compiled then, serves the rest: a short run never
/// compiles it, a long one amortises it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct Precompiled {
    bytes: Lent,
    #[serde(skip)]
    ready: OnceLock<Option<Dense>>,
    /// How many bytes of text it has been asked to search.
    #[serde(skip)]
    searched: Searched,
}

/// The text a form's DFA serves before its regex takes over: about what a
/// run on 8 MB of readouts searches (compiling and warming up the regex
/// costs about 1 ms, the DFA about 0.2 ms more than the regex a MB).
const DENSE_BYTES: usize = 512 * 1024;

/// A count of bytes searched, shared by the threads that search a form.
#[derive(Debug, Default)]
struct Searched(AtomicUsize);

impl Clone for Searched {
    fn clone(&self) -> Searched {
        Searched(AtomicUsize::new(self.0.load(Ordering::Relaxed)))
    }
}

/// A [`Precompiled`] DFA read back.
#[derive(Clone, Debug)]
struct Dense {
    dfa: dense::DFA<Vec<u32>>,
    /// The start state after each byte (index `1 + byte`), and at the
    /// start of the text (index 0).
    start_after: Box<[StateID; 257]>,
    /// For each byte, whether a match could start with it after some
    /// preceding byte (or none): the DFA does not die on it from one of
    /// the start states. A superset, to skip positions that cannot start
    /// a match.
    starts: Box<[bool; 256]>,
}

impl Precompiled {
    /// The DFA for a search of `len` bytes, while it serves
    /// ([`DENSE_BYTES`]).
    fn serving(&self, len: usize) -> Option<&Dense> {
        let before = self.searched.0.fetch_add(len, Ordering::Relaxed);
        if before >= DENSE_BYTES {
            return None;
        }
        self.get()
    }

    /// The DFA, read back now if this is the first time.
    fn get(&self) -> Option<&Dense> {
        self.ready
            .get_or_init(|| Dense::read(&self.bytes).ok())
            .as_ref()
    }
}

impl Dense {
    /// The DFA serialized as `bytes`, checked. `DFA::from_bytes` reads the
    /// transitions in place as `u32`s, so the bytes are first copied to a
    /// four-byte boundary (a snapshot's are wherever postcard put them).
    fn read(bytes: &[u8]) -> Result<Dense, String> {
        let mut buffer = vec![0u8; bytes.len() + 3];
        let start = buffer.as_ptr().align_offset(4);
        let aligned = buffer
            .get_mut(start..)
            .and_then(|rest| rest.get_mut(..bytes.len()))
            .ok_or("no four-byte boundary in the buffer")?;
        aligned.copy_from_slice(bytes);
        let (dfa, _) = dense::DFA::from_bytes(aligned).map_err(|e| e.to_string())?;
        Dense::new(dfa.to_owned())
    }

    /// `dfa` (anchored; its form cannot match the empty string), its start
    /// states, and the bytes its matches can start with: those that lead
    /// anywhere but the dead state from some start state.
    fn new(dfa: dense::DFA<Vec<u32>>) -> Result<Dense, String> {
        let mut start_after = Box::new([StateID::ZERO; 257]);
        let behind = std::iter::once(None).chain((0..=255u8).map(Some));
        for (look_behind, slot) in behind.zip(start_after.iter_mut()) {
            let config = start::Config::new()
                .anchored(Anchored::Yes)
                .look_behind(look_behind);
            *slot = dfa.start_state(&config).map_err(|e| e.to_string())?;
        }
        let mut distinct = start_after.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        let mut starts = Box::new([false; 256]);
        for state in distinct {
            for (byte, can) in (0..=255u8).zip(starts.iter_mut()) {
                *can |= !dfa.is_dead_state(dfa.next_state(state, byte));
            }
        }
        Ok(Dense {
            dfa,
            start_after,
            starts,
        })
    }

    /// The first match in `text` that starts at or after `from`, starting
    /// no walk once `budget` bytes have been walked in all (what is left is
    /// kept in it; a walk may overrun it by its own length): `Err` when
    /// that came before the answer.
    ///
    /// Each position's walk goes on until the DFA dies, so a text that
    /// keeps many walks alive (a long list of "youth, youth, ..." and no
    /// "exchanges" after it, for `(?:,? (?:and )?(?:youth|...))* exchanges`)
    /// would cost time in the square of its length; the budget bounds that,
    /// and the caller goes on with the regex, which is linear.
    fn find_from(
        &self,
        text: &str,
        from: usize,
        budget: &mut usize,
    ) -> Result<Option<Range<usize>>, OutOfBudget> {
        let bytes = text.as_bytes();
        // Only ASCII bytes can start an ASCII form's match, so every
        // position tried is a char boundary.
        for at in (from..bytes.len()).filter(|&at| self.starts[usize::from(bytes[at])]) {
            if *budget == 0 {
                return Err(OutOfBudget);
            }
            let (end, walked) = self.end_of_match_at(bytes, at);
            *budget = budget.saturating_sub(walked);
            if let Some(end) = end {
                return Ok(Some(at..end));
            }
        }
        Ok(None)
    }

    /// The end of the match that starts at `start`, if one does: the DFA
    /// is run from the start state for the byte before `start` until it
    /// dies, and the last match state it passed gives the end, as
    /// `regex-automata`'s own search does (a match state is entered one
    /// byte after the match ends). Its `try_search_fwd` spent 40 to 100
    /// instructions a call before the first byte, and most positions fail
    /// on their first or second byte. There are no quit states (it was
    /// built without Unicode word boundaries); start and accelerated states
    /// are walked through. Also gives the number of bytes walked.
    fn end_of_match_at(&self, bytes: &[u8], start: usize) -> (Option<usize>, usize) {
        let dfa = &self.dfa;
        let behind = start
            .checked_sub(1)
            .map_or(0, |i| 1 + usize::from(bytes[i]));
        let mut state = self.start_after[behind];
        let mut end = None;
        for (at, &byte) in (start..).zip(&bytes[start..]) {
            state = dfa.next_state(state, byte);
            if dfa.is_special_state(state) {
                if dfa.is_match_state(state) {
                    end = Some(at);
                } else if dfa.is_dead_state(state) {
                    return (end, at + 1 - start);
                }
            }
        }
        if dfa.is_match_state(dfa.next_eoi_state(state)) {
            end = Some(bytes.len());
        }
        (end, bytes.len() - start)
    }
}

/// [`Dense::find_from`] walked as many bytes as it may.
#[derive(Debug)]
struct OutOfBudget;

/// The bytes the DFA walks of a text of `len` bytes before its search is
/// handed to the regex. On the 1 MB corpus the walks cover 0.9 of the
/// text searched (144 units; 1.3 times the unit at most): most positions
/// die on their first or second byte.
fn walk_budget(len: usize) -> usize {
    len.saturating_mul(8).saturating_add(4096)
}

impl AsciiForm {
    /// The ASCII form of a parsed pattern, or None when the pattern holds
    /// nothing that differs outside ASCII (it is its own ASCII form) or
    /// when the printed form does not read back as what was printed.
    fn of(hir: &Hir) -> Option<AsciiForm> {
        let mut sensitive = ClassUnicode::empty();
        let cut = cut_to_ascii(hir, &mut sensitive);
        if sensitive.ranges().is_empty() {
            return None;
        }
        // regex-syntax prints a repetition directly inside another without
        // a group, so `(?:\w+)?` comes out as `[0-9A-Z_a-z]+?`, a lazy `+`:
        // a form is kept only if its text parses back to the same HIR.
        let source = cut.to_string();
        if regex_syntax::parse(&source).ok()? != cut {
            return None;
        }
        Some(AsciiForm {
            source: source.into(),
            sensitive: sensitive
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            regex: OnceLock::new(),
            dense: None,
        })
    }

    /// Whether `text` holds none of the chars that tell the forms apart.
    fn answers_for(&self, text: &str) -> bool {
        text.is_ascii()
            || !text.chars().any(|c| {
                !c.is_ascii()
                    && self
                        .sensitive
                        .binary_search_by(|&(start, end)| {
                            if end < c {
                                std::cmp::Ordering::Less
                            } else if start > c {
                                std::cmp::Ordering::Greater
                            } else {
                                std::cmp::Ordering::Equal
                            }
                        })
                        .is_ok()
            })
    }

    fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // A user's pattern keeps its ASCII form only if that compiled at
            // load; the built-in ones are tested.
            build(&self.source, false).expect("a pattern's ASCII form compiles")
        })
    }

    /// The matches of this form in `text`: through its dense DFA when it
    /// has one that still serves ([`DENSE_BYTES`]), handing over to the
    /// regex if the walks run out of budget; else through its regex
    /// (compiled now if need be).
    fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        self.find_iter_with_budget(text, walk_budget(text.len()))
    }

    /// [`AsciiForm::find_iter`], with the DFA allowed to walk `budget`
    /// bytes before the regex takes over.
    fn find_iter_with_budget<'r, 't>(&'r self, text: &'t str, budget: usize) -> Matches<'r, 't> {
        match self.dense.as_ref().and_then(|d| d.serving(text.len())) {
            Some(dense) => Matches(Engine::Dense {
                form: self,
                dense,
                text,
                at: 0,
                budget,
            }),
            None => Matches(Engine::Meta(self.regex().find_iter(text))),
        }
    }

    /// This form with its dense DFA built, or as it is when that cannot be
    /// built within [`SIZE_LIMIT`] or the form can match the empty string.
    /// An ASCII form's word boundaries are ASCII ones (`cut_to_ascii`), so
    /// the DFA needs no quit bytes and its searches cannot fail.
    #[cfg(test)]
    fn precompiled(&self) -> AsciiForm {
        let never_empty = regex_syntax::parse(&self.source)
            .ok()
            .and_then(|hir| hir.properties().minimum_len())
            .is_some_and(|len| len > 0);
        let dense = dense::Builder::new()
            .syntax(syntax::Config::new().case_insensitive(false))
            .configure(
                dense::Config::new()
                    .start_kind(regex_automata::dfa::StartKind::Anchored)
                    .minimize(true)
                    .dfa_size_limit(Some(SIZE_LIMIT))
                    .determinize_size_limit(Some(SIZE_LIMIT)),
            )
            .build(&self.source)
            .ok()
            .filter(|_| never_empty)
            .map(|dfa| {
                let (bytes, padding) = dfa.to_bytes_little_endian();
                Precompiled {
                    bytes: Lent::owned(bytes[padding..].to_vec()),
                    ready: OnceLock::new(),
                    searched: Searched::default(),
                }
            });
        AsciiForm {
            dense,
            ..self.clone()
        }
    }
}

/// The matches of a pattern in a text, as byte ranges, from whichever
/// engine [`Pattern::find_iter`] chose.
pub(super) struct Matches<'r, 't>(Engine<'r, 't>);

/// What finds the next of [`Matches`].
enum Engine<'r, 't> {
    /// An ASCII form's precompiled DFA, with where to look next and how
    /// many bytes it may still walk ([`Dense::find_from`]).
    Dense {
        form: &'r AsciiForm,
        dense: &'r Dense,
        text: &'t str,
        at: usize,
        budget: usize,
    },
    /// A regex, run by the meta engine.
    Meta(meta::FindMatches<'r, 't>),
}

impl Matches<'_, '_> {
    /// Whether the matches come from a precompiled DFA (so far).
    #[cfg(test)]
    pub(super) fn is_dense(&self) -> bool {
        matches!(self.0, Engine::Dense { .. })
    }
}

impl Iterator for Matches<'_, '_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        match &mut self.0 {
            Engine::Dense {
                form,
                dense,
                text,
                at,
                budget,
            } => match dense.find_from(text, *at, budget) {
                Ok(found) => {
                    let found = found?;
                    // Never empty (`AsciiForm::precompiled`); moved on by
                    // a byte at least all the same, so that this ends.
                    *at = found.end.max(found.start + 1);
                    Some(found)
                }
                Err(OutOfBudget) => {
                    // The regex goes on from where the DFA was, with the
                    // text before it still in view for its look-behind.
                    let input = Input::new(*text).range(*at..);
                    self.0 = Engine::Meta(form.regex().find_iter(input));
                    self.next()
                }
            },
            Engine::Meta(matches) => matches.next().map(|m| m.range()),
        }
    }
}

/// `hir` with its classes cut to ASCII, its non-ASCII literals replaced
/// by a class that matches nothing, and its Unicode word boundaries made
/// ASCII ones; what was cut off (and `\w`, for a Unicode word boundary)
/// is added to `sensitive`.
fn cut_to_ascii(hir: &Hir, sensitive: &mut ClassUnicode) -> Hir {
    let ascii = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7F')]);
    match hir.kind() {
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => match std::str::from_utf8(&literal.0) {
            Ok(text) if !text.is_ascii() => {
                for c in text.chars().filter(|c| !c.is_ascii()) {
                    sensitive.union(&ClassUnicode::new([ClassUnicodeRange::new(c, c)]));
                }
                Hir::fail()
            }
            _ => hir.clone(),
        },
        HirKind::Class(Class::Unicode(class)) => {
            let mut outside = class.clone();
            outside.difference(&ascii);
            sensitive.union(&outside);
            let mut inside = class.clone();
            inside.intersect(&ascii);
            Hir::class(Class::Unicode(inside))
        }
        HirKind::Class(Class::Bytes(_)) => hir.clone(),
        HirKind::Look(look) => {
            let ascii_look = match look {
                Look::WordUnicode => Look::WordAscii,
                Look::WordUnicodeNegate => Look::WordAsciiNegate,
                Look::WordStartUnicode => Look::WordStartAscii,
                Look::WordEndUnicode => Look::WordEndAscii,
                Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
                Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
                other => return Hir::look(*other),
            };
            let mut word = perl_word();
            word.difference(&ascii);
            sensitive.union(&word);
            Hir::look(ascii_look)
        }
        HirKind::Repetition(rep) => Hir::repetition(regex_syntax::hir::Repetition {
            sub: Box::new(cut_to_ascii(&rep.sub, sensitive)),
            ..rep.clone()
        }),
        HirKind::Capture(capture) => Hir::capture(regex_syntax::hir::Capture {
            sub: Box::new(cut_to_ascii(&capture.sub, sensitive)),
            ..capture.clone()
        }),
        HirKind::Concat(subs) => {
            Hir::concat(subs.iter().map(|h| cut_to_ascii(h, sensitive)).collect())
        }
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| cut_to_ascii(h, sensitive)).collect())
        }
    }
}

/// Unicode's `\w`.
fn perl_word() -> ClassUnicode {
    match regex_syntax::parse(r"\w").map(Hir::into_kind) {
        Ok(HirKind::Class(Class::Unicode(class))) => class,
        other => unreachable!("\\w parses to a Unicode class, not {other:?}"),
    }
}

/// What of a [`Pattern`] is serialized.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct PatternParts {
    source: Box<str>,
    required: Option<Vec<u8>>,
    ascii: Option<AsciiForm>,
}

impl From<Pattern> for PatternParts {
    fn from(pattern: Pattern) -> Self {
        PatternParts {
            source: pattern.source,
            required: pattern.required.map(|l| l.needle.into_vec()),
            ascii: pattern.ascii,
        }
    }
}

impl From<PatternParts> for Pattern {
    fn from(parts: PatternParts) -> Self {
        Pattern {
            source: parts.source,
            regex: OnceLock::new(),
            required: parts.required.map(Literal::new),
            ascii: parts.ascii,
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

/// The regex of `source` (case-insensitive: the lexicon's patterns are),
/// or what is wrong with it in one line.
///
/// The regex engine is built without its own prefilter: working one out
/// (literal extraction over a case-insensitive alternation) cost more than
/// compiling the rest, at every start, and the required literal does that
/// job here.
fn build(source: &str, case_insensitive: bool) -> Result<Regex, PatternError> {
    Regex::builder()
        .syntax(syntax::Config::new().case_insensitive(case_insensitive))
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
        let regex = build(source, true)?;
        if source.trim().is_empty() || regex.is_match("") {
            return Err(PatternError::MatchesEmpty);
        }
        let mut pattern = Pattern {
            regex: OnceLock::from(regex),
            ..Pattern::deferred(source)
        };
        // An ASCII form that does not compile (a size limit) is not used:
        // the full pattern is, as it would be without one.
        pattern.ascii = pattern.ascii.take().and_then(|ascii| {
            let regex = build(&ascii.source, false).ok()?;
            let _ = ascii.regex.set(regex);
            Some(ascii)
        });
        Ok(pattern)
    }

    /// `source`, known to compile (the built-in lexicon's patterns, which
    /// the tests compile), with its regex compiled on first use. Most texts
    /// never need it (29 of the 42 corpus texts have no "exchange"), and a
    /// pattern with a Unicode class such as `[\w-]` costs more to compile
    /// than the rest of the lexicon.
    pub(super) fn deferred(source: &str) -> Pattern {
        let hir = parse(source);
        Pattern {
            source: source.into(),
            regex: OnceLock::new(),
            required: hir.as_ref().and_then(required_literal).map(Literal::new),
            ascii: hir.as_ref().and_then(AsciiForm::of),
        }
    }

    /// The regex, compiled now if it was deferred.
    pub(super) fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            build(&self.source, true)
                .expect("a deferred pattern compiles (the built-in ones are tested)")
        })
    }

    /// The matches in `text`, found by the ASCII form when it finds the
    /// same matches there, which is almost always, else by the full regex.
    pub(super) fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        match &self.ascii {
            Some(ascii) if ascii.answers_for(text) => ascii.find_iter(text),
            _ => Matches(Engine::Meta(self.regex().find_iter(text))),
        }
    }

    /// This pattern with its ASCII form compiled to a dense DFA, for the
    /// built-in lexicon's snapshot (written by the tests).
    #[cfg(test)]
    pub(super) fn precompiled(&self) -> Pattern {
        Pattern {
            ascii: self.ascii.as_ref().map(AsciiForm::precompiled),
            ..self.clone()
        }
    }

    /// Let the ASCII form's DFA serve again, as if nothing had been
    /// searched ([`DENSE_BYTES`]).
    #[cfg(test)]
    pub(super) fn rewind(&self) {
        if let Some(dense) = self.ascii.as_ref().and_then(|a| a.dense.as_ref()) {
            dense.searched.0.store(0, Ordering::Relaxed);
        }
    }

    /// Whether the ASCII form's DFA is borrowed from the snapshot.
    #[cfg(test)]
    pub(super) fn dfa_is_borrowed(&self) -> bool {
        self.ascii
            .as_ref()
            .and_then(|a| a.dense.as_ref())
            .is_some_and(|d| d.bytes.is_borrowed())
    }

    /// Whether the ASCII form runs on a dense DFA compiled ahead of time
    /// (one that reads back).
    #[cfg(test)]
    pub(super) fn is_precompiled(&self) -> bool {
        self.ascii
            .as_ref()
            .and_then(|a| a.dense.as_ref())
            .is_some_and(|d| d.get().is_some())
    }

    /// False when the pattern cannot match `text`: its required literal is
    /// missing. True means the regex has to be run.
    pub(super) fn may_match(&self, text: &str) -> bool {
        self.required
            .as_ref()
            .is_none_or(|literal| literal.is_in(text.as_bytes()))
    }

    /// Whether this pattern needs the same literal as `other` (so that one
    /// search answers for both).
    pub(super) fn same_literal(&self, other: &Pattern) -> bool {
        match (&self.required, &other.required) {
            (Some(a), Some(b)) => a.needle == b.needle,
            _ => false,
        }
    }
}

/// A pattern's required literal, found ignoring ASCII case.
#[derive(Clone, Debug)]
struct Literal {
    /// The literal, lowercase.
    needle: Box<[u8]>,
    /// The index in `needle` of its rarest byte, which the search looks for.
    rare: usize,
}

impl Literal {
    fn new(needle: Vec<u8>) -> Literal {
        // Letters by how often they occur in English, most often first;
        // digits count as rare-ish, anything else (a space, a hyphen) as
        // the most common of all.
        const BY_FREQUENCY: &[u8] = b"etaoinsrhldcumfpgwybvkxjqz";
        let rarity = |b: u8| {
            let lower = b.to_ascii_lowercase();
            BY_FREQUENCY
                .iter()
                .position(|&c| c == lower)
                .map_or(if b.is_ascii_digit() { 13 } else { 0 }, |i| i + 1)
        };
        let rare = (0..needle.len())
            .max_by_key(|&i| (rarity(needle[i]), std::cmp::Reverse(i)))
            .unwrap_or(0);
        Literal {
            needle: needle.into_boxed_slice(),
            rare,
        }
    }

    /// Whether `haystack` holds the literal, in any ASCII case.
    fn is_in(&self, haystack: &[u8]) -> bool {
        let Some(&byte) = self.needle.get(self.rare) else {
            return true;
        };
        let holds_at = |at: usize| {
            at.checked_sub(self.rare)
                .and_then(|start| haystack.get(start..start + self.needle.len()))
                .is_some_and(|window| window.eq_ignore_ascii_case(&self.needle))
        };
        let upper = byte.to_ascii_uppercase();
        if upper == byte {
            memchr::memchr_iter(byte, haystack).any(holds_at)
        } else {
            memchr::memchr2_iter(byte, upper, haystack).any(holds_at)
        }
    }
}

/// `source` parsed as the lexicon compiles it (case-insensitive), or None
/// when it does not parse (compiling it reports why).
fn parse(source: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .ok()
}

/// The longest run of ASCII text that every match of `hir` (a pattern
/// parsed case-insensitively) contains, lowercased; None when there is
/// none of at least three bytes worth searching for.
fn required_literal(hir: &Hir) -> Option<Vec<u8>> {
    // Trimmed to its letters and digits: a literal search keyed on a space
    // would stop at every word.
    let literal = longest_required(hir)?;
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
        required_literal(&parse(source).unwrap()).map(|l| String::from_utf8(l).unwrap())
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

    /// A pattern, and its full regex as the `regex` crate compiles it.
    fn compiled(source: &str) -> (Pattern, regex::Regex) {
        let full = regex::RegexBuilder::new(source)
            .case_insensitive(true)
            .build()
            .unwrap();
        (Pattern::compile(source).unwrap(), full)
    }

    /// The matches of a pattern on `text` through its choice of form, and
    /// through the full regex.
    fn both_ways(
        (pattern, full): &(Pattern, regex::Regex),
        text: &str,
    ) -> [Vec<(usize, usize)>; 2] {
        let spans = |it: &mut dyn Iterator<Item = std::ops::Range<usize>>| {
            it.map(|r| (r.start, r.end)).collect::<Vec<_>>()
        };
        [
            spans(&mut pattern.find_iter(text)),
            spans(&mut full.find_iter(text).map(|m| m.range())),
        ]
    }

    #[test]
    fn ascii_form_finds_what_the_full_pattern_finds() {
        let sources = [
            // Repetitions directly inside repetitions, which regex-syntax
            // prints without a group: these have no ASCII form.
            r"peace(?:\w+)?",
            r"cross(?:[–-]{1})?strait(?:s+)?",
            r"nuclear(?:\s+)?talks",
            r"(?:maintain|maintaining|strengthen|deepen|keep|expand)(?: [\w-]+){0,4} exchanges",
            r"(?:youth|local|cultural|think[- ]tank) exchanges",
            r"\bcafé\b society",
            r"\bnuclear\s+talks\b",
            r"[–—-]\s*(?:k|s)tate",
            r"über\w*",
            r"(?-u:\b)ask\b",
        ];
        let texts = [
            "They agreed to deepen their long-standing exchanges.",
            "They agreed to deepen Türkiye–China exchanges and keep naïve exchanges.",
            "Strengthen   exchanges; keep people-to-people exchanges",
            "keep \u{212A}elvin exchanges and deepen ſome exchanges",
            "the “Café society” and the café society and CAFÉ SOCIETY",
            "nuclear\u{a0}talks, nuclear talks and nuclear\u{2003}talks",
            "a \u{2014}state, a –\u{212A}tate, a — ſtate",
            "ÜBERSICHT überall über",
            "We discussed peace. Peacekeeping, cross-strait ties, nucleartalks, nuclear  talks",
            "Ask, ask\u{e9}d, \u{e9}ask, task",
            "deepen “cultural” exchanges — youth exchanges’",
            "",
        ];
        for source in sources {
            let both = compiled(source);
            for text in texts {
                let [chosen, full] = both_ways(&both, text);
                assert_eq!(chosen, full, "{source} on {text:?}");
            }
        }
    }

    #[test]
    fn ascii_form_is_chosen_for_ascii_text_and_typography_only() {
        let pattern = Pattern::compile(r"(?:deepen|keep)(?: [\w-]+){0,4} exchanges").unwrap();
        let ascii = pattern.ascii.as_ref().unwrap();
        assert!(ascii.answers_for("deepen their exchanges"));
        assert!(ascii.answers_for("deepen “their” exchanges — and\u{a0}more…"));
        assert!(!ascii.answers_for("deepen Türkiye exchanges"));
        // k matches the Kelvin sign case-insensitively.
        assert!(!ascii.answers_for("\u{212A}eep exchanges"));
        // A pattern without Unicode classes or literals is its own ASCII form.
        assert!(
            Pattern::compile(r"nuclear[- ]armed")
                .unwrap()
                .ascii
                .is_none()
        );
        // The built-in shapes have one.
        for source in [
            r"(?:maintain|keep)(?: [\w-]+){0,4} exchanges",
            r"(?:youth|think[- ]tank) exchanges",
            r"\bcafé\b society",
        ] {
            assert!(
                Pattern::compile(source).unwrap().ascii.is_some(),
                "{source}"
            );
        }
        // One whose printed form would read back as another pattern has none.
        assert!(Pattern::compile(r"peace(?:\w+)?").unwrap().ascii.is_none());
    }

    static SOURCES: std::sync::LazyLock<Vec<(Pattern, regex::Regex)>> =
        std::sync::LazyLock::new(|| {
            [
                r"(?:deepen|keep|expand)(?: [\w-]+){0,4} exchanges",
                r"(?:youth|think[- ]tank) exchanges",
                r"\bcafé\b\s\w+",
            ]
            .into_iter()
            .map(compiled)
            .collect()
        });

    proptest::proptest! {
        #[test]
        fn ascii_form_agrees_with_the_full_pattern_on_any_text(
            words in proptest::collection::vec(
                "deepen|keep|expand|exchanges|EXCHANGES|youth|think|tank|café|Türkiye|\u{212A}eep|[a-z]{1,6}|[ ’“”—–\u{a0}-]{1,2}",
                0..14,
            ),
        ) {
            let text = words.join(" ");
            for both in SOURCES.iter() {
                let [chosen, full] = both_ways(both, &text);
                proptest::prop_assert_eq!(chosen, full, "{} on {:?}", both.0.source, text);
            }
        }
    }

    #[test]
    fn literals_are_looked_for_by_their_rarest_letter() {
        let rare = |needle: &str| {
            let literal = Literal::new(needle.as_bytes().to_vec());
            char::from(literal.needle[literal.rare])
        };
        assert_eq!(rare("exchange"), 'x');
        assert_eq!(rare("think tank"), 'k');
        assert_eq!(rare("a2"), '2');
        assert_eq!(rare("ee"), 'e');
    }

    proptest::proptest! {
        #[test]
        fn a_literal_is_found_exactly_where_the_lowercased_text_holds_it(
            needle in "[a-z0-9][a-z0-9 -]{0,6}",
            text in "(?s)[aAxXeE0-9 \\-é’]{0,40}",
            cut in 0usize..40,
        ) {
            // The needle put into the text in a mixed case, or not.
            let mut text = text;
            let at = (0..=cut.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            if cut % 3 == 0 {
                let mixed: String = needle
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if i % 2 == 0 { c.to_ascii_uppercase() } else { c })
                    .collect();
                text.insert_str(at, &mixed);
            }
            let literal = Literal::new(needle.as_bytes().to_vec());
            let lowered = text.to_ascii_lowercase();
            proptest::prop_assert_eq!(
                literal.is_in(text.as_bytes()),
                memchr::memmem::find(lowered.as_bytes(), needle.as_bytes()).is_some()
            );
        }
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
                    assert!(pattern.may_match(text), "{source} on {text}");
                }
            }
        }
    }

    /// Made-up patterns that use what the built-in ones do not (word
    /// boundaries, anchors, alternations where leftmost-first is not
    /// leftmost-longest), each with an ASCII form that gets a dense DFA.
    const MADE_UP: &[&str] = &[
        r"\bex\w*",
        r"^talks",
        r"(?m)^talks$",
        r"talks\b",
        r"sam|samwise",
        r"s|sk",
        r"(?:x|xy)(?: [a-z]+){0,2} z",
        r"\bnuclear(?:[- ]armed)?\b",
        r"\by(?:, y)* z",
        r"\Bchange",
    ];

    /// Pieces of texts for [`MADE_UP`]: overlapping words, line breaks of
    /// every kind, and non-ASCII chars (a word char, a quote).
    const PIECES: &[&str] = &[
        "ex", "exchange", "change", "talks", "Talks", " ", "\n", "\r\n", "\r", "sam", "samwise",
        "s", "sk", "x", "xy", "z", " z", "y", ", y", "nuclear", "-", "armed", "_", "\u{e9}",
        "\u{2019}", ".",
    ];

    /// [`MADE_UP`] compiled, precompiled, and as the `regex` crate
    /// compiles them.
    fn made_up() -> &'static [(Pattern, regex::Regex)] {
        static MADE: OnceLock<Vec<(Pattern, regex::Regex)>> = OnceLock::new();
        MADE.get_or_init(|| {
            MADE_UP
                .iter()
                .map(|source| {
                    let (pattern, full) = compiled(source);
                    (pattern.precompiled(), full)
                })
                .collect()
        })
    }

    #[test]
    fn made_up_patterns_are_precompiled() {
        for (pattern, _) in made_up() {
            assert!(pattern.is_precompiled(), "{}", pattern.source);
        }
    }

    proptest::proptest! {
        /// A precompiled DFA, tried position by position, finds what the
        /// full regex finds in one unanchored search.
        #[test]
        fn precompiled_forms_find_what_the_full_pattern_finds(
            which in 0..MADE_UP.len(),
            picks in proptest::collection::vec(0..PIECES.len(), 0..30),
        ) {
            let text: String = picks.iter().map(|&i| PIECES[i]).collect();
            let made = &made_up()[which];
            // The forms are shared by every case: each starts with its DFA
            // serving, however many cases ran before.
            made.0.rewind();
            let [found, full] = both_ways(made, &text);
            proptest::prop_assert_eq!(found, full, "{:?} on {:?}", MADE_UP[which], text);
        }
    }

    #[test]
    fn out_of_budget_the_regex_goes_on_from_where_the_dfa_was() {
        let text = "samwise, sam and Sam; the talks\nTalks samwise";
        for (pattern, full) in made_up() {
            let form = pattern.ascii.as_ref().expect("an ASCII form");
            let expected: Vec<_> = full.find_iter(text).map(|m| m.range()).collect();
            for budget in 0..40 {
                let found: Vec<_> = form.find_iter_with_budget(text, budget).collect();
                assert_eq!(found, expected, "{} with budget {budget}", pattern.source);
            }
        }
    }

    #[test]
    fn a_text_that_keeps_walks_alive_runs_out_of_budget() {
        // Each "youth" starts a walk that lives to the end of the list:
        // without a budget the search takes time in the square of the
        // text's length.
        let lexicon = crate::lexicon::Lexicon::builtin();
        let (pattern, _) = &lexicon.patterns[0];
        let form = pattern.ascii.as_ref().expect("an ASCII form");
        let dense = form
            .dense
            .as_ref()
            .and_then(Precompiled::get)
            .expect("precompiled");
        let text = format!("promote {}and exchange of views.", "youth, ".repeat(2000));
        let mut budget = walk_budget(text.len());
        assert!(dense.find_from(&text, 0, &mut budget).is_err());
        let full: Vec<_> = pattern
            .regex()
            .find_iter(&text)
            .map(|m| m.range())
            .collect();
        let matches = pattern.find_iter(&text);
        assert!(matches.is_dense(), "the DFA starts the search");
        assert_eq!(matches.collect::<Vec<_>>(), full);
    }

    #[test]
    fn the_regex_takes_over_once_the_dfa_has_served_its_share() {
        let (pattern, full) = compiled(r"\bnuclear(?:[- ]armed)?\b");
        let pattern = pattern.precompiled();
        let form = pattern.ascii.as_ref().expect("an ASCII form");
        let text = "a nuclear-armed state, nuclear talks and unnuclear armed ".repeat(100);
        let expected: Vec<_> = full.find_iter(&text).map(|m| m.range()).collect();
        let mut served = 0;
        loop {
            let matches = form.find_iter(&text);
            let dense = matches.is_dense();
            assert_eq!(matches.collect::<Vec<_>>(), expected);
            if !dense {
                break;
            }
            served += text.len();
        }
        assert!(
            (DENSE_BYTES..DENSE_BYTES + text.len()).contains(&served),
            "{served}"
        );
    }
}
