//! Open data: each notice's table (already masked) as CSV for Excel and as JSON, and
//! the fund summary likewise.

use super::view::TableView;
use serde::Serialize;

/// CSV with a UTF-8 byte-order mark, so Excel and WPS open Chinese text correctly.
pub fn tables_csv(tables: &[&TableView]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    for (i, t) in tables.iter().enumerate() {
        if tables.len() > 1 {
            if i > 0 {
                out.push_str("\r\n");
            }
            push_row(&mut out, std::iter::once(t.caption.as_str()));
        }
        push_row(&mut out, t.columns.iter().map(|c| c.title.as_str()));
        for row in &t.rows {
            push_row(&mut out, row.iter().map(String::as_str));
        }
        if !t.footer.is_empty() {
            push_row(&mut out, t.footer.iter().map(String::as_str));
        }
    }
    out.into_bytes()
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        // A leading = + - @ would make a spreadsheet treat text as a formula.
        let guarded = cell.starts_with(['=', '+', '-', '@']);
        if guarded || cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            if guarded {
                out.push('\'');
            }
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push_str("\r\n");
}

#[derive(Serialize)]
struct JsonTable<'a> {
    caption: &'a str,
    columns: Vec<&'a str>,
    rows: &'a [Vec<String>],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    footer: &'a [String],
}

#[derive(Serialize)]
struct JsonDocument<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    issuer: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    date: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    period: &'a str,
    tables: Vec<JsonTable<'a>>,
}

/// The same tables as JSON: titles as keys would lose column order, so columns and
/// rows are arrays.
pub fn tables_json(
    title: &str,
    issuer: &str,
    date: &str,
    period: &str,
    tables: &[&TableView],
) -> Vec<u8> {
    let doc = JsonDocument {
        title,
        issuer,
        date,
        period,
        tables: tables
            .iter()
            .map(|t| JsonTable {
                caption: &t.caption,
                columns: t.columns.iter().map(|c| c.title.as_str()).collect(),
                rows: &t.rows,
                footer: &t.footer,
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::view::ColumnView;

    #[test]
    fn csv_quotes_and_guards_formulas() {
        let t = TableView {
            caption: "名单".into(),
            columns: vec![
                ColumnView {
                    title: "姓名".into(),
                    numeric: false,
                },
                ColumnView {
                    title: "备注".into(),
                    numeric: false,
                },
            ],
            rows: vec![
                vec!["张三".into(), "新建,修缮".into()],
                vec!["=HYPERLINK()".into(), "说\"明\"".into()],
            ],
            row_links: vec![],
            footer: vec![],
            note: String::new(),
            html: None,
        };
        let csv = String::from_utf8(tables_csv(&[&t])).unwrap();
        assert_eq!(
            csv,
            "\u{FEFF}姓名,备注\r\n张三,\"新建,修缮\"\r\n\"'=HYPERLINK()\",\"说\"\"明\"\"\"\r\n"
        );
        let json = String::from_utf8(tables_json("t", "", "", "", &[&t])).unwrap();
        assert!(json.contains("\"columns\": [\n        \"姓名\""));
    }
}
