//! The terms of the search index, cut from text the way `static/search.js` cuts a
//! query: Chinese has no spaces between words, so a run of Han characters is indexed
//! as every single character and every pair of neighbours in it (a village name of two
//! characters, a 致贫原因 like 因病, is one pair); a run of ASCII letters and digits
//! (a year, a 文号's number, a project code) as itself and its beginnings, so that
//! `201` already finds 2014 while it is typed.
//!
//! The query side lives in `themes/default/static/search.js` (`queryTerms`): it must
//! cut as this does, and the browser tests search the built site to hold them together.

use compact_str::{CompactString, ToCompactString};
use rustc_hash::FxHashSet;

/// A term: a character, a pair, an ASCII token or a filter's `#` value. Nearly all fit
/// in a `CompactString` without allocating, which matters at tens of millions of
/// terms.
pub type Term = CompactString;
/// The terms of one document, unordered: the postings are made in document order.
pub type TermSet = FxHashSet<Term>;
/// Every term and the documents holding it, by number.
pub type Postings = rustc_hash::FxHashMap<Term, Vec<u32>>;

/// ASCII tokens are indexed from this many characters on: one letter or digit finds
/// everything.
const SHORTEST_ASCII: usize = 2;
/// ASCII beginnings are indexed up to this length; a longer query is cut there.
pub const LONGEST_ASCII: usize = 12;
/// A run of more digits than this is never indexed: it has the shape of an identity,
/// phone or account number, and nobody looks for a notice by one.
pub const LONGEST_NUMBER: usize = 10;

/// Whether `c` is a Han character (CJK unified ideographs, extension A, compatibility
/// ideographs, and 〇).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '〇')
}

/// Full-width letters and digits (typed with a Chinese input method) as ASCII,
/// letters in lower case.
fn fold(c: char) -> char {
    let c = match c {
        '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Adds the terms of `text` to `out`.
pub fn add_terms(text: &str, out: &mut TermSet) {
    let mut han = String::new();
    let mut ascii = String::new();
    for c in text.chars().map(fold).chain(std::iter::once(' ')) {
        if is_han(c) {
            ascii_run(&ascii, out);
            ascii.clear();
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            han_run(&han, out);
            han.clear();
            ascii.push(c);
        } else {
            ascii_run(&ascii, out);
            ascii.clear();
            han_run(&han, out);
            han.clear();
        }
    }
}

fn han_run(run: &str, out: &mut TermSet) {
    let chars: Vec<char> = run.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        out.insert(c.to_compact_string());
        if let Some(next) = chars.get(i + 1) {
            out.insert([*c, *next].iter().collect());
        }
    }
}

fn ascii_run(run: &str, out: &mut TermSet) {
    // A code like XM2014001 is kept; a token holding a long run of digits is not.
    if run.len() < SHORTEST_ASCII || longest_digit_run(run) > LONGEST_NUMBER {
        return;
    }
    for end in SHORTEST_ASCII..=run.len().min(LONGEST_ASCII) {
        out.insert(CompactString::from(&run[..end]));
    }
}

fn longest_digit_run(s: &str) -> usize {
    s.split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max()
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut out = TermSet::default();
        add_terms(text, &mut out);
        let mut terms: Vec<String> = out.into_iter().map(String::from).collect();
        terms.sort();
        terms
    }

    #[test]
    fn han_runs_give_characters_and_pairs() {
        assert_eq!(terms("长沟村"), ["村", "沟", "沟村", "长", "长沟"]);
        assert!(terms("（因病、因残）").contains(&"因病".to_string()));
        assert!(!terms("因病、因残").contains(&"病因".to_string()));
    }

    #[test]
    fn ascii_tokens_give_their_beginnings_and_fold_full_width() {
        assert_eq!(terms("２０１４年"), ["20", "201", "2014", "年"]);
        assert_eq!(terms("XM-01"), ["01", "xm"]);
        assert!(terms("a 1").is_empty());
    }

    #[test]
    fn numbers_shaped_like_personal_ones_are_left_out() {
        assert!(terms("13812345678").is_empty());
        assert!(terms("530623198001011260").is_empty());
        assert!(terms("ab13812345678").is_empty());
        assert_eq!(
            terms("0870-1234567"),
            [
                "08", "087", "0870", "12", "123", "1234", "12345", "123456", "1234567"
            ]
        );
    }
}
