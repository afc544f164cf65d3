//! Open data: each notice's table (already masked) as CSV for Excel and as JSON, and
//! the fund summary likewise.

use super::view::TableView;
use crate::model::information_index::InformationIndex;
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
        // A leading = + - @ would make a spreadsheet treat text as a formula; a
        // leading tab or carriage return hides one of them from a naive check
        // (OWASP's list of CSV-injection prefixes).
        let guarded = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
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
    /// A notice's 信息索引.
    #[serde(skip_serializing_if = "Option::is_none")]
    information_index: Option<&'a InformationIndex>,
    tables: Vec<JsonTable<'a>>,
}

/// The same tables as JSON: titles as keys would lose column order, so columns and
/// rows are arrays.
pub fn tables_json(
    title: &str,
    issuer: &str,
    date: &str,
    period: &str,
    information_index: Option<&InformationIndex>,
    tables: &[&TableView],
) -> Vec<u8> {
    let doc = JsonDocument {
        title,
        issuer,
        date,
        period,
        information_index,
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
    pretty_json(&doc)
}

/// A notice's `data.json`: its public content (the ledger's digest is computed over
/// exactly these fields, see [`crate::model::ledger`]), its version and corrections,
/// and its 信息索引.
pub fn notice_json(
    content: &crate::model::ledger::PublicContent,
    version: &super::versions::VersionView,
    information_index: &InformationIndex,
) -> Vec<u8> {
    #[derive(Serialize)]
    struct NoticeDocument<'a> {
        #[serde(flatten)]
        content: &'a crate::model::ledger::PublicContent,
        version: VersionStamp,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        corrections: &'a [super::versions::CorrectionView],
        information_index: &'a InformationIndex,
    }
    pretty_json(&NoticeDocument {
        content,
        version: VersionStamp {
            number: version.number,
            digest: version.digest.clone(),
        },
        corrections: &version.corrections,
        information_index,
    })
}

/// The version of a notice's `data.json`.
#[derive(Debug, Serialize, serde::Deserialize)]
pub struct VersionStamp {
    pub number: u32,
    pub digest: String,
}

/// A notice's `data.json` read back (by `gongshi publish` to record it, by `gongshi
/// verify` to check it): the public content and the version it says it is.
#[derive(Debug, serde::Deserialize)]
pub struct NoticeData {
    #[serde(flatten)]
    pub content: crate::model::ledger::PublicContent,
    pub version: VersionStamp,
}

impl NoticeData {
    /// Reads `notices/SLUG/data.json` of the output at `output`.
    pub fn read(output: &std::path::Path, slug: &str) -> Result<NoticeData, String> {
        let path = output.join("notices").join(slug).join("data.json");
        let text = std::fs::read_to_string(&path).map_err(|e| format!("读不出来：{e}"))?;
        serde_json::from_str(&text).map_err(|e| format!("无法识别：{e}"))
    }
}

/// `value` as pretty JSON with a table's row on one line (see [`RowPerLine`]).
pub fn pretty_json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(1024);
    let mut json = serde_json::Serializer::with_formatter(&mut bytes, RowPerLine::default());
    // Strings, numbers and arrays of them: serializing into memory cannot fail.
    let _ = value.serialize(&mut json);
    bytes.push(b'\n');
    bytes
}

/// serde_json's pretty layout, except that an array inside an array — a table's
/// row, most of the file — is written on one line: a person per line reads better
/// than a cell per line, and the file is half the size.
#[derive(Default)]
struct RowPerLine {
    pretty: serde_json::ser::PrettyFormatter<'static>,
    /// For each open array (`true`) or object, innermost last.
    open: Vec<bool>,
    /// How deep inside a one-line array the writer is (0: not inside one).
    inline: usize,
}

impl serde_json::ser::Formatter for RowPerLine {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let in_array = self.open.last() == Some(&true);
        self.open.push(true);
        if self.inline > 0 || in_array {
            self.inline += 1;
            return w.write_all(b"[");
        }
        self.pretty.begin_array(w)
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open.pop();
        if self.inline > 0 {
            self.inline -= 1;
            return w.write_all(b"]");
        }
        self.pretty.end_array(w)
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match self.inline {
            0 => self.pretty.begin_array_value(w, first),
            _ if first => Ok(()),
            _ => w.write_all(b", "),
        }
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        match self.inline {
            0 => self.pretty.end_array_value(w),
            _ => Ok(()),
        }
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open.push(false);
        if self.inline > 0 {
            self.inline += 1;
            return w.write_all(b"{");
        }
        self.pretty.begin_object(w)
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open.pop();
        if self.inline > 0 {
            self.inline -= 1;
            return w.write_all(b"}");
        }
        self.pretty.end_object(w)
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match self.inline {
            0 => self.pretty.begin_object_key(w, first),
            _ if first => Ok(()),
            _ => w.write_all(b", "),
        }
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        match self.inline {
            0 => self.pretty.begin_object_value(w),
            _ => w.write_all(b": "),
        }
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        match self.inline {
            0 => self.pretty.end_object_value(w),
            _ => Ok(()),
        }
    }
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
                vec!["\t=1+1".into(), "\r@SUM(A1)".into()],
            ],
            row_links: vec![],
            footer: vec![],
            note: String::new(),
        };
        let csv = String::from_utf8(tables_csv(&[&t])).unwrap();
        assert_eq!(
            csv,
            "\u{FEFF}姓名,备注\r\n张三,\"新建,修缮\"\r\n\"'=HYPERLINK()\",\"说\"\"明\"\"\"\r\n\"'\t=1+1\",\"'\r@SUM(A1)\"\r\n"
        );
        let json = String::from_utf8(tables_json("t", "", "", "", None, &[&t])).unwrap();
        assert!(json.contains("\"columns\": [\n        \"姓名\""));
    }

    #[test]
    fn json_is_pretty_with_a_row_per_line() {
        let column = |title: &str| ColumnView {
            title: title.into(),
            numeric: false,
        };
        let t = TableView {
            caption: "名单".into(),
            columns: vec![column("姓名"), column("备注")],
            rows: vec![
                vec!["张三".into(), "新建,修缮".into()],
                vec!["李四\n".into(), "说\"明\"".into()],
            ],
            row_links: vec![],
            footer: vec!["合计".into(), String::new()],
            note: String::new(),
        };
        let json = String::from_utf8(tables_json("标题", "某村", "", "", None, &[&t, &t])).unwrap();
        let ours: serde_json::Value = serde_json::from_str(&json).unwrap();
        let pretty = serde_json::json!({
            "title": "标题",
            "issuer": "某村",
            "tables": [
                { "caption": "名单", "columns": ["姓名", "备注"],
                  "rows": [["张三", "新建,修缮"], ["李四\n", "说\"明\""]], "footer": ["合计", ""] },
                { "caption": "名单", "columns": ["姓名", "备注"],
                  "rows": [["张三", "新建,修缮"], ["李四\n", "说\"明\""]], "footer": ["合计", ""] },
            ],
        });
        assert_eq!(ours, pretty);
        assert!(
            json.contains("\n        [\"张三\", \"新建,修缮\"],\n"),
            "{json}"
        );
        assert!(
            json.contains("\n        [\"李四\\n\", \"说\\\"明\\\"\"]\n      ]"),
            "{json}"
        );
        assert!(json.ends_with("\n  ]\n}\n"), "{json}");
    }
}
