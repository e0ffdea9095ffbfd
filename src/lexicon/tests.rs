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
        .examples
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
