//! A sheet as the importer sees it: rows of typed cells, each row with the number the
//! spreadsheet program shows for it, each cell at its column (A = 1).

use crate::model::date::Day;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number as Excel stores it: a binary float with at most 15 significant digits.
    Number(f64),
    /// A cell formatted as a date.
    Date(Day),
    Bool(bool),
    /// An Excel error value (`#N/A`, `#REF!`, …), or a date Excel cannot represent.
    Error(String),
}

impl Cell {
    /// Empty, or text that is only white space.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => clean_text(t).is_empty(),
            _ => false,
        }
    }

    /// The cell as the clerk sees it in the sheet, trimmed.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => clean_text(t),
            Cell::Number(n) => number_text(*n),
            Cell::Date(d) => d.iso(),
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One row of a sheet.
#[derive(Debug, Clone)]
pub struct GridRow {
    /// The row number the spreadsheet program shows (1-based).
    pub number: u32,
    /// `cells[0]` is column A.
    pub cells: Vec<Cell>,
}

impl GridRow {
    pub fn cell(&self, column: u32) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        column
            .checked_sub(1)
            .and_then(|i| self.cells.get(i as usize))
            .unwrap_or(&EMPTY)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// A whole sheet, and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<GridRow>,
    /// The worksheet read, for workbooks.
    pub sheet: Option<String>,
    /// Other worksheets of the workbook that hold data, to mention in the summary.
    pub other_sheets: Vec<String>,
    /// How a text file was decoded (`UTF-8`, `GB18030`, …).
    pub encoding: Option<&'static str>,
    /// Row numbers the spreadsheet program hides (a filter, or hidden by hand).
    pub hidden_rows: std::collections::BTreeSet<u32>,
}

/// `1 → A`, `26 → Z`, `27 → AA`.
pub fn column_letter(column: u32) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Trims ASCII and ideographic white space and no-break spaces.
pub fn clean_text(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{a0}' || c == '\u{feff}')
        .to_string()
}

/// A number as Excel shows it in a General cell: at most 15 significant digits, no
/// exponent, no trailing zeros. `0.1 + 0.2` reads `0.3`, as it does in Excel.
pub fn number_text(n: f64) -> String {
    if !n.is_finite() {
        return n.to_string();
    }
    if n == 0.0 {
        return "0".into();
    }
    // 15 significant digits in scientific notation, then back to plain decimal text.
    let sci = format!("{:.14e}", n);
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // digits = d0 d1 … d14, value = d0.d1…d14 × 10^exponent
    let point = exponent + 1; // digits before the decimal point
    let mut text = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}", digits, "0".repeat(point as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if negative {
        text.insert(0, '-');
    }
    text
}

/// Full-width digits, letters and punctuation that Chinese input methods produce in
/// number-like cells, folded to ASCII: `５３０６` → `5306`, `ｘ` → `x`, `．` → `.`.
pub fn fold_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letter(1), "A");
        assert_eq!(column_letter(3), "C");
        assert_eq!(column_letter(26), "Z");
        assert_eq!(column_letter(27), "AA");
        assert_eq!(column_letter(52), "AZ");
        assert_eq!(column_letter(703), "AAA");
    }

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number_text(2150.0), "2150");
        assert_eq!(number_text(2310.5), "2310.5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(13800001234.0), "13800001234");
        assert_eq!(number_text(530623101201.0), "530623101201");
        assert_eq!(number_text(46.3), "46.3");
        assert_eq!(number_text(0.05), "0.05");
        assert_eq!(number_text(-3.5), "-3.5");
        // An 18-digit ID stored as a number has lost its last digits.
        assert_eq!(number_text(530623198001011260.0), "530623198001011000");
    }

    #[test]
    fn full_width_folds() {
        assert_eq!(fold_full_width("５３０６２３ｘ"), "530623x");
        assert_eq!(fold_full_width("４６．３万元"), "46.3万元");
    }
}
