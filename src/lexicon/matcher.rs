//! Finding the lexicon's literal terms in a text.
//!
//! Nearly every term starts with a word character (`China`, `the two
//! sides`), and such a term can only match where a word starts (it must
//! begin and end on word boundaries), and only where that word is the
//! term's first word. So the text's words are found (`words.rs`), each is
//! looked up among the terms' first words (a bit set, then a table that
//! gives the trie state after the word), and only from a word that begins
//! some term (31% of the corpus's words) are the following bytes,
//! ASCII-lowercased, followed down a byte trie of the folded terms for as
//! long as the trie has an edge for them. The trie is a double array, so
//! each byte costs one cell read. The longest term passed on the way that
//! ends on a word boundary (and meets its case condition, for `exact`
//! terms) is the hit, and the walk goes on after it, as leftmost-longest
//! matching would; a longer term that fails its end boundary ("nuclear
//! war" in "nuclear warheads") does not hide a shorter one.
//!
//! The few terms that start with punctuation (a user's `'2+2'`) can match
//! anywhere; they go through an Aho-Corasick automaton, leftmost-longest.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::lent::Lent;
use super::words::{self, WordRuns, is_word};
use super::{Hit, Target};
use crate::document::Span;

/// One thing a folded (ASCII-lowercased) term stands for: the term as
/// written when its case must match (an `exact` term; None when any ASCII
/// case will do), and its target.
type Meaning = (Option<String>, Target);

/// What one folded term stands for. One folded term can stand for several
/// (`DPRK` as a party and a topic term).
type Meanings = Vec<Meaning>;

/// The meanings of every term, as one list and where each term's start:
/// read from the snapshot without an allocation per term (2,452 lists).
/// Serialized as runs of fixed-size records ([`MeaningParts`]) that are
/// read back in a tight loop: entry by entry through serde, the table was
/// 53 µs of every start.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    into = "MeaningParts",
    try_from = "MeaningParts",
    bound(deserialize = "'de: 'static")
)]
struct MeaningTable {
    /// Every term's meanings, term after term.
    all: Meanings,
    /// Where the meanings of term `i` start in `all`; they end where term
    /// `i + 1`'s start, or at the end.
    starts: Vec<u32>,
}

/// [`MeaningTable`] as serialized: byte strings (a sequence of bytes
/// would be read a byte at a time).
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct MeaningParts {
    /// Each meaning's target, [`TARGET_BYTES`] each ([`target_code`]).
    targets: Lent,
    /// The meanings with a written form (case-sensitive terms), by index.
    written: Vec<(u32, String)>,
    /// [`MeaningTable::starts`], little-endian.
    starts: Lent,
}

/// The little-endian `u32` at `at` in `bytes`, as the snapshot's byte runs
/// hold their numbers.
#[inline(always)]
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    let mut n = [0; 4];
    n.copy_from_slice(&bytes[at..at + 4]);
    u32::from_le_bytes(n)
}

/// The size of a target in [`MeaningParts::targets`]: a kind and an index.
const TARGET_BYTES: usize = 5;

/// A target as a kind and an index (a party's or topic's; a pronoun's
/// number), for [`MeaningParts`].
fn target_code(target: Target) -> (u8, u32) {
    match target {
        Target::Party(i) => (0, to_u32(i)),
        Target::Joint => (1, 0),
        Target::Verb => (2, 0),
        Target::Anaphor => (3, 0),
        Target::Title => (4, 0),
        Target::Pronoun { plural } => (5, u32::from(plural)),
        Target::Narration => (6, 0),
        Target::Topic(i) => (7, to_u32(i)),
        Target::Guard => (8, 0),
    }
}

/// The target [`target_code`] gives `(kind, index)` for; `None` for a pair
/// it never gives.
fn target_of(kind: u8, index: u32) -> Option<Target> {
    Some(match (kind, index) {
        (0, i) => Target::Party(i as usize),
        (1, 0) => Target::Joint,
        (2, 0) => Target::Verb,
        (3, 0) => Target::Anaphor,
        (4, 0) => Target::Title,
        (5, 0 | 1) => Target::Pronoun { plural: index == 1 },
        (6, 0) => Target::Narration,
        (7, i) => Target::Topic(i as usize),
        (8, 0) => Target::Guard,
        _ => return None,
    })
}

impl From<MeaningTable> for MeaningParts {
    fn from(table: MeaningTable) -> MeaningParts {
        let mut targets = Vec::with_capacity(table.all.len() * TARGET_BYTES);
        let mut written = Vec::new();
        for (i, (form, target)) in table.all.into_iter().enumerate() {
            let (kind, index) = target_code(target);
            targets.push(kind);
            targets.extend_from_slice(&index.to_le_bytes());
            if let Some(form) = form {
                written.push((to_u32(i), form));
            }
        }
        MeaningParts {
            targets: Lent::owned(targets),
            written,
            starts: Lent::owned(table.starts.iter().flat_map(|s| s.to_le_bytes()).collect()),
        }
    }
}

impl TryFrom<MeaningParts> for MeaningTable {
    type Error = String;

    fn try_from(parts: MeaningParts) -> Result<MeaningTable, String> {
        let records = parts.targets.chunks_exact(TARGET_BYTES);
        let starts = parts.starts.chunks_exact(4);
        if !records.remainder().is_empty() || !starts.remainder().is_empty() {
            return Err("meanings that are not whole records".to_owned());
        }
        let mut all = records
            .map(|r| {
                let target = target_of(r[0], u32_at(r, 1));
                target
                    .map(|t| (None, t))
                    .ok_or("a meaning of no known kind")
            })
            .collect::<Result<Meanings, _>>()?;
        for (i, form) in parts.written {
            let slot = all
                .get_mut(i as usize)
                .ok_or("a written form of no meaning")?;
            slot.0 = Some(form);
        }
        let starts: Vec<u32> = starts.map(|s| u32_at(s, 0)).collect();
        if starts.windows(2).any(|w| w[0] > w[1]) {
            return Err("meaning starts out of order".to_owned());
        }
        if starts.last().is_some_and(|&s| s as usize > all.len()) {
            return Err("a meaning start past the meanings".to_owned());
        }
        Ok(MeaningTable { all, starts })
    }
}

impl MeaningTable {
    /// Add the next term's meanings; gives the term's index.
    fn push(&mut self, meanings: Meanings) -> usize {
        self.starts.push(to_u32(self.all.len()));
        self.all.extend(meanings);
        self.starts.len() - 1
    }

    /// The meanings of term `i`.
    fn get(&self, i: usize) -> &[Meaning] {
        let start = self.starts[i] as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.all.len(), |&e| e as usize);
        &self.all[start..end]
    }

    /// How many terms have meanings here.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.starts.len()
    }
}

/// Every literal term of a lexicon, ready to be found. Serialized whole (for
/// the built-in lexicon's snapshot) except the automaton of `others`, which
/// is built again from `other_terms` when read back.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "TermsParts", bound(deserialize = "'de: 'static"))]
pub(super) struct Terms {
    /// The trie as a double array: the child of the state in cell `s` by
    /// byte `b` is the cell `t = cells[s].base + b` if `cells[t].check ==
    /// s`. One cell is read per byte, and the next step's base is in it.
    /// Cell 0 is the root.
    cells: Cells,
    /// What the term ending at a cell stands for (`Cell::meanings` indexes it).
    meanings: MeaningTable,
    /// The terms' first words and the states they lead to: the walk is
    /// tried only from a word that begins a term, and starts after it.
    first_words: FirstWords,
    /// Terms that start with anything else (folded)...
    other_terms: Vec<String>,
    /// ... and the automaton that finds them.
    #[serde(skip)]
    others: Option<AhoCorasick>,
    /// The meanings of each pattern of `others`.
    other_meanings: MeaningTable,
}

/// [`Terms`] as serialized: the same fields, in the same order, without
/// the automaton.
#[derive(Deserialize)]
#[serde(bound(deserialize = "'de: 'static"))]
struct TermsParts {
    cells: Cells,
    meanings: MeaningTable,
    first_words: FirstWords,
    other_terms: Vec<String>,
    other_meanings: MeaningTable,
}

impl From<TermsParts> for Terms {
    fn from(parts: TermsParts) -> Self {
        let TermsParts {
            cells,
            meanings,
            first_words,
            other_terms,
            other_meanings,
        } = parts;
        let mut terms = Terms {
            cells,
            meanings,
            first_words,
            other_terms,
            others: None,
            other_meanings,
        };
        terms.rebuild_others();
        terms
    }
}

/// A cell of the double array.
#[derive(Clone, Copy, Debug)]
struct Cell {
    /// Where this state's children start (0: it has none).
    base: u32,
    /// The state whose child this cell is ([`FREE`]: no state's).
    check: u32,
    /// Index into `Terms::meanings` when a term ends here, or [`NONE`].
    meanings: u32,
}

/// The cells of the double array, [`CELL_BYTES`] each: base, check and
/// meanings, little-endian, as [`Cell`] holds them. Read in place: the
/// built-in lexicon's are borrowed from the snapshot in the binary, not
/// copied out of it (47,608 cells, 571 KB: copying them was a third of the
/// page faults of a run on one sentence).
#[derive(Clone, Debug, Serialize)]
struct Cells(Lent);

/// The size of a cell in [`Cells`].
const CELL_BYTES: usize = 12;

impl Cells {
    /// The cells of a double array just built.
    fn new(cells: &[Cell]) -> Cells {
        let mut bytes = Vec::with_capacity(cells.len() * CELL_BYTES);
        for cell in cells {
            for n in [cell.base, cell.check, cell.meanings] {
                bytes.extend_from_slice(&n.to_le_bytes());
            }
        }
        Cells(Lent::owned(bytes))
    }

    /// The cells as a slice of cells, for a walk to read without going
    /// through the `Cow` at every step. (`Deserialize` refuses bytes that
    /// are not a whole number of cells; [`Cells::new`] writes whole ones.)
    fn view(&self) -> CellView<'_> {
        CellView(self.0.as_chunks::<CELL_BYTES>().0)
    }
}

/// Refuses bytes that are not a whole number of cells.
impl<'de: 'static> Deserialize<'de> for Cells {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Cells, D::Error> {
        let bytes = Lent::deserialize(d)?;
        if !bytes.len().is_multiple_of(CELL_BYTES) {
            return Err(de::Error::invalid_length(
                bytes.len(),
                &"trie cells, 12 bytes each",
            ));
        }
        Ok(Cells(bytes))
    }
}

/// [`Cells`] borrowed for reading, a cell per item: a walk's step reads
/// the one cell it moves to, with one bounds check, and keeps it for the
/// next step's base.
#[derive(Clone, Copy)]
struct CellView<'c>(&'c [[u8; CELL_BYTES]]);

impl CellView<'_> {
    /// Cell `cell`, if there is one.
    #[inline(always)]
    fn get(self, cell: usize) -> Option<Cell> {
        self.0.get(cell).map(|bytes| Cell {
            base: u32_at(bytes, 0),
            check: u32_at(bytes, 4),
            meanings: u32_at(bytes, 8),
        })
    }

    /// Cell `cell`, which must be one.
    #[inline(always)]
    fn at(self, cell: usize) -> Cell {
        self.get(cell).expect("a state of the trie is a cell")
    }

    /// The child of state `state`, whose cell is `parent`, by byte `b`, if
    /// it has one: its index and cell.
    #[inline(always)]
    fn child(self, state: usize, parent: Cell, b: u8) -> Option<(usize, Cell)> {
        if parent.base == 0 {
            return None;
        }
        let next = parent.base as usize + usize::from(b);
        self.get(next)
            .filter(|child| child.check as usize == state)
            .map(|child| (next, child))
    }
}

/// The terms' first words (a word's leading run of word characters), each
/// with the trie state its bytes lead to. A term can match only where the
/// text's word is its first word: the run ends where the term's does, at a
/// non-word character both share or at the term's end boundary. So a word
/// is looked up here before any walk, and the walk from a word found here
/// starts after it.
///
/// Two levels, both keyed by [`words::key`]: a set of 2^16 bits (8 KiB,
/// which stays in cache; no false negatives, for a few thousand words
/// about one false positive in 30) where 69% of the corpus's words stop,
/// then an open-addressing table that compares the word's bytes. A walk
/// would read one cell per byte, each a dependent read that can miss the
/// cache.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct FirstWords {
    #[serde(with = "filter_words")]
    filter: Box<[u64; 1024]>,
    /// A power of two in length, at most half full.
    slots: Vec<WordSlot>,
    /// The words' bytes (folded), where [`WordSlot::word`] points.
    bytes: Vec<u8>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
struct WordSlot {
    key: u32,
    /// The trie state after the word.
    state: u32,
    /// Where the word's bytes start in [`FirstWords::bytes`].
    word: u32,
    /// The word's length; 0 for an empty slot.
    len: u32,
}

impl FirstWords {
    /// The table of `words` (folded, distinct) and their states.
    fn new(words: &[(&[u8], u32)]) -> FirstWords {
        let size = (words.len() * 2).next_power_of_two().max(2);
        let mut table = FirstWords {
            filter: Box::new([0; 1024]),
            slots: vec![WordSlot::default(); size],
            bytes: Vec::new(),
        };
        for &(word, state) in words {
            let text = std::str::from_utf8(word).expect("a term's first word is text");
            let key = words::key(text, 0, word.len());
            let bit = key >> 16;
            table.filter[(bit / 64) as usize] |= 1 << (bit % 64);
            let mut i = key as usize & (size - 1);
            while table.slots[i].len != 0 {
                i = (i + 1) & (size - 1);
            }
            table.slots[i] = WordSlot {
                key,
                state,
                word: to_u32(table.bytes.len()),
                len: to_u32(word.len()),
            };
            table.bytes.extend_from_slice(word);
        }
        table
    }

    /// Whether a word with `key` ([`words::key`]) may begin a term: false
    /// means it does not.
    fn may_begin(&self, key: u32) -> bool {
        let bit = key >> 16;
        self.filter[(bit / 64) as usize] & (1 << (bit % 64)) != 0
    }

    /// The state after the word `text[start..end]`, whose key is `key`, if
    /// it begins a term. The table alone decides; the caller asks only for
    /// words that [`FirstWords::may_begin`] let through.
    fn get(&self, text: &str, start: usize, end: usize, key: u32) -> Option<usize> {
        let len = end - start;
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.len == 0 {
                return None;
            }
            if slot.key == key
                && slot.len as usize == len
                && words::same_folded(text.as_bytes(), start, &self.bytes, slot.word as usize, len)
            {
                return Some(slot.state as usize);
            }
            i = (i + 1) & mask;
        }
    }
}

/// [`FirstWords::filter`] for serde, which has no impls for arrays this
/// long: written as a sequence, read back as one of exactly 1024 words.
mod filter_words {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(words: &[u64; 1024], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(words.iter())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Box<[u64; 1024]>, D::Error> {
        let words = Vec::<u64>::deserialize(d)?;
        let found = words.len();
        words
            .into_boxed_slice()
            .try_into()
            .map_err(|_| D::Error::invalid_length(found, &"1024 filter words"))
    }
}

/// `Cell::check` of a cell that belongs to no state.
const FREE: u32 = u32::MAX;
/// `Cell::meanings` where no term ends.
const NONE: u32 = u32::MAX;

const FREE_CELL: Cell = Cell {
    base: 0,
    check: FREE,
    meanings: NONE,
};

/// The double array while it is built.
struct Builder {
    cells: Vec<Cell>,
    meanings: MeaningTable,
    /// One past the last cell taken: every cell from here on is free.
    end: usize,
}

impl Builder {
    /// Give the state in cell `state` its children for `terms` (sorted, all
    /// sharing their first `depth` bytes, the path to `state`), then build
    /// the subtrees below them. The children go after every cell taken so
    /// far, so they always fit, at the cost of the holes between them.
    fn grow(&mut self, state: usize, terms: &mut [(Vec<u8>, Meanings)], depth: usize) {
        let mut skip = 0;
        if let Some(first) = terms.first_mut()
            && first.0.len() == depth
        {
            let index = self.meanings.push(std::mem::take(&mut first.1));
            self.cells[state].meanings = to_u32(index);
            skip = 1;
        }
        let mut rest = &mut terms[skip..];
        let (Some(lowest), Some(highest)) = (rest.first(), rest.last()) else {
            return;
        };
        let (lowest, highest) = (usize::from(lowest.0[depth]), usize::from(highest.0[depth]));
        let base = self.end.saturating_sub(lowest).max(1);
        self.end = base + highest + 1;
        // Room for a child by any byte: the walk reads `base + b` unchecked
        // by length.
        if self.cells.len() < base + 256 {
            self.cells.resize(base + 256, FREE_CELL);
        }
        self.cells[state].base = to_u32(base);
        // Claim every child's cell before building below any of them.
        for term in rest.iter() {
            self.cells[base + usize::from(term.0[depth])].check = to_u32(state);
        }
        while let Some(first) = rest.first() {
            let b = first.0[depth];
            let len = rest.iter().take_while(|t| t.0[depth] == b).count();
            let (group, tail) = std::mem::take(&mut rest).split_at_mut(len);
            self.grow(base + usize::from(b), group, depth + 1);
            rest = tail;
        }
    }
}

/// A cell index or count as stored in a [`Cell`].
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 trie cells")
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
                entries.extend(
                    targets
                        .into_iter()
                        .map(|t| (exact.then(|| term.clone()), t)),
                );
            }
        }
        let mut words: Vec<(Vec<u8>, Meanings)> = Vec::new();
        let mut first_word_ends: Vec<usize> = Vec::new();
        let mut others = Vec::new();
        let mut other_meanings = MeaningTable::default();
        for (term, term_meanings) in folded {
            if term.starts_with(is_word) {
                let (_, end) = WordRuns::new(&term).next().expect("a word starts it");
                first_word_ends.push(end);
                words.push((term.into_bytes(), term_meanings));
            } else {
                others.push(term);
                other_meanings.push(term_meanings);
            }
        }
        // `words` is sorted, so the terms below any state are a contiguous
        // run of it: the double array is built run by run.
        let mut builder = Builder {
            cells: vec![FREE_CELL],
            meanings: MeaningTable::default(),
            end: 1,
        };
        builder.grow(0, &mut words, 0);
        let Builder {
            cells, meanings, ..
        } = builder;
        let mut first: Vec<&[u8]> = words
            .iter()
            .zip(&first_word_ends)
            .map(|((term, _), &end)| &term[..end])
            .collect();
        first.sort_unstable();
        first.dedup();
        let first: Vec<(&[u8], u32)> = first
            .into_iter()
            .map(|word| {
                let state = walk(&cells, word).expect("a term's prefix is in the trie");
                (word, to_u32(state))
            })
            .collect();
        let first_words = FirstWords::new(&first);
        Terms::from(TermsParts {
            cells: Cells::new(&cells),
            meanings,
            first_words,
            other_terms: others,
            other_meanings,
        })
    }

    /// Whether the cells are read in place from borrowed bytes.
    #[cfg(test)]
    pub(super) fn cells_are_borrowed(&self) -> bool {
        self.cells.0.is_borrowed()
    }

    /// Build the automaton for the terms that do not start with a word
    /// character (none in the built-in lexicon).
    fn rebuild_others(&mut self) {
        self.others = (!self.other_terms.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&self.other_terms)
                .expect("literal terms always build")
        });
    }

    /// Push every term found in `text` onto `out`: the word-initial terms in
    /// order of start, then the others.
    pub(super) fn hits(&self, text: &str, out: &mut Vec<Hit>) {
        // A hit ends at a word's end or before a word's start, so the words
        // are read in one pass and those inside a hit skipped.
        //
        // The words are taken in batches, and each batch is first sifted
        // through the first-word filter without a branch: which words
        // pass is as good as random (31% do), so a branch on it would be
        // mispredicted about once in three words.
        const BATCH: usize = 32;
        let mut words = WordRuns::new(text);
        let mut passed = [(0, 0, 0); BATCH];
        let mut at = 0;
        let mut more = true;
        while more {
            let mut kept = 0;
            for _ in 0..BATCH {
                let Some((start, end)) = words.next() else {
                    more = false;
                    break;
                };
                let key = words::key(text, start, end);
                passed[kept] = (start, end, key);
                kept += usize::from(self.first_words.may_begin(key));
            }
            for &(start, end, key) in &passed[..kept] {
                if start < at {
                    continue;
                }
                let Some(state) = self.first_words.get(text, start, end, key) else {
                    continue;
                };
                if let Some((end, meanings)) = self.longest_after(text, start, end, state) {
                    push_meanings(text, start..end, self.meanings.get(meanings), out);
                    at = end;
                }
            }
        }
        if let Some(matcher) = &self.others {
            for m in matcher.find_iter(text) {
                if on_word_boundaries(text, m.range()) {
                    let meanings = self.other_meanings.get(m.pattern().as_usize());
                    push_meanings(text, m.range(), meanings, out);
                }
            }
        }
    }

    /// The end of the longest term that starts at `start` (a word start) and
    /// holds there, with the index of its meanings, given that the walk
    /// from `start` has reached `state` at `from`.
    fn longest_after(
        &self,
        text: &str,
        start: usize,
        from: usize,
        mut state: usize,
    ) -> Option<(usize, usize)> {
        let cells = self.cells.view();
        let mut cell = cells.at(state);
        let mut best = None;
        if cell.meanings != NONE {
            best = self.term_at(text, start, from, cell.meanings);
        }
        for (end, &b) in (from + 1..).zip(&text.as_bytes()[from..]) {
            let Some((next, child)) = cells.child(state, cell, b.to_ascii_lowercase()) else {
                break;
            };
            (state, cell) = (next, child);
            if cell.meanings != NONE
                && let Some(found) = self.term_at(text, start, end, cell.meanings)
            {
                best = Some(found);
            }
        }
        best
    }

    /// The term whose meanings are `m` (not [`NONE`]), ending at `end`, if
    /// it holds as `text[start..end]`: `(end, m)`.
    #[inline(never)]
    fn term_at(&self, text: &str, start: usize, end: usize, m: u32) -> Option<(usize, usize)> {
        (ends_on_boundary(text, end) && holds(&text[start..end], self.meanings.get(m as usize)))
            .then_some((end, m as usize))
    }
}

/// [`on_word_boundaries`] for a range that starts a word (so its start is
/// a boundary): true when `end` does not fall inside a word. ASCII on both
/// sides of `end` (nearly always) is answered from the two bytes.
fn ends_on_boundary(text: &str, end: usize) -> bool {
    let bytes = text.as_bytes();
    let last = bytes[end - 1];
    let next = bytes.get(end).copied();
    if last < 0x80 && next.is_none_or(|n| n < 0x80) {
        return !(last.is_ascii_alphanumeric() && next.is_some_and(|n| n.is_ascii_alphanumeric()));
    }
    text.is_char_boundary(end)
        && !(text[..end].chars().next_back().is_some_and(is_word)
            && text[end..].chars().next().is_some_and(is_word))
}

/// The state reached from the root by `bytes` (folded), if any.
fn walk(cells: &[Cell], bytes: &[u8]) -> Option<usize> {
    let mut state = 0;
    for &b in bytes {
        let base = cells[state].base as usize;
        let next = base + usize::from(b);
        if base == 0 || cells[next].check as usize != state {
            return None;
        }
        state = next;
    }
    Some(state)
}

/// True when at least one of `meanings` accepts `found` (a case-insensitive
/// match of its term): it is not exact, or `found` is its term as written.
fn holds(found: &str, meanings: &[Meaning]) -> bool {
    meanings.iter().any(|(written, _)| accepts(written, found))
}

/// True when a meaning written `written` (None: any ASCII case) accepts
/// `found`.
fn accepts(written: &Option<String>, found: &str) -> bool {
    written.as_deref().is_none_or(|w| found == w)
}

/// Push a hit at `range` for each of `meanings` whose case condition holds
/// (once per target); true when at least one was pushed.
fn push_meanings(
    text: &str,
    range: Range<usize>,
    meanings: &[Meaning],
    out: &mut Vec<Hit>,
) -> bool {
    let found = &text[range.clone()];
    let span = Span::new(range.start, range.end);
    let before = out.len();
    for (written, target) in meanings {
        if accepts(written, found) && !out[before..].iter().any(|h| h.target == *target) {
            out.push(Hit {
                span,
                target: *target,
            });
        }
    }
    out.len() > before
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicon;

    /// Every pair [`target_of`] accepts encodes back to itself, and every
    /// target encodes to a pair it accepts: a new kind of target must be
    /// given a code in both.
    #[test]
    fn target_codes_round_trip() {
        let mut accepted = 0;
        for kind in 0..=u8::MAX {
            for index in [0, 1, 2, 7, u32::MAX] {
                if let Some(target) = target_of(kind, index) {
                    assert_eq!(target_code(target), (kind, index));
                    accepted += 1;
                }
            }
        }
        // Party and Topic take any index, Pronoun two, the six others one.
        assert_eq!(accepted, 2 * 5 + 2 + 6);
    }

    #[test]
    fn meaning_tables_read_back_whole_and_bad_records_are_refused() {
        let mut table = MeaningTable::default();
        table.push(vec![
            (None, Target::Party(3)),
            (Some("US".into()), Target::Party(9)),
        ]);
        table.push(vec![]);
        table.push(
            [
                Target::Joint,
                Target::Verb,
                Target::Anaphor,
                Target::Title,
                Target::Pronoun { plural: false },
                Target::Pronoun { plural: true },
                Target::Narration,
                Target::Topic(2),
                Target::Guard,
            ]
            .map(|t| (None, t))
            .to_vec(),
        );
        // Leaked: the table borrows from the bytes as from the snapshot.
        let bytes: &'static [u8] = postcard::to_stdvec(&table).unwrap().leak();
        assert_eq!(postcard::from_bytes::<MeaningTable>(bytes).unwrap(), table);
        let parts = |targets: Vec<u8>, written: Vec<(u32, String)>, starts: Vec<u8>| {
            let bytes: &'static [u8] = postcard::to_stdvec(&MeaningParts {
                targets: Lent::owned(targets),
                written,
                starts: Lent::owned(starts),
            })
            .unwrap()
            .leak();
            postcard::from_bytes::<MeaningTable>(bytes)
        };
        assert!(parts(vec![0; 4], vec![], vec![]).is_err());
        assert!(parts(vec![0; 5], vec![], vec![0; 3]).is_err());
        assert!(parts(vec![9, 0, 0, 0, 0], vec![], vec![]).is_err());
        assert!(parts(vec![5, 2, 0, 0, 0], vec![], vec![]).is_err());
        assert!(parts(vec![1, 1, 0, 0, 0], vec![], vec![]).is_err());
        assert!(parts(vec![0; 5], vec![(1, "x".into())], vec![]).is_err());
        assert!(parts(vec![0; 5], vec![], vec![2, 0, 0, 0]).is_err());
        assert!(parts(vec![0; 5], vec![], vec![1, 0, 0, 0, 0, 0, 0, 0]).is_err());
        assert!(parts(vec![0; 5], vec![], vec![0, 0, 0, 0, 1, 0, 0, 0]).is_ok());
    }

    /// The meaning of [`Terms::hits`] written the slow, obvious way: at
    /// every word start, try every term, keep the longest that holds.
    fn reference(terms: &[(String, Meanings)], text: &str) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let starts_word = text[at..].starts_with(is_word)
                && !text[..at].chars().next_back().is_some_and(is_word);
            let next = at + text[at..].chars().next().map_or(1, char::len_utf8);
            if !starts_word {
                at = next;
                continue;
            }
            let first = text.as_bytes()[at].to_ascii_lowercase();
            let best = terms
                .iter()
                .filter(|(term, _)| term.as_bytes()[0] == first)
                .filter(|(term, meanings)| {
                    let end = at + term.len();
                    text.is_char_boundary(end.min(text.len()))
                        && text.len() >= end
                        && text.as_bytes()[at..end].eq_ignore_ascii_case(term.as_bytes())
                        && on_word_boundaries(text, at..end)
                        && holds(&text[at..end], meanings)
                })
                .max_by_key(|(term, _)| term.len());
            match best {
                Some((term, meanings)) => {
                    push_meanings(text, at..at + term.len(), meanings, &mut out);
                    at += term.len();
                }
                None => at = next,
            }
        }
        out
    }

    fn builtin_terms() -> (Terms, Vec<(String, Meanings)>) {
        let lexicon = Lexicon::builtin();
        // The folded terms as the double array holds them, found by trying
        // every byte from every state.
        let mut terms = Vec::new();
        let mut stack = vec![(0usize, Vec::new())];
        let trie = &lexicon.terms;
        let cells = trie.cells.view();
        while let Some((state, path)) = stack.pop() {
            let cell = cells.at(state);
            if cell.meanings != NONE {
                terms.push((
                    String::from_utf8(path.clone()).unwrap(),
                    trie.meanings.get(cell.meanings as usize).to_vec(),
                ));
            }
            for b in 0..=255u8 {
                if let Some((t, _)) = cells.child(state, cell, b) {
                    let mut next = path.clone();
                    next.push(b);
                    stack.push((t, next));
                }
            }
        }
        // Every term is reachable.
        assert_eq!(terms.len(), trie.meanings.len());
        assert!(terms.len() > 1000, "only {} terms", terms.len());
        (trie.clone(), terms)
    }

    #[test]
    fn every_term_is_found_standing_alone() {
        // The first-word filter must let every term's first word through,
        // whatever its case or script.
        let (trie, terms) = builtin_terms();
        for (folded, meanings) in &terms {
            for (written, _) in meanings {
                let term = written.as_deref().unwrap_or(folded);
                let mut found = Vec::new();
                trie.hits(term, &mut found);
                assert!(
                    found.iter().any(|h| h.span == Span::new(0, term.len())),
                    "{term:?} (folded {folded:?}) not found"
                );
            }
        }
        let mut found = Vec::new();
        trie.hits("Zzyzx qwv", &mut found);
        assert_eq!(found, []);
    }

    #[test]
    fn the_trie_finds_what_trying_every_term_finds() {
        let (trie, terms) = builtin_terms();
        let mut texts: Vec<String> = vec![
            "Nuclear warheads, nuclear war and the two sidesteps.".into(),
            "THE TWO SIDES agreed; the ROK side and the rok side met the Rok.".into(),
            "President Biden’s and Xi’s visit to the People’s Republic of China".into(),
            "Koreans, South Koreans, North Korea, the Korean Peninsula; U.S.-ROK".into(),
            "said".into(),
            "".into(),
            "é China é-China Chinaé 中国 China".into(),
            // Batches of words where every word passes the first-word
            // filter, with a term across the batches' edges.
            "China ".repeat(33) + "the two sides agreed",
            "China ".repeat(31) + "the two sides said the two sides",
        ];
        for dir in ["fixtures", "fixtures/corpus"] {
            let root = concat!(env!("CARGO_MANIFEST_DIR"), "/");
            for entry in std::fs::read_dir(format!("{root}{dir}")).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "txt") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        for text in &texts {
            let mut found = Vec::new();
            trie.hits(text, &mut found);
            assert_eq!(
                found,
                reference(&terms, text),
                "{}",
                &text[..text.len().min(80)]
            );
        }
    }
}
