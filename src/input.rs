//! Reading inputs: a path, or `-` for stdin. The text is decoded as UTF-8
//! (a BOM is kept in the text, so offsets stay offsets into the file) and
//! refused with a clear error when it is not text we can analyse: invalid
//! UTF-8 (with the byte offset), UTF-16, or binary data (NUL bytes).
//!
//! Two options change that, and nothing else does:
//! - `lossy` replaces each invalid UTF-8 sequence with U+FFFD instead of
//!   refusing the input. Offsets in the output then refer to the decoded
//!   text, not to the file (each replacement is 3 bytes, whatever it
//!   replaced), so the caller must say so: [`Input::replaced`] records it.
//!   UTF-16 and NUL bytes are refused even then: they are not damaged text.
//! - `max_bytes` bounds what is read into memory. A file's size is checked
//!   before reading it; stdin (and anything whose size is unknown) is read
//!   through a bounded reader and refused as soon as it passes the limit.

use std::fs;
use std::io::{self, Read};

use anyhow::{Context, Result, bail};

/// One input: its name as the user gave it and its text.
#[derive(Clone, Debug)]
pub struct Input {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The decoded text: unaltered, unless [`Input::replaced`] says otherwise.
    pub text: String,
    /// Set when invalid UTF-8 was replaced (only with `lossy`).
    pub replaced: Option<Replaced>,
}

/// One line of a JSON-lines document stream (`analyze --input jsonl`).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    id: serde_json::Value,
    text: String,
}

/// Split a JSON-lines input into one input per record: each line holds
/// `{"id": ..., "text": "..."}` (blank lines are skipped); the record's id
/// becomes the input's name (a string id as it is, any other JSON value as
/// its JSON text), so it is carried through as the output's `source`.
/// A bad line is an error naming `input:line`.
pub fn records(input: &Input) -> Result<Vec<Input>> {
    input
        .text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let record: Record = serde_json::from_str(line).with_context(|| {
                format!(
                    "{}:{}: not a {{\"id\": ..., \"text\": \"...\"}} record",
                    input.name,
                    n + 1
                )
            })?;
            let name = match record.id {
                serde_json::Value::String(id) => id,
                other => other.to_string(),
            };
            Ok(Input {
                name,
                text: record.text,
                replaced: input.replaced,
            })
        })
        .collect()
}

/// What lossy decoding replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Replaced {
    /// Byte offset, in the input as read, of the first invalid sequence.
    pub first_byte: usize,
    /// How many U+FFFD were put in (one per invalid sequence).
    pub count: usize,
}

/// How to read inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Replace invalid UTF-8 with U+FFFD instead of refusing the input.
    pub lossy: bool,
    /// Refuse inputs larger than this many bytes.
    pub max_bytes: u64,
}

/// The default `--max-bytes`: 256 MiB per input.
pub const DEFAULT_MAX_BYTES: u64 = 256 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            lossy: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}

/// The name used for standard input in output and errors.
pub const STDIN_NAME: &str = "<stdin>";

/// Read `path` (or stdin for `-`) with the default options: strict UTF-8,
/// at most [`DEFAULT_MAX_BYTES`].
pub fn read(path: &str) -> Result<Input> {
    read_with(path, ReadOptions::default())
}

/// Read `path` (or stdin for `-`) with `options`.
pub fn read_with(path: &str, options: ReadOptions) -> Result<Input> {
    let (name, bytes) = if path == "-" {
        let bytes = read_bounded(io::stdin().lock(), options.max_bytes, 0).context(STDIN_NAME)?;
        (STDIN_NAME.to_owned(), bytes)
    } else {
        (path.to_owned(), read_file(path, options.max_bytes)?)
    };
    let (text, replaced) = if options.lossy {
        decode_lossy(bytes).with_context(|| name.clone())?
    } else {
        (decode(bytes).with_context(|| name.clone())?, None)
    };
    Ok(Input {
        name,
        text,
        replaced,
    })
}

/// Read a file, refusing a directory and anything over `max_bytes` before
/// reading it into memory.
fn read_file(path: &str, max_bytes: u64) -> Result<Vec<u8>> {
    let file = fs::File::open(path).with_context(|| path.to_owned())?;
    let meta = file.metadata().with_context(|| path.to_owned())?;
    if meta.is_dir() {
        bail!("{path}: is a directory, not a file");
    }
    // A regular file's size is known: refuse before allocating. A FIFO or a
    // device reports 0 and goes through the bounded read below.
    if meta.is_file() && meta.len() > max_bytes {
        bail!(
            "{path}: input is {} bytes, over the --max-bytes limit of {}",
            meta.len(),
            describe_size(max_bytes)
        );
    }
    // Sized up front: growing by doubling would hold the old and the new
    // buffer at once, up to three times the file, at the peak.
    let size = usize::try_from(meta.len()).unwrap_or(0);
    read_bounded(file, max_bytes, size).with_context(|| path.to_owned())
}

/// Read at most `max_bytes` from `reader`, expecting about `size` bytes;
/// more than `max_bytes` is an error.
fn read_bounded(reader: impl Read, max_bytes: u64, size: usize) -> Result<Vec<u8>> {
    // One byte more than expected, so that reaching the end needs no growth.
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    reader
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        bail!(
            "input is over the --max-bytes limit of {}",
            describe_size(max_bytes)
        );
    }
    Ok(bytes)
}

/// `268435456 bytes (256 MiB)`, or just `1000 bytes` for sizes that are
/// not a whole number of KiB, MiB or GiB.
fn describe_size(bytes: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{bytes} bytes ({} {unit})", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// Parse a `--max-bytes` value: a byte count with an optional suffix, `K`,
/// `M` or `G` (powers of 1024; `KiB`, `MiB`, `GiB` and `KB`, `MB`, `GB` are
/// read the same), case-insensitive.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, suffix) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 1000, 64K, 256M, 1G)"))?;
    let shift = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => {
            return Err(format!(
                "unknown size suffix {:?} (use K, M or G)",
                suffix.trim()
            ));
        }
    };
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

/// Refuse what is not text at all: UTF-16 (by its BOM) and binary data (a
/// NUL byte).
fn refuse_non_text(bytes: &[u8]) -> Result<()> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bail!("UTF-16 text is not supported; convert it to UTF-8 (e.g. with iconv)");
    }
    if let Some(at) = memchr::memchr(0, bytes) {
        bail!("NUL byte at byte {at}: this looks like a binary file, not text");
    }
    Ok(())
}

/// Decode input bytes, refusing what is not UTF-8 text.
pub fn decode(bytes: Vec<u8>) -> Result<String> {
    refuse_non_text(&bytes)?;
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

/// Decode input bytes, replacing each invalid UTF-8 sequence with U+FFFD
/// (as `String::from_utf8_lossy` does) and saying what was replaced.
/// UTF-16 and binary data are still refused.
pub fn decode_lossy(bytes: Vec<u8>) -> Result<(String, Option<Replaced>)> {
    refuse_non_text(&bytes)?;
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, None)),
        Err(e) => e.into_bytes(),
    };
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut replaced: Option<Replaced> = None;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            text.push(char::REPLACEMENT_CHARACTER);
            let r = replaced.get_or_insert(Replaced {
                first_byte: at,
                count: 0,
            });
            r.count += 1;
            at += chunk.invalid().len();
        }
    }
    Ok((text, replaced))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_records_carry_their_ids_and_bad_lines_name_their_line() {
        let input = Input {
            name: "docs.jsonl".into(),
            text: "{\"id\": \"a\", \"text\": \"One.\"}\n\n{\"id\": 7, \"text\": \"Two.\"}\n".into(),
            replaced: None,
        };
        let got: Vec<(String, String)> = records(&input)
            .unwrap()
            .into_iter()
            .map(|i| (i.name, i.text))
            .collect();
        assert_eq!(
            got,
            [("a".into(), "One.".into()), ("7".into(), "Two.".into())]
        );
        let bad = Input {
            text: "{\"id\": 1, \"body\": \"x\"}".into(),
            ..input
        };
        let err = format!("{:#}", records(&bad).unwrap_err());
        assert!(err.starts_with("docs.jsonl:1: not a"), "{err}");
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let err = decode(b"ok \xff bad".to_vec()).unwrap_err();
        assert_eq!(err.to_string(), "invalid UTF-8 at byte 3");
    }

    #[test]
    fn bom_is_kept_so_offsets_match_the_file() {
        assert_eq!(decode(b"\xef\xbb\xbfHi".to_vec()).unwrap(), "\u{feff}Hi");
    }

    #[test]
    fn utf16_and_nul_are_refused() {
        assert!(decode(b"\xff\xfeH\0i\0".to_vec()).is_err());
        assert!(
            decode(b"a\0b".to_vec())
                .unwrap_err()
                .to_string()
                .contains("byte 1")
        );
    }

    #[test]
    fn lossy_replaces_each_invalid_sequence_and_counts_them() {
        // A lone continuation byte, a truncated 3-byte sequence, and an
        // invalid lead byte: three replacements, the first at byte 3.
        let (text, replaced) = decode_lossy(b"ok \x80 and \xe2\x80 and \xff.".to_vec()).unwrap();
        assert_eq!(text, "ok \u{fffd} and \u{fffd} and \u{fffd}.");
        assert_eq!(
            replaced,
            Some(Replaced {
                first_byte: 3,
                count: 3
            })
        );
        assert_eq!(
            text,
            String::from_utf8_lossy(b"ok \x80 and \xe2\x80 and \xff.")
        );
    }

    #[test]
    fn lossy_leaves_valid_text_alone_and_still_refuses_nul_and_utf16() {
        assert_eq!(
            decode_lossy("Seoul 。".as_bytes().to_vec()).unwrap(),
            ("Seoul 。".to_owned(), None)
        );
        assert!(decode_lossy(b"a\0b".to_vec()).is_err());
        assert!(decode_lossy(b"\xfe\xff\0H".to_vec()).is_err());
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("64K"), Ok(64 << 10));
        assert_eq!(parse_size("256MiB"), Ok(256 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("-1").is_err());
        assert!(parse_size("99999999999999G").is_err());
    }

    #[test]
    fn bounded_read_refuses_one_byte_over_the_limit() {
        assert_eq!(read_bounded(&b"12345"[..], 5, 5).unwrap(), b"12345");
        let err = read_bounded(&b"123456"[..], 5, 0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "input is over the --max-bytes limit of 5 bytes"
        );
        assert_eq!(describe_size(256 << 20), "268435456 bytes (256 MiB)");
    }
}
