//! Data tables drawn as HTML. Rust is the only writer of a table: a household list is
//! most of its page, and drawing its rows here instead of through the template engine
//! (every cell a template value, then interpreted) saved a third of a build. Templates
//! place the drawn table (`{{ table.html | safe }}`); the theme's CSS styles it; a site
//! that overrides any template keeps its tables.

use super::escape::push_escaped;
use super::view::{DrawnTable, TableView};

/// How a drawn table is styled: the opening tags that differ. Pages use the theme's
/// classes; a CMS fragment carries its styles inline, since it is pasted into a page
/// whose stylesheet is not ours.
pub struct Skin {
    wrap: &'static str,
    table: &'static str,
    caption: &'static str,
    th: &'static str,
    th_num: &'static str,
    td: &'static str,
    td_num: &'static str,
    row_th: &'static str,
    empty: &'static str,
    note: &'static str,
}

/// Styled by the theme's stylesheet; the frame scrolls sideways and takes the keyboard.
pub const THEMED: Skin = Skin {
    wrap: "\" class=table-wrap role=region tabindex=0>",
    table: "<table class=data>",
    caption: "<caption>",
    th: "<th scope=col>",
    th_num: "<th class=num scope=col>",
    td: "<td>",
    td_num: "<td class=num>",
    row_th: "<th scope=row>",
    empty: "\" class=empty>",
    note: "<p class=table-note>",
};

/// The opening tag of a table in a CMS fragment (the record table, and the tables
/// written in the notice's body).
pub const INLINE_TABLE: &str = "<table border=1 cellpadding=6 cellspacing=0 style=\"border-collapse:collapse;width:100%;font-size:15px;line-height:1.5\">";

/// Styled for a fragment pasted into a portal's CMS: the grid, padding and alignment
/// by the table's own attributes (`border`, `cellpadding`, `align`), which every CMS
/// editor keeps and every browser draws, so no cell repeats a style — a fragment is
/// no bigger than the table on the page.
pub const INLINE: Skin = Skin {
    wrap: "\" role=region style=\"overflow-x:auto;max-width:100%;margin:12px 0\">",
    table: INLINE_TABLE,
    caption: "<caption style=\"font-weight:bold;padding:6px 0\">",
    th: "<th scope=col>",
    th_num: "<th align=right scope=col>",
    td: "<td>",
    td_num: "<td align=right>",
    row_th: "<th align=left scope=row>",
    empty: "\" align=center>",
    note: "<p style=\"font-size:14px;color:#555\">",
};

/// Every table of a page at `page` (a path in the output), drawn.
pub fn draw_tables(tables: &[TableView], page: &str) -> Vec<DrawnTable> {
    let root = super::pages::root_of(page);
    tables
        .iter()
        .map(|t| DrawnTable {
            html: data_table(t, &root, &THEMED),
        })
        .collect()
}

/// `table` drawn in `skin` for a page whose way back to the site root is `root`.
pub fn data_table(table: &TableView, root: &str, skin: &Skin) -> String {
    let cells: usize = table.rows.iter().map(Vec::len).sum();
    let mut out = String::with_capacity(256 + 24 * cells);
    let num = |i: usize| table.columns.get(i).is_some_and(|c| c.numeric);
    out.push_str(" <div aria-label=\"");
    push_escaped(&mut out, &table.caption);
    out.push_str(skin.wrap);
    out.push_str(skin.table);
    out.push_str(skin.caption);
    push_escaped(&mut out, &table.caption);
    out.push_str("</caption><thead><tr>");
    for col in &table.columns {
        out.push_str(if col.numeric { skin.th_num } else { skin.th });
        push_escaped(&mut out, &col.title);
        out.push_str("</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for (r, row) in table.rows.iter().enumerate() {
        out.push_str("  <tr>");
        let link = table.row_links.get(r).filter(|l| !l.is_empty());
        for (i, cell) in row.iter().enumerate() {
            out.push_str(if num(i) { skin.td_num } else { skin.td });
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
        out.push_str(skin.empty);
        out.push_str("无记录</td></tr>");
    }
    out.push_str("</tbody>");
    if !table.footer.is_empty() {
        out.push_str(" <tfoot><tr>");
        for (i, cell) in table.footer.iter().enumerate() {
            let open = match i {
                0 => skin.row_th,
                _ if num(i) => skin.td_num,
                _ => skin.td,
            };
            out.push_str(open);
            push_escaped(&mut out, cell);
            out.push_str(if i == 0 { "</th>" } else { "</td>" });
        }
        out.push_str("</tr></tfoot>");
    }
    out.push_str("</table></div>");
    if !table.note.is_empty() {
        out.push_str(skin.note);
        push_escaped(&mut out, &table.note);
        out.push_str("</p>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::view::ColumnView;

    fn texts(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    fn table() -> TableView {
        TableView {
            caption: "兴口村 \"第一批\" <名单> & 'x'".into(),
            columns: vec![
                ColumnView {
                    title: "户主".into(),
                    numeric: false,
                },
                ColumnView {
                    title: "人口".into(),
                    numeric: true,
                },
            ],
            rows: vec![texts(&["张三 & <子>", "3"]), texts(&["李四", "12"])],
            row_links: texts(&["projects/2014-001/index.html?a=1&b=\"2\"", ""]),
            footer: texts(&["合计", "15"]),
            note: "认定标准——<2300元>。".into(),
        }
    }

    #[test]
    fn every_text_is_escaped_and_links_start_at_the_root() {
        let html = data_table(&table(), "../../", &THEMED);
        for raw in ["<名单>", "<子>", "<2300元>", "\"2\"", " & "] {
            assert!(!html.contains(raw), "{raw} unescaped in {html}");
        }
        assert!(html.contains("&lt;名单&gt;"));
        assert!(html.contains(
            "<a href=\"../../projects/2014-001/index.html?a=1&amp;b=&quot;2&quot;\">张三 &amp; &lt;子&gt;</a>"
        ));
        // The second row has no link; numbers are marked for right alignment.
        assert!(
            html.contains("<td>李四</td><td class=num>12</td>"),
            "{html}"
        );
        assert!(html.contains("<tfoot><tr><th scope=row>合计</th><td class=num>15</td>"));
        assert!(html.contains("<p class=table-note>认定标准——&lt;2300元&gt;。</p>"));
    }

    #[test]
    fn an_empty_table_says_so_across_every_column() {
        let empty = TableView {
            rows: Vec::new(),
            footer: Vec::new(),
            note: String::new(),
            ..table()
        };
        let html = data_table(&empty, "", &THEMED);
        assert!(
            html.contains("<td colspan=\"2\" class=empty>无记录</td>"),
            "{html}"
        );
        assert!(!html.contains("<tfoot>") && !html.contains("table-note"));
    }
}
