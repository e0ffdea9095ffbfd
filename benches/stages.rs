//! Micro-benchmarks of the analysis stages on the real corpus texts
//! (`fixtures/corpus/*.txt`, concatenated and cycled to ~4 MB): segmentation,
//! lexicon scanning, speaker attribution, topic tagging, the whole analysis,
//! and JSON rendering. Run with
//! `cargo bench --bench stages`; the end-to-end benchmark against the peers
//! is `bench/run`.

use std::hint::black_box;
use std::sync::LazyLock;

use communique::analysis::analyze;
use communique::attribute::Attributor;
use communique::document::Document;
use communique::lexicon::{Lexicon, Scratch, UnitHits};
use communique::output::json;
use communique::{segment, topics};

fn main() {
    divan::main();
}

/// The fixture corpus, cycled to at least 4 MB.
static TEXT: LazyLock<String> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let blob: String = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("fixture is UTF-8"))
        .collect::<Vec<_>>()
        .join("\n\n");
    let mut text = String::new();
    while text.len() < 4 << 20 {
        text.push_str(&blob);
        text.push_str("\n\n");
    }
    text
});

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::builtin);

fn bytes() -> divan::counter::BytesCount {
    divan::counter::BytesCount::new(TEXT.len())
}

#[divan::bench(sample_count = 10)]
fn segmentation(bencher: divan::Bencher) {
    bencher
        .counter(bytes())
        .bench(|| black_box(segment::split(black_box(&TEXT))));
}

/// The scan as the analysis runs it: a paragraph at a time into one
/// reused buffer (the topic patterns' literal looked for in the paragraph
/// first), not a fresh `Vec` per unit.
#[divan::bench(sample_count = 10)]
fn lexicon_scan(bencher: divan::Bencher) {
    let doc = segment::split(&TEXT);
    let mut scratch = Scratch::default();
    let mut hits = UnitHits::default();
    bencher.counter(bytes()).bench_local(|| {
        let mut found = 0;
        for paragraph in &doc.paragraphs {
            hits.clear();
            hits.scan_paragraph(&LEXICON, &TEXT, paragraph, &mut scratch);
            found += (0..paragraph.units.len())
                .map(|k| hits.unit(k).len())
                .sum::<usize>();
        }
        found
    });
}

/// The text segmented, and the lexicon hits of each paragraph's units: what
/// attribution and topic tagging start from.
fn segmented_with_hits() -> (Document<'static>, Vec<UnitHits>) {
    let doc = segment::split(&TEXT);
    let mut scratch = Scratch::default();
    let hits = doc
        .paragraphs
        .iter()
        .map(|p| {
            let mut hits = UnitHits::default();
            hits.scan_paragraph(&LEXICON, &TEXT, p, &mut scratch);
            hits
        })
        .collect();
    (doc, hits)
}

#[divan::bench(sample_count = 10)]
fn attribution(bencher: divan::Bencher) {
    let (doc, hits) = segmented_with_hits();
    bencher
        .counter(bytes())
        .with_inputs(|| doc.paragraphs.clone())
        .bench_local_values(|mut paragraphs| {
            let mut speakers = Attributor::new(&TEXT, doc.headline, &LEXICON);
            for (paragraph, hits) in paragraphs.iter_mut().zip(&hits) {
                speakers.paragraph(paragraph, hits);
            }
            paragraphs
        });
}

#[divan::bench(sample_count = 10)]
fn topic_tagging(bencher: divan::Bencher) {
    // Topics follow continued speech, so they start from attributed units.
    let (mut doc, hits) = segmented_with_hits();
    let mut speakers = Attributor::new(&TEXT, doc.headline, &LEXICON);
    for (paragraph, hits) in doc.paragraphs.iter_mut().zip(&hits) {
        speakers.paragraph(paragraph, hits);
    }
    bencher
        .counter(bytes())
        .with_inputs(|| doc.paragraphs.clone())
        .bench_local_values(|mut paragraphs| {
            for (paragraph, hits) in paragraphs.iter_mut().zip(&hits) {
                topics::tag_paragraph(&TEXT, paragraph, &LEXICON, hits);
            }
            paragraphs
        });
}

#[divan::bench(sample_count = 10)]
fn analysis(bencher: divan::Bencher) {
    bencher
        .counter(bytes())
        .bench(|| black_box(analyze(black_box(&TEXT), &LEXICON)));
}

#[divan::bench(sample_count = 10)]
fn json_rendering(bencher: divan::Bencher) {
    let doc = analyze(&TEXT, &LEXICON);
    bencher.counter(bytes()).bench(|| {
        let mut out = Vec::with_capacity(TEXT.len() * 4);
        json::write_units(&mut out, "bench", &doc).expect("writing to a Vec");
        out.len()
    });
}

/// The built-in lexicon compiled from its TOML source, as a user's
/// `--lexicon` file is.
#[divan::bench(sample_count = 10)]
fn lexicon_compile() -> Lexicon {
    Lexicon::parse(communique::lexicon::BUILTIN).expect("valid")
}

/// The built-in lexicon read from its compiled snapshot, as at start-up.
#[divan::bench(sample_count = 100)]
fn lexicon_builtin_load() -> Lexicon {
    Lexicon::builtin()
}
