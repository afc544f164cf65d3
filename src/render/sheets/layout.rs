//! Sheet breaks: the notice's title, body and table rows flowed into sheets of fixed
//! size, each with the full footer. Heights come from the measurement model; the CSS
//! fixes the same dimensions, so the browser lays out what was computed.

use super::geometry::*;
use super::measure::{Wrapped, text_width_mm, wrap};
use crate::render::view::TableView;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::VecDeque;

/// What goes on a notice's sheets, already formatted and masked.
pub struct SheetSource<'a> {
    pub title: &'a str,
    /// `公示期：…至…`, or empty for an announcement.
    pub period: String,
    /// How to object and by when, in bold at body size under the title of every
    /// sheet: what a villager reading the board must see first.
    pub deadline: String,
    /// Body paragraphs as plain text.
    pub paragraphs: Vec<String>,
    pub table: Option<&'a TableView>,
    pub channel: String,
    pub issuer: &'a str,
    pub date: &'a str,
    /// Inline SVG of the QR code, or empty when the site has no `base_url`.
    pub qr_svg: String,
}

/// Lengths are CSS strings in mm, computed here so the template carries no arithmetic.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub number: usize,
    pub count: usize,
    pub title_lines: Vec<String>,
    pub head_height: String,
    pub deadline_lines: Vec<String>,
    pub paragraphs: Vec<ParagraphView>,
    pub table: Option<SheetTable>,
    pub foot_height: String,
    pub channel_lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    pub text: String,
    /// The first line of a paragraph is indented 2 em; a continued one is not.
    pub indent: bool,
    pub height: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetTable {
    pub caption: String,
    pub widths: Vec<String>,
    pub numeric: Vec<bool>,
    pub header: SheetRow,
    pub rows: Vec<SheetRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetRow {
    pub cells: Vec<String>,
    pub height: String,
    /// The totals row.
    pub total: bool,
}

fn mm(v: f64) -> String {
    format!("{v:.2}mm")
}

/// A table row measured: the text of each cell, split into lines.
#[derive(Clone)]
struct MeasuredRow<'a> {
    cells: Vec<Wrapped<'a>>,
    total: bool,
    /// The rest of a row too tall for one sheet.
    continued: bool,
}

impl MeasuredRow<'_> {
    fn lines(&self) -> usize {
        self.cells
            .iter()
            .map(Wrapped::lines)
            .max()
            .unwrap_or(1)
            .max(1)
    }
}

fn row_height(g: &SheetGeometry, lines: usize) -> f64 {
    lines as f64 * g.table_line() + 2.0 * CELL_PAD_Y + RULE
}

/// Column widths: short columns get their natural width, long ones share what is
/// left (and wrap); any room to spare is spread in proportion.
pub fn column_widths(natural: &[f64], min: &[f64], total: f64) -> Vec<f64> {
    let n = natural.len();
    if n == 0 {
        return Vec::new();
    }
    let natural: Vec<f64> = natural.iter().zip(min).map(|(a, b)| a.max(*b)).collect();
    let sum: f64 = natural.iter().sum();
    if sum <= total {
        return natural.iter().map(|w| w * total / sum).collect();
    }
    // Find the cap c with Σ max(min_i, min(natural_i, c)) = total.
    let (mut lo, mut hi) = (0.0, natural.iter().cloned().fold(0.0, f64::max));
    for _ in 0..60 {
        let c = (lo + hi) / 2.0;
        let used: f64 = natural.iter().zip(min).map(|(w, m)| w.min(c).max(*m)).sum();
        if used > total { hi = c } else { lo = c }
    }
    let widths: Vec<f64> = natural
        .iter()
        .zip(min)
        .map(|(w, m)| w.min(lo).max(*m))
        .collect();
    let used: f64 = widths.iter().sum();
    // Minimums alone may exceed the page: then scale everything down.
    if used > total {
        widths.iter().map(|w| w * total / used).collect()
    } else {
        widths
    }
}

struct MeasuredTable<'a> {
    caption: String,
    header_height: f64,
    widths: Vec<f64>,
    numeric: Vec<bool>,
    header: MeasuredRow<'a>,
    rows: Vec<MeasuredRow<'a>>,
}

fn measure_table<'a>(g: &SheetGeometry, table: &'a TableView) -> MeasuredTable<'a> {
    let pt = g.type_.table_pt;
    let pad = 2.0 * CELL_PAD_X + RULE;
    let n = table.columns.len();
    let mut natural = vec![0.0f64; n];
    let all_rows = table.rows.iter().chain(std::iter::once(&table.footer));
    for row in all_rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            let widest_line = cell
                .split('\n')
                .map(|l| text_width_mm(l, pt))
                .fold(0.0, f64::max);
            natural[i] = natural[i].max(widest_line / WIDTH_SAFETY + pad);
        }
    }
    // A header may wrap onto two lines, but not break inside a two-character word.
    let em = pt * super::measure::MM_PER_PT;
    let min: Vec<f64> = table
        .columns
        .iter()
        .map(|c| {
            let header_half = text_width_mm(&c.title, pt) / 2.0;
            (header_half.max(2.0 * em)) / WIDTH_SAFETY + pad
        })
        .collect();
    for (i, c) in table.columns.iter().enumerate() {
        natural[i] = natural[i].max(text_width_mm(&c.title, pt) / WIDTH_SAFETY + pad);
    }
    let widths = column_widths(&natural, &min, g.content_width());
    let measure_row = |cells: &mut dyn Iterator<Item = &'a str>, total: bool| MeasuredRow {
        cells: cells
            .enumerate()
            .take(n)
            .map(|(i, text)| Wrapped::new(text, (widths[i] - pad) * WIDTH_SAFETY, pt, 0.0))
            .collect(),
        total,
        continued: false,
    };
    let mut rows: Vec<MeasuredRow> = Vec::with_capacity(table.rows.len() + 1);
    for r in &table.rows {
        rows.push(measure_row(&mut r.iter().map(String::as_str), false));
    }
    if !table.footer.is_empty() {
        rows.push(measure_row(
            &mut table.footer.iter().map(String::as_str),
            true,
        ));
    }
    let header = measure_row(&mut table.columns.iter().map(|c| c.title.as_str()), false);
    MeasuredTable {
        caption: table.caption.clone(),
        header_height: row_height(g, header.lines()) - RULE,
        widths,
        numeric: table.columns.iter().map(|c| c.numeric).collect(),
        header,
        rows,
    }
}

/// The footer: supervision channel, QR code and seal area, sheet number.
fn foot_height(g: &SheetGeometry, channel_lines: usize) -> f64 {
    let qr_block = QR_MM + g.foot_line();
    channel_lines as f64 * g.foot_line() + 2.0 + qr_block.max(SEAL_MM) + 2.0 + g.foot_line()
}

/// Gap between the head and the body, and between the body and the table.
const GAP: f64 = 3.0;

/// Lays out a notice on as many sheets as it takes. Any text, of any length, ends in
/// a finite layout: the checks refuse titles and issuers too long for a notice board
/// (`title-too-long`, `issuer-too-long`), but whatever gets here anyway is cut to the
/// lines that leave room for the body (the head to a third of the sheet, the
/// supervision channel to half of it), and a sheet with no room left still takes one
/// line of the body or the table, so every sheet moves the layout on.
pub fn lay_out(g: &SheetGeometry, src: &SheetSource<'_>) -> Vec<SheetView> {
    let width = g.content_width();
    let period_height = if src.period.is_empty() {
        0.0
    } else {
        g.foot_line()
    };
    let mut deadline_lines = wrap(&src.deadline, width * WIDTH_SAFETY, g.type_.body_pt, 0.0);
    cut_to(&mut deadline_lines, 2);
    let deadline_height = deadline_lines.len() as f64 * g.body_line();
    let mut title_lines = wrap(src.title, width * WIDTH_SAFETY, g.type_.title_pt, 0.0);
    let title_room = g.content_height() / 3.0 - period_height - deadline_height - GAP;
    cut_to(&mut title_lines, lines_in(title_room, g.title_line()));
    let head_height =
        title_lines.len() as f64 * g.title_line() + period_height + deadline_height + GAP;
    let mut channel_lines = wrap(&src.channel, width * WIDTH_SAFETY, g.type_.foot_pt, 0.0);
    let channel_room = g.content_height() / 2.0 - foot_height(g, 0);
    cut_to(&mut channel_lines, lines_in(channel_room, g.foot_line()));
    let foot = foot_height(g, channel_lines.len());
    let room = g.content_height() - head_height - foot - GAP - SAFETY_MM;

    let body_pt = g.type_.body_pt;
    let indent = 2.0 * body_pt * super::measure::MM_PER_PT;
    let paragraphs: Vec<Vec<String>> = src
        .paragraphs
        .iter()
        .map(|p| wrap(p, width * WIDTH_SAFETY, body_pt, indent))
        .collect();
    let table = src.table.map(|t| measure_table(g, t));

    let mut sheets: Vec<(Vec<ParagraphView>, Option<SheetTable>)> = Vec::new();
    let mut body: Vec<ParagraphView> = Vec::new();
    let mut used = 0.0;
    let body_line = g.body_line();
    let flush = |sheets: &mut Vec<_>, body: &mut Vec<ParagraphView>, table: Option<SheetTable>| {
        sheets.push((std::mem::take(body), table));
    };

    for lines in &paragraphs {
        let mut start = 0;
        while start < lines.len() {
            let fit = ((room - used) / body_line).floor().max(0.0) as usize;
            // An empty sheet takes a line even when it has no room for one.
            let fit = if used == 0.0 && body.is_empty() {
                fit.max(1)
            } else {
                fit
            };
            if fit == 0 {
                flush(&mut sheets, &mut body, None);
                used = 0.0;
                continue;
            }
            let end = (start + fit).min(lines.len());
            body.push(ParagraphView {
                text: lines[start..end].concat(),
                indent: start == 0,
                height: mm((end - start) as f64 * body_line),
            });
            used += (end - start) as f64 * body_line;
            start = end;
        }
    }

    if let Some(t) = &table {
        if !body.is_empty() {
            used += GAP;
        }
        let caption_h = g.table_line() + 1.0;
        let header_h = row_height(g, t.header.lines());
        let mut queue: VecDeque<Cow<'_, MeasuredRow>> = t.rows.iter().map(Cow::Borrowed).collect();
        let mut heights = Vec::new();
        let mut next_row = 1;
        while !queue.is_empty() {
            let mut chunk: Vec<SheetRow> = Vec::new();
            let mut starts = 0;
            let mut h = used + caption_h + header_h;
            while let Some(row) = queue.pop_front() {
                let rh = row_height(g, row.lines());
                if h + rh <= room {
                    starts += usize::from(!row.total && !row.continued);
                    chunk.push(sheet_row(g, &row, &mut heights));
                    h += rh;
                    continue;
                }
                if chunk.is_empty() && used == 0.0 {
                    // Taller than a whole sheet: its lines continue on the next one.
                    let fit = ((room - h - 2.0 * CELL_PAD_Y - RULE) / g.table_line()).floor();
                    let fit = (fit.max(1.0) as usize).min(row.lines());
                    starts += usize::from(!row.total && !row.continued);
                    if fit == row.lines() {
                        // One line on a sheet without room for it: it goes whole.
                        chunk.push(sheet_row(g, &row, &mut heights));
                    } else {
                        let (head, tail) = split_row(&row, fit);
                        chunk.push(sheet_row(g, &head, &mut heights));
                        queue.push_front(Cow::Owned(tail));
                    }
                } else {
                    queue.push_front(row);
                }
                break;
            }
            if chunk.is_empty() {
                // Not even one row fits below the body: the table starts on a new sheet.
                flush(&mut sheets, &mut body, None);
                used = 0.0;
                continue;
            }
            let view = sheet_table(t, chunk, next_row, starts);
            next_row += starts;
            flush(&mut sheets, &mut body, Some(view));
            used = 0.0;
        }
    }
    if !body.is_empty() || sheets.is_empty() {
        flush(&mut sheets, &mut body, None);
    }
    finish(
        sheets,
        head_height,
        foot,
        channel_lines,
        title_lines,
        deadline_lines,
    )
}

/// How many lines of `line` mm fit in `room` mm: at least one.
fn lines_in(room: f64, line: f64) -> usize {
    (room / line).floor().max(1.0) as usize
}

/// Keeps the first `max` of `lines`, the last of them ending in an ellipsis when any
/// were cut.
fn cut_to(lines: &mut Vec<String>, max: usize) {
    if lines.len() <= max {
        return;
    }
    lines.truncate(max);
    if let Some(last) = lines.last_mut() {
        last.pop();
        last.push('…');
    }
}

/// `heights` keeps the height text of each row height in lines seen so far: tables
/// have a few distinct heights and many rows.
fn sheet_row(g: &SheetGeometry, row: &MeasuredRow, heights: &mut Vec<Option<String>>) -> SheetRow {
    let lines = row.lines();
    if heights.len() <= lines {
        heights.resize(lines + 1, None);
    }
    let height = heights[lines]
        .get_or_insert_with(|| mm(row_height(g, lines) - RULE))
        .clone();
    SheetRow {
        cells: row.cells.iter().map(|c| c.text().to_string()).collect(),
        height,
        total: row.total,
    }
}

fn sheet_table(t: &MeasuredTable, rows: Vec<SheetRow>, first: usize, count: usize) -> SheetTable {
    let total_rows = t.rows.iter().filter(|r| !r.total).count();
    let caption = if count == 0 || total_rows == count {
        t.caption.clone()
    } else if count == 1 {
        format!("{}（第 {first} 行，共 {total_rows} 行）", t.caption)
    } else {
        format!(
            "{}（第 {}–{} 行，共 {} 行）",
            t.caption,
            first,
            first + count - 1,
            total_rows
        )
    };
    SheetTable {
        caption,
        widths: t.widths.iter().map(|w| mm(*w)).collect(),
        numeric: t.numeric.clone(),
        header: SheetRow {
            cells: t
                .header
                .cells
                .iter()
                .map(|c| c.text().to_string())
                .collect(),
            height: mm(t.header_height),
            total: false,
        },
        rows,
    }
}

fn split_row(row: &MeasuredRow, lines: usize) -> (MeasuredRow<'static>, MeasuredRow<'static>) {
    let take = |from: usize, to: usize| MeasuredRow {
        cells: row.cells.iter().map(|c| c.slice(from, to)).collect(),
        total: row.total,
        continued: row.continued,
    };
    let (head, mut tail) = (take(0, lines), take(lines, usize::MAX));
    tail.continued = true;
    (head, tail)
}

fn finish(
    sheets: Vec<(Vec<ParagraphView>, Option<SheetTable>)>,
    head_height: f64,
    foot: f64,
    channel_lines: Vec<String>,
    title_lines: Vec<String>,
    deadline_lines: Vec<String>,
) -> Vec<SheetView> {
    let count = sheets.len();
    sheets
        .into_iter()
        .enumerate()
        .map(|(i, (paragraphs, table))| SheetView {
            number: i + 1,
            count,
            title_lines: title_lines.clone(),
            head_height: mm(head_height),
            deadline_lines: deadline_lines.clone(),
            paragraphs,
            table,
            foot_height: mm(foot),
            channel_lines: channel_lines.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Orientation, Paper};
    use crate::render::view::ColumnView;

    fn table(rows: usize, cell: &str) -> TableView {
        TableView {
            caption: "名单".into(),
            columns: vec![
                ColumnView {
                    title: "户主姓名".into(),
                    numeric: false,
                },
                ColumnView {
                    title: "情况".into(),
                    numeric: false,
                },
            ],
            rows: (0..rows)
                .map(|i| vec![format!("户{i}"), cell.to_string()])
                .collect(),
            row_links: Vec::new(),
            footer: vec!["合计".into(), String::new()],
            note: String::new(),
        }
    }

    fn sheets(g: &SheetGeometry, t: &TableView) -> Vec<SheetView> {
        lay_out(
            g,
            &SheetSource {
                title: "测试公示",
                period: "公示期：2014年3月20日至2014年3月26日".into(),
                deadline: "如有异议，请于2014年3月26日前向某村村民委员会反映".into(),
                paragraphs: vec!["正文。".repeat(40)],
                table: Some(t),
                channel: "如有异议请拨打 12317。".into(),
                issuer: "某村",
                date: "2014年3月20日",
                qr_svg: String::new(),
            },
        )
    }

    #[test]
    fn every_row_lands_on_exactly_one_sheet_and_numbers_add_up() {
        let g = SheetGeometry::new(Paper::A4, Orientation::Portrait, false);
        let t = table(200, "因病");
        let out = sheets(&g, &t);
        assert!(out.len() > 3);
        let rows: Vec<&SheetRow> = out
            .iter()
            .filter_map(|s| s.table.as_ref())
            .flat_map(|t| &t.rows)
            .collect();
        assert_eq!(rows.len(), 201, "200 rows and the totals row");
        assert!(rows.last().unwrap().total);
        for (i, s) in out.iter().enumerate() {
            assert_eq!((s.number, s.count), (i + 1, out.len()));
        }
        // Only the first sheet carries the body.
        assert!(!out[0].paragraphs.is_empty());
        assert!(out[1..].iter().all(|s| s.paragraphs.is_empty()));
    }

    #[test]
    fn large_print_and_small_paper_take_more_sheets() {
        let t = table(120, "因病、缺技术");
        let a4 = sheets(
            &SheetGeometry::new(Paper::A4, Orientation::Portrait, false),
            &t,
        )
        .len();
        let a4_large = sheets(
            &SheetGeometry::new(Paper::A4, Orientation::Portrait, true),
            &t,
        )
        .len();
        let a3 = sheets(
            &SheetGeometry::new(Paper::A3, Orientation::Portrait, false),
            &t,
        )
        .len();
        assert!(a4_large > a4, "{a4_large} > {a4}");
        assert!(a3 < a4, "{a3} < {a4}");
    }

    #[test]
    fn a_row_taller_than_a_sheet_continues_on_the_next() {
        let g = SheetGeometry::new(Paper::A4, Orientation::Portrait, false);
        let t = table(2, &"很长的建设内容".repeat(600));
        let out = sheets(&g, &t);
        let tables: Vec<&SheetTable> = out.iter().filter_map(|s| s.table.as_ref()).collect();
        assert!(tables.len() >= 3);
        let text: String = tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.cells[1].as_str())
            .collect();
        assert_eq!(
            text.matches("很长的建设内容").count(),
            1200,
            "no text lost in the split"
        );
    }

    #[test]
    fn columns_share_the_width_and_short_ones_keep_theirs() {
        let w = column_widths(&[20.0, 300.0, 25.0], &[10.0, 10.0, 10.0], 180.0);
        assert!((w.iter().sum::<f64>() - 180.0).abs() < 0.01);
        assert!((w[0] - 20.0).abs() < 0.01 && (w[2] - 25.0).abs() < 0.01);
        let w = column_widths(&[20.0, 30.0], &[5.0, 5.0], 100.0);
        assert!((w[0] - 40.0).abs() < 0.01 && (w[1] - 60.0).abs() < 0.01);
    }
}
