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

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Deref;
use std::sync::{Mutex, PoisonError};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An interned id (`china`, `taiwan`, `joint`). Compares, orders and hashes
/// as its string.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(&'static str);

/// The ids seen so far, each the one copy of its string.
static IDS: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());

impl Id {
    /// The id for `name`: the kept copy, made now if this is its first use.
    pub fn new(name: &str) -> Id {
        // The set is never left half-changed, so a poisoned lock is usable.
        let mut ids = IDS.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&kept) = ids.get(name) {
            return Id(kept);
        }
        let kept: &'static str = Box::leak(Box::from(name));
        ids.insert(kept);
        Id(kept)
    }

    /// The id's string.
    pub fn as_str(self) -> &'static str {
        self.0
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
        self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
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
    fn ids_order_as_their_strings() {
        let mut ids = [Id::new("rok"), Id::new("china"), Id::new("joint")];
        ids.sort();
        assert_eq!(ids.map(Id::as_str), ["china", "joint", "rok"]);
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
