//! Resident identity numbers (GB 11643-1999): 6-digit area code, 8-digit birth date,
//! 3-digit sequence, and an ISO 7064 MOD 11-2 check character.

use jiff::civil::Date;
use std::borrow::Cow;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// What is wrong with an identity number, in the words a clerk needs to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdNumberProblem {
    Length(usize),
    NotDigits,
    BirthDate(String),
    CheckDigit { expected: char, found: char },
}

impl IdNumberProblem {
    pub fn message(&self) -> String {
        match self {
            IdNumberProblem::Length(n) => format!("身份证号应为 18 位，这里是 {n} 位"),
            IdNumberProblem::NotDigits => {
                "身份证号前 17 位应为数字，最后一位为数字或 X".to_string()
            }
            IdNumberProblem::BirthDate(d) => {
                format!("身份证号中的出生日期 {d} 不是有效日期")
            }
            IdNumberProblem::CheckDigit { expected, found } => format!(
                "身份证号校验码错误：按 GB 11643 计算最后一位应为 {expected}，这里是 {found}，请核对号码是否抄错"
            ),
        }
    }
}

/// The check character for the first 17 digits (which must be ASCII digits).
pub fn check_character(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Validates an 18-character identity number: digits, a real birth date and the check
/// character. A lowercase `x` is accepted as `X`.
pub fn validate_id_number(text: &str) -> Result<(), IdNumberProblem> {
    let chars = text.chars().count();
    if chars != 18 {
        return Err(IdNumberProblem::Length(chars));
    }
    let bytes = text.as_bytes();
    if !bytes[..17].iter().all(u8::is_ascii_digit) {
        return Err(IdNumberProblem::NotDigits);
    }
    let last = (bytes[17] as char).to_ascii_uppercase();
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(IdNumberProblem::NotDigits);
    }
    let birth = &text[6..14];
    let (y, m, d) = (
        birth[0..4].parse::<i16>().unwrap_or(0),
        birth[4..6].parse::<i8>().unwrap_or(0),
        birth[6..8].parse::<i8>().unwrap_or(0),
    );
    if y < 1900 || Date::new(y, m, d).is_err() {
        return Err(IdNumberProblem::BirthDate(birth.to_string()));
    }
    let expected = check_character(&bytes[..17]);
    if expected != last {
        return Err(IdNumberProblem::CheckDigit {
            expected,
            found: last,
        });
    }
    Ok(())
}

/// An identity number as compared, wherever two are: trimmed, and `x` taken as `X`. A well-formed one
/// (17 digits and a digit or X) is packed into a number, which hashes and compares
/// fast: a county has half a million of them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdKey<'a> {
    Packed(u64),
    Text(Cow<'a, str>),
}

impl IdKey<'_> {
    pub fn into_owned(self) -> IdKey<'static> {
        match self {
            IdKey::Packed(n) => IdKey::Packed(n),
            IdKey::Text(t) => IdKey::Text(Cow::Owned(t.into_owned())),
        }
    }

    pub fn of(raw: &str) -> IdKey<'_> {
        let text = raw.trim();
        let bytes = text.as_bytes();
        if let [digits @ .., last] = bytes
            && digits.len() == 17
            && digits.iter().all(u8::is_ascii_digit)
        {
            let check = match last {
                b'0'..=b'9' => Some(u64::from(last - b'0')),
                b'x' | b'X' => Some(10),
                _ => None,
            };
            if let Some(check) = check {
                let number = digits
                    .iter()
                    .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
                return IdKey::Packed(number * 11 + check);
            }
        }
        if text.bytes().any(|b| b.is_ascii_lowercase()) {
            IdKey::Text(Cow::Owned(text.to_ascii_uppercase()))
        } else {
            IdKey::Text(Cow::Borrowed(text))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_valid_numbers_pass() {
        // The GB 11643 worked example and numbers whose check character is X and 0.
        assert_eq!(validate_id_number("11010519491231002X"), Ok(()));
        assert_eq!(validate_id_number("11010519491231002x"), Ok(()));
        assert_eq!(check_character(b"53062319800101126"), '0');
        assert_eq!(validate_id_number("530623198001011260"), Ok(()));
    }

    #[test]
    fn every_wrong_check_character_is_caught() {
        let base = "11010519491231002";
        for c in "0123456789X".chars().filter(|&c| c != 'X') {
            let id = format!("{base}{c}");
            assert_eq!(
                validate_id_number(&id),
                Err(IdNumberProblem::CheckDigit {
                    expected: 'X',
                    found: c
                })
            );
        }
    }

    #[test]
    fn rejects_bad_shapes_and_dates() {
        assert_eq!(
            validate_id_number("1101051949123100"),
            Err(IdNumberProblem::Length(16))
        );
        assert_eq!(
            validate_id_number("1101051949123100AX"),
            Err(IdNumberProblem::NotDigits)
        );
        // 30 February does not exist.
        let mut id = String::from("11010519490230001");
        id.push(check_character(id.as_bytes()));
        assert_eq!(
            validate_id_number(&id),
            Err(IdNumberProblem::BirthDate("19490230".into()))
        );
        assert_eq!(
            validate_id_number("１１０１０５１９４９１２３１００２Ｘ"),
            Err(IdNumberProblem::NotDigits)
        );
    }
}

#[cfg(test)]
mod id_key_tests {
    use super::IdKey;

    #[test]
    fn numbers_compare_trimmed_and_case_folded() {
        let key = IdKey::of;
        assert_eq!(key(" 53062319791204992x "), key("53062319791204992X"));
        assert_ne!(key("530623197912049927"), key("530623197912049928"));
        assert_ne!(key("530623197912049927"), key("53062319791204992X"));
        assert!(matches!(key("530623197912049927"), IdKey::Packed(_)));
        assert_eq!(key("abc-1"), key(" ABC-1"));
        assert_ne!(key("5306231979120499"), key("530623197912049927"));
        assert!(matches!(key("99999999999999999X"), IdKey::Packed(_)));
    }
}
