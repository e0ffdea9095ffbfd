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
use std::path::PathBuf;
use std::process::{Command, Stdio};

use assert_cmd::cargo::{cargo_bin, cargo_bin_cmd};

const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");
const SEED_PATH: &str = "fixtures/china-rok-2plus2-seoul.txt";

/// Environment variables that change what the binary prints: clap reads
/// `COLUMNS`/`LINES` for help width and the rest for colour.
const ENV_READ: &[&str] = &[
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
];

#[test]
fn cmd_cases_match_their_recorded_output() {
    trycmd::TestCases::new()
        .register_bin("communique", cargo_bin!("communique"))
        .case("tests/cmd/*.toml");
}

/// `tests/cmd/analyze_text_seed.in/` holds a copy of the seed fixture,
/// because a trycmd case runs in its own `.in/` directory; keep it identical.
#[test]
fn seed_copy_for_trycmd_matches_the_fixture() {
    let copy = include_str!("cmd/analyze_text_seed.in/china-rok-2plus2-seoul.txt");
    assert!(
        copy == SEED,
        "re-copy {SEED_PATH} into tests/cmd/analyze_text_seed.in/"
    );
}

/// The binary, run from the package root with a clean environment.
fn communique() -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("communique");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in ENV_READ {
        cmd.env_remove(var);
    }
    cmd
}

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory under target/");
    dir
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut assert_cmd::Command) -> Run {
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Assert a run failed with exit 2, printed nothing on stdout, and one line
/// on stderr; return that line without its newline.
fn one_line_error(run: &Run) -> &str {
    assert_eq!(run.code, Some(2), "stderr: {}", run.stderr);
    assert_eq!(run.stdout, "", "an error must leave stdout empty");
    let line = run
        .stderr
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("stderr must end with a newline: {:?}", run.stderr));
    assert!(!line.contains('\n'), "stderr must be one line: {line:?}");
    line
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

/// Run `analyze --lexicon lexicon.toml` with `lexicon` as the file's text,
/// and return the one-line error.
fn lexicon_error(test: &str, lexicon: &str) -> String {
    let dir = scratch(test);
    fs::write(dir.join("lexicon.toml"), lexicon).expect("write the lexicon");
    let got = run(communique()
        .current_dir(&dir)
        .args(["analyze", "--lexicon", "lexicon.toml"])
        .write_stdin("The two sides met."));
    one_line_error(&got).to_owned()
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
