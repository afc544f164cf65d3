//! CSV as Chinese Excel and WPS save it: GB18030 (GBK) without a byte-order mark, or
//! UTF-8 with or without one; fields in double quotes with doubled quotes inside; CRLF,
//! LF or CR line ends; line breaks inside quoted cells.

use super::grid::{Cell, Grid, GridRow};
use encoding_rs::{Encoding, GB18030, UTF_8};

/// Why the bytes are not text in an encoding Excel or WPS would have written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText;

/// Decodes the bytes: a byte-order mark decides; otherwise valid UTF-8 is UTF-8;
/// otherwise GB18030 (a superset of GBK and GB2312), what Chinese Excel calls “CSV”.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), NotText> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .ok_or(NotText)?;
        return Ok((text.into_owned(), encoding_label(encoding, true)));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), encoding_label(UTF_8, false)));
    }
    let text = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(NotText)?;
    if text.contains('\0') {
        return Err(NotText);
    }
    Ok((text.into_owned(), encoding_label(GB18030, false)))
}

fn encoding_label(encoding: &'static Encoding, bom: bool) -> &'static str {
    match (encoding.name(), bom) {
        ("UTF-8", true) => "UTF-8（带 BOM）",
        ("UTF-8", false) => "UTF-8",
        ("gb18030", _) => "GB18030/GBK",
        ("UTF-16LE", _) => "UTF-16LE",
        ("UTF-16BE", _) => "UTF-16BE",
        (other, _) => other,
    }
}

/// Reads decoded CSV text into a grid. The row number of a record is its ordinal, as
/// Excel numbers it when it opens the file (a line break inside quotes stays in the
/// cell).
pub fn parse(text: &str) -> Grid {
    let delimiter = sniff_delimiter(text);
    let mut rows = Vec::new();
    let mut record: Vec<Cell> = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut was_quoted = false;
    let mut chars = text.chars().peekable();
    let mut number = 1u32;

    fn end_field(record: &mut Vec<Cell>, field: &mut String, was_quoted: &mut bool) {
        let text = std::mem::take(field);
        let text = if *was_quoted {
            text
        } else {
            excel_text_formula(&text).unwrap_or(text)
        };
        *was_quoted = false;
        record.push(if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        });
    }

    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !was_quoted => {
                in_quotes = true;
                was_quoted = true;
            }
            c if c == delimiter => end_field(&mut record, &mut field, &mut was_quoted),
            '\r' | '\n' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                end_field(&mut record, &mut field, &mut was_quoted);
                rows.push(GridRow {
                    number,
                    cells: std::mem::take(&mut record),
                });
                number += 1;
            }
            // Text after a closing quote (`"a"b`): keep it, as Excel does.
            c => field.push(c),
        }
    }
    if !field.is_empty() || !record.is_empty() || was_quoted {
        end_field(&mut record, &mut field, &mut was_quoted);
        rows.push(GridRow {
            number,
            cells: record,
        });
    }
    Grid {
        rows,
        ..Grid::default()
    }
}

/// `="0123"`: the formula some exports use to keep leading zeros and long numbers as
/// text. Its value is the text inside.
fn excel_text_formula(field: &str) -> Option<String> {
    let inner = field.strip_prefix("=\"")?.strip_suffix('"')?;
    (!inner.contains('"')).then(|| inner.to_string())
}

/// Comma, unless the first lines hold more tabs or semicolons than commas (Excel's
/// “Unicode text” is tab-separated; some locales use semicolons).
fn sniff_delimiter(text: &str) -> char {
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let count = |d: char| head.chars().filter(|&c| c == d).count();
    let (commas, tabs, semis) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semis {
        '\t'
    } else if semis > commas && semis > tabs {
        ';'
    } else {
        ','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(grid: &Grid) -> Vec<Vec<String>> {
        grid.rows
            .iter()
            .map(|r| r.cells.iter().map(Cell::display).collect())
            .collect()
    }

    #[test]
    fn quotes_doubled_quotes_and_line_ends() {
        let g = parse("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\r\nlast");
        assert_eq!(
            texts(&g),
            vec![
                vec!["a", "b,c", "say \"hi\""],
                vec!["two\nlines", "", "x"],
                vec!["last"],
            ]
        );
        assert_eq!(
            g.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn blank_lines_keep_their_numbers() {
        let g = parse("h1,h2\n\n1,2\n");
        assert_eq!(g.rows.len(), 3);
        assert!(g.rows[1].is_blank());
        assert_eq!(g.rows[2].number, 3);
    }

    #[test]
    fn text_formula_and_tabs() {
        let g = parse("姓名\t身份证号\n张三\t=\"530623198001011260\"\n");
        assert_eq!(texts(&g)[1], vec!["张三", "530623198001011260"]);
    }

    #[test]
    fn decodes_gb18030_utf8_and_bom() {
        let (gbk, _, _) = GB18030.encode("户主姓名,身份证号\n张元义,1\n");
        let (text, label) = decode(&gbk).unwrap();
        assert!(text.starts_with("户主姓名,"));
        assert_eq!(label, "GB18030/GBK");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("户主".as_bytes());
        assert_eq!(decode(&bom).unwrap(), ("户主".into(), "UTF-8（带 BOM）"));
        assert_eq!(decode("户主".as_bytes()).unwrap(), ("户主".into(), "UTF-8"));
        assert_eq!(decode(&[0x81, 0x20, 0xff]), Err(NotText));
    }
}
