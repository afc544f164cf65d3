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
    // Runs shorter than a mobile number are never reported, so the scan looks only
    // at every 11th byte until one is a digit: a run that long would cover it.
    const SHORTEST: usize = 11;
    let mut leaks = Vec::new();
    // Invariant: `i` is 0 or follows a byte that is not a digit (no run's middle).
    let mut i = 0;
    while i + SHORTEST <= text.len() {
        let probe = i + SHORTEST - 1;
        if !text[probe].is_ascii_digit() {
            i = probe + 1;
            continue;
        }
        // The whole run through the probe: back to its start (not before `i`, which
        // starts a run or follows a non-digit), then on to its end.
        let mut start = probe;
        while start > i && text[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let mut end = probe + 1;
        while end < text.len() && text[end].is_ascii_digit() {
            end += 1;
        }
        let digits = end - start;
        // `text[end]` is not a digit (or the text ended): the next run starts after it.
        i = end + 1;
        if (14..=18).contains(&digits) && end < text.len() && matches!(text[end], b'X' | b'x') {
            // The X is part of this number; what follows it may start the next one.
            end += 1;
            i = end;
        }
        push_if_leak(&mut leaks, &text[start..end], digits, start);
    }
    leaks
}

/// Records `run` (its `digits` and a trailing X) found at `offset` when it is a leak.
fn push_if_leak(leaks: &mut Vec<Leak>, run: &[u8], digits: usize, offset: usize) {
    let kind = if run.len() == 18 && run[0] != b'0' && is_valid_id(run) {
        LeakKind::IdNumber
    } else if (15..=19).contains(&digits) {
        LeakKind::LongNumber
    } else if digits == 11 && run[0] == b'1' && (b'3'..=b'9').contains(&run[1]) {
        LeakKind::Mobile
    } else {
        return;
    };
    leaks.push(Leak {
        kind,
        number: String::from_utf8_lossy(run).into_owned(),
        offset,
    });
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
        // A number may start right after the X that ends an ID.
        let leaks = find_unmasked_numbers(b"53062319700312001X13800001234");
        assert_eq!(leaks.len(), 2);
        assert_eq!((leaks[1].kind, leaks[1].offset), (LeakKind::Mobile, 18));
        // An ID with a wrong check digit is still a long number.
        assert_eq!(
            find_unmasked_numbers(b"530623197003120011")[0].kind,
            LeakKind::LongNumber
        );
    }

    /// The scanner before it learned to skip: every byte looked at (the judgement of
    /// a run is shared; the skipping is what is compared).
    fn reference(text: &[u8]) -> Vec<Leak> {
        let mut leaks = Vec::new();
        let mut i = 0;
        while i < text.len() {
            if !text[i].is_ascii_digit() {
                i += 1;
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
            push_if_leak(&mut leaks, &text[start..i], digits, start);
        }
        leaks
    }

    proptest::proptest! {
        #[test]
        fn skipping_finds_what_looking_at_every_byte_finds(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[0-9]{1,22}",
                    proptest::strategy::Just("53062319700312001X".to_string()),
                    proptest::strategy::Just("13800001234".to_string()),
                    "[Xx*a-c .]{1,3}",
                    "[甲乙，]{1,2}",
                ],
                0..40,
            )
        ) {
            let text = parts.concat();
            proptest::prop_assert_eq!(
                find_unmasked_numbers(text.as_bytes()),
                reference(text.as_bytes())
            );
        }
    }
}
