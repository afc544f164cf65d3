//! HTML escaping, the same bytes as Tera's (`&` `<` `>` `"` `'`), for templates and
//! for the tables written in Rust ([`super::table_html`], [`super::sheets::html`]).

/// What `byte` is written as, if it must be escaped.
fn escaped(byte: u8) -> Option<&'static str> {
    Some(match byte {
        b'&' => "&amp;",
        b'<' => "&lt;",
        b'>' => "&gt;",
        b'"' => "&quot;",
        b'\'' => "&#39;",
        _ => return None,
    })
}

/// Where the next byte to escape is in `bytes`, from `from` on.
///
/// Page text is mostly Chinese and digits, with a byte to escape now and then: eight
/// bytes are tested at once (is any of them one of the five?) and only a word that
/// has one is looked at byte by byte.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // A high bit for each byte of `word` equal to `b` (and maybe spurious ones above a
    // match, but never one without a match).
    let equal = |word: u64, b: u8| {
        let x = word ^ (ONES * u64::from(b));
        x.wrapping_sub(ONES) & !x & HIGHS
    };
    let mut i = from;
    while let Some(Ok(chunk)) = bytes.get(i..i + 8).map(<[u8; 8]>::try_from) {
        let word = u64::from_ne_bytes(chunk);
        let any = equal(word, b'&')
            | equal(word, b'<')
            | equal(word, b'>')
            | equal(word, b'"')
            | equal(word, b'\'');
        if any != 0 {
            break;
        }
        i += 8;
    }
    bytes[i..]
        .iter()
        .position(|&b| escaped(b).is_some())
        .map(|p| i + p)
}

/// Tera's escape function, but writing the text between escapes in one piece: Tera's
/// own writes every byte through the `dyn Write` on its own, which was a quarter of
/// rendering a notice's pages.
pub fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    while let Some(i) = next_escape(bytes, start) {
        out.write_all(&bytes[start..i])?;
        out.write_all(escaped(bytes[i]).unwrap_or_default().as_bytes())?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// Appends `input` to `out`, escaped.
pub fn push_escaped(out: &mut String, input: &str) {
    let bytes = input.as_bytes();
    let mut start = 0;
    while let Some(i) = next_escape(bytes, start) {
        // `i` is at an ASCII byte, so on a character boundary.
        out.push_str(&input[start..i]);
        out.push_str(escaped(bytes[i]).unwrap_or_default());
        start = i + 1;
    }
    out.push_str(&input[start..]);
}

#[cfg(test)]
mod tests {
    fn assert_escapes_as_tera(text: &str) {
        let mut theirs = Vec::new();
        tera::escape_html(text, &mut theirs).unwrap();
        let mut ours = Vec::new();
        super::escape_html(text, &mut ours).unwrap();
        assert_eq!(ours, theirs, "{text}");
        let mut pushed = String::from("前");
        super::push_escaped(&mut pushed, text);
        assert_eq!(pushed.as_bytes()[3..], theirs[..], "{text}");
    }

    #[test]
    fn escaping_matches_tera() {
        for text in [
            "",
            "plain 文字",
            "<a href=\"x\">Tom & Jerry's</a>",
            "&&<<>>\"\"''",
            "末尾&",
            "'开头",
            "530623********8421 & 13800001234",
            "一二三四五六七八九十&一二三四五六七八九十<",
        ] {
            assert_escapes_as_tera(text);
        }
    }

    proptest::proptest! {
        /// Texts long enough to be tested eight bytes at a time, with bytes to escape
        /// anywhere in them (and bytes one away from those: `%` `;` `=` `!` `(`).
        #[test]
        fn any_text_escapes_as_tera(text in "[&<>\"'%;=!(a1甲é\u{7f}\u{80}]{0,40}") {
            assert_escapes_as_tera(&text);
        }
    }
}
