//! The leak guard's scanner: personal numbers found the way people type them.
//!
//! Clerks type numbers with spaces or hyphens between digit groups (`139 1007 9190`),
//! with the full-width digits of a Chinese input method (`１３９…`), with `+86` in
//! front, sometimes with an invisible zero-width space inside; pages carry them
//! percent-encoded in links (`tel:%2B86…`) or as character references (`&#49;`). The
//! scanner reads text as *atoms* — a digit, a separator, an ignorable character, an
//! `X`, anything else — whatever their spelling, gathers digits into groups, and judges
//! every run of groups: a valid 18-character ID, a 15–19 digit number, a mobile
//! number, an old 15-digit ID or a bank card written in groups.
//!
//! Only shapes that are surely personal are reported, so that dates, amounts, 文号 and
//! region codes pass: a run of groups is judged by its digits *and* its grouping.

/// A personal number found unmasked in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leak {
    pub kind: LeakKind,
    /// The number in ASCII digits (with a final `X`), separators left out.
    pub number: String,
    /// Byte offset of its first character in the scanned text.
    pub offset: usize,
    /// Bytes from its first character through its last, as written.
    pub len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeakKind {
    /// 18 characters with a valid GB 11643 check character.
    IdNumber,
    /// Any other run of 15–19 digits (an old 15-digit ID, a mistyped ID, a bank
    /// account), or such a number written in groups.
    LongNumber,
    /// An 11-digit mainland mobile number, with or without `+86`.
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

    /// Digits a mask keeps at the start and at the end (as `mask_id_number` etc.).
    pub fn kept_digits(self) -> (usize, usize) {
        match self {
            LeakKind::IdNumber => (6, 4),
            LeakKind::Mobile => (3, 4),
            LeakKind::LongNumber => (0, 4),
        }
    }
}

/// Separators allowed between two digit groups (`139 - 1007`: three).
const MAX_SEPARATORS: u8 = 3;
/// Zero-width characters in a row that are still read as typing noise.
const MAX_IGNORABLE: u8 = 4;
/// Groups one number may be written in (`6228 4800 1234 5678 901`: five).
const MAX_GROUPS: usize = 8;
/// No personal number has fewer digits: shorter runs are never judged.
const SHORTEST: usize = 11;

/// Every personal number written unmasked in `text`, in order.
pub fn find_unmasked_numbers(text: &[u8]) -> Vec<Leak> {
    let mut scanner = Scanner::default();
    // A number of 11 digits or more spans at least 11 bytes, so a probe every 11
    // bytes lands in it, on a byte `stops_probe` accepts (see there). From a probe
    // that stops, the region of bytes that may spell a number is read.
    // `floor`: where the last region read ended; no region reaches back past it.
    let mut floor = 0;
    let mut i = 0;
    while i + SHORTEST <= text.len() {
        let probe = i + SHORTEST - 1;
        if !stops_probe(text, probe) {
            i = probe + 1;
            continue;
        }
        // Most probes stop on a figure of a style or a date: plain digits and ASCII
        // separators between bytes no number's spelling has.
        if text[probe].is_ascii() {
            let plain = |b: u8| b.is_ascii_digit() || is_ascii_separator(b);
            let mut start = probe;
            while start > floor && plain(text[start - 1]) {
                start -= 1;
            }
            let mut end = probe;
            while end < text.len() && plain(text[end]) {
                end += 1;
            }
            let digits = text[start..end]
                .iter()
                .filter(|b| b.is_ascii_digit())
                .count();
            let hard = |p: usize| !may_continue(text, p);
            if digits < SHORTEST
                && (start == 0 || hard(start - 1))
                && (end == text.len() || hard(end))
            {
                floor = end;
                i = end + 1;
                continue;
            }
        }
        // Every digit, however written, has an ASCII digit or a byte 0x90–0x99 (the
        // last of a full-width digit) in its spelling: a region with fewer than 11
        // such bytes holds no number and is not read.
        let digitish = |b: u8| b.is_ascii_digit() || (0x90..=0x99).contains(&b);
        let mut digits = usize::from(digitish(text[probe]));
        let mut start = probe;
        while start > floor && may_continue(text, start - 1) {
            start -= 1;
            digits += usize::from(digitish(text[start]));
        }
        let mut end = probe + 1;
        while end < text.len() && may_continue(text, end) {
            digits += usize::from(digitish(text[end]));
            end += 1;
        }
        if digits >= SHORTEST {
            scanner.scan(text, start, end);
        }
        floor = end;
        i = end + 1;
    }
    scanner.leaks
}

/// Bytes that can be part of how a digit, separator, ignorable or X is written:
/// ASCII digits and separators, `%`-escapes and character references (`&#x3a;`,
/// `&nbsp;`), and the bytes of the few non-ASCII characters that count.
static MAY_SPELL: [bool; 256] = {
    let mut table = [false; 256];
    let ascii = b"0123456789 \t\r\n-+.%&#;abcdefABCDEFxXnsp";
    let mut k = 0;
    while k < ascii.len() {
        table[ascii[k] as usize] = true;
        k += 1;
    }
    // Continuation bytes, and the lead bytes of U+0080–00BF, U+2000–2FFF,
    // U+3000–3FFF and U+F000–FFFF (full-width forms, dashes, spaces).
    let mut b = 0x80;
    while b <= 0xBF {
        table[b] = true;
        b += 1;
    }
    table[0xC2] = true;
    table[0xE2] = true;
    table[0xE3] = true;
    table[0xEF] = true;
    table
};

/// Whether the probe stops at `at`. Only digits, separators next to digits and the
/// non-ASCII characters that count (a full-width digit, a dash, an invisible space —
/// not an ideograph or `，`) stop it, and letters only inside an escape (`%2D`,
/// `&nbsp;`). The punctuation of escapes and an ID's final `X` never do: any
/// spelling of 11 digits or more has a digit, a separator or an escape's letter at
/// least every few bytes, and as the probe moves 11 bytes at a time its stops fall on
/// every position of such a repeating spelling in turn; the region read around a stop
/// then takes in the rest.
#[inline]
fn stops_probe(text: &[u8], at: usize) -> bool {
    let b = text[at];
    if b.is_ascii_digit() {
        true
    } else if b >= 0x80 {
        counting_character_at(text, at)
    } else if is_ascii_separator(b) {
        separator_between_digits(text, at)
    } else {
        // `&nbsp;` runs six bytes without a digit: its letters stop the probe too.
        MAY_SPELL[b as usize] && b.is_ascii_alphabetic() && in_escape(text, at)
    }
}

/// Whether the non-ASCII byte at `at` belongs to a character that counts.
fn counting_character_at(text: &[u8], at: usize) -> bool {
    let mut lead = at;
    while lead > 0 && at - lead < 3 && (0x80..=0xBF).contains(&text[lead]) {
        lead -= 1;
    }
    // An ideograph's lead byte (0xE4–0xE9) is answer enough.
    matches!(text[lead], 0xC2 | 0xE2 | 0xE3 | 0xEF)
        && utf8_char(text, lead).is_some_and(|(c, _)| atom_of(c) != Atom::Other)
}

/// Separators stand between two groups, at most three in a row: on both sides, past
/// at most two more separators, comes a digit (or an escape, or a non-ASCII character
/// that may spell one).
fn separator_between_digits(text: &[u8], at: usize) -> bool {
    let spells = |b: u8| b.is_ascii_digit() || matches!(b, b'%' | b'&' | 0x80..);
    let mut before = false;
    for p in (at.saturating_sub(3)..at).rev() {
        if !is_ascii_separator(text[p]) {
            before = spells(text[p]);
            break;
        }
    }
    if !before {
        return false;
    }
    text[at + 1..(at + 4).min(text.len())]
        .iter()
        .find(|&&b| !is_ascii_separator(b))
        .is_some_and(|&b| spells(b))
}

fn is_ascii_separator(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'-' | b'+' | b'.')
}

/// Whether the letter at `at` is inside `%XX` or `&#x…;` / `&nbsp;`.
fn in_escape(text: &[u8], at: usize) -> bool {
    let back = |k: usize| at.checked_sub(k).map(|p| text[p]);
    if back(1) == Some(b'%') || back(2) == Some(b'%') {
        return true;
    }
    for k in 1..=7 {
        match back(k) {
            Some(b'&') => return true,
            Some(b) if b.is_ascii_alphanumeric() || b == b'#' => {}
            _ => return false,
        }
    }
    false
}

/// Whether a region found by the probe goes on over the byte at `p`: as
/// [`MAY_SPELL`], but a letter only inside an escape, so that a region does not run
/// on through a style attribute (`font-size:3.5mm;line-height:5mm`).
fn may_continue(text: &[u8], p: usize) -> bool {
    let b = text[p];
    MAY_SPELL[b as usize]
        && (!b.is_ascii_alphabetic() || matches!(b, b'x' | b'X') || in_escape(text, p))
}

/// How a character counts when numbers are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Digit(u8),
    /// Between digit groups; `true` for a dot (a decimal point, perhaps).
    Separator(bool),
    /// Invisible characters an editor or input method may leave inside a number.
    Ignorable,
    X,
    Other,
}

fn atom_of(c: char) -> Atom {
    match c {
        '0'..='9' => Atom::Digit(c as u8 - b'0'),
        '０'..='９' => Atom::Digit((c as u32 - '０' as u32) as u8),
        '.' | '．' => Atom::Separator(true),
        ' '
        | '\t'
        | '\r'
        | '\n'
        | '-'
        | '+'
        | '\u{a0}'
        | '\u{3000}'
        | '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '－'
        | '＋' => Atom::Separator(false),
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => Atom::Ignorable,
        'X' | 'x' | 'Ｘ' | 'ｘ' => Atom::X,
        _ => Atom::Other,
    }
}

/// The atom written at `pos` and where the next one starts.
fn read_atom(text: &[u8], pos: usize) -> (Atom, usize) {
    let decoded = match text[pos] {
        b'%' => percent_encoded(text, pos),
        b'&' => character_reference(text, pos),
        b if b < 0x80 => Some((b as char, pos + 1)),
        _ => utf8_char(text, pos),
    };
    match decoded {
        Some((c, next)) => (atom_of(c), next),
        None => (Atom::Other, pos + 1),
    }
}

/// The character whose UTF-8 encoding starts at `pos` (none for a malformed one).
fn utf8_char(text: &[u8], pos: usize) -> Option<(char, usize)> {
    let continuation = |k: usize| {
        text.get(pos + k)
            .filter(|b| (0x80..=0xBF).contains(*b))
            .map(|&b| u32::from(b & 0x3F))
    };
    let lead = u32::from(text[pos]);
    let (code, len) = match text[pos] {
        0xC2..=0xDF => ((lead & 0x1F) << 6 | continuation(1)?, 2),
        0xE0..=0xEF => (
            (lead & 0x0F) << 12 | continuation(1)? << 6 | continuation(2)?,
            3,
        ),
        0xF0..=0xF4 => (
            (lead & 0x07) << 18 | continuation(1)? << 12 | continuation(2)? << 6 | continuation(3)?,
            4,
        ),
        _ => return None,
    };
    // Overlong forms decode to characters that have a shorter spelling.
    let shortest = match code {
        0..=0x7F => 1,
        0x80..=0x7FF => 2,
        0x800..=0xFFFF => 3,
        _ => 4,
    };
    (shortest == len)
        .then(|| char::from_u32(code))
        .flatten()
        .map(|c| (c, pos + len))
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// `%31` → `1`; `%EF%BC%91` → `１`.
fn percent_encoded(text: &[u8], pos: usize) -> Option<(char, usize)> {
    let byte_at = |p: usize| -> Option<u8> {
        let [b'%', hi, lo] = *text.get(p..p + 3)? else {
            return None;
        };
        Some(hex_value(hi)? << 4 | hex_value(lo)?)
    };
    let first = byte_at(pos)?;
    let len = match first {
        0x00..=0x7F => return Some((first as char, pos + 3)),
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let mut bytes = [0u8; 4];
    for (k, byte) in bytes.iter_mut().enumerate().take(len) {
        *byte = byte_at(pos + 3 * k)?;
    }
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    Some((c, pos + 3 * len))
}

/// `&#49;`, `&#x31;`, `&nbsp;` (the semicolon may be missing, as browsers allow).
fn character_reference(text: &[u8], pos: usize) -> Option<(char, usize)> {
    let rest = &text[pos + 1..];
    if rest.starts_with(b"nbsp;") {
        return Some(('\u{a0}', pos + 6));
    }
    let (radix, digits_from) = match rest {
        [b'#', b'x' | b'X', ..] => (16, 2),
        [b'#', ..] => (10, 1),
        _ => return None,
    };
    let digits = rest[digits_from..]
        .iter()
        .take(8)
        .take_while(|b| (**b as char).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    let number = std::str::from_utf8(&rest[digits_from..digits_from + digits]).ok()?;
    let c = char::from_u32(u32::from_str_radix(number, radix).ok()?)?;
    let mut next = pos + 1 + digits_from + digits;
    if text.get(next) == Some(&b';') {
        next += 1;
    }
    Some((c, next))
}

/// Digits next to each other (invisible characters aside).
#[derive(Debug, Clone, Copy)]
struct Group {
    /// Its digits in `Run::digits`.
    from: usize,
    to: usize,
    /// Byte range in the text.
    start: usize,
    end: usize,
    /// A lone dot stood before it: `1162000.50`.
    after_dot: bool,
}

/// Groups separated by a few separators: one number, or several side by side.
#[derive(Default)]
struct Run {
    digits: Vec<u8>,
    groups: Vec<Group>,
    separators: u8,
    last_separator_dot: bool,
    ignorable: u8,
    /// An `X` right after the last group: where it ends.
    x_end: Option<usize>,
}

#[derive(Default)]
struct Scanner {
    run: Run,
    leaks: Vec<Leak>,
}

impl Scanner {
    fn scan(&mut self, text: &[u8], start: usize, end: usize) {
        let mut pos = start;
        while pos < end {
            let (atom, next) = read_atom(text, pos);
            let run = &mut self.run;
            match atom {
                Atom::Digit(d) => {
                    // No separator since the last digit: the same group goes on.
                    match run.groups.last_mut() {
                        Some(g) if run.separators == 0 => {
                            g.to += 1;
                            g.end = next;
                        }
                        _ => {
                            let after_dot = run.separators == 1 && run.last_separator_dot;
                            let at = run.digits.len();
                            run.groups.push(Group {
                                from: at,
                                to: at + 1,
                                start: pos,
                                end: next,
                                after_dot,
                            });
                        }
                    }
                    run.digits.push(b'0' + d);
                    run.separators = 0;
                    run.ignorable = 0;
                }
                Atom::Separator(dot) if !run.groups.is_empty() => {
                    run.separators += 1;
                    run.last_separator_dot = dot;
                    run.ignorable = 0;
                    if run.separators > MAX_SEPARATORS {
                        self.flush();
                    }
                }
                Atom::Separator(_) => {}
                Atom::Ignorable => {
                    run.ignorable += 1;
                    if run.ignorable > MAX_IGNORABLE {
                        self.flush();
                    }
                }
                Atom::X => {
                    if !run.groups.is_empty() {
                        run.x_end = Some(next);
                    }
                    self.flush();
                }
                Atom::Other => self.flush(),
            }
            pos = next;
        }
        self.flush();
    }

    /// Judges the run gathered so far and starts a new one.
    fn flush(&mut self) {
        if self.run.groups.is_empty() {
            // Nothing gathered (most of the time): only the counters go.
            self.run.separators = 0;
            self.run.ignorable = 0;
            self.run.x_end = None;
            return;
        }
        let run = std::mem::take(&mut self.run);
        if run.digits.len() >= SHORTEST {
            judge(&run, &mut self.leaks);
        }
        // Keep the buffers' capacity for the next run.
        let Run {
            mut digits,
            mut groups,
            ..
        } = run;
        digits.clear();
        groups.clear();
        self.run.digits = digits;
        self.run.groups = groups;
    }
}

/// Every number in `run`: from each group on, the longest run of groups that is a
/// personal number; after a find, the search goes on behind it.
fn judge(run: &Run, leaks: &mut Vec<Leak>) {
    let count = run.groups.len();
    let mut first = 0;
    while first < count {
        let found = (first..count.min(first + MAX_GROUPS))
            .rev()
            .find_map(|last| judge_groups(run, first, last).map(|kind| (last, kind)));
        let Some((last, kind)) = found else {
            first += 1;
            continue;
        };
        let groups = &run.groups[first..=last];
        let with_x = last + 1 == count && run.x_end.is_some();
        let mut number =
            String::from_utf8_lossy(&run.digits[groups[0].from..groups[groups.len() - 1].to])
                .into_owned();
        let mut end = groups[groups.len() - 1].end;
        if with_x && kind != LeakKind::Mobile {
            number.push('X');
            end = run.x_end.unwrap_or(end);
        }
        if kind == LeakKind::Mobile && number.len() == 13 {
            // `8613910079190`: the same phone as `13910079190`, reported as one.
            number.drain(..2);
        }
        leaks.push(Leak {
            kind,
            number,
            offset: groups[0].start,
            len: end - groups[0].start,
        });
        first = last + 1;
    }
}

/// Groups `first..=last` of `run` read as one number: which personal number it is.
fn judge_groups(run: &Run, first: usize, last: usize) -> Option<LeakKind> {
    let groups = &run.groups[first..=last];
    let digits = &run.digits[groups[0].from..groups[groups.len() - 1].to];
    let n = digits.len();
    if n < SHORTEST {
        return None;
    }
    let with_x = last + 1 == run.groups.len() && run.x_end.is_some();
    if is_id_number(digits, with_x) {
        return Some(LeakKind::IdNumber);
    }
    // `+86`, `86-` or `86` glued on: the same phone.
    let phone = match digits {
        [b'8', b'6', rest @ ..] if n == 13 => rest,
        _ => digits,
    };
    if let [_] = groups {
        // One unbroken run: the rules the guard always had.
        return if (15..=19).contains(&n) {
            Some(LeakKind::LongNumber)
        } else if is_mobile(phone) {
            Some(LeakKind::Mobile)
        } else {
            None
        };
    }
    if groups[1..]
        .iter()
        .any(|g| g.after_dot && g.to - g.from <= 2)
    {
        // `13900000000.00`: an amount with its decimals, not a grouped number; nor
        // does a number go on past an amount's decimals (`19.50` at the end of one
        // line of a table and `2014-102` at the start of the next).
        return None;
    }
    let first_len = groups[0].to - groups[0].from;
    // `1 2 3 4 5 6 7 8 9 10 11` is no phone; a run that is all one number may be.
    let whole_run = first == 0 && last + 1 == run.groups.len();
    if is_mobile(phone) && (first_len >= 3 || whole_run) {
        return Some(LeakKind::Mobile);
    }
    // An old 15-digit ID: area code, then a real yymmdd birthday.
    if n == 15 && first_len == 6 && is_yymmdd(&digits[6..12]) {
        return Some(LeakKind::LongNumber);
    }
    // A bank card: fours, the last group shorter, a valid Luhn check, and a first
    // digit card schemes use (years and dates start with 1 or 2).
    let fours = groups[..groups.len() - 1]
        .iter()
        .all(|g| g.to - g.from == 4);
    let scheme = (b'3'..=b'9').contains(&digits[0]);
    if (16..=19).contains(&n) && groups.len() >= 4 && fours && scheme && luhn(digits) {
        return Some(LeakKind::LongNumber);
    }
    None
}

fn is_mobile(digits: &[u8]) -> bool {
    digits.len() == 11 && digits[0] == b'1' && (b'3'..=b'9').contains(&digits[1])
}

fn is_id_number(digits: &[u8], with_x: bool) -> bool {
    let mut id = [0u8; 18];
    let len = digits.len() + usize::from(with_x);
    if len != 18 || digits[0] == b'0' {
        return false;
    }
    id[..digits.len()].copy_from_slice(digits);
    if with_x {
        id[17] = b'X';
    }
    std::str::from_utf8(&id).is_ok_and(|s| crate::privacy::id_number::validate_id_number(s).is_ok())
}

fn is_yymmdd(d: &[u8]) -> bool {
    let two = |k: usize| (d[k] - b'0') * 10 + (d[k + 1] - b'0');
    (1..=12).contains(&two(2)) && (1..=31).contains(&two(4))
}

fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(k, d)| {
            let d = u32::from(d - b'0');
            match (k % 2, d * 2) {
                (0, _) => d,
                (_, twice) if twice > 9 => twice - 9,
                (_, twice) => twice,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// `text` with every personal number in it masked where it stands: digits beyond
/// those a mask keeps become `*` (`＊` for a full-width digit), so the text keeps its
/// length on screen and a caret under it still points at the same place.
pub fn mask_numbers_in(text: &str) -> std::borrow::Cow<'_, str> {
    let leaks = find_unmasked_numbers(text.as_bytes());
    if leaks.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for leak in &leaks {
        let (Some(before), Some(number)) = (
            text.get(at..leak.offset),
            text.get(leak.offset..leak.offset + leak.len),
        ) else {
            continue;
        };
        out.push_str(before);
        let (head, tail) = leak.kind.kept_digits();
        let total = number.chars().filter(|&c| is_digit(c)).count();
        let mut k = 0;
        for c in number.chars() {
            if !is_digit(c) {
                out.push(c);
                continue;
            }
            let hidden = k >= head && k + tail < total;
            out.push(match (hidden, c.is_ascii()) {
                (false, _) => c,
                (true, true) => '*',
                (true, false) => '＊',
            });
            k += 1;
        }
        at = leak.offset + leak.len;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;
