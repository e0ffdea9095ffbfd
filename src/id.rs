//! Party and topic ids as tags hold them: interned strings.
//!
//! Every sentence's tags name a party or topic of the lexicon, so tagging
//! copies an id many times per sentence. An [`Id`] is a pointer to the one
//! copy of its string that the process keeps, made the first time the id is
//! seen: copying it is copying a pointer, with no count to keep (an
//! `Arc<str>` cost two atomic operations per copy, about 2% of a run).
//! The strings are kept for the life of the process; there is one per
//! distinct id ever read (a lexicon has a few hundred), however many
//! lexicons are loaded.
//!
//! Each kept id also records whether it is plain: free of control
//! characters, `"` and `\\`, so that a writer can put it between quotes as
//! it is (the JSON writer writes several ids per sentence, and checking
//! each for escapes was 2.5% of a run's instructions).

use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Mutex, PoisonError};

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An interned id (`china`, `taiwan`, `joint`). Compares, orders and hashes
/// as its string.
#[derive(Clone, Copy)]
pub struct Id(&'static Kept);

/// The one copy of an id that the process keeps.
#[derive(Debug)]
struct Kept {
    name: Box<str>,
    plain: bool,
}

/// The ids seen so far, by name. Hashed, not ordered: a lexicon's 206 ids
/// were interned at every start, and a `BTreeMap` spent 0.2M instructions
/// comparing names to place them (6% of a run on one sentence).
static IDS: Mutex<HashMap<&'static str, &'static Kept, FxBuildHasher>> =
    Mutex::new(HashMap::with_hasher(FxBuildHasher));

impl Id {
    /// The id for `name`: the kept copy, made now if this is its first use.
    pub fn new(name: &str) -> Id {
        // The map is never left half-changed, so a poisoned lock is usable.
        let mut ids = IDS.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&kept) = ids.get(name) {
            return Id(kept);
        }
        let plain = !name.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\');
        let kept: &'static Kept = Box::leak(Box::new(Kept {
            name: Box::from(name),
            plain,
        }));
        ids.insert(&kept.name, kept);
        Id(kept)
    }

    /// The id's string.
    pub fn as_str(self) -> &'static str {
        &self.0.name
    }

    /// True when the id holds no control character, `"` or `\\`: it can be
    /// written between quotes as it is, without escapes.
    pub fn is_plain(self) -> bool {
        self.0.plain
    }
}

impl PartialEq for Id {
    fn eq(&self, other: &Id) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Id {}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<&str> for Id {
    fn from(name: &str) -> Id {
        Id::new(name)
    }
}

impl Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Ok(Id::new(&name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_per_id() {
        let a = Id::new("test-interned");
        let b = Id::from(String::from("test-interned").as_str());
        assert!(std::ptr::eq(a.as_str(), b.as_str()));
        assert_eq!(a, b);
        assert_ne!(a, Id::new("test-interned-other"));
        assert_eq!(a, "test-interned");
        assert_eq!(format!("{a} {a:?}"), "test-interned \"test-interned\"");
    }

    #[test]
    fn plain_ids_need_no_escape() {
        assert!(Id::new("china").is_plain());
        assert!(Id::new("côte-d’ivoire").is_plain());
        for odd in ["a\"b", "a\\b", "a\tb", "a\u{1f}b"] {
            assert!(!Id::new(odd).is_plain(), "{odd:?}");
        }
    }

    #[test]
    fn ids_order_as_their_strings() {
        // Fresh strings, made in the reverse of their order, so that the
        // order of their copies in memory is not theirs.
        let mut ids = [
            Id::new("test-order-c"),
            Id::new("test-order-b"),
            Id::new("test-order-a"),
        ];
        ids.sort();
        assert_eq!(
            ids.map(Id::as_str),
            ["test-order-a", "test-order-b", "test-order-c"]
        );
    }

    #[test]
    fn serde_round_trip() {
        let id = Id::new("taiwan");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"taiwan\"");
        let back: Id = serde_json::from_str(&json).unwrap();
        assert!(std::ptr::eq(back.as_str(), id.as_str()));
    }
}
