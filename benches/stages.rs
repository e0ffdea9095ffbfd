//! Micro-benchmarks of the analysis stages on the real corpus texts
//! (`fixtures/corpus/*.txt`, concatenated and cycled to ~4 MB): segmentation,
//! lexicon scanning, the whole analysis, and JSON rendering. Run with
//! `cargo bench --bench stages`; the end-to-end benchmark against the peers
//! is `bench/run`.

use std::hint::black_box;
use std::sync::LazyLock;

use communique::analysis::analyze;
use communique::lexicon::Lexicon;
use communique::output::json;
use communique::segment;

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

#[divan::bench(sample_count = 10)]
fn lexicon_scan(bencher: divan::Bencher) {
    let doc = segment::split(&TEXT);
    bencher.counter(bytes()).bench(|| {
        doc.units()
            .map(|u| LEXICON.scan(u.span.slice(&TEXT)).len())
            .sum::<usize>()
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

#[divan::bench(sample_count = 10)]
fn lexicon_compile() -> Lexicon {
    Lexicon::builtin()
}
