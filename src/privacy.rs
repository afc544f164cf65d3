//! De-identification of personal numbers before anything is rendered.
//!
//! One mask per kind of number, used by every output: two different masks of the same
//! number could be pieced together into the whole number.

/// `622424198001011234` → `622424********1234` (first 6, last 4).
pub fn mask_id_number(id: &str) -> String {
    mask_keeping(id, 6, 4, 8)
}

/// `13800001234` → `138****1234` (first 3, last 4).
pub fn mask_phone(phone: &str) -> String {
    mask_keeping(phone, 3, 4, 4)
}

/// Bank accounts keep only their last 4 digits: `****5678`.
pub fn mask_bank_account(account: &str) -> String {
    mask_keeping(account, 0, 4, 4)
}

/// Keeps `head` leading and `tail` trailing characters and puts exactly `stars` asterisks
/// between them, so the mask does not reveal the number's length. Too short to keep
/// anything safely: all asterisks.
fn mask_keeping(text: &str, head: usize, tail: usize, stars: usize) -> String {
    // Counted and walked twice rather than collected: one allocation per mask.
    let chars = || text.chars().filter(|c| !c.is_whitespace());
    let count = chars().count();
    let mut out = String::with_capacity(head + stars + tail);
    // At least four characters must be hidden, or the mask hides too little.
    if count < head + tail + 4 {
        out.extend(std::iter::repeat_n('*', stars));
        return out;
    }
    out.extend(chars().take(head));
    out.extend(std::iter::repeat_n('*', stars));
    out.extend(chars().skip(count - tail));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_follow_the_published_formats() {
        assert_eq!(mask_id_number("622424198001011234"), "622424********1234");
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(mask_phone("13800001234"), "138****1234");
        assert_eq!(mask_bank_account("6228480012345678901"), "****8901");
    }

    #[test]
    fn short_or_odd_input_never_leaks() {
        assert_eq!(mask_id_number("12345"), "********");
        assert_eq!(mask_phone("12345"), "****");
        assert_eq!(mask_phone("138 0000 1234"), "138****1234");
    }
}

/// A personal number found unmasked in output text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub kind: LeakKind,
    /// The number as found.
    pub number: String,
    /// Byte offset in the scanned text.
    pub offset: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakKind {
    /// 18 characters with a valid GB 11643 check character.
    IdNumber,
    /// Any other run of 15–19 digits: an old 15-digit ID, a mistyped ID, a bank account.
    LongNumber,
    /// An 11-digit mainland mobile number.
    Mobile,
}

impl LeakKind {
    pub fn label(self) -> &'static str {
        match self {
            LeakKind::IdNumber => "身份证号",
            LeakKind::LongNumber => "疑似身份证号或银行账号的长数字",
            LeakKind::Mobile => "手机号",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            LeakKind::IdNumber => "leak-id-number",
            LeakKind::LongNumber => "leak-long-number",
            LeakKind::Mobile => "leak-mobile",
        }
    }
}

/// The leak guard's scanner: every maximal run of ASCII digits (with a trailing `X` for
/// IDs) that is an unmasked ID, a 15–19 digit number or a mobile number.
pub fn find_unmasked_numbers(text: &[u8]) -> Vec<Leak> {
    let mut leaks = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if !text[i].is_ascii_digit() {
            i = next_digit(text, i + 1);
            continue;
        }
        let start = i;
        while i < text.len() && text[i].is_ascii_digit() {
            i += 1;
        }
        let digits = i - start;
        if (14..=18).contains(&digits) && i < text.len() && matches!(text[i], b'X' | b'x') {
            i += 1;
        }
        let run = &text[start..i];
        let kind = if run.len() == 18 && run[0] != b'0' && is_valid_id(run) {
            Some(LeakKind::IdNumber)
        } else if (15..=19).contains(&digits) {
            Some(LeakKind::LongNumber)
        } else if digits == 11 && run[0] == b'1' && (b'3'..=b'9').contains(&run[1]) {
            Some(LeakKind::Mobile)
        } else {
            None
        };
        if let Some(kind) = kind {
            leaks.push(Leak {
                kind,
                number: String::from_utf8_lossy(run).into_owned(),
                offset: start,
            });
        }
    }
    leaks
}

/// The index of the first ASCII digit at or after `from`, or `text.len()`. Most of a
/// page has no digits: blocks of 16 bytes are tested at once (a loop without an early
/// exit, which the compiler turns into vector instructions).
fn next_digit(text: &[u8], mut from: usize) -> usize {
    const BLOCK: usize = 16;
    while let Some(block) = text.get(from..from + BLOCK) {
        let any = block
            .iter()
            .fold(false, |any, b| any | b.wrapping_sub(b'0').lt(&10));
        if any {
            break;
        }
        from += BLOCK;
    }
    text[from..]
        .iter()
        .position(u8::is_ascii_digit)
        .map_or(text.len(), |p| from + p)
}

fn is_valid_id(run: &[u8]) -> bool {
    std::str::from_utf8(run).is_ok_and(|s| crate::model::id_number::validate_id_number(s).is_ok())
}

#[cfg(test)]
mod leak_tests {
    use super::*;

    #[test]
    fn finds_raw_numbers_and_ignores_masks() {
        let text = "张三 53062319700312001X，电话13800001234；账号6228480012345678901；\
                    已脱敏 530623********001X、138****1234、****8901；区划530623101201；金额1162000.50元";
        let leaks = find_unmasked_numbers(text.as_bytes());
        let kinds: Vec<(LeakKind, &str)> =
            leaks.iter().map(|l| (l.kind, l.number.as_str())).collect();
        assert_eq!(
            kinds,
            vec![
                (LeakKind::IdNumber, "53062319700312001X"),
                (LeakKind::Mobile, "13800001234"),
                (LeakKind::LongNumber, "6228480012345678901"),
            ]
        );
        // An 11-digit run inside a longer number is not a phone; 12-digit codes pass.
        assert!(find_unmasked_numbers(b"530623101201 2014032012345").is_empty());
        // Numbers are found wherever they are, whatever the text around them.
        for pad in 0..40 {
            let text = format!("{}13800001234{}", "甲".repeat(pad), "x".repeat(pad));
            let leaks = find_unmasked_numbers(text.as_bytes());
            assert_eq!(leaks.len(), 1, "{pad}");
            assert_eq!(leaks[0].offset, pad * 3);
        }
        for (i, want) in [(0, 0), (1, 33), (34, 34), (35, 35)] {
            let text = format!("1{}23", "a".repeat(32));
            assert_eq!(next_digit(text.as_bytes(), i), want);
        }
        // An ID with a wrong check digit is still a long number.
        assert_eq!(
            find_unmasked_numbers(b"530623197003120011")[0].kind,
            LeakKind::LongNumber
        );
    }
}
