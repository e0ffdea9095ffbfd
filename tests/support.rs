//! Helpers shared by the integration tests that run the binary: a clean
//! environment, scratch directories under `target/`, and the one-line error
//! contract.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

/// Environment variables that change what the binary prints: clap reads
/// `COLUMNS`/`LINES` for help width and the rest for colour.
pub(crate) const ENV_READ: &[&str] = &[
    "COLUMNS",
    "LINES",
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
];

/// The binary, run in `dir` with a clean environment.
pub(crate) fn communique_in(dir: &Path) -> assert_cmd::Command {
    let mut cmd = cargo_bin_cmd!("communique");
    cmd.current_dir(dir);
    for var in ENV_READ {
        cmd.env_remove(var);
    }
    cmd
}

/// A fresh, empty directory for one test of a group.
pub(crate) fn scratch(group: &str, test: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(test);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory under target/");
    dir
}

/// What a run of the binary gave.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Run `cmd` to completion.
pub(crate) fn run(cmd: &mut assert_cmd::Command) -> Run {
    let out = cmd.output().expect("the binary runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Assert a run failed with exit 2, printed nothing on stdout, and one line
/// on stderr; return that line without its newline.
pub(crate) fn one_line_error(run: &Run) -> &str {
    assert_eq!(run.code, Some(2), "stderr: {}", run.stderr);
    assert_eq!(run.stdout, "", "an error must leave stdout empty");
    let line = run
        .stderr
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("stderr must end with a newline: {:?}", run.stderr));
    assert!(!line.contains('\n'), "stderr must be one line: {line:?}");
    line
}

/// Run `analyze --lexicon lexicon.toml` with `lexicon` as the file's text
/// on a short stdin, in a scratch directory, and return the one-line error.
pub(crate) fn lexicon_error(group: &str, test: &str, lexicon: &str) -> String {
    let dir = scratch(group, test);
    fs::write(dir.join("lexicon.toml"), lexicon).expect("write the lexicon");
    let got = run(communique_in(&dir)
        .args(["analyze", "--lexicon", "lexicon.toml"])
        .write_stdin("The two sides met."));
    one_line_error(&got).to_owned()
}
