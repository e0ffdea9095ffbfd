use super::*;

fn targets(lexicon: &Lexicon, text: &str) -> Vec<(String, String)> {
    lexicon
        .scan(text)
        .into_iter()
        .map(|h| {
            let what = match h.target {
                Target::Party(i) => format!("party:{}", lexicon.parties[i].id),
                Target::Topic(i) => format!("topic:{}", lexicon.topics[i].id),
                Target::Joint => "joint".to_owned(),
                Target::Verb => "verb".to_owned(),
                Target::Anaphor => "anaphor".to_owned(),
                Target::Title => "title".to_owned(),
                Target::Pronoun { plural } => format!("pronoun:{plural}"),
                Target::Narration => "narration".to_owned(),
                Target::Guard => "guard".to_owned(),
            };
            (h.span.slice(text).to_owned(), what)
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn builtin_lexicon_compiles_and_every_cue_has_examples_both_ways() {
    let lexicon = Lexicon::builtin();
    let missing: Vec<String> = lexicon
        .examples()
        .iter()
        .filter(|c| c.examples.is_empty() || c.counterexamples.is_empty())
        .map(|c| format!("{:?}", c.expects))
        .collect();
    assert!(missing.is_empty(), "cues without examples: {missing:?}");
}

#[test]
fn builtin_patterns_compile_at_load_and_match_as_when_deferred() {
    // `Lexicon::builtin` compiles its patterns on first use, trusting that
    // they compile: loading them as a user's lexicon checks it.
    let checked = Lexicon::parse(BUILTIN).expect("every built-in pattern compiles");
    let deferred = Lexicon::builtin();
    let texts = [
        "The two sides agreed to deepen their long-standing exchanges.",
        "Youth, cultural and sports exchanges resumed.",
        "They did not discuss an exchange rate.",
        "Nothing of the kind.",
    ];
    for text in texts {
        assert_eq!(deferred.scan(text), checked.scan(text), "{text}");
    }
    assert!(
        targets(&deferred, texts[0]).contains(&(
            "deepen their long-standing exchanges".to_owned(),
            "topic:exchanges".to_owned()
        )),
        "{:?}",
        targets(&deferred, texts[0])
    );
}

#[test]
fn longest_match_hides_the_party_inside_a_topic_term() {
    let lexicon = Lexicon::builtin();
    assert_eq!(
        targets(
            &lexicon,
            "adhering to the one-China principle on the Korean Peninsula"
        ),
        pairs(&[
            ("one-China principle", "topic:taiwan"),
            ("Korean Peninsula", "topic:peninsula")
        ])
    );
}

#[test]
fn exact_terms_keep_their_case_and_terms_need_word_boundaries() {
    let lexicon = Lexicon::builtin();
    assert_eq!(
        targets(&lexicon, "the rok, Chinatown, ROK"),
        pairs(&[("ROK", "party:rok")])
    );
}

#[test]
fn a_term_listed_twice_stands_for_both() {
    let lexicon = Lexicon::builtin();
    assert_eq!(
        targets(&lexicon, "the DPRK"),
        pairs(&[("DPRK", "party:dprk"), ("DPRK", "topic:peninsula")])
    );
}

#[test]
fn guard_hides_the_topic_term_it_overlaps() {
    let lexicon = Lexicon::builtin();
    assert_eq!(
        targets(
            &lexicon,
            "had an exchange of views and agreed to expand youth exchanges"
        ),
        pairs(&[
            ("agreed", "verb"),
            ("expand youth exchanges", "topic:exchanges")
        ])
    );
}

fn error_of(source: &str) -> String {
    Lexicon::parse(source)
        .map(|_| "no error".to_owned())
        .unwrap_or_else(|e| e.to_string())
}

#[test]
fn unknown_key_is_reported_with_line_and_column() {
    let err = error_of("[[party]]\nid = \"x\"\nname = \"X\"\nalias = [\"X\"]\n");
    assert!(err.starts_with("4:1: unknown field `alias`"), "{err}");
}

#[test]
fn every_compile_problem_is_reported_with_its_location() {
    let source = r#"[[party]]
id = "china"
name = "China"
aliases = ["China", " "]

[[party]]
id = "china"
name = "Again"
aliases = ["PRC"]

[[topic]]
id = "Trade"
name = "Trade"
patterns = ["(unclosed", "x*"]
"#;
    assert_eq!(
        error_of(source),
        "4:21: empty term in party \"china\"; \
         7:6: duplicate party id \"china\" (first on line 2); \
         12:6: topic id \"Trade\" must be lowercase without spaces; \
         14:13: invalid pattern in topic \"Trade\": unclosed group; \
         14:26: pattern in topic \"Trade\" matches the empty string"
    );
}

#[test]
fn enormous_regex_is_refused_not_compiled() {
    let source =
        "[[topic]]\nid = \"t\"\nname = \"T\"\npatterns = ['\\w{1000}\\w{1000}\\w{1000}']\n";
    let err = error_of(source);
    assert!(err.contains("invalid pattern"), "{err}");
}

#[test]
fn syntax_error_has_a_location() {
    let err = error_of("[[party]\nid = 1");
    assert!(err.starts_with("1:"), "{err}");
}

#[test]
fn builtin_lexicon_has_no_duplicate_or_shadowed_terms() {
    let problems = lint(BUILTIN).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
}

#[test]
fn lint_reports_duplicates_shadowing_and_ambiguous_aliases() {
    let source = r#"[[party]]
id = "a"
name = "A"
aliases = ["Korea", "korea side"]
exact = ["KOREA SIDE", "X"]

[[party]]
id = "b"
name = "B"
aliases = ["Korea", "Korea"]
guards = ["Korea"]
"#;
    let messages: Vec<String> = lint(source)
        .unwrap()
        .into_iter()
        .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
        .collect();
    assert_eq!(
        messages,
        [
            "5:10: exact term \"KOREA SIDE\" in party \"a\" is shadowed by the term on line 4, which matches it in any case",
            "10:12: \"Korea\" names both party \"a\" (line 4) and party \"b\": a mention of it is both",
            "10:21: \"Korea\" names both party \"a\" (line 4) and party \"b\": a mention of it is both",
            "10:21: duplicate term \"Korea\" in party \"b\" (first on line 10)",
            "11:11: \"Korea\" in party \"b\" is both a term and a guard (line 10): it never matches",
            "11:11: \"Korea\" in party \"b\" is both a term and a guard (line 10): it never matches",
        ]
    );
}

#[test]
fn builtin_snapshot_is_what_compiling_the_source_gives() {
    // The snapshot is a cache of the compiled built-in lexicon (see
    // `snapshot.rs`). A stale one would still be refused at load by its
    // source hash, but the layout of the compiled form can change without
    // the source changing: so it must equal a fresh compile, byte for byte.
    let fresh = snapshot::encode(&Lexicon::builtin_from_source());
    if fresh == snapshot::committed() {
        return;
    }
    if std::env::var_os("COMMUNIQUE_BLESS").is_some() {
        std::fs::write(snapshot::PATH, &fresh).expect("write the snapshot");
        return;
    }
    panic!(
        "src/lexicon/builtin.snapshot is stale ({} bytes, a fresh compile gives {}): \
         run `COMMUNIQUE_BLESS=1 cargo test --lib snapshot` and commit it",
        snapshot::committed().len(),
        fresh.len()
    );
}

#[test]
fn builtin_lexicon_loads_from_its_snapshot() {
    let loaded = snapshot::load()
        .expect("the committed snapshot is not current: start-up compiles the TOML");
    assert!(
        loaded.terms.cells_are_borrowed(),
        "the trie's cells are copied out of the snapshot instead of read in place"
    );
    assert!(
        loaded.patterns.iter().all(|(p, _)| p.dfa_is_borrowed()),
        "the patterns' DFAs are copied out of the snapshot instead of read in place"
    );
    // Compiled, they are the lexicon's own.
    assert!(!Lexicon::builtin_from_source().terms.cells_are_borrowed());
}

#[test]
fn snapshot_of_another_source_or_format_or_damaged_is_refused() {
    // Leaked: a snapshot is read in place for the life of the process, as
    // the binary's is.
    let bytes: &'static [u8] = snapshot::encode(&Lexicon::builtin_from_source()).leak();
    assert!(snapshot::decode(bytes).is_some());
    // The header is the format (one byte as a varint), then the hash.
    let mut other_format = bytes.to_vec();
    other_format[0] ^= 0x7f;
    assert!(snapshot::decode(other_format.leak()).is_none());
    let mut other_source = bytes.to_vec();
    other_source[1] ^= 1;
    assert!(snapshot::decode(other_source.leak()).is_none());
    for cut in [0, 1, 9, bytes.len() / 2, bytes.len() - 1] {
        assert!(snapshot::decode(&bytes[..cut]).is_none(), "cut at {cut}");
    }
}

#[test]
fn lexicon_read_back_from_its_snapshot_finds_what_the_compiled_one_does() {
    let compiled = Lexicon::builtin_from_source();
    let loaded = snapshot::decode(snapshot::encode(&compiled).leak()).expect("reads back");
    assert_eq!(loaded.parties, compiled.parties);
    assert_eq!(loaded.topics, compiled.topics);
    // Read only when asked for.
    assert!(loaded.examples.read.get().is_none());
    assert_eq!(loaded.examples(), compiled.examples());
    assert_eq!(
        loaded.joint_statement_titles,
        compiled.joint_statement_titles
    );
    let texts = [
        include_str!("../../fixtures/china-rok-2plus2-seoul.txt"),
        include_str!("../../fixtures/corpus/state-2021-07-26-sherman-visit-to-prc.txt"),
        "The two sides agreed to deepen their long-standing exchanges.",
        "The DPRK and the ROK; the Republic of Korea's Foreign Minister said.",
    ];
    for text in texts {
        let hits = compiled.scan(text);
        assert!(!hits.is_empty());
        assert_eq!(loaded.scan(text), hits);
    }
}

#[test]
fn terms_starting_with_punctuation_survive_the_snapshot_form() {
    // Such terms go through an automaton that is not serialized but built
    // again when read back.
    let source = "[[party]]\nid = \"two\"\nname = \"Two\"\naliases = [\"+2 group\"]\n";
    let compiled = Lexicon::parse(source).expect("valid");
    let bytes = postcard::to_stdvec(&compiled.terms).expect("serializes");
    let terms: matcher::Terms = postcard::from_bytes(bytes.leak()).expect("reads back");
    let loaded = Lexicon {
        terms,
        ..compiled.clone()
    };
    let text = "The +2 group met.";
    assert_eq!(targets(&loaded, text), pairs(&[("+2 group", "party:two")]));
    assert_eq!(loaded.scan(text), compiled.scan(text));
}

#[test]
fn builtin_patterns_find_the_same_through_their_ascii_forms_in_the_fixtures() {
    // Every line of the fixture corpus that has a pattern's literal, as it
    // is (curly quotes, dashes, no-break spaces) and with words that make
    // the full pattern necessary.
    // The snapshot's lexicon, whose ASCII forms run on dense DFAs compiled
    // ahead of time: they must find what the full, lazily compiled regex
    // finds.
    let lexicon = Lexicon::builtin();
    assert!(
        lexicon.patterns.iter().all(|(p, _)| p.is_precompiled()),
        "every built-in pattern's ASCII form comes precompiled"
    );
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/corpus");
    let (mut lines, mut matches) = (0, 0);
    for entry in std::fs::read_dir(dir).expect("fixtures/corpus") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
        for line in text
            .lines()
            .filter(|l| l.to_lowercase().contains("exchange"))
        {
            let accented = line.replacen(' ', " Türkiye-naïve ", 3);
            for text in [line, accented.as_str()] {
                for (pattern, _) in &lexicon.patterns {
                    let full: Vec<_> = pattern.regex().find_iter(text).map(|m| m.range()).collect();
                    let found: Vec<_> = pattern.find_iter(text).collect();
                    assert_eq!(found, full, "{text:?}");
                    matches += full.len();
                }
                lines += 1;
            }
        }
    }
    assert!(
        lines >= 30 && matches >= 10,
        "{lines} lines, {matches} matches"
    );
}

/// Pieces of the built-in patterns (their words, their joints, and words
/// that begin like them), for texts where matches overlap, nest, start
/// inside words and run to the end.
const PATTERN_PIECES: &[&str] = &[
    "maintain ",
    "Strengthening ",
    "EXPAND",
    "carry out ",
    "keep",
    "youth ",
    "local",
    "cultural ",
    "think tank ",
    "think-tank",
    "people-to-people ",
    "exchanges",
    " exchanges",
    "Exchanges ",
    "exchange ",
    ", ",
    " ",
    " and ",
    "re",
    "x",
    "-",
    ".",
    "\u{2019}",
    "deepen ",
    "of ",
    "their ",
    "s",
];

proptest::proptest! {
    /// The precompiled DFAs of the built-in patterns, searched from each
    /// position in turn, find what the full regex finds in one unanchored
    /// search, match for match.
    #[test]
    fn precompiled_patterns_find_what_the_full_regex_finds(
        picks in proptest::collection::vec(0..PATTERN_PIECES.len(), 0..40)
    ) {
        let lexicon = Lexicon::builtin();
        let text: String = picks.iter().map(|&i| PATTERN_PIECES[i]).collect();
        for (pattern, _) in &lexicon.patterns {
            proptest::prop_assert!(pattern.is_precompiled());
            // A fresh lexicon each case: its DFAs serve.
            proptest::prop_assert!(pattern.find_iter(&text).is_dense());
            let full: Vec<_> = pattern.regex().find_iter(&text).map(|m| m.range()).collect();
            let found: Vec<_> = pattern.find_iter(&text).collect();
            proptest::prop_assert_eq!(found, full, "{:?}", text);
        }
    }
}

#[test]
fn a_paragraph_scanned_at_once_gives_each_unit_its_own_scan() {
    // `scan_paragraph` looks for the patterns' literal in the paragraph
    // first: what it records must be what scanning each unit alone gives.
    let lexicon = Lexicon::builtin();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/corpus");
    let mut units = 0;
    for entry in std::fs::read_dir(dir).expect("fixtures/corpus") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("text");
        let doc = crate::segment::split(&text);
        let mut scratch = Scratch::default();
        for paragraph in &doc.paragraphs {
            let mut hits = UnitHits::default();
            hits.scan_paragraph(&lexicon, &text, paragraph, &mut scratch);
            for (k, unit) in paragraph.units.iter().enumerate() {
                let alone: Vec<Hit> = lexicon
                    .scan(unit.span.slice(&text))
                    .into_iter()
                    .map(|h| Hit {
                        span: h.span.shift(unit.span.start),
                        ..h
                    })
                    .collect();
                assert_eq!(hits.unit(k), &alone[..], "{:?}", unit.span.slice(&text));
                units += 1;
            }
        }
    }
    assert!(units > 500, "{units} units");
}

#[test]
fn patterns_with_one_literal_share_its_search_and_others_keep_their_own() {
    let source = r#"
[[topic]]
id = "a"
name = "A"
patterns = ['deepen(?: \w+)? exchanges', 'expand(?: \w+)? exchanges', 'nuclear(?: \w+)? talks']
"#;
    let lexicon = Lexicon::parse(source).expect("valid");
    assert_eq!(lexicon.literal_owners, [0, 0, 2]);
    let text = "They held nuclear arms talks. They agreed to deepen exchanges.";
    let doc = crate::segment::split(text);
    let mut hits = UnitHits::default();
    hits.scan_paragraph(&lexicon, text, &doc.paragraphs[0], &mut Scratch::default());
    let found: Vec<&str> = (0..2)
        .flat_map(|k| hits.unit(k).iter().map(|h| h.span.slice(text)))
        .collect();
    assert_eq!(found, ["nuclear arms talks", "deepen exchanges"]);
}

#[test]
fn examples_that_do_not_read_back_are_compiled_from_the_source() {
    let compiled = Lexicon::builtin_from_source();
    let damaged = Examples::encoded(lent::Lent::owned(vec![0xff; 9]));
    assert_eq!(damaged.get(), compiled.examples());
}
