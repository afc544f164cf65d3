//! The built-in table and sheet partials, written by Rust.
//!
//! A notice's household list is most of its portal page and of its sheets, and
//! rendering those rows through the template engine — every cell turned into a
//! template value, then interpreted — was a third of a build; the sheets around the
//! rows (forty values a sheet, seven sheets a notice) were most of what was left of
//! the engine's time. When a site uses the built-in templates (any template of its own
//! turns this off), tables and sheets are written here, byte for byte what the
//! built-in partials render once minified, and each partial is compiled as the one
//! line in [`PARTIALS`]. `tests/native_tables.rs` builds sites both ways and compares
//! every byte, so a change to a partial that is not made here too fails the tests.

use super::escape::push_escaped;
use super::sheets::PrintDocument;
use super::sheets::layout::{SheetTable, SheetView};
use super::view::TableView;
use serde::Serialize;

/// The partials written here, and what each is compiled as instead.
/// (`partials/sheet_table.html` is only included by `partials/sheet.html`, so it is
/// written as part of each sheet.)
pub const PARTIALS: [(&str, &str); 2] = [
    ("partials/table.html", "{{ table.html | safe }}"),
    ("partials/sheet.html", "{{ sheet.html | safe }}"),
];

/// A notice's sheets as `print.html` receives them when they are written here.
#[derive(Serialize)]
pub struct WrittenDocument {
    sheets: Vec<WrittenSheet>,
}

#[derive(Serialize)]
struct WrittenSheet {
    html: String,
}

/// Every sheet of `doc`, written.
pub fn sheets(doc: &PrintDocument) -> WrittenDocument {
    WrittenDocument {
        sheets: doc
            .sheets
            .iter()
            .map(|s| WrittenSheet {
                html: sheet(doc, s),
            })
            .collect(),
    }
}

/// `partials/table.html` for `table` on a page whose way back to the site root is `root`.
pub fn data_table(table: &TableView, root: &str) -> String {
    let cells: usize = table.rows.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(256 + 24 * cells);
    let num = |i: usize| table.columns.get(i).is_some_and(|c| c.numeric);
    out.push_str(" <div aria-label=\"");
    push_escaped(&mut out, &table.caption);
    out.push_str("\" class=table-wrap role=region tabindex=0><table class=data><caption>");
    push_escaped(&mut out, &table.caption);
    out.push_str("</caption><thead><tr>");
    for col in &table.columns {
        out.push_str(if col.numeric {
            "<th class=num scope=col>"
        } else {
            "<th scope=col>"
        });
        push_escaped(&mut out, &col.title);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for (r, row) in table.rows.iter().enumerate() {
        out.push_str("  <tr>");
        let link = table.row_links.get(r).filter(|l| !l.is_empty());
        for (i, cell) in row.iter().enumerate() {
            out.push_str(if num(i) { "<td class=num>" } else { "<td>" });
            match link.filter(|_| i == 0) {
                Some(link) => {
                    out.push_str("<a href=\"");
                    push_escaped(&mut out, root);
                    push_escaped(&mut out, link);
                    out.push_str("\">");
                    push_escaped(&mut out, cell);
                    out.push_str("</a>");
                }
                None => push_escaped(&mut out, cell),
            }
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    if table.rows.is_empty() {
        out.push_str(" <tr><td colspan=\"");
        out.push_str(&table.columns.len().to_string());
        out.push_str("\" class=empty>无记录</td></tr>");
    }
    out.push_str("</tbody>");
    if !table.footer.is_empty() {
        out.push_str(" <tfoot><tr>");
        for (i, cell) in table.footer.iter().enumerate() {
            let open = match i {
                0 => "<th scope=row>",
                _ if num(i) => "<td class=num>",
                _ => "<td>",
            };
            out.push_str(open);
            push_escaped(&mut out, cell);
            out.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        out.push_str("</tr></tfoot>");
    }
    out.push_str("</table></div>");
    if !table.note.is_empty() {
        out.push_str("<p class=table-note>");
        push_escaped(&mut out, &table.note);
        out.push_str("</p>");
    }
    out
}

/// `font-size: PT; line-height: LINE`, as the partials style their text.
fn push_type(out: &mut String, pt: &str, line: &str) {
    out.push_str("font-size: ");
    push_escaped(out, pt);
    out.push_str("; line-height: ");
    push_escaped(out, line);
}

/// `partials/sheet.html` for `sheet` of `doc`.
pub fn sheet(doc: &PrintDocument, sheet: &SheetView) -> String {
    let mut out = String::with_capacity(2048);
    let o = &mut out;
    o.push_str("<section aria-label=\"");
    push_escaped(o, &doc.title);
    o.push_str(" 第 ");
    o.push_str(&sheet.number.to_string());
    o.push_str(" 张\" style=\"page: ");
    push_escaped(o, doc.page_name);
    o.push_str("; width: ");
    push_escaped(o, &doc.width);
    o.push_str("; height: ");
    push_escaped(o, &doc.height);
    o.push_str("; padding: ");
    push_escaped(o, &doc.margin);
    o.push_str("; font-size: ");
    push_escaped(o, &doc.body_pt);
    o.push_str(";\" class=sheet><header style=\"height: ");
    push_escaped(o, &sheet.head_height);
    o.push_str(";\" class=sheet-head><h1 style=\"");
    push_type(o, &doc.title_pt, &doc.title_line);
    o.push_str(";\">");
    push_escaped(o, &doc.title);
    o.push_str("</h1>");
    if !doc.period.is_empty() {
        o.push_str("<p style=\"");
        push_type(o, &doc.foot_pt, &doc.foot_line);
        o.push_str(";\" class=sheet-period>");
        push_escaped(o, &doc.period);
        o.push_str("</p>");
    }
    o.push_str("</header>");
    if !sheet.paragraphs.is_empty() {
        o.push_str(" <div style=\"");
        push_type(o, &doc.body_pt, &doc.body_line);
        o.push_str(";\" class=sheet-body>");
        for p in &sheet.paragraphs {
            o.push_str("<p style=\"height: ");
            push_escaped(o, &p.height);
            o.push_str(if p.indent {
                ";\" class=indent>"
            } else {
                ";\">"
            });
            push_escaped(o, &p.text);
            o.push_str("</p>");
        }
        o.push_str("</div>");
    }
    o.push(' ');
    if let Some(t) = &sheet.table {
        o.push_str(&sheet_table(t, &doc.table_pt, &doc.table_line));
    }
    o.push_str(" <footer style=\"left: ");
    push_escaped(o, &doc.margin);
    o.push_str("; right: ");
    push_escaped(o, &doc.margin);
    o.push_str("; bottom: ");
    push_escaped(o, &doc.margin);
    o.push_str("; height: ");
    push_escaped(o, &sheet.foot_height);
    o.push_str("; ");
    push_type(o, &doc.foot_pt, &doc.foot_line);
    o.push_str(";\" class=sheet-foot><p class=sheet-channel>");
    for line in &sheet.channel_lines {
        push_escaped(o, line);
    }
    o.push_str("</p><div class=sheet-sign><div class=sheet-qr>");
    if !doc.qr_svg.is_empty() {
        o.push_str(if sheet.number == 1 {
            &doc.qr_svg
        } else {
            &doc.qr_use
        });
        o.push_str("<span>扫码查看网上公示</span>");
    }
    o.push_str("</div><div class=sheet-seal><span aria-hidden=true class=seal></span><span aria-hidden=true class=seal-label>（盖章）</span><p style=\"padding-top: ");
    push_escaped(o, &doc.seal_text_top);
    o.push_str(";\" class=issuer>");
    push_escaped(o, &doc.issuer);
    o.push_str("</p><p class=date>");
    push_escaped(o, &doc.date);
    o.push_str("</p></div></div><p class=sheet-no>第 ");
    o.push_str(&sheet.number.to_string());
    o.push_str(" 张　共 ");
    o.push_str(&sheet.count.to_string());
    o.push_str(" 张</p></footer></section>");
    out
}

/// `partials/sheet_table.html` for one sheet's share `t` of a table, in a document
/// whose table text is `table_pt` on lines `table_line` high.
pub fn sheet_table(t: &SheetTable, table_pt: &str, table_line: &str) -> String {
    let cells: usize = t.rows.iter().map(|r| r.cells.len()).sum();
    let mut out = String::with_capacity(512 + 24 * cells);
    let num = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    out.push_str("<div style=\"");
    push_type(&mut out, table_pt, table_line);
    out.push_str(";\" class=sheet-table-wrap><p style=\"height: ");
    push_escaped(&mut out, table_line);
    out.push_str(";\" class=sheet-caption>");
    push_escaped(&mut out, &t.caption);
    out.push_str("</p><table class=sheet-table><colgroup>");
    for w in &t.widths {
        out.push_str("<col style=\"width: ");
        push_escaped(&mut out, w);
        out.push_str(";\">");
    }
    out.push_str("</colgroup><thead><tr style=\"height: ");
    push_escaped(&mut out, &t.header.height);
    out.push_str(";\">");
    for (i, cell) in t.header.cells.iter().enumerate() {
        out.push_str(if num(i) {
            "<th class=num scope=col>"
        } else {
            "<th scope=col>"
        });
        push_escaped(&mut out, cell);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        out.push_str("<tr style=\"height: ");
        push_escaped(&mut out, &row.height);
        out.push_str(if row.total {
            ";\" class=total>"
        } else {
            ";\">"
        });
        for (i, cell) in row.cells.iter().enumerate() {
            out.push_str(if num(i) { "<td class=num>" } else { "<td>" });
            push_escaped(&mut out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sheets::layout::{ParagraphView, SheetRow};
    use crate::render::view::ColumnView;

    /// What the built-in template `name`, minified as every template is, renders for
    /// `context` (with the other built-in templates there to be included).
    fn through_template(name: &str, context: &tera::Context) -> String {
        let theme = crate::theme::Theme::default_theme();
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(crate::render::escape::escape_html);
        let minified: Vec<(String, String)> = theme
            .templates
            .iter()
            .map(|(n, src)| {
                let m = crate::render::minify::minify_template(src).expect("minifies");
                (n.clone(), m)
            })
            .collect();
        tera.add_raw_templates(minified.iter().map(|(n, m)| (n.as_str(), m.as_str())))
            .unwrap();
        tera.render(name, context).unwrap()
    }

    fn column(title: &str, numeric: bool) -> ColumnView {
        ColumnView {
            title: title.into(),
            numeric,
        }
    }

    fn texts(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn data_tables() -> Vec<TableView> {
        let full = TableView {
            caption: "兴口村 \"第一批\" <名单> & 'x'".into(),
            columns: vec![
                column("户主", false),
                column("人口", true),
                column("备注", false),
            ],
            rows: vec![
                texts(&["张三", "3", "a<b"]),
                texts(&["李四 & 子", "12", ""]),
                texts(&["王五", "1", "'"]),
            ],
            row_links: texts(&["projects/2014-001/index.html", "", "x?a=1&b=\"2\""]),
            footer: texts(&["合计", "16", ""]),
            note: "认定标准——<2300元>。".into(),
            html: None,
        };
        let plain = TableView {
            row_links: Vec::new(),
            footer: Vec::new(),
            note: String::new(),
            ..full.clone()
        };
        let short_links = TableView {
            row_links: texts(&["a.html"]),
            ..plain.clone()
        };
        let empty = TableView {
            rows: Vec::new(),
            ..full.clone()
        };
        vec![full, plain, short_links, empty]
    }

    #[test]
    fn data_tables_are_what_the_partial_renders() {
        for root in ["", "../../", "../"] {
            for table in data_tables() {
                let mut context = tera::Context::new();
                context.insert("table", &table);
                context.insert("root", root);
                assert_eq!(
                    data_table(&table, root),
                    through_template("partials/table.html", &context),
                    "{table:?} at {root:?}"
                );
            }
        }
    }

    fn sheet_row(cells: &[&str], height: &str, total: bool) -> SheetRow {
        SheetRow {
            cells: texts(cells),
            height: height.into(),
            total,
        }
    }

    fn sheet_table_share() -> SheetTable {
        SheetTable {
            caption: "名单（第 1–3 行，共 3 行）<&>".into(),
            widths: texts(&["22.86mm", "18.70mm", "30.00mm"]),
            numeric: vec![false, true, false],
            header: sheet_row(&["户主姓名", "家庭人口", "说明"], "12.08mm", false),
            rows: vec![
                sheet_row(&["邵华", "5", "a \"b\" 'c'"], "17.32mm", false),
                sheet_row(&["彭顺梅 & 子", "4", ""], "22.55mm", false),
                sheet_row(&["合计", "9", ""], "6.84mm", true),
            ],
        }
    }

    #[test]
    fn sheet_tables_are_what_the_partial_renders() {
        let table = sheet_table_share();
        for rows in [table.rows.len(), 0] {
            let t = SheetTable {
                rows: table.rows[..rows].to_vec(),
                ..table.clone()
            };
            let mut context = tera::Context::new();
            context.insert("t", &t);
            context.insert(
                "doc",
                &serde_json::json!({ "table_pt": "11pt", "table_line": "5.24mm" }),
            );
            assert_eq!(
                sheet_table(&t, "11pt", "5.24mm"),
                through_template("partials/sheet_table.html", &context),
                "{rows} rows"
            );
        }
    }

    fn print_document(period: &str, qr: bool, sheets: Vec<SheetView>) -> PrintDocument {
        let mm = |s: &str| s.to_string();
        PrintDocument {
            title: "兴口村 \"第一批\" <名单> & 'x'".into(),
            page_name: "a4p",
            paper_label: "A4 纵向".into(),
            width: mm("210.00mm"),
            height: mm("296.00mm"),
            margin: mm("15.00mm"),
            title_pt: "22pt".into(),
            body_pt: "16pt".into(),
            table_pt: "11pt".into(),
            foot_pt: "11pt".into(),
            title_line: mm("10.48mm"),
            body_line: mm("9.03mm"),
            table_line: mm("5.24mm"),
            foot_line: mm("5.63mm"),
            large_print: false,
            seal_text_top: mm("26.24mm"),
            issuer: "兴口村村民委员会 & <驻村工作队>".into(),
            date: "2014年3月10日".into(),
            period: period.into(),
            qr_svg: if qr {
                "<svg><g id=\"qr-x\"></g></svg>".into()
            } else {
                String::new()
            },
            qr_use: if qr {
                "<svg><use href=\"#qr-x\"/></svg>".into()
            } else {
                String::new()
            },
            sheets,
        }
    }

    fn sheet_view(number: usize, paragraphs: &[(&str, bool)], table: bool) -> SheetView {
        SheetView {
            number,
            count: 2,
            title_lines: texts(&["兴口村"]),
            head_height: "29.58mm".into(),
            paragraphs: paragraphs
                .iter()
                .map(|(text, indent)| ParagraphView {
                    text: text.to_string(),
                    indent: *indent,
                    height: "18.06mm".into(),
                })
                .collect(),
            table: table.then(sheet_table_share),
            foot_height: "58.88mm".into(),
            channel_lines: texts(&["公示期内如有异议，", "请拨打 12317 & <本地电话>。"]),
        }
    }

    #[test]
    fn sheets_are_what_the_partial_renders() {
        let sheets = || {
            vec![
                sheet_view(
                    1,
                    &[("根据 <规定> & “程序”，", true), ("续行", false)],
                    true,
                ),
                sheet_view(2, &[], true),
                sheet_view(3, &[("只有正文", true)], false),
                sheet_view(4, &[], false),
            ]
        };
        for (period, qr) in [("公示期：2014年3月10日至2014年3月16日", true), ("", false)]
        {
            let doc = print_document(period, qr, sheets());
            for s in &doc.sheets {
                let mut context = tera::Context::new();
                context.insert("doc", &doc);
                context.insert("sheet", s);
                assert_eq!(
                    sheet(&doc, s),
                    through_template("partials/sheet.html", &context),
                    "sheet {} with period {period:?}, QR {qr}",
                    s.number
                );
            }
        }
    }

    #[test]
    fn a_written_table_is_all_templates_receive() {
        let mut table = data_tables().remove(0);
        table.html = Some(data_table(&table, "../"));
        let value = serde_json::to_value(&table).unwrap();
        assert_eq!(value, serde_json::json!({ "html": table.html }));
    }
}
