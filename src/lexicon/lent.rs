//! Runs of bytes that a lexicon reads in place from its snapshot.
//!
//! The built-in lexicon's snapshot is a `&'static [u8]` in the binary, so
//! its large byte runs (the trie's cells, the topic patterns' DFAs) can be
//! borrowed from it for the life of the process instead of copied into
//! fresh memory at every start. A lexicon compiled at run time owns its
//! own. Serialized as one byte string, not a sequence of numbers.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

/// Bytes borrowed from a snapshot that lives as long as the process, or
/// owned.
#[derive(Clone, Debug)]
pub(super) struct Lent(Cow<'static, [u8]>);

impl Lent {
    /// Bytes of the lexicon's own.
    pub(super) fn owned(bytes: Vec<u8>) -> Lent {
        Lent(Cow::Owned(bytes))
    }

    /// Whether the bytes are borrowed from the snapshot.
    #[cfg(test)]
    pub(super) fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
}

impl Deref for Lent {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Lent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(&self.0)
    }
}

/// Borrowed only from a deserializer that lends its bytes for the life of
/// the process (`postcard::from_bytes` on the snapshot); copied from one
/// that does not.
impl<'de: 'static> Deserialize<'de> for Lent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Lent, D::Error> {
        d.deserialize_bytes(LentVisitor)
    }
}

struct LentVisitor;

impl de::Visitor<'static> for LentVisitor {
    type Value = Lent;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a byte string")
    }

    fn visit_borrowed_bytes<E: de::Error>(self, bytes: &'static [u8]) -> Result<Lent, E> {
        Ok(Lent(Cow::Borrowed(bytes)))
    }

    fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<Lent, E> {
        Ok(Lent::owned(bytes.to_vec()))
    }
}
