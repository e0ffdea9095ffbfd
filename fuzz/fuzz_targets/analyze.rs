//! Fuzz the analyze pipeline on arbitrary bytes: decode them as the CLI does
//! (strictly, and with `--lossy` replacement), analyse with the built-in
//! lexicon, render JSON and JSONL, and check that every rendered document
//! parses and that every unit's span slices back to its text.
#![no_main]

use std::sync::LazyLock;

use communique::analysis::analyze;
use communique::input;
use communique::lexicon::Lexicon;
use communique::output::json;
use libfuzzer_sys::fuzz_target;

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

fuzz_target!(|data: &[u8]| {
    // Strict decoding refuses what the CLI refuses; lossy decoding always
    // gives text (unless NUL or UTF-16, which stay refused).
    let strict = input::decode(data.to_vec()).ok();
    let lossy = input::decode_lossy(data.to_vec())
        .ok()
        .map(|(text, _)| text);
    for text in [strict, lossy].into_iter().flatten() {
        let doc = analyze(&text, &LEXICON);
        for unit in doc.units() {
            assert_eq!(
                unit.span.slice(&text),
                &text[unit.span.start..unit.span.end]
            );
        }
        let mut out = Vec::new();
        json::write_analysis(&mut out, "fuzz", &doc).expect("writing to a Vec");
        let line = std::str::from_utf8(&out).expect("JSON is UTF-8");
        assert!(line.ends_with('\n') && line.matches('\n').count() == 1);
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON parses");
        assert_eq!(value["kind"], "analysis");
        let mut units = Vec::new();
        json::write_units(&mut units, "fuzz", &doc).expect("writing to a Vec");
        for l in std::str::from_utf8(&units).expect("JSONL is UTF-8").lines() {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSONL line parses");
            let (s, e) = (
                v["start"].as_u64().expect("start"),
                v["end"].as_u64().expect("end"),
            );
            assert_eq!(v["text"].as_str(), text.get(s as usize..e as usize));
        }
    }
});
