//! The text-measurement model behind sheet breaks, and where a line of a sheet may
//! break.
//!
//! Widths are upper bounds: a CJK or full-width character is 1 em, a half-width one at
//! most 0.62 em (wide Latin capitals more). gongshi breaks every line of a sheet
//! itself and writes the breaks into the page; the browser does not wrap sheet text
//! (`white-space: nowrap`). So the lines on paper are the model's lines, and a line
//! the model measured as fitting cannot overflow.
//!
//! Lines break between CJK characters but never inside what a reader takes as one
//! word ([`glued`]): a number, phone, date, amount, percentage, 文号 or Latin word, nor
//! before closing punctuation or after opening punctuation. Only a word wider than a
//! whole line is broken inside, where it must be.

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

/// Punctuation a line must not start with (GB/T 15834 行首禁则).
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '”'
            | '’'
            | '…'
            | '％'
            | '‰'
            | '·'
            | '．'
            | '｝'
            | '］'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '%'
    )
}

/// Punctuation a line must not end with (行尾禁则).
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '【'
            | '〔'
            | '〈'
            | '“'
            | '‘'
            | '［'
            | '｛'
            | '('
            | '['
            | '{'
    )
}

/// A digit as clerks type it: ASCII or full-width.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Part of a Latin word, a number or a code: everything printable in ASCII but the
/// space, and the full-width digits and letters of a Chinese input method.
fn is_word_char(c: char) -> bool {
    c.is_ascii_graphic() || is_digit(c) || ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

/// A unit or counter written after a number ("5月10日", "213.72505万元", "30户",
/// "〔2014〕12号"): it stays on the number's line.
fn is_unit(c: char) -> bool {
    matches!(
        c,
        '年' | '月'
            | '日'
            | '号'
            | '时'
            | '分'
            | '秒'
            | '万'
            | '亿'
            | '千'
            | '百'
            | '元'
            | '角'
            | '户'
            | '人'
            | '口'
            | '亩'
            | '岁'
            | '个'
            | '项'
            | '张'
            | '行'
            | '次'
            | '米'
            | '吨'
            | '斤'
            | '座'
            | '处'
            | '条'
            | '间'
            | '头'
            | '只'
            | '株'
            | '公'
            | '里'
    )
}

/// How strongly two characters hold together on a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Glue {
    /// A line may break between them.
    None,
    /// Punctuation and its neighbour (no line starts with "，", none ends with "（"):
    /// given up before a word is, when the two do not fit on one line.
    Punctuation,
    /// One word: a number, phone, date, amount, percentage, 文号, Latin word.
    Word,
}

/// Whether a line may break between `a` and `b`; `before` is the character before
/// `a`, if any, for the units that follow a number.
pub fn glue(before: Option<char>, a: char, b: char) -> Glue {
    // Most of a sheet is Chinese text: two ideographs part unless the second is a unit
    // after a number ("2014年3月", "15万元").
    let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    if ideograph(a) && ideograph(b) && !(is_unit(a) && is_unit(b)) {
        return Glue::None;
    }
    if is_word_char(a) && is_word_char(b) {
        return Glue::Word;
    }
    // A number and its unit, and two units after a number ("万元").
    if is_unit(b) && (is_digit(a) || is_unit(a) && before.is_some_and(is_digit)) {
        return Glue::Word;
    }
    // A number after a unit or the bracket that ends one: a date ("2014年3月26日"), a
    // 文号 ("〔2014〕12号").
    if is_digit(b) && (is_unit(a) && before.is_some_and(is_digit) || a == '〕') {
        return Glue::Word;
    }
    if a == '〔' && is_digit(b) || is_digit(a) && b == '〕' {
        return Glue::Word;
    }
    if is_closing(b) || is_opening(a) {
        return Glue::Punctuation;
    }
    Glue::None
}

/// Whether a line may not break between `a` and `b` (see [`glue`]).
pub fn glued(before: Option<char>, a: char, b: char) -> bool {
    glue(before, a, b) != Glue::None
}

/// Width in mm at `font_pt` of the widest word of `text` (see [`glue`]; punctuation
/// counted with its word): the narrowest a column can be without breaking inside a
/// word of this cell.
pub fn widest_word_mm(text: &str, font_pt: f64) -> f64 {
    let (mut widest, mut word) = (0.0f64, 0.0);
    let (mut before, mut last): (Option<char>, Option<char>) = (None, None);
    for c in text.chars() {
        if c == '\n' || last.is_none_or(|a| glue(before, a, c) != Glue::Word) {
            widest = widest.max(word);
            word = 0.0;
        }
        if c == '\n' {
            (before, last) = (None, None);
            continue;
        }
        word += char_em(c);
        (before, last) = (last, Some(c));
    }
    widest.max(word) * font_pt * MM_PER_PT
}

/// Breaks `text` into lines no wider than `width_mm` at `font_pt` (see [`Wrapped`]).
pub fn wrap(text: &str, width_mm: f64, font_pt: f64, first_indent_mm: f64) -> Vec<String> {
    let w = Wrapped::new(text, width_mm, font_pt, first_indent_mm);
    (0..w.lines()).map(|i| w.line(i).to_string()).collect()
}

/// `text` broken into lines no wider than `width_mm` at `font_pt`, greedily, a word
/// at a time (a run of [`glued`] characters; a CJK character is a word of its own),
/// without a string per line: the text with its `\n` and `\r` left out and where each
/// line after the first starts in it. Explicit newlines start new lines; the first
/// line may be indented by `first_indent_mm`. Always at least one line.
#[derive(Debug, Clone)]
pub struct Wrapped<'a> {
    text: std::borrow::Cow<'a, str>,
    /// Byte offsets in `text` of the starts of lines 2, 3, …
    breaks: Vec<usize>,
}

/// Widths within this of the line's still fit: a column made exactly as wide as its
/// widest word must hold it, whatever the rounding of the arithmetic behind it.
const EPSILON_MM: f64 = 1e-6;

/// The line being filled while wrapping.
struct Filling {
    width: f64,
    em: f64,
    used: f64,
    empty: bool,
    breaks: Vec<usize>,
}

impl Filling {
    fn new_line(&mut self, at: usize) {
        self.breaks.push(at);
        self.used = 0.0;
        self.empty = true;
    }

    /// Places the word `chars` (starting at byte `start`, `w` mm wide): on this line if
    /// it fits, else on the next; a word no line holds is broken at its punctuation
    /// first ("0870-1234567" stays whole, its "，" starts the next line), and only
    /// then between any two characters.
    fn place(&mut self, word: &str, start: usize, w: f64) {
        if word.is_empty() || self.fits_on_a_line(start, w) {
            return;
        }
        // Rare: a word wider than a line, read again character by character.
        let chars: Vec<char> = word.chars().collect();
        let mut part_start = (0, start);
        let mut at = start + chars[0].len_utf8();
        for i in 1..=chars.len() {
            let end = i == chars.len();
            let before = i.checked_sub(2).map(|j| chars[j]);
            if end || glue(before, chars[i - 1], chars[i]) != Glue::Word {
                let part = &chars[part_start.0..i];
                let pw: f64 = part.iter().map(|&c| char_em(c) * self.em).sum();
                if part.len() == chars.len() || !self.fits_on_a_line(part_start.1, pw) {
                    self.place_characters(part, part_start.1);
                }
                part_start = (i, at);
            }
            if !end {
                at += chars[i].len_utf8();
            }
        }
    }

    /// Puts `w` mm starting at byte `start` on this line, or on a new one, if one line
    /// holds it.
    fn fits_on_a_line(&mut self, start: usize, w: f64) -> bool {
        let width = self.width + EPSILON_MM;
        if self.used + w > width && !self.empty && w <= width {
            self.new_line(start);
        }
        if self.used + w <= width {
            self.used += w;
            self.empty = false;
            return true;
        }
        false
    }

    /// `chars` one at a time, breaking wherever the line is full.
    fn place_characters(&mut self, chars: &[char], start: usize) {
        let mut at = start;
        for &c in chars {
            let cw = char_em(c) * self.em;
            if self.used + cw > self.width + EPSILON_MM && !self.empty {
                self.new_line(at);
            }
            self.used += cw;
            self.empty = false;
            at += c.len_utf8();
        }
    }
}

/// Bytes `start..end` of the text being wrapped, without its line breaks: `text`
/// itself when it has none, else the copy that leaves them out.
fn slice<'t>(joined: &'t Option<String>, text: &'t str, start: usize, end: usize) -> &'t str {
    match joined {
        Some(j) => &j[start..end],
        None => &text[start..end],
    }
}

impl<'a> Wrapped<'a> {
    pub fn new(text: &'a str, width_mm: f64, font_pt: f64, first_indent_mm: f64) -> Self {
        let em = font_pt * MM_PER_PT;
        // Only text with line breaks needs a copy without them.
        let mut joined: Option<String> = text
            .contains(['\n', '\r'])
            .then(|| String::with_capacity(text.len()));
        let mut line = Filling {
            width: width_mm,
            em,
            used: first_indent_mm,
            empty: true,
            breaks: Vec::new(),
        };
        // The word being read: where it starts in the text without line breaks, how
        // wide it is.
        let (mut word_start, mut word_w) = (0, 0.0);
        let (mut before, mut last): (Option<char>, Option<char>) = (None, None);
        let mut len = 0;
        for c in text.chars() {
            if c == '\r' {
                continue;
            }
            if c == '\n' {
                let w = slice(&joined, text, word_start, len);
                line.place(w, word_start, word_w);
                line.new_line(len);
                (word_start, word_w) = (len, 0.0);
                (before, last) = (None, None);
                continue;
            }
            if !last.is_some_and(|a| glued(before, a, c)) {
                let w = slice(&joined, text, word_start, len);
                line.place(w, word_start, word_w);
                (word_start, word_w) = (len, 0.0);
            }
            word_w += char_em(c) * em;
            if let Some(j) = joined.as_mut() {
                j.push(c);
            }
            len += c.len_utf8();
            (before, last) = (last, Some(c));
        }
        line.place(slice(&joined, text, word_start, len), word_start, word_w);
        // A text ending in a newline has no empty line after it (but "" is one line).
        if line.empty {
            line.breaks.pop();
        }
        let breaks = line.breaks;
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

    /// The lines joined by `\n`, as a sheet writes them.
    pub fn with_breaks(&self) -> String {
        let mut out = String::with_capacity(self.text.len() + self.breaks.len());
        for i in 0..self.lines() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(self.line(i));
        }
        out
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
    fn cjk_text_breaks_between_any_two_characters() {
        // 10 CJK characters of 10pt (3.528mm) in 18mm: 5 per line.
        let lines = wrap("一二三四五六七八九十", 18.0, 10.0, 0.0);
        assert_eq!(lines, vec!["一二三四五", "六七八九十"]);
        // An indent of 2 em takes two characters off the first line only.
        let lines = wrap("一二三四五六七八九十", 18.0, 10.0, 2.0 * 3.528);
        assert_eq!(lines, vec!["一二三", "四五六七八", "九十"]);
        // Newlines are kept; empty text is one empty line.
        assert_eq!(wrap("甲\n乙", 50.0, 10.0, 0.0), vec!["甲", "乙"]);
        assert_eq!(wrap("甲\n\n乙\n", 50.0, 10.0, 0.0), vec!["甲", "", "乙"]);
        assert_eq!(wrap("", 50.0, 10.0, 0.0), vec![""]);
        assert_eq!(wrap("\n", 50.0, 10.0, 0.0), vec![""]);
        // Digits are narrower: 18 digits of an ID fit where 18 CJK would not.
        assert_eq!(wrap("530623********001X", 45.0, 10.0, 0.0).len(), 1);
        assert_eq!(
            wrap("一二三四五六七八九十一二三四五六七八", 45.0, 10.0, 0.0).len(),
            2
        );
    }

    /// What a reader takes as one word, as the issue found them split on the sheets.
    const WHOLE: [&str; 12] = [
        "0870-1234567",
        "16.4%",
        "〔2014〕12号",
        "5月10日",
        "2014年3月26日",
        "213.72505万元",
        "１２３１７",
        "530623********001X",
        "（0870-1234567）",
        "30户",
        "120人",
        "https://www.example.gov.cn/",
    ];

    #[test]
    fn numbers_dates_and_codes_are_never_split() {
        for word in WHOLE {
            let text = format!("如有异议请拨打{word}，谢谢。前前{word}。后后后{word}");
            for tenth in 20..400 {
                let width = f64::from(tenth) / 10.0 * 3.528;
                let lines = wrap(&text, width, 10.0, 0.0);
                // A word with the punctuation it holds on to, on a line of its own.
                if text_width_mm(word, 10.0) + 2.0 * 3.528 > width {
                    continue;
                }
                assert_eq!(
                    lines.iter().map(|l| l.matches(word).count()).sum::<usize>(),
                    3,
                    "{word} split at {width:.1}mm: {lines:?}"
                );
                for l in &lines[1..] {
                    assert!(!l.starts_with(['，', '。']), "{l:?} at {width:.1}mm");
                }
            }
        }
    }

    #[test]
    fn the_widest_word_is_a_number_not_a_sentence() {
        let em = 10.0 * MM_PER_PT;
        assert!((widest_word_mm("张三", 10.0) - em).abs() < 1e-9);
        let id = widest_word_mm("号码530623********0356，因病", 10.0);
        assert!((id - text_width_mm("530623********0356", 10.0)).abs() < 1e-9);
        assert!(
            (widest_word_mm("2014年3月26日前", 10.0) - text_width_mm("2014年3月26日", 10.0)).abs()
                < 1e-9
        );
        assert_eq!(widest_word_mm("", 10.0), 0.0);
    }

    #[test]
    fn a_word_wider_than_the_line_still_gets_lines() {
        assert_eq!(wrap("一二", 2.0, 10.0, 0.0), vec!["一", "二"]);
        let lines = wrap("甲12345678901234567890乙", 20.0, 10.0, 0.0);
        assert_eq!(lines.concat(), "甲12345678901234567890乙");
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| l.chars().count() == 1 || text_width_mm(l, 10.0) <= 20.0)
        );
    }

    #[test]
    fn slices_are_the_lines_they_cover() {
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
                assert_eq!(w.text(), lines.concat());
                assert_eq!(w.with_breaks(), lines.join("\n"));
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
        /// No text is lost, no line is wider than the width unless one character is,
        /// and a line breaks inside a word only when the word is wider than a line.
        #[test]
        fn lines_fit_and_keep_words_whole(
            text in "[甲乙，。（）年月万元1０a.% \n]{0,40}",
            width in 1.0f64..80.0,
            pt in prop_oneof![proptest::strategy::Just(11.0f64), 6.0f64..20.0],
        ) {
            let w = Wrapped::new(&text, width, pt, 0.0);
            let plain: String = text.chars().filter(|c| !matches!(c, '\n' | '\r')).collect();
            proptest::prop_assert_eq!(w.text(), plain.as_str());
            for i in 0..w.lines() {
                let l = w.line(i);
                proptest::prop_assert!(l.chars().count() <= 1 || text_width_mm(l, pt) <= width + 1e-9, "{:?}", l);
            }
            // Each break that is not a newline of the text falls between unglued
            // characters, or inside a word too wide for any line.
            let newlines: Vec<usize> = {
                let mut at = 0;
                let mut v = Vec::new();
                for c in text.chars() {
                    match c {
                        '\n' => v.push(at),
                        '\r' => {}
                        c => at += c.len_utf8(),
                    }
                }
                v
            };
            let chars: Vec<(usize, char)> = plain.char_indices().collect();
            for i in 1..w.lines() {
                let at = w.breaks[i - 1];
                if newlines.contains(&at) || at == 0 || at == plain.len() {
                    continue;
                }
                let k = chars.iter().position(|(o, _)| *o == at).unwrap();
                // Whether characters j and j + 1 are glued.
                let g = |j: usize| glued(j.checked_sub(1).map(|x| chars[x].1), chars[j].1, chars[j + 1].1);
                if g(k - 1) {
                    // The word around the break is wider than the line.
                    let mut s = k - 1;
                    while s > 0 && g(s - 1) {
                        s -= 1;
                    }
                    let mut e = k;
                    while e + 1 < chars.len() && g(e) {
                        e += 1;
                    }
                    let word: String = chars[s..=e].iter().map(|(_, c)| c).collect();
                    proptest::prop_assert!(text_width_mm(&word, pt) > width, "{:?} split in {:?}", word, w.with_breaks());
                }
            }
        }
    }
}
