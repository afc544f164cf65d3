//! De-identification of personal numbers before anything is rendered, and the
//! scanner that makes sure none reaches the output unmasked.
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

/// A name shown where the full name is not needed (a household's history across
/// years): the surname and, for three characters or more, the last character —
/// `张元义` → `张*义`, `李华` → `李*`, `欧阳春花` → `欧**花`.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    match chars.as_slice() {
        [] => String::new(),
        [only] => format!("{only}"),
        [first, _] => format!("{first}*"),
        [first, middle @ .., last] => {
            format!("{first}{}{last}", "*".repeat(middle.len()))
        }
    }
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

mod file_text;
pub mod id_number;
pub mod scan;
pub use file_text::{FileText, read_text};
pub use scan::{Leak, LeakKind, find_unmasked_numbers, mask_numbers_in};

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
