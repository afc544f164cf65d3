//! Printable notice-board sheets: every notice laid out on paper by gongshi itself,
//! each sheet a complete notice (title, period, supervision channel, issuer and date,
//! seal area, QR code, sheet number).

pub mod geometry;
pub mod html;
pub mod layout;
pub mod measure;

use crate::Site;
use crate::config::PrintSettings;
use crate::model::notice::Notice;
use crate::render::view::{ColumnView, TableView};
use geometry::SheetGeometry;
use layout::{BodyBlock, SheetSource, SheetView, lay_out};
use pulldown_cmark::{Alignment, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// One notice's sheets, with the page settings the template turns into CSS.
#[derive(Debug, Clone, Serialize)]
pub struct PrintDocument {
    pub title: String,
    pub page_name: &'static str,
    pub paper_label: String,
    pub width: String,
    pub height: String,
    pub margin: String,
    pub title_pt: String,
    pub body_pt: String,
    pub table_pt: String,
    pub foot_pt: String,
    pub title_line: String,
    pub body_line: String,
    pub table_line: String,
    pub foot_line: String,
    pub large_print: bool,
    /// Where the issuer line starts inside the seal area, so issuer and date end at
    /// its bottom whatever the type size.
    pub seal_text_top: String,
    /// Side of the QR code and of the seal circle: they grow with the paper.
    pub qr_size: String,
    pub seal_size: String,
    pub issuer: String,
    pub date: String,
    /// The 文号 under the title, or empty.
    pub document_number: String,
    /// "第 2 版　摘要 3F7A-91C2", beside the sheet number: the paper names the
    /// version the portal shows.
    pub version: String,
    pub period: String,
    /// The QR code drawn once (on the first sheet) and reused by the others, so a
    /// many-sheet notice does not repeat its path data.
    pub qr_svg: String,
    pub qr_use: String,
    pub sheets: Vec<SheetView>,
}

/// The paper a notice prints on: the site's settings, overridden per notice.
pub fn geometry_for(site: &Site, notice: &Notice) -> SheetGeometry {
    let site_print: &PrintSettings = &site.config().print;
    let own = notice.front.print.as_ref();
    SheetGeometry::new(
        own.and_then(|p| p.paper).unwrap_or(site_print.paper),
        own.and_then(|p| p.orientation)
            .unwrap_or(site_print.orientation),
        own.and_then(|p| p.large_print)
            .unwrap_or(site_print.large_print),
    )
}

/// Lays out `notice` with its (already masked) table; `before_table` are paragraphs
/// printed after the body (what changed since the first round).
pub fn print_document(
    site: &Site,
    notice: &Notice,
    issuer: &str,
    table: Option<&TableView>,
    before_table: &[String],
    base_url: Option<&str>,
    version: &crate::render::versions::VersionView,
) -> PrintDocument {
    let g = geometry_for(site, notice);
    let contact = &site.config().contact;
    let period = notice
        .period()
        .map(|p| format!("公示期：{p}"))
        .unwrap_or_default();
    // Head of every sheet: by when, to whom, and the phones — the words of the page's
    // 监督渠道 box; the foot adds the address.
    let deadline = site.objection_sentence(notice);
    let channel = format!("来访地址：{}。", contact.address);
    let (qr_svg, qr_use) = base_url
        .map(|base| {
            qr_svg(
                &crate::render::versions::sheet_address(&with_slash(base), &notice.slug, version),
                &format!("qr-{}", notice.slug),
            )
        })
        .unwrap_or_default();
    let date = notice.front.date.value.to_string();
    let document_number = notice
        .front
        .document_number
        .as_ref()
        .map_or("", |d| d.value.trim());
    let source = SheetSource {
        title: &notice.front.title.value,
        document_number,
        period: period.clone(),
        deadline,
        body: body_blocks(&notice.body_markdown)
            .into_iter()
            .chain(before_table.iter().cloned().map(BodyBlock::Paragraph))
            .collect(),
        table,
        row_noun: site.records_of(notice).map_or("行", |rf| rf.set.row_noun()),
        channel,
        issuer,
        date: &date,
        qr_svg: qr_svg.clone(),
    };
    let sheets = lay_out(&g, &source);
    let mm = |v: f64| format!("{v:.2}mm");
    let pt = |v: f64| format!("{v}pt");
    PrintDocument {
        title: notice.front.title.value.clone(),
        page_name: g.page_name(),
        paper_label: format!(
            "{:?} {}",
            g.paper,
            match g.orientation {
                crate::config::Orientation::Portrait => "纵向",
                crate::config::Orientation::Landscape => "横向",
            }
        ),
        width: mm(g.width),
        height: mm(g.height - 1.0),
        margin: mm(g.margin),
        title_pt: pt(g.type_.title_pt),
        body_pt: pt(g.type_.body_pt),
        table_pt: pt(g.type_.table_pt),
        foot_pt: pt(g.type_.foot_pt),
        title_line: mm(g.title_line()),
        body_line: mm(g.body_line()),
        table_line: mm(g.table_line()),
        foot_line: mm(g.foot_line()),
        large_print: g.large_print,
        seal_text_top: mm(g.seal_mm() - 2.0 * g.foot_line() - 0.5),
        qr_size: mm(g.qr_mm()),
        seal_size: mm(g.seal_mm()),
        issuer: issuer.to_string(),
        date,
        document_number: document_number.to_string(),
        version: version.label.clone(),
        period,
        qr_svg,
        qr_use,
        sheets,
    }
}

pub fn with_slash(base: &str) -> String {
    let b = base.trim();
    if b.ends_with('/') {
        b.to_string()
    } else {
        format!("{b}/")
    }
}

/// The QR code of a URL as inline SVG: the drawing, with its modules in a group named
/// `id`, and a second SVG that only refers to that group.
fn qr_svg(url: &str, id: &str) -> (String, String) {
    let Some((width, dark)) = qr_modules(url) else {
        return (String::new(), String::new());
    };
    // One path, a run of dark modules per `h` segment, inside a 4-module quiet zone;
    // written as bytes (all ASCII), a few hundred numbers a code.
    let mut path: Vec<u8> = Vec::with_capacity(dark.len() * 2);
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let run = row[x..].iter().take_while(|d| **d).count();
            // `M{x} {y}h{run}v1h-{run}z`, without a formatter per run.
            path.push(b'M');
            push_number(&mut path, x + 4);
            path.push(b' ');
            push_number(&mut path, y + 4);
            path.push(b'h');
            push_number(&mut path, run);
            path.extend_from_slice(b"v1h-");
            push_number(&mut path, run);
            path.push(b'z');
            x += run;
        }
    }
    let path = String::from_utf8(path).unwrap_or_default();
    let side = width + 8;
    let open = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"网上公示二维码\">"
    );
    (
        format!(
            "{open}<g id=\"{id}\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></g></svg>"
        ),
        format!("{open}<use href=\"#{id}\"/></svg>"),
    )
}

/// Appends `n` in decimal.
fn push_number(out: &mut Vec<u8>, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// The modules of `data` as a QR code (error correction M), row by row, `true` for
/// dark. The mask is fixed rather than chosen by penalty score: any of the eight is a
/// valid code that every reader decodes, and scoring all eight was a fifth of a
/// build's time.
fn qr_modules(data: &str) -> Option<(usize, Vec<bool>)> {
    use qrcode::{EcLevel, bits, canvas, ec};
    let ec_level = EcLevel::M;
    let bits = bits::encode_auto(data.as_bytes(), ec_level).ok()?;
    let version = bits.version();
    let (data, ec) = ec::construct_codewords(&bits.into_bytes(), version, ec_level).ok()?;
    let mut canvas = canvas::Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(canvas::MaskPattern::Checkerboard);
    let width = usize::try_from(version.width()).ok()?;
    let dark = canvas
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Some((width, dark))
}

/// The body as a sheet prints it: paragraphs of plain text (a poster shows words, not
/// markup; list items keep a bullet or number) and its Markdown tables, with their
/// grid.
pub fn body_blocks(markdown: &str) -> Vec<BodyBlock> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = Vec::new();
    let mut current = String::new();
    let mut list_numbers: Vec<Option<u64>> = Vec::new();
    // The table being read: its columns, rows, and the row being read.
    let mut table: Option<(TableView, Vec<String>)> = None;
    let push = |out: &mut Vec<BodyBlock>, current: &mut String| {
        let text = current.trim().to_string();
        if !text.is_empty() {
            out.push(BodyBlock::Paragraph(text));
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak => {}
            Event::HardBreak => current.push('\n'),
            Event::Start(Tag::List(start)) => list_numbers.push(start),
            Event::End(TagEnd::List(_)) => {
                list_numbers.pop();
            }
            Event::Start(Tag::Item) => {
                push(&mut out, &mut current);
                match list_numbers.last_mut() {
                    Some(Some(n)) => {
                        current.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => current.push_str("• "),
                }
            }
            Event::Start(Tag::Table(alignments)) => {
                push(&mut out, &mut current);
                let columns = alignments
                    .iter()
                    .map(|a| ColumnView {
                        title: String::new(),
                        numeric: *a == Alignment::Right,
                    })
                    .collect();
                table = Some((
                    TableView {
                        caption: String::new(),
                        columns,
                        rows: Vec::new(),
                        row_links: Vec::new(),
                        footer: Vec::new(),
                        note: String::new(),
                    },
                    Vec::new(),
                ));
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((_, row)) = table.as_mut() {
                    row.push(current.trim().to_string());
                }
                current.clear();
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((t, row)) = table.as_mut() {
                    for (column, title) in t.columns.iter_mut().zip(row.drain(..)) {
                        column.title = title;
                    }
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((t, row)) = table.as_mut() {
                    let mut cells = std::mem::take(row);
                    cells.resize(t.columns.len(), String::new());
                    t.rows.push(cells);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((t, _)) = table.take() {
                    out.push(BodyBlock::Table(t));
                }
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => push(&mut out, &mut current),
            _ => {}
        }
    }
    push(&mut out, &mut current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code a phone sees: modules scaled to pixels with the quiet zone, decoded
    /// by an independent reader.
    #[test]
    fn qr_code_decodes_to_the_notice_address() {
        for url in [
            "https://gongshi.example.gov.cn/notices/changgou-2014-village/",
            "http://a.cn/notices/x/",
            "https://portal.example.cn/xian/fupin/notices/v530623101201-2014-01-township-round/",
        ] {
            let (width, dark) = qr_modules(url).unwrap();
            let scale = 4;
            let side = (width + 8) * scale;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
                let (mx, my) = ((x / scale) as isize - 4, (y / scale) as isize - 4);
                let inside = (0..width as isize).contains(&mx) && (0..width as isize).contains(&my);
                if inside && dark[my as usize * width + mx as usize] {
                    0
                } else {
                    255
                }
            });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, content) = grids[0].decode().unwrap();
            assert_eq!(content, url);
        }
        for n in [0, 7, 10, 99, 100, 12345, usize::MAX] {
            let mut s = b"x".to_vec();
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}").into_bytes());
        }
        let (svg, reuse) = qr_svg("http://a.cn/notices/x/", "qr-x");
        assert!(svg.contains("<g id=\"qr-x\">") && svg.contains("<path d=\"M"));
        assert!(reuse.contains("<use href=\"#qr-x\"/>"));
    }

    #[test]
    fn bodies_become_paragraphs_and_tables() {
        let md = "经评议，现公示如下。\n第二句。\n\n## 说明\n\n1. 第一条\n2. 第二条\n\n| 户主 | 人口 |\n|---|--:|\n| 张三 | 4 |\n| **李四** |\n\n<b>加粗</b>";
        let blocks = body_blocks(md);
        let paragraphs: Vec<&str> = blocks
            .iter()
            .filter_map(|b| match b {
                BodyBlock::Paragraph(p) => Some(p.as_str()),
                BodyBlock::Table(_) => None,
            })
            .collect();
        assert_eq!(
            paragraphs,
            vec![
                "经评议，现公示如下。第二句。",
                "说明",
                "1. 第一条",
                "2. 第二条",
                "加粗"
            ]
        );
        let Some(BodyBlock::Table(t)) = blocks.get(4) else {
            panic!("the table, in its place after the list");
        };
        let titles: Vec<&str> = t.columns.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["户主", "人口"]);
        assert!(t.columns[1].numeric);
        assert_eq!(t.rows, vec![vec!["张三", "4"], vec!["李四", ""]]);
    }
}
