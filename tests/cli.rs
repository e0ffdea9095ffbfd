//! The command line as a user meets it.
//!
//! Most cases are data: `tests/cmd/<case>.toml` (args, exit code, stdout,
//! stderr) with inputs in `tests/cmd/<case>.in/`, run by trycmd. Refresh their
//! expected output with `TRYCMD=overwrite cargo test` and review the diff.
//!
//! The tests below need code: stdin, a reader that closes early, inputs that
//! are generated (invalid UTF-8, broken lexicons). They write only under
//! `CARGO_TARGET_TMPDIR`, one fresh directory per test, and run the binary
//! there so error messages name relative paths.

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use assert_cmd::cargo::cargo_bin;

use crate::support::{self, ENV_READ, Run, communique_in, one_line_error, run};

const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");
const SEED_PATH: &str = "fixtures/china-rok-2plus2-seoul.txt";

#[test]
fn cmd_cases_match_their_recorded_output() {
    trycmd::TestCases::new()
        .register_bin("communique", cargo_bin!("communique"))
        .case("tests/cmd/*.toml");
}

/// Cases whose `.in/` holds a copy of the seed fixture, because a trycmd
/// case runs in its own `.in/` directory.
const SEED_COPIES: &[&str] = &[
    "analyze_text_seed",
    "check_bless_writes_expectation",
    "check_expect_matches",
    "check_expect_one_speaker_differs",
    "check_rules_fail_github",
    "check_rules_fail_json",
    "check_rules_fail_text",
    "check_rules_pass_prints_nothing",
    "grep_jsonl_speaker_rok",
    "grep_no_match_exits_1",
    "grep_regex",
    "grep_rule_continuation",
    "grep_topic_match_exits_0",
    "matrix_csv_seed",
    "matrix_text_seed",
    "speakers_csv_seed",
    "speakers_json_seed",
    "speakers_text_seed",
    "topics_jsonl_seed",
    "topics_text_seed",
];

/// Every copy of the seed under `tests/cmd/*.in/` is listed in
/// [`SEED_COPIES`] and identical to the fixture.
#[test]
fn seed_copy_for_trycmd_matches_the_fixture() {
    let cmd = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let name = Path::new(SEED_PATH).file_name().unwrap();
    let mut found: Vec<String> = fs::read_dir(&cmd)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.extension().is_some_and(|x| x == "in") && dir.join(name).exists())
        .map(|dir| dir.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, SEED_COPIES, "seed copies under tests/cmd/*.in/");
    for case in SEED_COPIES {
        let copy = fs::read_to_string(cmd.join(format!("{case}.in")).join(name)).unwrap();
        assert!(
            copy == SEED,
            "re-copy {SEED_PATH} into tests/cmd/{case}.in/"
        );
    }
}

/// `check --bless` writes the expectation that `check_expect_matches`
/// stores, byte for byte (the trycmd case `check_bless_writes_expectation`
/// elides its escaped quotes), and `check_expect_one_speaker_differs` stores
/// that file with one speaker edited by hand.
#[test]
fn bless_writes_the_stored_expectation_and_the_edit_is_one_speaker() {
    let stored = include_str!("cmd/check_expect_matches.in/seoul.expect.json");
    let edited = include_str!("cmd/check_expect_one_speaker_differs.in/seoul.expect.json");

    let dir = scratch("bless");
    let name = Path::new(SEED_PATH).file_name().unwrap();
    fs::write(dir.join(name), SEED).unwrap();
    let got = run(communique()
        .current_dir(&dir)
        .args(["check", "--bless", "--expect", "seoul.expect.json"])
        .arg(name));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stdout, "");
    let written = fs::read_to_string(dir.join("seoul.expect.json")).unwrap();
    assert!(
        written == stored,
        "--bless wrote something else than tests/cmd/check_expect_matches.in/seoul.expect.json"
    );

    let changed: Vec<(&str, &str)> = stored
        .lines()
        .zip(edited.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(r#"      "speaker": "rok","#, r#"      "speaker": "china","#)]
    );
    assert_eq!(stored.lines().count(), edited.lines().count());
}

/// The binary, run from the package root with a clean environment.
fn communique() -> assert_cmd::Command {
    communique_in(Path::new(env!("CARGO_MANIFEST_DIR")))
}

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    support::scratch("cli", test)
}

/// The seed's jsonl output when read from a file, with `source` rewritten to
/// what a stdin run should report.
fn seed_jsonl_as_stdin() -> String {
    let from_file = run(communique().args(["analyze", "--format", "jsonl", SEED_PATH]));
    assert_eq!(from_file.code, Some(0), "stderr: {}", from_file.stderr);
    assert!(!from_file.stdout.is_empty());
    let from = format!("\"source\":\"{SEED_PATH}\"");
    assert_eq!(
        from_file.stdout.lines().count(),
        from_file.stdout.matches(&from).count(),
        "every line names its source"
    );
    from_file.stdout.replace(&from, "\"source\":\"<stdin>\"")
}

#[test]
fn no_path_reads_stdin_and_names_it_stdin() {
    let expected = seed_jsonl_as_stdin();
    let got = run(communique()
        .args(["analyze", "--format", "jsonl"])
        .write_stdin(SEED));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert_eq!(got.stdout, expected);
}

#[test]
fn dash_reads_stdin_like_no_path() {
    let expected = seed_jsonl_as_stdin();
    let got = run(communique()
        .args(["analyze", "--format", "jsonl", "-"])
        .write_stdin(SEED));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert_eq!(got.stdout, expected);
}

#[test]
fn empty_stdin_is_valid_input_with_no_units() {
    let got = run(communique()
        .args(["analyze", "--format", "jsonl"])
        .write_stdin(""));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert_eq!(got.stdout, "");
}

/// `communique analyze --format jsonl big.txt | head -1`: the reader goes
/// away while the binary still has megabytes to write. The write fails with
/// `BrokenPipe`, which must end the run quietly with exit 0.
#[test]
fn reader_closing_early_ends_run_quietly_with_exit_0() {
    let dir = scratch("broken_pipe");
    let big = dir.join("big.txt");
    let mut text = String::with_capacity((SEED.len() + 2) * 2000);
    for _ in 0..2000 {
        text.push_str(SEED);
        text.push_str("\n\n");
    }
    fs::write(&big, &text).unwrap();

    let mut cmd = Command::new(cargo_bin!("communique"));
    for var in ENV_READ {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .args(["analyze", "--format", "jsonl"])
        .arg(&big)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    // Read one line, as `head -1` does, then close the pipe. The output is
    // about 28 MB, far beyond any pipe buffer, so most writes come after.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"schema_version\":1,\"kind\":\"unit\""));
    drop(stdout);

    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(stderr, "", "a closed pipe is not an error to report");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn invalid_utf8_file_is_refused_with_its_byte_offset() {
    let dir = scratch("invalid_utf8_file");
    // "Café " is 6 bytes but 5 chars: the offset is in bytes.
    fs::write(dir.join("latin1.txt"), b"Caf\xc3\xa9 \xff talks.\n").unwrap();
    let got = run(communique()
        .current_dir(&dir)
        .args(["analyze", "latin1.txt"]));
    assert_eq!(
        one_line_error(&got),
        "communique: latin1.txt: invalid UTF-8 at byte 6"
    );
}

#[test]
fn invalid_utf8_on_stdin_is_refused_naming_stdin() {
    let got = run(communique()
        .args(["analyze", "--format", "text"])
        .write_stdin(&b"ok \xff"[..]));
    assert_eq!(
        one_line_error(&got),
        "communique: <stdin>: invalid UTF-8 at byte 3"
    );
}

#[test]
fn missing_file_is_an_error_naming_the_path() {
    let dir = scratch("missing_file");
    let got = run(communique()
        .current_dir(&dir)
        .args(["analyze", "no-such-readout.txt"]));
    let line = one_line_error(&got);
    // The rest is the OS's wording, which differs between platforms.
    assert!(
        line.starts_with("communique: no-such-readout.txt: "),
        "{line:?}"
    );
}

fn lexicon_error(test: &str, lexicon: &str) -> String {
    support::lexicon_error("cli", test, lexicon)
}

#[test]
fn lexicon_with_unknown_key_is_refused_at_its_line_and_column() {
    let line = lexicon_error(
        "lexicon_unknown_key",
        r#"[[party]]
id = "china"
name = "China"
aliases = ["China"]
colour = "red"
"#,
    );
    assert!(
        line.starts_with("communique: lexicon lexicon.toml: 5:1: unknown field `colour`"),
        "{line:?}"
    );
}

#[test]
fn lexicon_with_duplicate_party_id_is_refused_at_the_second_id() {
    let line = lexicon_error(
        "lexicon_duplicate_party",
        r#"[[party]]
id = "china"
name = "China"
aliases = ["China"]

[[party]]
id = "china"
name = "PRC"
aliases = ["PRC"]
"#,
    );
    assert!(
        line.starts_with("communique: lexicon lexicon.toml: 7:6: "),
        "{line:?}"
    );
    assert!(line.contains("duplicate party id \"china\""), "{line:?}");
}

#[test]
fn lexicon_with_invalid_topic_pattern_is_refused_at_the_pattern() {
    let line = lexicon_error(
        "lexicon_invalid_pattern",
        r#"[[topic]]
id = "taiwan"
name = "Taiwan"
terms = ["Taiwan question"]
patterns = ["Taiwan (question"]
"#,
    );
    assert!(
        line.starts_with("communique: lexicon lexicon.toml: 5:13: "),
        "{line:?}"
    );
    assert!(line.contains("topic \"taiwan\""), "{line:?}");
    assert!(line.contains("unclosed group"), "{line:?}");
}

/// `communique lexicon` prints the built-in lexicon byte for byte, so it can
/// be saved and edited as a starting point.
#[test]
fn lexicon_prints_the_builtin_lexicon_file() {
    let got = run(communique().arg("lexicon"));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert!(
        got.stdout
            == concat!(
                include_str!("../src/lexicon/default.toml"),
                "\n",
                include_str!("../src/lexicon/countries.toml")
            ),
        "stdout differs from src/lexicon/default.toml + countries.toml"
    );
}

#[test]
fn lexicon_check_on_the_builtin_file_finds_nothing() {
    let got = run(communique().args(["lexicon", "--check", "src/lexicon/default.toml"]));
    assert_eq!(got.code, Some(0), "stdout: {}", got.stdout);
    assert_eq!(got.stdout, "");
    assert_eq!(got.stderr, "");
}

#[test]
fn completions_bash_prints_a_script() {
    let got = run(communique().args(["completions", "bash"]));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert!(
        got.stdout.contains("communique"),
        "{}",
        &got.stdout[..got.stdout.len().min(200)]
    );
}

/// The page opens with roff requests (clap_mangen defines the `Aq` string
/// first) and then its `.TH` title line, before any section.
#[test]
fn man_prints_a_roff_page_with_a_title_header() {
    let got = run(communique().arg("man"));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    let head: Vec<&str> = got
        .stdout
        .lines()
        .take_while(|l| !l.starts_with(".TH "))
        .collect();
    assert!(
        head.iter()
            .all(|l| l.starts_with(".ie ") || l.starts_with(".el ")),
        "only string definitions before .TH: {head:?}"
    );
    let th = got.stdout.lines().nth(head.len()).expect("a .TH line");
    assert!(th.starts_with(".TH communique 1 "), "{th:?}");
    assert!(got.stdout.contains("\n.SH NAME\n"));
}

const ESC: char = '\u{1b}';

/// `grep --topic taiwan` on the seed, with `color` and `NO_COLOR` (if any).
fn grep_seed(color: Option<&str>, no_color: Option<&str>) -> Run {
    let mut cmd = communique();
    cmd.args(["grep", "--topic", "taiwan", SEED_PATH]);
    if let Some(when) = color {
        cmd.args(["--color", when]);
    }
    if let Some(value) = no_color {
        cmd.env("NO_COLOR", value);
    }
    let got = run(&mut cmd);
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert_eq!(got.stdout.lines().count(), 2, "{}", got.stdout);
    got
}

#[test]
fn color_always_paints_grep_output() {
    let got = grep_seed(Some("always"), None);
    assert!(got.stdout.contains(ESC), "{:?}", got.stdout);
    let plain = grep_seed(Some("never"), None);
    // Painting adds escapes and nothing else.
    let mut stripped = String::new();
    let mut rest = got.stdout.as_str();
    while let Some(at) = rest.find(ESC) {
        stripped.push_str(&rest[..at]);
        let end = rest[at..].find('m').expect("an SGR sequence ends with m");
        rest = &rest[at + end + 1..];
    }
    stripped.push_str(rest);
    assert_eq!(stripped, plain.stdout);
}

#[test]
fn color_never_and_no_color_leave_grep_output_plain() {
    for (color, no_color) in [
        (Some("never"), None),
        (None, Some("1")),
        (Some("auto"), Some("1")),
    ] {
        let got = grep_seed(color, no_color);
        assert!(
            !got.stdout.contains(ESC),
            "--color {color:?}, NO_COLOR={no_color:?}: {:?}",
            got.stdout
        );
    }
}

#[test]
fn json_lines_input_analyses_each_record_with_its_id_as_source() {
    let stream = "{\"id\": \"seed\", \"text\": \"The two sides agreed. China stressed Taiwan.\"}\n{\"id\": 2, \"text\": \"The ROK side said so.\"}\n";
    let got = run(communique()
        .args(["analyze", "--input", "jsonl", "--format", "jsonl"])
        .write_stdin(stream));
    assert_eq!(got.code, Some(0), "{}", got.stderr);
    let sources: Vec<String> = got
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            format!("{} {}", v["source"].as_str().unwrap(), v["speaker"])
        })
        .collect();
    assert_eq!(sources, ["seed \"joint\"", "seed \"china\"", "2 \"rok\""]);
    // The same as analysing each text alone, but for `source`.
    let alone = run(communique()
        .args(["analyze", "--format", "jsonl"])
        .write_stdin("The ROK side said so."));
    assert_eq!(
        got.stdout
            .lines()
            .last()
            .unwrap()
            .replace("\"source\":\"2\"", "\"source\":\"<stdin>\""),
        alone.stdout.trim_end()
    );
}

#[test]
fn json_lines_input_with_a_bad_record_is_an_error_naming_its_line() {
    let got = run(communique()
        .args(["analyze", "--input", "jsonl"])
        .write_stdin("{\"id\": 1, \"text\": \"Fine.\"}\n{\"id\": 2}\n"));
    let line = one_line_error(&got);
    assert!(line.starts_with("communique: <stdin>:2: not a"), "{line}");
}
