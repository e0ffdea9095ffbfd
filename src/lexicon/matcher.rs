//! Finding the lexicon's literal terms in a text.
//!
//! Nearly every term starts with a word character (`China`, `the two
//! sides`), and such a term can only match where a word starts, and only if
//! the text's first word is the term's first word (the term must begin and
//! end on word boundaries). So the text is walked word by word: each word,
//! ASCII-lowercased, is looked up in a hash map from a term's first word to
//! the terms that begin with it, longest first, and the first of those that
//! matches there on a word boundary is the hit. That does one hash lookup per
//! word instead of one automaton step per byte, and finds a shorter term
//! that a longer failed one would have hidden.
//!
//! The few terms that start with punctuation (a user's `'2+2'`) can match
//! anywhere; they go through an Aho-Corasick automaton, leftmost-longest, as
//! every term once did.
//!
//! Terms match ignoring ASCII case; terms listed as `exact` are then checked
//! byte for byte.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

use super::{Hit, Target};
use crate::document::Span;

/// What one folded (ASCII-lowercased) term stands for: the term as written,
/// whether its case must match, and its target. One folded term can stand
/// for several (`DPRK` as a party and a topic term).
type Meanings = Vec<(String, bool, Target)>;

/// Every literal term of a lexicon, ready to be found.
#[derive(Clone, Debug, Default)]
pub(super) struct Terms {
    /// A trie over the tokens of the terms that start with a word
    /// character; node 0 is the root.
    nodes: Vec<Node>,
    /// The longest token of any such term, in bytes: longer tokens of the
    /// text cannot continue a match.
    longest_token: usize,
    /// Terms that start with anything else.
    others: Option<AhoCorasick>,
    /// The meanings of each pattern of `others`.
    other_meanings: Vec<Meanings>,
}

/// A node of the token trie: the folded tokens that can follow, and what the
/// term ending here stands for, if a term ends here.
#[derive(Clone, Debug, Default)]
struct Node {
    children: FxHashMap<Box<[u8]>, usize>,
    meanings: Meanings,
}

impl Terms {
    /// Index the terms: `insensitive` match ignoring ASCII case,
    /// `sensitive` only as written.
    pub(super) fn build(
        insensitive: BTreeMap<String, Vec<Target>>,
        sensitive: BTreeMap<String, Vec<Target>>,
    ) -> Terms {
        let mut folded: BTreeMap<String, Meanings> = BTreeMap::new();
        for (exact, terms) in [(false, insensitive), (true, sensitive)] {
            for (term, targets) in terms {
                let entries = folded.entry(term.to_ascii_lowercase()).or_default();
                entries.extend(targets.into_iter().map(|t| (term.clone(), exact, t)));
            }
        }
        let mut terms = Terms {
            nodes: vec![Node::default()],
            ..Terms::default()
        };
        let mut others = Vec::new();
        for (term, meanings) in folded {
            if !term.starts_with(is_word) {
                others.push(term);
                terms.other_meanings.push(meanings);
                continue;
            }
            let mut node = 0;
            let mut at = 0;
            while let Some(token) = next_token(&term, at) {
                at = token.end;
                terms.longest_token = terms.longest_token.max(token.len());
                let key: Box<[u8]> = term.as_bytes()[token].into();
                node = match terms.nodes[node].children.get(&key) {
                    Some(&child) => child,
                    None => {
                        terms.nodes.push(Node::default());
                        let child = terms.nodes.len() - 1;
                        terms.nodes[node].children.insert(key, child);
                        child
                    }
                };
            }
            terms.nodes[node].meanings = meanings;
        }
        if !others.is_empty() {
            let matcher = AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&others)
                .expect("literal terms always build");
            terms.others = Some(matcher);
        }
        terms
    }

    /// Push every term found in `text` onto `out`: the word-initial terms in
    /// order of start, then the others.
    pub(super) fn hits(&self, text: &str, out: &mut Vec<Hit>) {
        let mut at = 0;
        while let Some(word) = next_word(text, at) {
            at = word.end;
            let start = word.start;
            if let Some((end, node)) = self.longest_at(text, word) {
                push_meanings(text, start..end, &self.nodes[node].meanings, out);
                at = end;
            }
        }
        if let Some(matcher) = &self.others {
            for m in matcher.find_iter(text) {
                if on_word_boundaries(text, m.range()) {
                    push_meanings(
                        text,
                        m.range(),
                        &self.other_meanings[m.pattern().as_usize()],
                        out,
                    );
                }
            }
        }
    }

    /// The end and trie node of the longest term that starts with `word` and
    /// holds there (its case condition, if any, is met).
    fn longest_at(&self, text: &str, word: Range<usize>) -> Option<(usize, usize)> {
        let bytes = text.as_bytes();
        let start = word.start;
        let mut folded = [0u8; 64];
        let mut node = 0;
        let mut best = None;
        let mut token = word;
        loop {
            if token.len() > self.longest_token.min(folded.len()) {
                return best;
            }
            let key = &mut folded[..token.len()];
            key.copy_from_slice(&bytes[token.clone()]);
            key.make_ascii_lowercase();
            let Some(&child) = self.nodes[node].children.get(&*key) else {
                return best;
            };
            node = child;
            let meanings = &self.nodes[node].meanings;
            if !meanings.is_empty() && holds(&text[start..token.end], meanings) {
                best = Some((token.end, node));
            }
            match next_token(text, token.end) {
                Some(next) => token = next,
                None => return best,
            }
        }
    }
}

/// True when at least one of `meanings` accepts `found` (a case-insensitive
/// match of its term): it is not exact, or `found` is its term as written.
fn holds(found: &str, meanings: &Meanings) -> bool {
    meanings
        .iter()
        .any(|(term, exact, _)| !exact || found == term)
}

/// Push a hit at `range` for each of `meanings` whose case condition holds
/// (once per target); true when at least one was pushed.
fn push_meanings(text: &str, range: Range<usize>, meanings: &Meanings, out: &mut Vec<Hit>) -> bool {
    let found = &text[range.clone()];
    let span = Span::new(range.start, range.end);
    let before = out.len();
    for (term, exact, target) in meanings {
        if (!exact || found == term) && !out[before..].iter().any(|h| h.target == *target) {
            out.push(Hit {
                span,
                target: *target,
            });
        }
    }
    out.len() > before
}

/// True for the characters words are made of.
fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// The token of `text` at byte `at`: a maximal run of word characters, or
/// one other character. None at the end.
fn next_token(text: &str, at: usize) -> Option<Range<usize>> {
    let c = text[at..].chars().next()?;
    if !is_word(c) {
        return Some(at..at + c.len_utf8());
    }
    let len = text[at..]
        .find(|c: char| !is_word(c))
        .unwrap_or(text.len() - at);
    Some(at..at + len)
}

/// The next maximal run of word characters in `text` at or after byte `from`
/// (which is on a char boundary and not inside a word).
fn next_word(text: &str, from: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    let mut i = from;
    // Skip to the first word character.
    loop {
        let &b = bytes.get(i)?;
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            let c = text[i..].chars().next()?;
            if is_word(c) {
                break;
            }
            i += c.len_utf8();
        }
    }
    let start = i;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if is_word(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    Some(start..i)
}

/// True when `range` of `text` neither starts nor ends inside a word.
pub(super) fn on_word_boundaries(text: &str, range: Range<usize>) -> bool {
    if !text.is_char_boundary(range.start) || !text.is_char_boundary(range.end) {
        return false;
    }
    let inner = &text[range.clone()];
    let first_inner = inner.chars().next().is_some_and(is_word);
    let last_inner = inner.chars().last().is_some_and(is_word);
    let before = text[..range.start].chars().last().is_some_and(is_word);
    let after = text[range.end..].chars().next().is_some_and(is_word);
    !(first_inner && before || last_inner && after)
}
