//! The built-in table partials, written by Rust.
//!
//! A notice's household list is most of its portal page and of its sheets, and
//! rendering those rows through the template engine — every cell turned into a
//! template value, then interpreted — was a third of a build. When a site uses the
//! built-in templates (any template of its own turns this off), each table is written
//! here, byte for byte what the built-in partial renders once minified, and the
//! partial is compiled as the one line in [`PARTIALS`]. `tests/native_tables.rs`
//! builds sites both ways and compares every byte, so a change to a partial that is
//! not made here too fails the tests.

use super::escape::push_escaped;
use super::sheets::layout::SheetTable;
use super::view::TableView;

/// The partials written here, and what each is compiled as instead.
pub const PARTIALS: [(&str, &str); 2] = [
    ("partials/table.html", "{{ table.html | safe }}"),
    ("partials/sheet_table.html", "{{ t.html | safe }}"),
];

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

/// `partials/sheet_table.html` for one sheet's share `t` of a table, in a document
/// whose table text is `table_pt` on lines `table_line` high.
pub fn sheet_table(t: &SheetTable, table_pt: &str, table_line: &str) -> String {
    let cells: usize = t.rows.iter().map(|r| r.cells.len()).sum();
    let mut out = String::with_capacity(512 + 24 * cells);
    let num = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    out.push_str("<div style=\"font-size: ");
    push_escaped(&mut out, table_pt);
    out.push_str("; line-height: ");
    push_escaped(&mut out, table_line);
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
    use crate::render::sheets::layout::SheetRow;
    use crate::render::view::ColumnView;

    /// What the built-in partial `name`, minified as every template is, renders for
    /// `context`.
    fn through_template(name: &str, context: &tera::Context) -> String {
        let source = crate::theme::Theme::default_theme().templates[name].clone();
        let minified = crate::render::minify::minify_template(&source).expect("minifies");
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(crate::render::escape::escape_html);
        tera.add_raw_template(name, &minified).unwrap();
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

    #[test]
    fn sheet_tables_are_what_the_partial_renders() {
        let row = |cells: &[&str], height: &str, total: bool| SheetRow {
            cells: texts(cells),
            height: height.into(),
            total,
        };
        let table = SheetTable {
            caption: "名单（第 1–3 行，共 3 行）<&>".into(),
            widths: texts(&["22.86mm", "18.70mm", "30.00mm"]),
            numeric: vec![false, true, false],
            header: row(&["户主姓名", "家庭人口", "说明"], "12.08mm", false),
            rows: vec![
                row(&["邵华", "5", "a \"b\" 'c'"], "17.32mm", false),
                row(&["彭顺梅 & 子", "4", ""], "22.55mm", false),
                row(&["合计", "9", ""], "6.84mm", true),
            ],
            html: None,
        };
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

    #[test]
    fn a_written_table_is_all_templates_receive() {
        let mut table = data_tables().remove(0);
        table.html = Some(data_table(&table, "../"));
        let value = serde_json::to_value(&table).unwrap();
        assert_eq!(value, serde_json::json!({ "html": table.html }));
    }
}
