//! Sheet breaks: the notice's title, body and tables flowed into sheets of fixed size,
//! each with the full head and footer. Every line is broken here ([`super::measure`])
//! and every height computed; the page writes the same lines and heights, so the
//! browser lays out what was computed.

use super::geometry::*;
use super::measure::{Wrapped, text_width_mm, widest_word_mm, wrap};
use crate::render::view::TableView;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::VecDeque;

/// What goes on a notice's sheets, already formatted and masked.
pub struct SheetSource<'a> {
    pub title: &'a str,
    /// The 文号, printed under the title (GB/T 9704), or empty.
    pub document_number: &'a str,
    /// `公示期：…至…`, or empty for an announcement.
    pub period: String,
    /// How to object, by when and to whom, in bold at body size under the title of
    /// every sheet: what a villager reading the board must see first.
    pub deadline: String,
    /// The body (paragraphs and its own Markdown tables), then the paragraphs that
    /// come before the record table (what changed since the first round).
    pub body: Vec<BodyBlock>,
    pub table: Option<&'a TableView>,
    /// What one row of `table` is ("户"), for the captions of a table split over
    /// sheets.
    pub row_noun: &'a str,
    pub channel: String,
    pub issuer: &'a str,
    pub date: &'a str,
    /// Inline SVG of the QR code, or empty when the site has no `base_url`.
    pub qr_svg: String,
}

/// A block of a notice's body as a sheet prints it.
pub enum BodyBlock {
    Paragraph(String),
    /// A Markdown table: printed with its grid, its header repeated on every sheet.
    Table(TableView),
}

/// Lengths are CSS strings in mm, computed here so the template carries no arithmetic.
/// Text that spans lines carries its line breaks as `\n`.
#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub number: usize,
    pub count: usize,
    pub title_lines: Vec<String>,
    pub head_height: String,
    pub deadline_lines: Vec<String>,
    pub blocks: Vec<SheetBlock>,
    pub foot_height: String,
    pub channel_lines: Vec<String>,
}

impl SheetView {
    pub fn paragraphs(&self) -> impl Iterator<Item = &ParagraphView> {
        self.blocks.iter().filter_map(|b| match b {
            SheetBlock::Paragraph(p) => Some(p),
            SheetBlock::Table(_) => None,
        })
    }

    pub fn tables(&self) -> impl Iterator<Item = &SheetTable> {
        self.blocks.iter().filter_map(|b| match b {
            SheetBlock::Table(t) => Some(t),
            SheetBlock::Paragraph(_) => None,
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub enum SheetBlock {
    Paragraph(ParagraphView),
    Table(SheetTable),
}

#[derive(Debug, Clone, Serialize)]
pub struct ParagraphView {
    pub text: String,
    /// The first line of a paragraph is indented 2 em; a continued one is not.
    pub indent: bool,
    pub height: String,
    /// A gap above it (after a table on the same sheet).
    pub gap: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetTable {
    /// Empty for a table of the body, which has none.
    pub caption: String,
    pub caption_height: String,
    pub widths: Vec<String>,
    pub numeric: Vec<bool>,
    pub header: SheetRow,
    pub rows: Vec<SheetRow>,
    /// A gap above it (below the body on the same sheet).
    pub gap: bool,
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

    /// A row that starts a record (not the totals, not the rest of a split row).
    fn starts_record(&self) -> bool {
        !self.total && !self.continued
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
    caption: &'a str,
    /// Height of the caption with the longest "（第 a–b 户，共 n 户）" it can get, and
    /// the room below it; 0 without a caption.
    caption_height: f64,
    noun: &'a str,
    widths: Vec<f64>,
    numeric: Vec<bool>,
    header: MeasuredRow<'a>,
    rows: Vec<MeasuredRow<'a>>,
}

impl MeasuredTable<'_> {
    fn records(&self) -> usize {
        self.rows.iter().filter(|r| !r.total).count()
    }

    /// The caption of a sheet holding records `first..first + count` of the table:
    /// "名单（第 1–20 户，共 30 户 120 人）" where the caption counts already.
    fn caption_of(&self, first: usize, count: usize) -> String {
        let records = self.records();
        let noun = self.noun;
        if self.caption.is_empty() || count == 0 || records == count {
            return self.caption.to_string();
        }
        let part = if count == 1 {
            format!("第 {first} {noun}")
        } else {
            format!("第 {first}–{} {noun}", first + count - 1)
        };
        match self.caption.rfind("（共 ") {
            Some(at) if self.caption.ends_with('）') => {
                let (head, tail) = self.caption.split_at(at + "（".len());
                format!("{head}{part}，{tail}")
            }
            _ => format!("{}（{part}，共 {records} {noun}）", self.caption),
        }
    }
}

fn measure_table<'a>(g: &SheetGeometry, table: &'a TableView, noun: &'a str) -> MeasuredTable<'a> {
    let pt = g.type_.table_pt;
    let pad = 2.0 * CELL_PAD_X + RULE;
    let n = table.columns.len();
    let mut natural = vec![0.0f64; n];
    // A header may wrap onto two lines, but not break inside a two-character word;
    // no cell breaks inside a word (an ID, a date, an amount) while the words of all
    // columns fit across the sheet.
    let em = pt * super::measure::MM_PER_PT;
    let mut min: Vec<f64> = table
        .columns
        .iter()
        .map(|c| {
            let header_half = text_width_mm(&c.title, pt) / 2.0;
            (header_half.max(2.0 * em)) / WIDTH_SAFETY + pad
        })
        .collect();
    let all_rows = table.rows.iter().chain(std::iter::once(&table.footer));
    for row in all_rows {
        for (i, cell) in row.iter().enumerate().take(n) {
            let widest_line = cell
                .split('\n')
                .map(|l| text_width_mm(l, pt))
                .fold(0.0, f64::max);
            natural[i] = natural[i].max(widest_line / WIDTH_SAFETY + pad);
            // No word is wider than its cell's widest line: most cells cannot widen
            // the minimum, and are not read word by word.
            if widest_line / WIDTH_SAFETY + pad > min[i] {
                min[i] = min[i].max(widest_word_mm(cell, pt) / WIDTH_SAFETY + pad);
            }
        }
    }
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
    let mut t = MeasuredTable {
        caption: &table.caption,
        caption_height: 0.0,
        noun,
        widths,
        numeric: table.columns.iter().map(|c| c.numeric).collect(),
        header,
        rows,
    };
    if !t.caption.is_empty() {
        let n = t.records().max(2);
        let longest = t.caption_of(n, n - 1);
        let lines = caption_lines(g, &longest).len();
        t.caption_height = lines as f64 * g.table_line() + CAPTION_GAP;
    }
    t
}

/// Room between a caption and its table.
const CAPTION_GAP: f64 = 1.0;

fn caption_lines(g: &SheetGeometry, caption: &str) -> Vec<String> {
    wrap(
        caption,
        g.content_width() * WIDTH_SAFETY,
        g.type_.table_pt,
        0.0,
    )
}

/// The footer: supervision channel, QR code and seal area, sheet number.
fn foot_height(g: &SheetGeometry, channel_lines: usize) -> f64 {
    let qr_block = g.qr_mm() + g.foot_line();
    channel_lines as f64 * g.foot_line() + 2.0 + qr_block.max(g.seal_mm()) + 2.0 + g.foot_line()
}

/// Gap between the head and the body, and between the body and a table.
pub const GAP: f64 = 3.0;

/// Sheets being filled, block after block.
struct Flow<'g> {
    g: &'g SheetGeometry,
    /// Height for blocks on every sheet.
    room: f64,
    sheets: Vec<Vec<SheetBlock>>,
    current: Vec<SheetBlock>,
    /// Height taken on the current sheet.
    used: f64,
    /// Every sheet starts with an empty table of row heights (see [`sheet_row`]).
    heights: Vec<Option<String>>,
}

impl Flow<'_> {
    fn next_sheet(&mut self) {
        self.sheets.push(std::mem::take(&mut self.current));
        self.used = 0.0;
    }

    /// The gap a block takes above it on the current sheet: none at its top.
    fn gap(&self) -> f64 {
        if self.current.is_empty() { 0.0 } else { GAP }
    }

    fn paragraph(&mut self, lines: &[String]) {
        let line = self.g.body_line();
        let mut start = 0;
        while start < lines.len() {
            // A paragraph after a table keeps a gap from it.
            let gap = match self.current.last() {
                Some(SheetBlock::Table(_)) if start == 0 => GAP,
                _ => 0.0,
            };
            let fit = ((self.room - self.used - gap) / line).floor().max(0.0) as usize;
            // An empty sheet takes a line even when it has no room for one.
            let fit = if self.current.is_empty() {
                fit.max(1)
            } else {
                fit
            };
            if fit == 0 {
                self.next_sheet();
                continue;
            }
            let end = (start + fit).min(lines.len());
            self.current.push(SheetBlock::Paragraph(ParagraphView {
                text: lines[start..end].join("\n"),
                indent: start == 0,
                height: mm((end - start) as f64 * line),
                gap: gap > 0.0,
            }));
            self.used += gap + (end - start) as f64 * line;
            start = end;
        }
    }

    /// Flows `t` row by row: its caption and header on every sheet it reaches; a
    /// row taller than a whole sheet continues on the next.
    fn table(&mut self, t: &MeasuredTable<'_>) {
        let g = self.g;
        let header_h = row_height(g, t.header.lines());
        let above = t.caption_height + header_h;
        let mut queue: VecDeque<Cow<'_, MeasuredRow>> = t.rows.iter().map(Cow::Borrowed).collect();
        // Rows per sheet; whether the first share goes on a new sheet.
        let mut shares: Vec<Vec<Cow<'_, MeasuredRow>>> = Vec::new();
        let mut starts_new_sheet = false;
        let (mut used, mut fresh) = (self.used + self.gap(), self.current.is_empty());
        while !queue.is_empty() {
            let mut share = Vec::new();
            let mut h = used + above;
            while let Some(row) = queue.pop_front() {
                let rh = row_height(g, row.lines());
                if h + rh <= self.room {
                    share.push(row);
                    h += rh;
                    continue;
                }
                if share.is_empty() && fresh {
                    let fit = ((self.room - h - 2.0 * CELL_PAD_Y - RULE) / g.table_line()).floor();
                    let fit = (fit.max(1.0) as usize).min(row.lines());
                    if fit == row.lines() {
                        // One line on a sheet without room for it: it goes whole.
                        share.push(row);
                    } else {
                        let (head, tail) = split_row(&row, fit);
                        share.push(Cow::Owned(head));
                        queue.push_front(Cow::Owned(tail));
                    }
                } else {
                    queue.push_front(row);
                }
                break;
            }
            if share.is_empty() {
                // Not even one row fits below the body: the table starts on a new sheet.
                starts_new_sheet = true;
            } else {
                shares.push(share);
            }
            (used, fresh) = (0.0, true);
        }
        rebalance(g, self.room - above, &mut shares);
        if starts_new_sheet {
            self.next_sheet();
        }
        let mut next_record = 1;
        for (i, share) in shares.iter().enumerate() {
            if i > 0 {
                self.next_sheet();
            }
            let gap = self.gap();
            let records = share.iter().filter(|r| r.starts_record()).count();
            let caption = t.caption_of(next_record, records);
            next_record += records;
            let rows: Vec<SheetRow> = share
                .iter()
                .map(|r| sheet_row(g, r, &mut self.heights))
                .collect();
            let rows_h: f64 = share.iter().map(|r| row_height(g, r.lines())).sum();
            self.current.push(SheetBlock::Table(sheet_table(
                g,
                t,
                caption,
                rows,
                gap > 0.0,
            )));
            self.used += gap + above + rows_h;
        }
    }
}

/// No table ends on a sheet that holds only its totals row or a single record while
/// the sheet before can give it some: rows move down from the sheet before until the
/// last holds two records (the sheet count stays what it was).
fn rebalance(g: &SheetGeometry, room: f64, shares: &mut [Vec<Cow<'_, MeasuredRow<'_>>>]) {
    let [.., before, last] = shares else {
        return;
    };
    let records = |s: &[Cow<'_, MeasuredRow<'_>>]| s.iter().filter(|r| r.starts_record()).count();
    // A row split across the two sheets stays as it was.
    if last.first().is_some_and(|r| r.continued) {
        return;
    }
    let mut h: f64 = last.iter().map(|r| row_height(g, r.lines())).sum();
    while records(last) < 2 && records(before) > 2 {
        let Some(row) = before.last() else { return };
        let rh = row_height(g, row.lines());
        if !row.starts_record() || h + rh > room {
            return;
        }
        h += rh;
        if let Some(row) = before.pop() {
            last.insert(0, row);
        }
    }
}

/// Lays out a notice on as many sheets as it takes. Any text, of any length, ends in
/// a finite layout: the checks refuse titles and issuers too long for a notice board
/// (`title-too-long`, `issuer-too-long`), but whatever gets here anyway is cut to the
/// lines that leave room for the body (the title to the lines of the longest title
/// the checks allow, the head to half of the sheet, the
/// supervision channel to half of it), and a sheet with no room left still takes one
/// line of the body or the table, so every sheet moves the layout on.
pub fn lay_out(g: &SheetGeometry, src: &SheetSource<'_>) -> Vec<SheetView> {
    let width = g.content_width();
    let line_if = |text: &str| if text.is_empty() { 0.0 } else { g.foot_line() };
    // The 文号 and the period, a line each under the title.
    let small_lines_height = line_if(src.document_number) + line_if(&src.period);
    let mut deadline_lines = wrap(&src.deadline, width * WIDTH_SAFETY, g.type_.body_pt, 0.0);
    cut_to(&mut deadline_lines, 4);
    let deadline_height = deadline_lines.len() as f64 * g.body_line();
    let mut title_lines = wrap(src.title, width * WIDTH_SAFETY, g.type_.title_pt, 0.0);
    // However long the title, it takes no more lines than the longest the checks
    // let through, and those within half the sheet with the deadline.
    let longest_title = "贫".repeat(crate::model::notice::TITLE_MAX_CHARS);
    let longest = wrap(&longest_title, width * WIDTH_SAFETY, g.type_.title_pt, 0.0).len();
    let title_room = g.content_height() / 2.0 - small_lines_height - deadline_height - GAP;
    cut_to(
        &mut title_lines,
        lines_in(title_room, g.title_line()).min(longest),
    );
    let head_height =
        title_lines.len() as f64 * g.title_line() + small_lines_height + deadline_height + GAP;
    let mut channel_lines = wrap(&src.channel, width * WIDTH_SAFETY, g.type_.foot_pt, 0.0);
    let channel_room = g.content_height() / 2.0 - foot_height(g, 0);
    cut_to(&mut channel_lines, lines_in(channel_room, g.foot_line()));
    let foot = foot_height(g, channel_lines.len());

    let mut flow = Flow {
        g,
        room: g.content_height() - head_height - foot - GAP - SAFETY_MM,
        sheets: Vec::new(),
        current: Vec::new(),
        used: 0.0,
        heights: Vec::new(),
    };
    let body_pt = g.type_.body_pt;
    let indent = 2.0 * body_pt * super::measure::MM_PER_PT;
    for block in &src.body {
        match block {
            BodyBlock::Paragraph(p) => {
                flow.paragraph(&wrap(p, width * WIDTH_SAFETY, body_pt, indent));
            }
            BodyBlock::Table(t) => flow.table(&measure_table(g, t, "行")),
        }
    }
    if let Some(t) = src.table {
        flow.table(&measure_table(g, t, src.row_noun));
    }
    if !flow.current.is_empty() || flow.sheets.is_empty() {
        flow.next_sheet();
    }
    finish(
        flow.sheets,
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
        cells: row.cells.iter().map(Wrapped::with_breaks).collect(),
        height,
        total: row.total,
    }
}

fn sheet_table(
    g: &SheetGeometry,
    t: &MeasuredTable,
    caption: String,
    rows: Vec<SheetRow>,
    gap: bool,
) -> SheetTable {
    SheetTable {
        caption: caption_lines(g, &caption).join("\n"),
        caption_height: mm((t.caption_height - CAPTION_GAP).max(0.0)),
        widths: t.widths.iter().map(|w| mm(*w)).collect(),
        numeric: t.numeric.clone(),
        header: SheetRow {
            cells: t.header.cells.iter().map(Wrapped::with_breaks).collect(),
            height: mm(row_height(g, t.header.lines()) - RULE),
            total: false,
        },
        rows,
        gap,
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
    sheets: Vec<Vec<SheetBlock>>,
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
        .map(|(i, blocks)| SheetView {
            number: i + 1,
            count,
            title_lines: title_lines.clone(),
            head_height: mm(head_height),
            deadline_lines: deadline_lines.clone(),
            blocks,
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
                document_number: "",
                period: "公示期：2014年3月20日至2014年3月26日".into(),
                deadline: "如有异议，请于2014年3月26日前向某村村民委员会反映".into(),
                body: vec![BodyBlock::Paragraph("正文。".repeat(40))],
                table: Some(t),
                row_noun: "户",
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
            .flat_map(SheetView::tables)
            .flat_map(|t| &t.rows)
            .collect();
        assert_eq!(rows.len(), 201, "200 rows and the totals row");
        assert!(rows.last().unwrap().total);
        for (i, s) in out.iter().enumerate() {
            assert_eq!((s.number, s.count), (i + 1, out.len()));
        }
        // Only the first sheet carries the body.
        assert!(out[0].paragraphs().next().is_some());
        assert!(out[1..].iter().all(|s| s.paragraphs().next().is_none()));
    }

    #[test]
    fn split_captions_say_which_records_each_sheet_holds() {
        let g = SheetGeometry::new(Paper::A4, Orientation::Portrait, false);
        let mut t = table(200, "因病");
        t.caption = "名单（共 200 户 400 人）".into();
        let captions: Vec<String> = sheets(&g, &t)
            .iter()
            .flat_map(SheetView::tables)
            .map(|t| t.caption.replace('\n', ""))
            .collect();
        assert!(captions.len() > 3);
        let mut next = 1;
        for c in &captions {
            let range = c
                .strip_prefix("名单（第 ")
                .and_then(|r| r.strip_suffix(" 户，共 200 户 400 人）"))
                .unwrap_or_else(|| panic!("{c}"));
            let (a, b) = range.split_once('–').unwrap_or((range, range));
            assert_eq!(a.parse::<usize>().unwrap(), next, "{c}");
            next = b.parse::<usize>().unwrap() + 1;
        }
        assert_eq!(next, 201);
        // A caption that does not count gets the count.
        t.caption = "名单".into();
        let first = sheets(&g, &t)[0].tables().next().unwrap().caption.clone();
        assert!(first.starts_with("名单（第 1–"), "{first}");
        assert!(first.ends_with(" 户，共 200 户）"), "{first}");
    }

    /// Whatever the length of the list, its last sheet holds two households or more
    /// besides the totals row.
    #[test]
    fn no_sheet_holds_only_the_totals_or_one_household() {
        let g = SheetGeometry::new(Paper::A4, Orientation::Portrait, false);
        let mut split = 0;
        for rows in 10..160 {
            let t = table(rows, "因病");
            let out = sheets(&g, &t);
            let shares: Vec<&SheetTable> = out.iter().flat_map(SheetView::tables).collect();
            let all: usize = shares.iter().map(|s| s.rows.len()).sum();
            assert_eq!(all, rows + 1, "{rows}: every row once");
            if shares.len() < 2 {
                continue;
            }
            split += 1;
            let last = shares.last().unwrap();
            let households = last.rows.iter().filter(|r| !r.total).count();
            assert!(
                households >= 2,
                "{rows} rows: the last sheet holds {households}"
            );
        }
        assert!(split > 100);
    }

    #[test]
    fn a3_enlarges_everything_on_the_sheet() {
        let a4 = SheetGeometry::new(Paper::A4, Orientation::Portrait, false);
        let a3 = SheetGeometry::new(Paper::A3, Orientation::Portrait, false);
        let ratio = |x: f64, y: f64| y / x;
        for (x, y) in [
            (a4.type_.title_pt, a3.type_.title_pt),
            (a4.type_.body_pt, a3.type_.body_pt),
            (a4.type_.table_pt, a3.type_.table_pt),
            (a4.type_.foot_pt, a3.type_.foot_pt),
            (a4.qr_mm(), a3.qr_mm()),
            (a4.seal_mm(), a3.seal_mm()),
            (a4.margin, a3.margin),
        ] {
            assert!((ratio(x, y) - 2f64.sqrt()).abs() < 0.05, "{x} → {y}");
        }
        let large = SheetGeometry::new(Paper::A3, Orientation::Portrait, true);
        assert!(large.type_.table_pt >= 15.0 * 2f64.sqrt() - 0.5);
    }

    #[test]
    fn large_print_takes_more_sheets() {
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
        assert!(a4_large > a4, "{a4_large} > {a4}");
    }

    #[test]
    fn a_row_taller_than_a_sheet_continues_on_the_next() {
        let g = SheetGeometry::new(Paper::A4, Orientation::Portrait, false);
        let t = table(2, &"很长的建设内容".repeat(600));
        let out = sheets(&g, &t);
        let tables: Vec<&SheetTable> = out.iter().flat_map(SheetView::tables).collect();
        assert!(tables.len() >= 3);
        let text: String = tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.cells[1].replace('\n', ""))
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
