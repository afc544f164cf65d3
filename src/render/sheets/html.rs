//! Sheets drawn as HTML. Rust is the only writer of a sheet: its geometry (heights,
//! widths, type sizes) is computed in [`super::layout`] and written here into inline
//! styles; `print.html` places the drawn sheets (`{{ sheet.html | safe }}`) and holds
//! the styles they share.

use super::PrintDocument;
use super::layout::{SheetBlock, SheetTable, SheetView};
use crate::render::escape::push_escaped;
use serde::Serialize;

/// A notice's sheets as `print.html` receives them.
#[derive(Serialize)]
pub struct DrawnDocument {
    sheets: Vec<DrawnSheet>,
}

#[derive(Serialize)]
struct DrawnSheet {
    html: String,
}

/// Every sheet of `doc`, drawn.
pub fn draw_sheets(doc: &PrintDocument) -> DrawnDocument {
    DrawnDocument {
        sheets: doc
            .sheets
            .iter()
            .map(|s| DrawnSheet {
                html: sheet(doc, s),
            })
            .collect(),
    }
}

/// `font-size: PT; line-height: LINE`, as every text block of a sheet is styled.
fn push_type(out: &mut String, pt: &str, line: &str) {
    out.push_str("font-size: ");
    push_escaped(out, pt);
    out.push_str("; line-height: ");
    push_escaped(out, line);
}

/// The gap the layout keeps above a block that follows another on its sheet.
fn push_gap(out: &mut String) {
    out.push_str("; margin-top: ");
    out.push_str(&super::layout::GAP.to_string());
    out.push_str("mm");
}

/// `text` escaped, its `\n` written as line breaks: the lines of a sheet are broken
/// by the layout, not by the browser.
fn push_lines(out: &mut String, text: &str) {
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        push_escaped(out, line);
    }
}

/// `sheet` of `doc`, drawn.
fn sheet(doc: &PrintDocument, sheet: &SheetView) -> String {
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
    o.push_str("; --qr: ");
    push_escaped(o, &doc.qr_size);
    o.push_str("; --seal: ");
    push_escaped(o, &doc.seal_size);
    o.push_str(";\" class=sheet><header style=\"height: ");
    push_escaped(o, &sheet.head_height);
    o.push_str(";\" class=sheet-head><h1 style=\"");
    push_type(o, &doc.title_pt, &doc.title_line);
    o.push_str(";\">");
    push_lines(o, &sheet.title_lines.join("\n"));
    o.push_str("</h1>");
    if !doc.document_number.is_empty() {
        o.push_str("<p style=\"");
        push_type(o, &doc.foot_pt, &doc.foot_line);
        o.push_str(";\" class=sheet-docno>");
        push_escaped(o, &doc.document_number);
        o.push_str("</p>");
    }
    if !doc.period.is_empty() {
        o.push_str("<p style=\"");
        push_type(o, &doc.foot_pt, &doc.foot_line);
        o.push_str(";\" class=sheet-period>");
        push_escaped(o, &doc.period);
        o.push_str("</p>");
    }
    if !sheet.deadline_lines.is_empty() {
        o.push_str("<p style=\"");
        push_type(o, &doc.body_pt, &doc.body_line);
        o.push_str(";\" class=sheet-deadline>");
        for line in &sheet.deadline_lines {
            o.push_str("<span>");
            push_escaped(o, line);
            o.push_str("</span>");
        }
        o.push_str("</p>");
    }
    o.push_str("</header>");
    let mut in_body = false;
    for block in &sheet.blocks {
        match block {
            SheetBlock::Paragraph(p) => {
                if !in_body || p.gap {
                    if in_body {
                        o.push_str("</div>");
                    }
                    o.push_str(" <div style=\"");
                    push_type(o, &doc.body_pt, &doc.body_line);
                    if p.gap {
                        push_gap(o);
                    }
                    o.push_str(";\" class=sheet-body>");
                    in_body = true;
                }
                o.push_str("<p style=\"height: ");
                push_escaped(o, &p.height);
                o.push_str(if p.indent {
                    ";\" class=indent>"
                } else {
                    ";\">"
                });
                push_lines(o, &p.text);
                o.push_str("</p>");
            }
            SheetBlock::Table(t) => {
                if in_body {
                    o.push_str("</div>");
                    in_body = false;
                }
                o.push(' ');
                o.push_str(&sheet_table(t, &doc.table_pt, &doc.table_line));
            }
        }
    }
    if in_body {
        o.push_str("</div>");
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
    push_lines(o, &sheet.channel_lines.join("\n"));
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
    o.push_str(" 张　");
    push_escaped(o, &doc.version);
    o.push_str("</p></footer></section>");
    out
}

/// One sheet's share `t` of a table, drawn, in a document
/// whose table text is `table_pt` on lines `table_line` high.
fn sheet_table(t: &SheetTable, table_pt: &str, table_line: &str) -> String {
    let cells: usize = t.rows.iter().map(|r| r.cells.len()).sum();
    let mut out = String::with_capacity(512 + 24 * cells);
    let num = |i: usize| t.numeric.get(i).copied().unwrap_or(false);
    out.push_str("<div style=\"");
    push_type(&mut out, table_pt, table_line);
    if t.gap {
        push_gap(&mut out);
    }
    out.push_str(";\" class=sheet-table-wrap>");
    if !t.caption.is_empty() {
        out.push_str("<p style=\"height: ");
        push_escaped(&mut out, &t.caption_height);
        out.push_str(";\" class=sheet-caption>");
        push_lines(&mut out, &t.caption);
        out.push_str("</p>");
    }
    out.push_str("<table class=sheet-table><colgroup>");
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
        push_lines(&mut out, cell);
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
            push_lines(&mut out, cell);
            out.push_str("</td>");
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}
