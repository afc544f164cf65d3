//! HTML escaping, the same bytes as Tera's (`&` `<` `>` `"` `'`), for templates and
//! for the tables written in Rust ([`super::native`]).

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

/// Tera's escape function, but writing the text between escapes in one piece: Tera's
/// own writes every byte through the `dyn Write` on its own, which was a quarter of
/// rendering a notice's pages.
pub fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        if let Some(e) = escaped(b) {
            out.write_all(&input.as_bytes()[start..i])?;
            out.write_all(e.as_bytes())?;
            start = i + 1;
        }
    }
    out.write_all(&input.as_bytes()[start..])
}

/// Appends `input` to `out`, escaped.
pub fn push_escaped(out: &mut String, input: &str) {
    let mut start = 0;
    for (i, b) in input.bytes().enumerate() {
        if let Some(e) = escaped(b) {
            // `i` is at an ASCII byte, so on a character boundary.
            out.push_str(&input[start..i]);
            out.push_str(e);
            start = i + 1;
        }
    }
    out.push_str(&input[start..]);
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_matches_tera() {
        for text in [
            "",
            "plain 文字",
            "<a href=\"x\">Tom & Jerry's</a>",
            "&&<<>>\"\"''",
            "末尾&",
            "'开头",
        ] {
            let mut theirs = Vec::new();
            tera::escape_html(text, &mut theirs).unwrap();
            let mut ours = Vec::new();
            super::escape_html(text, &mut ours).unwrap();
            assert_eq!(ours, theirs, "{text}");
            let mut pushed = String::from("前");
            super::push_escaped(&mut pushed, text);
            assert_eq!(pushed.as_bytes()[3..], theirs[..], "{text}");
        }
    }
}
