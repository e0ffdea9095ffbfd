//! Reading inputs: a path, or `-` for stdin. The text is decoded as UTF-8
//! (a BOM is kept in the text, so offsets stay offsets into the file) and
//! refused with a clear error when it is not text we can analyse: invalid
//! UTF-8 (with the byte offset), UTF-16, or binary data (NUL bytes).

use std::fs;
use std::io::{self, Read};

use anyhow::{Context, Result, bail};

/// One input: its name as the user gave it and its text.
#[derive(Clone, Debug)]
pub struct Input {
    /// The path as given, or `<stdin>`.
    pub name: String,
    /// The decoded text, unaltered.
    pub text: String,
}

/// The name used for standard input in output and errors.
pub const STDIN_NAME: &str = "<stdin>";

/// Read `path` (or stdin for `-`).
pub fn read(path: &str) -> Result<Input> {
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .context(STDIN_NAME)?;
        (STDIN_NAME.to_owned(), bytes)
    } else {
        let bytes = fs::read(path).with_context(|| path.to_owned())?;
        (path.to_owned(), bytes)
    };
    let text = decode(bytes).with_context(|| name.clone())?;
    Ok(Input { name, text })
}

/// Decode input bytes, refusing what is not UTF-8 text.
pub fn decode(bytes: Vec<u8>) -> Result<String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        bail!("UTF-16 text is not supported; convert it to UTF-8 (e.g. with iconv)");
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        bail!("NUL byte at byte {at}: this looks like a binary file, not text");
    }
    String::from_utf8(bytes)
        .map_err(|e| anyhow::anyhow!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
