//! The text-measurement model behind sheet breaks.
//!
//! Widths are upper bounds: a CJK or full-width character is 1 em, a half-width one at
//! most 0.62 em (wide Latin capitals more). The print CSS lets the browser break a
//! line anywhere (`line-break: anywhere`), so a browser that packs a line at least as
//! full as this model never needs more lines than the model counted — and a sheet
//! the model filled cannot overflow.

/// Millimetres per typographic point.
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// Width of `c` in em.
pub fn char_em(c: char) -> f64 {
    if is_wide(c) {
        return 1.0;
    }
    match c {
        'W' | 'M' | 'm' | 'w' | '@' | '%' | '&' => 1.0,
        'A'..='Z' => 0.8,
        ' ' => 0.4,
        _ => 0.62,
    }
}

/// Full-width: everything but ASCII and the half-width forms. Non-ASCII symbols are
/// counted wide even where a font draws them narrower, to stay an upper bound.
pub fn is_wide(c: char) -> bool {
    !(c.is_ascii() || ('\u{FF61}'..='\u{FFDC}').contains(&c))
}

/// Width of `text` in mm at `font_pt`.
pub fn text_width_mm(text: &str, font_pt: f64) -> f64 {
    text.chars().map(char_em).sum::<f64>() * font_pt * MM_PER_PT
}

/// Breaks `text` into lines no wider than `width_mm` at `font_pt`, greedily and
/// anywhere (as the print CSS tells the browser to). Explicit newlines start new
/// lines; the first line may be indented by `first_indent_mm`. Always at least one
/// line.
pub fn wrap(text: &str, width_mm: f64, font_pt: f64, first_indent_mm: f64) -> Vec<String> {
    let em_mm = font_pt * MM_PER_PT;
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = first_indent_mm;
    for c in text.chars() {
        if c == '\n' {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
            continue;
        }
        if c == '\r' {
            continue;
        }
        let w = char_em(c) * em_mm;
        // A character wider than the whole line still has to go somewhere.
        if used + w > width_mm && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0.0;
        }
        line.push(c);
        used += w;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_full_for_cjk_and_narrower_for_ascii() {
        assert_eq!(char_em('张'), 1.0);
        assert_eq!(char_em('，'), 1.0);
        assert_eq!(char_em('（'), 1.0);
        assert_eq!(char_em('“'), 1.0);
        assert!(char_em('1') < 0.7);
        assert!(char_em('X') <= 0.8);
        // 12pt = 4.233mm per em.
        let w = text_width_mm("张元义", 12.0);
        assert!((w - 12.7).abs() < 0.01, "{w}");
    }

    #[test]
    fn wraps_greedily_anywhere() {
        // 10 CJK characters of 10pt (3.528mm) in 18mm: 5 per line.
        let lines = wrap("一二三四五六七八九十", 18.0, 10.0, 0.0);
        assert_eq!(lines, vec!["一二三四五", "六七八九十"]);
        // An indent of 2 em takes two characters off the first line only.
        let lines = wrap("一二三四五六七八九十", 18.0, 10.0, 2.0 * 3.528);
        assert_eq!(lines, vec!["一二三", "四五六七八", "九十"]);
        // Newlines are kept; empty text is one empty line.
        assert_eq!(wrap("甲\n乙", 50.0, 10.0, 0.0), vec!["甲", "乙"]);
        assert_eq!(wrap("", 50.0, 10.0, 0.0), vec![""]);
        // Digits are narrower: 18 digits of an ID fit where 18 CJK would not.
        assert_eq!(wrap("530623********001X", 45.0, 10.0, 0.0).len(), 1);
        assert_eq!(
            wrap("一二三四五六七八九十一二三四五六七八", 45.0, 10.0, 0.0).len(),
            2
        );
    }

    #[test]
    fn a_character_wider_than_the_line_still_gets_a_line() {
        assert_eq!(wrap("一二", 2.0, 10.0, 0.0), vec!["一", "二"]);
    }
}
