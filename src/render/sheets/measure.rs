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

/// `text` broken into lines as [`wrap`] breaks it (the same arithmetic, so the same
/// breaks), without a string per line: the
/// text with its `\n` and `\r` left out (the lines run together, as a sheet shows a
/// wrapped cell) and where each line after the first starts in it.
#[derive(Debug, Clone)]
pub struct Wrapped<'a> {
    text: std::borrow::Cow<'a, str>,
    /// Byte offsets in `text` of the starts of lines 2, 3, …
    breaks: Vec<usize>,
}

impl<'a> Wrapped<'a> {
    pub fn new(text: &'a str, width_mm: f64, font_pt: f64, first_indent_mm: f64) -> Self {
        let em_mm = font_pt * MM_PER_PT;
        // Only text with line breaks needs a copy without them.
        let mut joined: Option<String> = text
            .contains(['\n', '\r'])
            .then(|| String::with_capacity(text.len()));
        let mut breaks = Vec::new();
        let mut len = 0;
        let mut line_empty = true;
        let mut used = first_indent_mm;
        for c in text.chars() {
            if c == '\n' {
                breaks.push(len);
                line_empty = true;
                used = 0.0;
                continue;
            }
            if c == '\r' {
                continue;
            }
            let w = char_em(c) * em_mm;
            // A character wider than the whole line still has to go somewhere.
            if used + w > width_mm && !line_empty {
                breaks.push(len);
                used = 0.0;
            }
            if let Some(j) = joined.as_mut() {
                j.push(c);
            }
            len += c.len_utf8();
            line_empty = false;
            used += w;
        }
        // A text ending in a newline has no empty line after it (but "" is one line).
        if line_empty && !breaks.is_empty() {
            breaks.pop();
        }
        Wrapped {
            text: joined.map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned),
            breaks,
        }
    }

    /// How many lines: at least one.
    pub fn lines(&self) -> usize {
        self.breaks.len() + 1
    }

    /// Line `i` (0-based).
    pub fn line(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.breaks[i - 1] };
        let end = self.breaks.get(i).copied().unwrap_or(self.text.len());
        &self.text[start..end]
    }

    /// All the lines run together.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Lines `from..to` (clamped to the lines there are), as a text of their own.
    pub fn slice(&self, from: usize, to: usize) -> Wrapped<'static> {
        let to = to.min(self.lines());
        let from = from.min(to);
        if from == to {
            return Wrapped {
                text: std::borrow::Cow::Owned(String::new()),
                breaks: Vec::new(),
            };
        }
        let start = if from == 0 { 0 } else { self.breaks[from - 1] };
        let end = self.breaks.get(to - 1).copied().unwrap_or(self.text.len());
        Wrapped {
            text: std::borrow::Cow::Owned(self.text[start..end].to_string()),
            breaks: self.breaks[from..to - 1]
                .iter()
                .map(|b| b - start)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prop_oneof;

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
    fn wrapped_lines_are_the_lines_of_wrap() {
        let texts = [
            "",
            "\n",
            "a\n",
            "\n\n",
            "甲\n\n乙\r\n",
            "一二三四五六七八九十一二三四五六七八九十",
            "530623********001X 因病、缺技术\nABC WWW mmm",
        ];
        for text in texts {
            for (width, indent) in [(18.0, 0.0), (18.0, 7.0), (2.0, 0.0), (50.0, 0.0)] {
                let lines = wrap(text, width, 10.0, indent);
                let w = Wrapped::new(text, width, 10.0, indent);
                let ours: Vec<&str> = (0..w.lines()).map(|i| w.line(i)).collect();
                assert_eq!(ours, lines, "{text:?} at {width}");
                assert_eq!(w.text(), lines.concat());
                for from in 0..=lines.len() + 1 {
                    for to in from..=lines.len() + 1 {
                        let part = w.slice(from, to);
                        let want = lines
                            .get(from.min(lines.len())..to.min(lines.len()))
                            .unwrap_or(&[]);
                        assert_eq!(part.text(), want.concat());
                        assert_eq!(part.lines(), want.len().max(1));
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Every text breaks where `wrap` breaks it.
        #[test]
        fn wrapped_breaks_where_wrap_breaks(
            text in "[甲乙，a1W *\n\r]{0,24}",
            width in 1.0f64..80.0,
            pt in prop_oneof![proptest::strategy::Just(11.0f64), 6.0f64..20.0],
            indent in prop_oneof![proptest::strategy::Just(0.0f64), 0.0f64..20.0],
        ) {
            let lines = wrap(&text, width, pt, indent);
            let w = Wrapped::new(&text, width, pt, indent);
            let ours: Vec<&str> = (0..w.lines()).map(|i| w.line(i)).collect();
            proptest::prop_assert_eq!(ours, lines);
        }
    }

    #[test]
    fn a_character_wider_than_the_line_still_gets_a_line() {
        assert_eq!(wrap("一二", 2.0, 10.0, 0.0), vec!["一", "二"]);
    }
}
