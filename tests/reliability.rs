//! Bad input, as a user or a pipeline meets it: each test states what the
//! tool does with one kind of input, and `docs/reliability.md` lists them in
//! a table. The promise is that no input makes `communique` panic, print a
//! wrong analysis as if it were right, or lose text: it either analyses the
//! input or refuses it with exit 2, one line on stderr naming the file and
//! the problem, and nothing on stdout.
//!
//! Tests write only under `CARGO_TARGET_TMPDIR`, one fresh directory each,
//! and run the binary there so messages name relative paths. The two heavy
//! tests (a 50 MB line, a million paragraphs) live in [`heavy`] and run only
//! in release builds; `.ci/run` runs them with
//! `cargo test --release -- reliability::heavy`.
//!
//! Crashes found by fuzzing (`fuzz/`) are kept in `fuzz/regressions/<target>/`
//! and replayed by [`every_fuzz_regression_input_is_handled_without_panic`];
//! each also gets a test of its own (`#[ignore]`d only while it is open).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin;

use crate::support::{self, ENV_READ, Run, communique_in, one_line_error, run};
use communique::analysis::analyze;
use communique::lexicon::Lexicon;
use communique::output::json;

const SEED: &str = include_str!("../fixtures/china-rok-2plus2-seoul.txt");

/// The binary, run in `dir` with a clean environment.
fn communique(dir: &Path) -> assert_cmd::Command {
    communique_in(dir)
}

/// A fresh, empty directory for one test.
fn scratch(test: &str) -> PathBuf {
    support::scratch("reliability", test)
}

/// Run `communique ARGS` in a scratch directory holding `files`.
fn run_with_files(test: &str, files: &[(&str, &[u8])], args: &[&str]) -> Run {
    let dir = scratch(test);
    for (name, bytes) in files {
        fs::write(dir.join(name), bytes).expect("write an input");
    }
    run(communique(&dir).args(args))
}

/// The JSON values of `--format jsonl` output, one per line.
fn jsonl(stdout: &str) -> Vec<serde_json::Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

fn unit_texts(stdout: &str) -> Vec<String> {
    jsonl(stdout)
        .iter()
        .map(|u| u["text"].as_str().expect("text").to_owned())
        .collect()
}

// ---------------------------------------------------------------- encoding

#[test]
fn lossy_replaces_invalid_utf8_and_reports_file_first_offset_and_count() {
    // Three invalid sequences: a lone continuation byte, a truncated euro
    // sign, an invalid lead byte. The first is at byte 22.
    let bytes: &[u8] =
        b"The Chinese side said \x80 and agreed.\n\nThe ROK side \xe2\x82 said \xff so.\n";
    let got = run_with_files(
        "lossy",
        &[("scraped.txt", bytes)],
        &["analyze", "--lossy", "--format", "jsonl", "scraped.txt"],
    );
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(
        got.stderr,
        "communique: scraped.txt: invalid UTF-8 at byte 22 replaced with U+FFFD \
         (3 replacements); offsets refer to the decoded text\n"
    );
    // Nothing is lost: each invalid sequence is one U+FFFD, and the offsets
    // slice the decoded text (not the file) back to each unit's text.
    let decoded = String::from_utf8_lossy(bytes);
    let units = jsonl(&got.stdout);
    assert_eq!(units.len(), 2);
    assert_eq!(
        units[0]["text"],
        "The Chinese side said \u{fffd} and agreed."
    );
    assert_eq!(units[1]["text"], "The ROK side \u{fffd} said \u{fffd} so.");
    for u in &units {
        let (start, end) = (u["start"].as_u64().unwrap(), u["end"].as_u64().unwrap());
        assert_eq!(
            decoded.get(start as usize..end as usize),
            u["text"].as_str(),
            "{u}"
        );
    }
}

#[test]
fn lossy_on_valid_utf8_changes_nothing_and_says_nothing() {
    let plain = run_with_files(
        "lossy_valid",
        &[("seed.txt", SEED.as_bytes())],
        &["analyze", "seed.txt"],
    );
    let lossy = run_with_files(
        "lossy_valid",
        &[("seed.txt", SEED.as_bytes())],
        &["analyze", "--lossy", "seed.txt"],
    );
    assert_eq!(lossy.code, Some(0), "stderr: {}", lossy.stderr);
    assert_eq!(lossy.stderr, "");
    assert_eq!(lossy.stdout, plain.stdout);
}

#[test]
fn utf16_with_bom_is_refused_clearly_even_with_lossy() {
    let le: &[u8] = b"\xff\xfeC\0h\0i\0n\0a\0.\0";
    let be: &[u8] = b"\xfe\xff\0C\0h\0i\0n\0a\0.";
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        for lossy in [false, true] {
            let mut args = vec!["analyze", name];
            if lossy {
                args.push("--lossy");
            }
            let got = run_with_files("utf16", &[(name, bytes)], &args);
            assert_eq!(
                one_line_error(&got),
                format!(
                    "communique: {name}: UTF-16 text is not supported; \
                     convert it to UTF-8 (e.g. with iconv)"
                )
            );
        }
    }
}

#[test]
fn nul_byte_is_refused_as_binary_with_its_offset_even_with_lossy() {
    let bytes: &[u8] = b"%PDF-1.7\n\x00\x01binary";
    for args in [
        &["analyze", "doc.pdf.txt"][..],
        &["analyze", "--lossy", "doc.pdf.txt"],
    ] {
        let got = run_with_files("nul", &[("doc.pdf.txt", bytes)], args);
        assert_eq!(
            one_line_error(&got),
            "communique: doc.pdf.txt: NUL byte at byte 9: this looks like a binary file, not text"
        );
    }
}

// ---------------------------------------------------------------- shapes

/// The whole JSON document of an input with no units.
fn empty_analysis(source: &str) -> String {
    format!(
        "{{\"schema_version\":1,\"kind\":\"analysis\",\"source\":\"{source}\",\"headline\":null,\
         \"dateline\":null,\"structure\":[],\"repairs\":[],\"paragraphs\":[]}}\n"
    )
}

#[test]
fn empty_file_is_a_valid_empty_analysis_with_exit_0() {
    let got = run_with_files("empty", &[("empty.txt", b"")], &["analyze", "empty.txt"]);
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert_eq!(got.stdout, empty_analysis("empty.txt"));
}

#[test]
fn whitespace_only_file_is_a_valid_empty_analysis_with_exit_0() {
    let text = " \t\n\r\n\u{a0}\u{3000}\n\u{feff}\n\n   \r";
    let got = run_with_files(
        "whitespace",
        &[("blank.txt", text.as_bytes())],
        &["analyze", "blank.txt"],
    );
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(got.stderr, "");
    assert_eq!(got.stdout, empty_analysis("blank.txt"));
}

#[test]
fn cr_only_line_endings_give_the_same_units_as_lf() {
    let lf = "China, ROK hold talks\n\nThe Chinese side said A. The ROK side said B.\nIt went on.\n\nLast one.\n";
    let cr = lf.replace('\n', "\r");
    let args = ["analyze", "--format", "jsonl", "in.txt"];
    let from_lf = run_with_files("cr_lf", &[("in.txt", lf.as_bytes())], &args);
    let from_cr = run_with_files("cr_cr", &[("in.txt", cr.as_bytes())], &args);
    assert_eq!(from_cr.code, Some(0), "stderr: {}", from_cr.stderr);
    assert_eq!(unit_texts(&from_cr.stdout), unit_texts(&from_lf.stdout));
    assert_eq!(
        unit_texts(&from_cr.stdout),
        [
            "China, ROK hold talks",
            "The Chinese side said A.",
            "The ROK side said B.",
            "It went on.",
            "Last one."
        ]
    );
    // A CR is a line break: units keep their lines, paragraphs split on
    // CR CR as they do on a blank line.
    let lines = |out: &str| -> Vec<(u64, u64)> {
        jsonl(out)
            .iter()
            .map(|u| {
                (
                    u["line"].as_u64().unwrap(),
                    u["paragraph"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(lines(&from_cr.stdout), lines(&from_lf.stdout));
}

#[test]
fn fullwidth_cjk_punctuation_ends_sentences() {
    let text = "中方表示同意。韩方表示欢迎！这是什么？最后一句";
    let got = run_with_files(
        "cjk",
        &[("zh.txt", text.as_bytes())],
        &["analyze", "--format", "jsonl", "zh.txt"],
    );
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(
        unit_texts(&got.stdout),
        ["中方表示同意。", "韩方表示欢迎！", "这是什么？", "最后一句"]
    );
}

// ---------------------------------------------------------------- lexicons

fn lexicon_error(test: &str, lexicon: &str) -> String {
    support::lexicon_error("reliability", test, lexicon)
}

#[test]
fn lexicon_with_toml_syntax_error_is_refused_at_its_line_and_column() {
    let line = lexicon_error(
        "lexicon_syntax",
        "[[party]]\nid = \"china\"\nname = \"China\"\naliases = [\"China\",\n",
    );
    // The array opened on line 4 is never closed: the error points at the
    // end of its last element.
    assert_eq!(
        line,
        "communique: lexicon lexicon.toml: 4:20: unclosed array, expected `]`"
    );
}

#[test]
fn lexicon_regex_over_the_size_limit_is_refused_with_a_clear_error() {
    // Each `\w` is a large Unicode class; three thousand of them compile to
    // far more than the 1 MiB the lexicon allows.
    let line = lexicon_error(
        "lexicon_enormous_regex",
        "[[topic]]\nid = \"big\"\nname = \"Big\"\npatterns = [\"\\\\w{1000}\\\\w{1000}\\\\w{1000}\"]\n",
    );
    assert!(
        line.starts_with(
            "communique: lexicon lexicon.toml: 4:13: invalid pattern in topic \"big\": "
        ),
        "{line:?}"
    );
    assert!(line.contains("exceeds size limit"), "{line:?}");
}

#[test]
fn lexicon_path_that_is_a_directory_is_refused() {
    let dir = scratch("lexicon_dir");
    fs::create_dir(dir.join("lexicon.d")).unwrap();
    let got = run(communique(&dir)
        .args(["analyze", "--lexicon", "lexicon.d"])
        .write_stdin("The two sides met."));
    let line = one_line_error(&got);
    assert!(
        line.starts_with("communique: lexicon lexicon.d: "),
        "{line:?}"
    );
    assert!(line.to_lowercase().contains("directory"), "{line:?}");
}

// ---------------------------------------------------------------- paths

#[test]
fn directory_where_a_file_is_expected_is_refused_naming_it() {
    let dir = scratch("dir_as_file");
    fs::create_dir(dir.join("readouts")).unwrap();
    fs::write(dir.join("b.txt"), SEED).unwrap();
    let got = run(communique(&dir).args(["compare", "readouts", "b.txt"]));
    assert_eq!(
        one_line_error(&got),
        "communique: readouts: is a directory, not a file"
    );
}

#[test]
fn directory_without_txt_files_is_an_error_not_an_empty_run() {
    let dir = scratch("empty_dir");
    fs::create_dir(dir.join("readouts")).unwrap();
    fs::write(dir.join("readouts/notes.md"), "not a readout").unwrap();
    let got = run(communique(&dir).args(["analyze", "readouts"]));
    assert_eq!(
        one_line_error(&got),
        "communique: readouts: directory has no *.txt files"
    );
}

#[test]
fn unreadable_file_is_refused_naming_it_unless_running_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("permission");
    let path = dir.join("secret.txt");
    fs::write(&path, SEED).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&path).is_ok() {
        // root (as in CI) reads through any mode bits; nothing to test.
        eprintln!("note: skipped: this user can read a mode-000 file (root?)");
        return;
    }
    let got = run(communique(&dir).args(["analyze", "secret.txt"]));
    let line = one_line_error(&got);
    assert!(
        line.starts_with("communique: secret.txt: Permission denied"),
        "{line:?}"
    );
}

// ---------------------------------------------------------------- size

#[test]
fn max_bytes_refuses_a_larger_file_naming_sizes_and_accepts_one_at_the_limit() {
    let text = "The two sides met.\n"; // 19 bytes
    let files: &[(&str, &[u8])] = &[("in.txt", text.as_bytes())];
    let over = run_with_files(
        "max_bytes",
        files,
        &["analyze", "--max-bytes", "18", "in.txt"],
    );
    assert_eq!(
        one_line_error(&over),
        "communique: in.txt: input is 19 bytes, over the --max-bytes limit of 18 bytes"
    );
    let at = run_with_files(
        "max_bytes",
        files,
        &["analyze", "--max-bytes", "19", "in.txt"],
    );
    assert_eq!(at.code, Some(0), "stderr: {}", at.stderr);
    let suffixed = run_with_files(
        "max_bytes",
        files,
        &["analyze", "--max-bytes", "1K", "in.txt"],
    );
    assert_eq!(suffixed.code, Some(0), "stderr: {}", suffixed.stderr);
}

#[test]
fn compare_reads_its_two_inputs_with_the_same_flags_as_analyze() {
    let files: &[(&str, &[u8])] = &[
        ("a.txt", b"The Chinese side said \x80 it agreed.\n"),
        // 29 bytes: at the limit below, where a.txt (35) is over it.
        ("b.txt", b"The ROK side said it agreed.\n"),
    ];
    let strict = run_with_files("compare_read", files, &["compare", "a.txt", "b.txt"]);
    assert_eq!(
        one_line_error(&strict),
        "communique: a.txt: invalid UTF-8 at byte 22"
    );
    let lossy = run_with_files(
        "compare_read",
        files,
        &["compare", "--lossy", "--format", "json", "a.txt", "b.txt"],
    );
    assert_eq!(lossy.code, Some(0), "stderr: {}", lossy.stderr);
    assert_eq!(
        lossy.stderr,
        "communique: a.txt: invalid UTF-8 at byte 22 replaced with U+FFFD \
         (1 replacement); offsets refer to the decoded text\n"
    );
    let over = run_with_files(
        "compare_read",
        files,
        &["compare", "--max-bytes", "29", "--lossy", "a.txt", "b.txt"],
    );
    assert_eq!(
        one_line_error(&over),
        "communique: a.txt: input is 35 bytes, over the --max-bytes limit of 29 bytes"
    );
}

#[test]
fn max_bytes_bounds_what_is_read_from_stdin() {
    let dir = scratch("max_bytes_stdin");
    let got = run(communique(&dir)
        .args(["analyze", "--max-bytes", "1K"])
        .write_stdin("The two sides met. ".repeat(100)));
    assert_eq!(
        one_line_error(&got),
        "communique: <stdin>: input is over the --max-bytes limit of 1024 bytes (1 KiB)"
    );
}

#[test]
fn default_max_bytes_refuses_a_one_gib_file_without_reading_it() {
    // A sparse file: no disk, and all NUL bytes, so an error that names the
    // size (not the NUL) shows that the check came before the read.
    let dir = scratch("max_bytes_default");
    let file = fs::File::create(dir.join("huge.txt")).unwrap();
    file.set_len(1 << 30).unwrap();
    let started = Instant::now();
    let got = run(communique(&dir).args(["analyze", "huge.txt"]));
    assert_eq!(
        one_line_error(&got),
        "communique: huge.txt: input is 1073741824 bytes, over the --max-bytes limit \
         of 268435456 bytes (256 MiB)"
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn max_bytes_that_is_not_a_size_is_a_usage_error() {
    let dir = scratch("max_bytes_usage");
    let got = run(communique(&dir).args(["analyze", "--max-bytes", "12X"]));
    assert_eq!(got.code, Some(2));
    assert!(
        got.stderr
            .contains("invalid value '12X' for '--max-bytes <N>': unknown size suffix \"X\""),
        "{}",
        got.stderr
    );
}

// ---------------------------------------------------------------- signals

/// True when this process ignores SIGINT (a background job of a
/// non-interactive shell does): the binary inherits that, so a SIGINT test
/// would prove nothing.
fn sigint_is_ignored() -> bool {
    let Ok(status) = fs::read_to_string("/proc/self/status") else {
        return false;
    };
    status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (2 - 1)) != 0)
}

/// SIGINT in the middle of a large batch: the run stops at once (the
/// default action: no handler, so nothing can delay it), and what reached
/// stdout is only complete documents, each a newline-terminated line that
/// parses, plus at most one unterminated tail that is not passed off as
/// a document.
#[test]
fn sigint_during_a_large_batch_stops_promptly_without_a_truncated_document() {
    use std::os::unix::process::ExitStatusExt;
    if sigint_is_ignored() {
        eprintln!("note: skipped: SIGINT is ignored in this process, so the child would be too");
        return;
    }
    let dir = scratch("sigint");
    let mut text = String::new();
    for _ in 0..20 {
        text.push_str(SEED);
        text.push_str("\n\n");
    }
    let mut paths = Vec::new();
    for i in 0..400 {
        let name = format!("r{i:03}.txt");
        fs::write(dir.join(&name), &text).unwrap();
        paths.push(name);
    }
    let mut cmd = Command::new(cargo_bin!("communique"));
    for var in ENV_READ {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .current_dir(&dir)
        .arg("analyze")
        .args(&paths)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Drain stdout on a thread so a full pipe cannot stall the child.
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        stdout.read_to_end(&mut out).map(|_| out)
    });
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "the batch finished before the signal; make it larger"
    );
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let sent = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if sent.elapsed() > Duration::from_secs(5) {
            let _ = child.kill();
            panic!("still running 5 s after SIGINT");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.signal(), Some(2), "ended by SIGINT: {status:?}");
    let out = reader.join().unwrap().unwrap();
    let out = String::from_utf8_lossy(&out);
    let (complete, tail) = match out.rfind('\n') {
        Some(i) => out.split_at(i + 1),
        None => ("", &*out),
    };
    for line in complete.lines() {
        let doc: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("a newline-terminated line is not a document: {e}"));
        assert_eq!(doc["kind"], "analysis");
    }
    if !tail.is_empty() {
        assert!(
            serde_json::from_str::<serde_json::Value>(tail).is_err(),
            "an unterminated tail must not pass for a document"
        );
    }
}

// ---------------------------------------------------------------- fuzzing

/// The text the `lexicon` fuzz target analyses with each lexicon that
/// compiles (`fuzz/fuzz_targets/lexicon.rs`).
const FUZZ_PROBE: &str =
    "China, ROK hold talks\n\nThe Chinese side said the two sides agreed on trade. It added more.";

/// The files of `fuzz/regressions/<target>/`, sorted.
fn fuzz_regressions(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let Ok(entries) = fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    paths
}

/// Every input kept from fuzzing is replayed as its target ran it: bytes in
/// `fuzz/regressions/analyze/` are decoded (strictly and lossily), analysed
/// and rendered; sources in `fuzz/regressions/lexicon/` are parsed, and a
/// lexicon that compiles analyses the probe text and its own source.
#[test]
fn every_fuzz_regression_input_is_handled_without_panic() {
    let lexicon = Lexicon::builtin();
    for path in fuzz_regressions("analyze") {
        let bytes = fs::read(&path).unwrap();
        let strict = communique::input::decode(bytes.clone()).ok();
        let lossy = communique::input::decode_lossy(bytes).ok().map(|(t, _)| t);
        for text in [strict, lossy].into_iter().flatten() {
            let doc = analyze(&text, &lexicon);
            let mut out = Vec::new();
            json::write_analysis(&mut out, "fuzz", &doc).unwrap();
            serde_json::from_slice::<serde_json::Value>(&out)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    for path in fuzz_regressions("lexicon") {
        let bytes = fs::read(&path).unwrap();
        let Ok(source) = std::str::from_utf8(&bytes) else {
            continue;
        };
        match Lexicon::parse(source) {
            Ok(fuzzed) => {
                let _ = analyze(FUZZ_PROBE, &fuzzed);
                let _ = analyze(source, &fuzzed);
            }
            Err(e) => assert!(
                e.problems.iter().all(|p| p.line >= 1 && p.column >= 1),
                "{}: {e}",
                path.display()
            ),
        }
    }
}

/// Fuzz crash (lexicon target, 2026-11-27): a lexicon in which two parties
/// share an alias compiles (`lexicon --check` only warns: "names both
/// party …"), and then a sentence whose subject is that alias panics in
/// `attribute::subject_tag` (src/attribute.rs:524, `begin > end (16 > 4)
/// when slicing`): the two mentions of one span are walked as if they were
/// two coordinated subjects. Kept as
/// `fuzz/regressions/lexicon/crash-alias-shared-by-two-parties.toml`.
/// Expected: no panic; the sentence is analysed (exit 0). Fixed by skipping
/// same-span mentions when walking back over coordinated subjects.
#[test]
fn lexicon_alias_shared_by_two_parties_does_not_panic() {
    let dir = scratch("fuzz_shared_alias");
    let lexicon = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions/lexicon/crash-alias-shared-by-two-parties.toml");
    fs::copy(&lexicon, dir.join("lexicon.toml")).unwrap();
    let got = run(communique(&dir)
        .args(["analyze", "--format", "jsonl", "--lexicon", "lexicon.toml"])
        .write_stdin("The Chinese side said so."));
    assert_eq!(got.code, Some(0), "stderr: {}", got.stderr);
    assert_eq!(unit_texts(&got.stdout), ["The Chinese side said so."]);
}

// ---------------------------------------------------------------- heavy

/// Inputs far larger than any readout. Too slow for a debug build, so they
/// run only in release (`.ci/run` runs
/// `cargo test --release -- reliability::heavy`) and say so otherwise.
mod heavy {
    use super::{ENV_READ, scratch};
    use assert_cmd::cargo::cargo_bin;
    use std::fs;
    use std::io::{BufRead, BufReader};
    use std::path::Path;
    use std::process::{Command, Stdio};

    /// False, with a note, in a debug build.
    fn release_only(test: &str) -> bool {
        if cfg!(debug_assertions) {
            eprintln!(
                "note: {test} skipped in a debug build; run `cargo test --release -- reliability::heavy`"
            );
            return false;
        }
        true
    }

    /// Run `analyze --format jsonl FILE` with stdout into a file (the
    /// output is hundreds of MB); return (exit code, stderr, output bytes,
    /// output lines).
    fn analyze_jsonl(dir: &Path, file: &str) -> (Option<i32>, String, u64, usize) {
        let out_path = dir.join("out.jsonl");
        let mut cmd = Command::new(cargo_bin!("communique"));
        for var in ENV_READ {
            cmd.env_remove(var);
        }
        let out = cmd
            .current_dir(dir)
            .args(["analyze", "--format", "jsonl", file])
            .stdin(Stdio::null())
            .stdout(fs::File::create(&out_path).unwrap())
            .output()
            .unwrap();
        let size = fs::metadata(&out_path).unwrap().len();
        let mut lines = 0;
        let mut reader = BufReader::new(fs::File::open(&out_path).unwrap());
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 0 {
            assert!(line.ends_with("}\n"), "a whole JSON object per line");
            lines += 1;
            line.clear();
        }
        let _ = fs::remove_file(&out_path);
        let _ = fs::remove_file(dir.join(file));
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
            size,
            lines,
        )
    }

    #[test]
    fn fifty_megabyte_single_line_is_analysed_whole() {
        if !release_only("fifty_megabyte_single_line_is_analysed_whole") {
            return;
        }
        let dir = scratch("heavy_line");
        let sentence = "The Chinese side said the two sides agreed on trade. ";
        let count = 50_000_000 / sentence.len() + 1;
        let text = sentence.repeat(count);
        fs::write(dir.join("line.txt"), text.trim_end()).unwrap();
        let (code, stderr, size, lines) = analyze_jsonl(&dir, "line.txt");
        assert_eq!(code, Some(0), "stderr: {stderr}");
        assert_eq!(stderr, "");
        // Every sentence is a unit, none lost; each line carries the
        // sentence and its evidence: a few hundred bytes, not megabytes.
        assert_eq!(lines, count);
        assert!(size < 20 * text.len() as u64, "{size} bytes of output");
    }

    #[test]
    fn million_one_word_paragraphs_are_analysed_whole() {
        if !release_only("million_one_word_paragraphs_are_analysed_whole") {
            return;
        }
        let dir = scratch("heavy_paragraphs");
        // Each closes its sentence, so none is a fragment to join to the
        // next: a million paragraphs of one unit each.
        let text = "Word.\n\n".repeat(1_000_000);
        fs::write(dir.join("paragraphs.txt"), &text).unwrap();
        let (code, stderr, size, lines) = analyze_jsonl(&dir, "paragraphs.txt");
        assert_eq!(code, Some(0), "stderr: {stderr}");
        assert_eq!(stderr, "");
        // One unit per paragraph, each line around 220 bytes.
        assert_eq!(lines, 1_000_000);
        assert!(size < 300 * 1_000_000, "{size} bytes of output");
    }
}
