//! CSV as Chinese Excel and WPS save it: GB18030 (GBK) without a byte-order mark, or
//! UTF-8 with or without one; fields in double quotes with doubled quotes inside; CRLF,
//! LF or CR line ends; line breaks inside quoted cells.

use super::grid::{Cell, Grid, GridRow};
use encoding_rs::{BIG5, Encoding, GB18030, UTF_8};

/// Why the bytes are not text in an encoding Excel or WPS would have written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotText {
    /// Neither UTF-8 nor GB18030: a workbook renamed to .csv, or another binary file.
    Unreadable,
    /// Traditional-Chinese Big5 (Excel on a Taiwan or Hong Kong system): read as
    /// GB18030 it would turn into other, real characters. `sample` is the first
    /// Chinese text read both ways, (Big5, GB18030).
    Big5 { sample: (String, String) },
}

/// Decodes the bytes: a byte-order mark decides; otherwise valid UTF-8 is UTF-8;
/// otherwise GB18030 (a superset of GBK and GB2312), what Chinese Excel calls “CSV”,
/// unless the bytes read as Big5 (see [`looks_like_big5`]).
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), NotText> {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        let text = encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .ok_or(NotText::Unreadable)?;
        return Ok((text.into_owned(), encoding_label(encoding, true)));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        // UTF-16 without a byte-order mark is valid UTF-8, a NUL in every other byte.
        if text.contains('\0') {
            return Err(NotText::Unreadable);
        }
        return Ok((text.to_string(), encoding_label(UTF_8, false)));
    }
    let text = GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(NotText::Unreadable)?;
    if text.contains('\0') {
        return Err(NotText::Unreadable);
    }
    if looks_like_big5(bytes) {
        return Err(NotText::Big5 {
            sample: first_chinese_both_ways(bytes),
        });
    }
    Ok((text.into_owned(), encoding_label(GB18030, false)))
}

/// Nearly every Big5 byte pair is also a GBK character, so GB18030 decoding never
/// fails on Big5; it yields other characters instead (陳國強 → 朝瓣眏). What tells the
/// two apart is which reading is ordinary text: a Chinese list in GBK is made of
/// GB2312's 3755 common characters and its punctuation, while Big5 bytes read as
/// GBK land in GBK's rare extension (Big5's trail bytes 0x40–0x7E, two pairs in
/// five) or among kana and Greek (Big5's most common characters, lead 0xA4–0xAF).
/// So: the bytes must be clean Big5, and Big5's common range must fit them clearly
/// better than GB2312's common range does. A GBK file of common characters can never
/// qualify, whatever Big5 makes of it.
pub fn looks_like_big5(bytes: &[u8]) -> bool {
    if BIG5
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_none()
    {
        return false;
    }
    let pairs = double_byte_pairs(bytes);
    if pairs.len() < 2 {
        return false;
    }
    let gb_common = pairs.iter().filter(|&&p| is_gb2312_common(p)).count();
    let big5_common = pairs.iter().filter(|&&p| is_big5_common(p)).count();
    // More than a fifth of the pairs better read as Big5.
    big5_common > gb_common + pairs.len() / 5
}

/// The two-byte characters of a GBK or Big5 text, which share their lead-byte
/// structure (0x81–0xFE, then one trail byte); GB18030's four-byte sequences are
/// skipped whole.
fn double_byte_pairs(bytes: &[u8]) -> Vec<(u8, u8)> {
    let mut pairs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        if lead < 0x81 || lead == 0xFF || i + 1 == bytes.len() {
            i += 1;
            continue;
        }
        let trail = bytes[i + 1];
        if trail.is_ascii_digit() {
            i += 4;
            continue;
        }
        pairs.push((lead, trail));
        i += 2;
    }
    pairs
}

/// GB2312's punctuation (rows 1–3: ，。：（）and full-width forms) and its level-1
/// characters, the 3755 in everyday use.
fn is_gb2312_common((lead, trail): (u8, u8)) -> bool {
    (0xA1..=0xFE).contains(&trail)
        && ((0xA1..=0xA3).contains(&lead) || (0xB0..=0xD7).contains(&lead))
}

/// Big5's punctuation (0xA140–0xA3BF) and its 5401 common characters
/// (0xA440–0xC67E).
fn is_big5_common((lead, trail): (u8, u8)) -> bool {
    let trail_ok = (0x40..=0x7E).contains(&trail) || (0xA1..=0xFE).contains(&trail);
    let code = u16::from(lead) << 8 | u16::from(trail);
    trail_ok && (0xA140..=0xC67E).contains(&code)
}

/// A run of non-ASCII bytes (up to six characters) decoded as Big5 and as GB18030, to
/// show the clerk what would have happened: the first whose GB18030 reading is all
/// visible characters (not private-use ones, which show as nothing), else the first.
fn first_chinese_both_ways(bytes: &[u8]) -> (String, String) {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] < 0x81 {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < bytes.len() && bytes[i] >= 0x81 && i - start < 12 {
            i += 2;
        }
        let (big5, _) = BIG5.decode_without_bom_handling(&bytes[start..i]);
        let (gb, _) = GB18030.decode_without_bom_handling(&bytes[start..i]);
        runs.push((big5.into_owned(), gb.into_owned()));
        if i == start {
            i += 1;
        }
    }
    let private = |c: char| ('\u{E000}'..='\u{F8FF}').contains(&c);
    let visible = runs.iter().position(|(_, gb)| !gb.chars().any(private));
    let at = visible.unwrap_or(0);
    runs.into_iter().nth(at).unwrap_or_default()
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
        assert_eq!(decode(&[0x81, 0x20, 0xff]), Err(NotText::Unreadable));
        assert_eq!(decode(b"a\0b,c\n"), Err(NotText::Unreadable));
    }

    /// Lists as clerks in the mainland write them: rare name characters (堃 喆 赟,
    /// outside GB2312) included.
    const GBK_LISTS: [&str; 3] = [
        "户主姓名,身份证号,所在村,致贫原因\n陈国强,530623198001011260,长沟村,因病\n张美丽,530623198001011261,长沟村,缺技术\n",
        "姓名,金额（元）\n王堃,1000\n李喆,2000\n赵赟,3000\n",
        "序号,户主,人口,备注\n1,黄德贵,4,因学、缺劳力\n2,罗秀英,3,危房改造\n",
    ];

    /// The same kind of lists from a traditional-Chinese system.
    const BIG5_LISTS: [&str; 3] = [
        "戶主姓名,身份證號,所在村,致貧原因\n陳國強,530623198001011260,長溝村,因病\n張美麗,530623198001011261,長溝村,缺技術\n",
        "姓名\n陳國強\n",
        "序號,戶主,人口,備註\n1,黃德貴,4,因學、缺勞力\n2,羅秀英,3,危房改造\n",
    ];

    #[test]
    fn big5_is_told_from_gb18030() {
        for text in GBK_LISTS {
            let (gbk, _, unmappable) = GB18030.encode(text);
            assert!(!unmappable);
            assert!(!looks_like_big5(&gbk), "{text}");
            assert_eq!(decode(&gbk).unwrap().0, text);
        }
        for text in BIG5_LISTS {
            let (big5, _, unmappable) = BIG5.encode(text);
            assert!(!unmappable, "{text}");
            assert!(looks_like_big5(&big5), "{text}");
        }
        let (big5, _, _) = BIG5.encode("戶主姓名,人口\n陳國強,1\n");
        assert_eq!(
            decode(&big5),
            Err(NotText::Big5 {
                sample: ("陳國強".into(), "朝瓣眏".into())
            })
        );
    }
}
