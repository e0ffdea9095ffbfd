//! The built-in lexicon, compiled ahead of time.
//!
//! Parsing the built-in TOML and building its trie was 30M of the 32M
//! instructions of a run on a one-sentence text (about 5 ms). So the
//! compiled [`Lexicon`] is kept in `builtin.snapshot` (postcard), written by
//! the tests, and read back at start-up instead.
//!
//! The snapshot is only a cache: it records a format number and a hash of
//! what it was made from, the TOML and the lexicon module's code (worked
//! out by `build.rs` when the crate is built), and [`load`] gives nothing
//! when either differs, so that [`Lexicon::builtin`] compiles the TOML
//! instead. A test checks that the committed snapshot is what compiling the
//! current source gives, byte for byte, so a stale one cannot land (that
//! also covers what the hash does not: a new regex-syntax with other
//! Unicode tables); run the tests with `COMMUNIQUE_BLESS=1` to write it
//! again after changing the built-in lexicon or this module.

use serde::Deserialize;

use super::lent::Lent;
use super::matcher::Terms;
use super::pattern::Pattern;
use super::{Examples, Lexicon, Party, Target, Topic};

/// The committed snapshot of the built-in lexicon.
const SNAPSHOT: &[u8] = include_bytes!("builtin.snapshot");

/// The snapshot file, for the test that writes it.
#[cfg(test)]
pub(super) const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/lexicon/builtin.snapshot");

/// Raised by hand for a change in the compiled form that [`SOURCE_HASH`]
/// cannot see (it hashes this module's code, not its dependencies': a new
/// postcard or serde wire format).
const FORMAT: u32 = 2;

/// What the snapshot holds of a [`Lexicon`]: every field but the ones
/// worked out again when it is read back. Building one from a lexicon and
/// a lexicon from one both name every field, so a new field of either
/// fails to compile until both sides carry it.
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
// The trie's cells and the patterns' DFAs are borrowed from the snapshot,
// which lives as long as the process (`lent.rs`).
#[serde(bound(deserialize = "'de: 'static"))]
struct Fields {
    parties: Vec<Party>,
    topics: Vec<Topic>,
    joint_statement_titles: Vec<String>,
    /// Postcard bytes of the examples, read only when asked for.
    examples: Lent,
    terms: Terms,
    patterns: Vec<(Pattern, Target)>,
}

// `SOURCE_HASH`: not a defence against anything, it tells a snapshot of
// the current sources from a stale one.
include!(concat!(env!("OUT_DIR"), "/lexicon_source_hash.rs"));

/// The bytes of a snapshot of `lexicon`, compiled from the built-in source:
/// a header (the format and the source's hash), then the lexicon.
#[cfg(test)]
pub(super) fn encode(lexicon: &Lexicon) -> Vec<u8> {
    // Cloned: this runs only in the tests that write and check the file.
    let fields = Fields {
        parties: lexicon.parties.clone(),
        topics: lexicon.topics.clone(),
        joint_statement_titles: lexicon.joint_statement_titles.clone(),
        examples: Lent::owned(postcard::to_stdvec(lexicon.examples()).expect("examples serialize")),
        terms: lexicon.terms.clone(),
        patterns: lexicon
            .patterns
            .iter()
            .map(|(pattern, target)| (pattern.precompiled(), *target))
            .collect(),
    };
    let mut bytes = postcard::to_stdvec(&(FORMAT, SOURCE_HASH)).expect("a header");
    postcard::to_io(&fields, &mut bytes).expect("a lexicon serializes");
    bytes
}

/// The built-in lexicon from `bytes`, if they are a snapshot of the current
/// source in the current format. The header is checked before the rest is
/// read. The lexicon reads the trie's cells and the patterns' DFAs in place
/// from `bytes`.
pub(super) fn decode(bytes: &'static [u8]) -> Option<Lexicon> {
    let ((format, source), rest) = postcard::take_from_bytes::<(u32, u64)>(bytes).ok()?;
    if format != FORMAT || source != SOURCE_HASH {
        return None;
    }
    let fields: Fields = postcard::from_bytes(rest).ok()?;
    Some(Lexicon {
        parties: fields.parties,
        topics: fields.topics,
        joint_statement_titles: fields.joint_statement_titles,
        examples: Examples::encoded(fields.examples),
        terms: fields.terms,
        // Worked out again from the patterns rather than stored.
        literal_owners: super::literal_owners(&fields.patterns),
        patterns: fields.patterns,
    })
}

/// The built-in lexicon from the committed snapshot, if it is current.
pub(super) fn load() -> Option<Lexicon> {
    decode(SNAPSHOT)
}

/// The committed snapshot's bytes.
#[cfg(test)]
pub(super) fn committed() -> &'static [u8] {
    SNAPSHOT
}
