//! The words of a text, found 64 bytes at a time.
//!
//! A word is a maximal run of word characters (ASCII letters and digits,
//! and the non-ASCII characters [`is_word`] accepts). Going byte by byte
//! costs a branch per byte and a mispredicted one at every word edge; here
//! each block of up to 64 bytes becomes a bit mask of its word bytes (the
//! bytes marked by a loop the compiler turns into vector compares, the
//! marks gathered into bits eight at a time), and the word edges are the
//! mask's changes, visited with `trailing_zeros`. Blocks with
//! non-ASCII bytes (curly quotes, accented names) classify those
//! characters one by one.

/// True for the characters words are made of.
pub(super) fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        // General Punctuation (’ “ ” —, frequent in these texts) holds no
        // letters or digits: answer without the Unicode table lookup.
        !('\u{2000}'..='\u{206f}').contains(&c) && c.is_alphanumeric()
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that lies in `lo..=hi` (`lo` at least
/// 1, `hi` below 0x80). Each lane's sums stay within its byte, so lanes do
/// not disturb each other: `0x80 + hi - v` has its high bit set when `v <=
/// hi`, `v + 0x80 - lo` when `v >= lo`, and `!x` when `v < 0x80`.
fn between(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & (ONES * 0x7f);
    (ONES * (0x80 + u64::from(hi)) - low7) & !x & (low7 + ONES * (0x80 - u64::from(lo))) & HIGH
}

/// The mask of ASCII letters and digits among 64 bytes, and the mask of
/// non-ASCII bytes: with SSE2 (every x86-64 processor), sixteen bytes per
/// compare and `pmovmskb` for their bits, through `safe_arch`'s safe
/// wrappers of the intrinsics (this crate forbids `unsafe`).
#[cfg(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
))]
#[inline(always)]
fn classify64(bytes: &[u8; 64]) -> (u64, u64) {
    use safe_arch::{
        bitor_m128i, cmp_eq_mask_i8_m128i, load_unaligned_m128i, min_u8_m128i, move_mask_i8_m128i,
        set_splat_i8_m128i, sub_i8_m128i,
    };
    // `x - lo <= hi - lo` unsigned, for `lo..=hi`: the difference is its own
    // minimum with `hi - lo`.
    let within = |x, lo: u8, span: u8| {
        let d = sub_i8_m128i(x, set_splat_i8_m128i(lo as i8));
        cmp_eq_mask_i8_m128i(min_u8_m128i(d, set_splat_i8_m128i(span as i8)), d)
    };
    let (mut word, mut non_ascii) = (0, 0);
    for (i, sixteen) in bytes.chunks_exact(16).enumerate() {
        let v = load_unaligned_m128i(sixteen.try_into().expect("sixteen bytes"));
        let letter = within(bitor_m128i(v, set_splat_i8_m128i(0x20)), b'a', 25);
        let digit = within(v, b'0', 9);
        // The mask's 16 bits, as `u16` first so that the sign is not spread.
        let bits = |m| u64::from(move_mask_i8_m128i(m) as u16);
        word |= bits(bitor_m128i(letter, digit)) << (16 * i);
        non_ascii |= bits(v) << (16 * i);
    }
    (word, non_ascii)
}

/// [`classify64`] without SSE2: each byte is first marked in a byte array,
/// a loop the compiler turns into vector compares, and the marks are then
/// gathered eight at a time.
#[cfg(any(
    test,
    not(all(
        any(target_arch = "x86", target_arch = "x86_64"),
        target_feature = "sse2"
    ))
))]
#[inline(always)]
fn classify64_portable(bytes: &[u8; 64]) -> (u64, u64) {
    /// Bit `i` set for each byte `i` of `word` (little-endian) whose high
    /// bit is set.
    fn gather_high_bits(word: u64) -> u64 {
        ((word & HIGH) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
    }
    /// Bit `i` set for each byte `i` of `bytes` whose high bit is set.
    fn gather_high_bits64(bytes: &[u8; 64]) -> u64 {
        let mut bits = 0;
        for (i, eight) in bytes.chunks_exact(8).enumerate() {
            let x = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
            bits |= gather_high_bits(x) << (8 * i);
        }
        bits
    }
    let mut marks = [0u8; 64];
    for (mark, &b) in marks.iter_mut().zip(bytes) {
        let alphanumeric = (b | 0x20).wrapping_sub(b'a') < 26 || b.wrapping_sub(b'0') < 10;
        *mark = if alphanumeric { 0x80 } else { 0 };
    }
    (gather_high_bits64(&marks), gather_high_bits64(bytes))
}

#[cfg(not(all(
    any(target_arch = "x86", target_arch = "x86_64"),
    target_feature = "sse2"
)))]
use classify64_portable as classify64;

/// The word runs of a text, in order, as `(start, end)` byte offsets.
pub(super) struct WordRuns<'t> {
    text: &'t str,
    /// Where the next block starts.
    next_block: usize,
    /// The current block's start, and the word starts and ends in it still
    /// to visit: bit `i` of `starts` is set where byte `block + i` starts a
    /// word, of `ends` where it is the first byte after one. Starts and
    /// ends alternate, so the lowest end left is the end of the word being
    /// read: one step per word.
    block: usize,
    starts: u64,
    ends: u64,
    /// The start of a word that runs on past the current block.
    open: Option<usize>,
    /// Whether the last byte of the previous block was a word byte.
    last_was_word: bool,
}

impl<'t> WordRuns<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        WordRuns {
            text,
            next_block: 0,
            block: 0,
            starts: 0,
            ends: 0,
            open: None,
            last_was_word: false,
        }
    }

    /// Load the next block's word starts and ends; false at the end of the
    /// text.
    fn load_block(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        let start = self.next_block;
        if start >= bytes.len() {
            return false;
        }
        // Up to 64 bytes, ending on a character boundary so that every
        // character is classified whole within one block.
        let mut end = (start + 64).min(bytes.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let len = end - start;
        let (mut word, mut non_ascii) = match bytes[start..end].try_into() {
            Ok(full) => classify64(full),
            Err(_) => {
                // Zero past the block's bytes: neither word nor non-ASCII.
                let mut padded = [0; 64];
                padded[..len].copy_from_slice(&bytes[start..end]);
                classify64(&padded)
            }
        };
        while non_ascii != 0 {
            let i = non_ascii.trailing_zeros() as usize;
            // U+2000..U+203F (’ “ ” — …), the commonest non-ASCII here, are
            // General Punctuation: no word characters, known from two bytes.
            if bytes[start + i] == 0xe2 && bytes.get(start + i + 1) == Some(&0x80) {
                non_ascii &= !(0b111 << i);
                continue;
            }
            let c = self.text[start + i..]
                .chars()
                .next()
                .expect("a block ends on a character boundary");
            let char_bits = ((1u64 << c.len_utf8()) - 1) << i;
            if is_word(c) {
                word |= char_bits;
            }
            non_ascii &= !char_bits;
        }
        let before = (word << 1) | u64::from(self.last_was_word);
        let valid = if len == 64 { u64::MAX } else { (1 << len) - 1 };
        self.starts = word & !before & valid;
        self.ends = !word & before & valid;
        self.last_was_word = (word >> (len - 1)) & 1 == 1;
        self.block = start;
        self.next_block = end;
        true
    }
}

impl Iterator for WordRuns<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        loop {
            let start = match self.open {
                Some(start) => start,
                None if self.starts != 0 => {
                    let start = self.block + self.starts.trailing_zeros() as usize;
                    self.starts &= self.starts - 1;
                    start
                }
                None => {
                    if !self.load_block() {
                        return None;
                    }
                    continue;
                }
            };
            if self.ends != 0 {
                let end = self.block + self.ends.trailing_zeros() as usize;
                self.ends &= self.ends - 1;
                self.open = None;
                return Some((start, end));
            }
            // The word runs on past this block.
            self.open = Some(start);
            if !self.load_block() {
                self.open = None;
                return Some((start, self.text.len()));
            }
        }
    }
}

/// Eight bytes of `bytes` from `at`, little-endian, zero past the end.
/// Near the end, the last eight bytes are read and shifted down: a copy of
/// the few that are left would be a call to `memcpy` (words at the end of
/// a unit are read here once or twice per unit).
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let eight =
        |from: usize| u64::from_le_bytes(bytes[from..from + 8].try_into().expect("eight bytes"));
    // `at + 8` cannot overflow: `at` is an offset into a slice or a little
    // past its end, and a slice is at most `isize::MAX` bytes long.
    if at + 8 <= bytes.len() {
        eight(at)
    } else if at >= bytes.len() {
        0
    } else if bytes.len() >= 8 {
        // The last eight bytes, with the ones before `at` shifted out.
        eight(bytes.len() - 8) >> (8 * (at + 8 - bytes.len()))
    } else {
        let mut eight = [0; 8];
        for (to, &b) in eight.iter_mut().zip(&bytes[at..]) {
            *to = b;
        }
        u64::from_le_bytes(eight)
    }
}

/// The low `n` bytes of `x` (all eight for `n` of 8 or more), zero above.
fn low_bytes(x: u64, n: usize) -> u64 {
    if n >= 8 { x } else { x & ((1 << (8 * n)) - 1) }
}

/// Eight bytes with their ASCII capitals in lower case.
fn lower8(x: u64) -> u64 {
    x | (between(x, b'A', b'Z') >> 2)
}

/// True when the `len` bytes of `text` at `start` equal, ignoring ASCII
/// case, the `len` bytes of `folded` (in ASCII lower case) at `at`. Eight
/// bytes at a time: a byte-by-byte comparison ends at an unpredictable
/// point, which costs a mispredicted branch per word.
pub(super) fn same_folded(text: &[u8], start: usize, folded: &[u8], at: usize, len: usize) -> bool {
    let differs =
        |t: usize, f: usize, n: usize| low_bytes(lower8(word_at(text, t)) ^ word_at(folded, f), n);
    match len {
        0..=8 => differs(start, at, len) == 0,
        9..=16 => differs(start, at, 8) | differs(start + len - 8, at + len - 8, 8) == 0,
        _ => text[start..start + len].eq_ignore_ascii_case(&folded[at..at + len]),
    }
}

/// A 32-bit key of a word for a filter: from its length and its first
/// eight bytes with bit 0x20 set (so ASCII letters of either case agree).
/// Equal words, ignoring ASCII case, have equal keys.
pub(super) fn key(text: &str, start: usize, end: usize) -> u32 {
    let bytes = text.as_bytes();
    let len = end - start;
    let x = low_bytes(word_at(bytes, start) | (ONES * 0x20), len);
    let mixed =
        (x ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0xff51_afd7_ed55_8ccd);
    (mixed >> 32) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_bytes_read_anywhere_are_zero_past_the_end() {
        let text: Vec<u8> = (1..=20).collect();
        for len in 0..=text.len() {
            let bytes = &text[..len];
            for at in (0..=len + 9).chain([isize::MAX as usize / 16, isize::MAX as usize]) {
                let mut want = [0; 8];
                for (k, b) in want.iter_mut().enumerate() {
                    *b = at
                        .checked_add(k)
                        .and_then(|i| bytes.get(i))
                        .copied()
                        .unwrap_or(0);
                }
                assert_eq!(
                    word_at(bytes, at),
                    u64::from_le_bytes(want),
                    "{len} bytes at {at}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Equal to `eq_ignore_ascii_case` against the folded form, at any
        /// length and near either end of both texts.
        #[test]
        fn same_folded_is_eq_ignore_ascii_case(
            text in "[aAzZ@`\\[{09\u{e9}\u{c9}]{0,24}",
            folded in "[az@`\\[{09\u{e9}]{0,24}",
            start in 0usize..24,
            at in 0usize..24,
            len in 0usize..24,
        ) {
            let (text, folded) = (text.as_bytes(), folded.as_bytes());
            let len = len.min(text.len().saturating_sub(start)).min(folded.len().saturating_sub(at));
            if start + len <= text.len() && at + len <= folded.len() {
                proptest::prop_assert_eq!(
                    same_folded(text, start, folded, at, len),
                    text[start..start + len].eq_ignore_ascii_case(&folded[at..at + len])
                );
            }
        }
    }

    /// The word runs found char by char.
    fn reference(text: &str) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut open = None;
        for (i, c) in text.char_indices() {
            match (is_word(c), open) {
                (true, None) => open = Some(i),
                (false, Some(start)) => {
                    runs.push((start, i));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(start) = open {
            runs.push((start, text.len()));
        }
        runs
    }

    #[test]
    fn every_byte_class_at_every_block_offset() {
        let pieces = [
            "a", "Z", "0", "9", " ", "@", "[", "`", "{", "/", ":", "\u{7f}", "\u{0}", "é", "É",
            "’", "—", "中", "😀", "\u{85}", "ß", "٣",
        ];
        for piece in pieces {
            for before in 0..70 {
                for filler in ["x", " "] {
                    let text = format!("{}{piece}{}", filler.repeat(before), "y ".repeat(3));
                    assert_eq!(
                        WordRuns::new(&text).collect::<Vec<_>>(),
                        reference(&text),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn words_of_the_fixtures() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/corpus");
        for entry in std::fs::read_dir(root).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            assert_eq!(WordRuns::new(&text).collect::<Vec<_>>(), reference(&text));
        }
    }

    #[test]
    fn blocks_are_classified_as_one_by_one() {
        for b in 0..=255u8 {
            for lane in 0..64 {
                let mut block = [b'.'; 64];
                block[lane] = b;
                for classify in [classify64, classify64_portable] {
                    let (word, non_ascii) = classify(&block);
                    assert_eq!(word, u64::from(b.is_ascii_alphanumeric()) << lane, "{b:#x}");
                    assert_eq!(non_ascii, u64::from(b >= 0x80) << lane, "{b:#x}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The SSE2 classification (where it is built) agrees with the
        /// portable one on any block.
        #[test]
        fn block_classification_is_the_portable_one(block in proptest::array::uniform32(0u8..), more in proptest::array::uniform32(0u8..)) {
            let mut bytes = [0; 64];
            bytes[..32].copy_from_slice(&block);
            bytes[32..].copy_from_slice(&more);
            proptest::prop_assert_eq!(classify64(&bytes), classify64_portable(&bytes));
        }
    }

    #[test]
    fn low_bytes_keeps_the_low_n_bytes() {
        let x = 0x8877_6655_4433_2211_u64;
        for n in 0..=10 {
            let want = (0..n.min(8)).fold(0, |acc, i| acc | (x & (0xff << (8 * i))));
            assert_eq!(low_bytes(x, n), want, "{n}");
        }
    }

    #[test]
    fn keys_ignore_ascii_case_only() {
        let k = |s: &str| key(s, 0, s.len());
        assert_eq!(k("China"), k("CHINA"));
        assert_eq!(k("Presidential"), k("presidentIAL"));
        assert_ne!(k("China"), k("Chinas"));
        assert_ne!(k("on"), k("no"));
        assert_ne!(k("a"), k("a\u{0}"));
    }

    proptest::proptest! {
        #[test]
        fn word_runs_equal_the_char_by_char_reading(text in "(?s)[a-zA-Z0-9 .,’é—中\\n]{0,200}") {
            proptest::prop_assert_eq!(WordRuns::new(&text).collect::<Vec<_>>(), reference(&text));
        }
    }
}
