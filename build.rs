//! Build script: one number, the hash of what the built-in lexicon's
//! compiled snapshot (`src/lexicon/builtin.snapshot`) is made from, so that
//! the binary uses the snapshot only when it was written from these very
//! files. See `src/lexicon/snapshot.rs`.

use std::fmt::Write as _;

/// The lexicon's TOML and the code that compiles, writes and reads it.
const SOURCES: &[&str] = &[
    "src/lexicon/default.toml",
    "src/lexicon/countries.toml",
    "src/lexicon/mod.rs",
    "src/lexicon/lent.rs",
    "src/lexicon/matcher.rs",
    "src/lexicon/pattern.rs",
    "src/lexicon/words.rs",
    "src/lexicon/snapshot.rs",
];

fn main() {
    // FNV-1a, 64 bits: stable across platforms and toolchains, which the
    // snapshot's header needs; speed does not matter here.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for path in SOURCES {
        println!("cargo::rerun-if-changed={path}");
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for b in bytes.iter().chain(path.as_bytes()) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    let mut out = String::new();
    writeln!(
        out,
        "/// The hash of the built-in lexicon's sources (`build.rs`).\npub(super) const SOURCE_HASH: u64 = {hash:#018x};"
    )
    .expect("writing to a String");
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(format!("{dir}/lexicon_source_hash.rs"), out).expect("write OUT_DIR file");
}
