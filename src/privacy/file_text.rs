//! Reading a file the guard did not write itself (a site's `static/` files, a theme's)
//! as text, whatever its encoding, so that numbers in it can be judged.

use std::borrow::Cow;

/// What a file's bytes are to the guard.
pub enum FileText<'a> {
    /// UTF-8 text (decoded from UTF-16 or GB18030 when it was written so).
    Text(Cow<'a, [u8]>),
    /// Bytes that are no text the guard can read: an image, a PDF, a packed file.
    Binary,
}

/// UTF-8, then UTF-16 (with a byte-order mark, or without one when every other byte is
/// zero, as Windows "Unicode text" exports are), then GB18030; anything else with
/// control characters or bytes no encoding accepts is binary.
pub fn read_text(bytes: &[u8]) -> FileText<'_> {
    if let Some(text) = utf16(bytes) {
        return FileText::Text(Cow::Owned(text.into_bytes()));
    }
    if has_control_bytes(bytes) {
        return FileText::Binary;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return FileText::Text(Cow::Borrowed(bytes));
    }
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => FileText::Text(Cow::Owned(text.into_owned().into_bytes())),
        None => FileText::Binary,
    }
}

fn utf16(bytes: &[u8]) -> Option<String> {
    let (encoding, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (encoding_rs::UTF_16LE, rest),
        [0xFE, 0xFF, rest @ ..] => (encoding_rs::UTF_16BE, rest),
        _ if bytes.len() >= 4 && bytes.len().is_multiple_of(2) => {
            let zeros_at = |parity: usize| {
                bytes
                    .iter()
                    .skip(parity)
                    .step_by(2)
                    .filter(|&&b| b == 0)
                    .count()
            };
            let half = bytes.len() / 2;
            // Mostly ASCII or CJK text: one byte of most characters is zero.
            if zeros_at(1) * 2 > half && zeros_at(0) == 0 {
                (encoding_rs::UTF_16LE, bytes)
            } else if zeros_at(0) * 2 > half && zeros_at(1) == 0 {
                (encoding_rs::UTF_16BE, bytes)
            } else {
                return None;
            }
        }
        _ => return None,
    };
    let text = encoding.decode_without_bom_handling_and_without_replacement(body)?;
    (!has_control_bytes(text.as_bytes())).then(|| text.into_owned())
}

/// Control characters no text file has (tab, line breaks and form feed aside).
fn has_control_bytes(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)) || b == 0x7F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(bytes: &[u8]) -> Option<String> {
        match read_text(bytes) {
            FileText::Text(t) => Some(String::from_utf8(t.into_owned()).unwrap()),
            FileText::Binary => None,
        }
    }

    #[test]
    fn reads_the_encodings_clerks_save_in() {
        let text = "户主,身份证号\n张三,530623198001070068\n";
        assert_eq!(text_of(text.as_bytes()).as_deref(), Some(text));
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        assert_eq!(text_of(&gbk).as_deref(), Some(text));
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(
            text_of(&[&[0xFF, 0xFE][..], &utf16le].concat()).as_deref(),
            Some(text)
        );
        let ascii16: Vec<u8> = "id,530623198001070068\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert!(text_of(&ascii16).unwrap().contains("530623198001070068"));
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            text_of(&[&[0xFE, 0xFF][..], &be].concat()).as_deref(),
            Some(text)
        );
    }

    #[test]
    fn images_and_packed_files_are_binary() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10";
        assert!(text_of(png).is_none());
        let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00";
        assert!(text_of(zip).is_none());
        assert!(text_of(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]).is_none());
    }
}
