//! Sheet layout of any title or issuer in bounded memory (issue #19 §2): a title of
//! 360 characters once made `lay_out` add empty sheets until an allocation of 2.9 GB
//! failed. The peak is measured by counting allocations, never by time; the
//! allocator refuses anything past a cap, so a layout that runs away fails here
//! instead of taking the machine's memory.

use gongshi::config::{Orientation, Paper};
use gongshi::render::sheets::geometry::SheetGeometry;
use gongshi::render::sheets::layout::{BodyBlock, SheetSource, lay_out};
use gongshi::render::view::{ColumnView, TableView};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Far above any bound asserted below, far below what the machine has.
const REFUSE_PAST: usize = 512 << 20;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        if live > REFUSE_PAST {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            return std::ptr::null_mut();
        }
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn table(rows: usize) -> TableView {
    let column = |title: &str| ColumnView {
        title: title.into(),
        numeric: false,
    };
    TableView {
        caption: "贫困户名单".into(),
        columns: vec![column("户主姓名"), column("身份证号"), column("致贫原因")],
        rows: (0..rows)
            .map(|i| {
                vec![
                    format!("户主{i}"),
                    "530623********1260".into(),
                    "因病、缺技术".into(),
                ]
            })
            .collect(),
        row_links: Vec::new(),
        footer: vec!["合计".into(), String::new(), String::new()],
        note: String::new(),
    }
}

/// Bytes allocated at the peak of laying out, above what was live before, and the
/// sheets' count.
fn peak_of_layout(g: &SheetGeometry, title: &str, issuer: &str, t: &TableView) -> (usize, usize) {
    // As the sheets say it: the deadline (with the issuer) and the phones head every
    // sheet, the foot adds the address.
    let deadline = format!(
        "如有异议，请于2014年3月26日前向{issuer}反映，或拨打全国扶贫监督举报电话 12317、本地电话 0870-1234567。"
    );
    let channel = "来访地址：县政府。".to_string();
    let body = vec![BodyBlock::Paragraph(
        "经村民代表大会评议，现将名单公示如下。".repeat(3),
    )];
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let sheets = lay_out(
        g,
        &SheetSource {
            title,
            document_number: "",
            period: "公示期：2014年3月20日至2014年3月26日".into(),
            deadline,
            body,
            table: Some(t),
            row_noun: "户",
            channel,
            issuer,
            date: "2014年3月20日",
            qr_svg: String::new(),
        },
    );
    let count = sheets.len();
    drop(sheets);
    (PEAK.load(Ordering::Relaxed) - before, count)
}

#[test]
fn titles_and_issuers_of_any_length_are_laid_out_in_bounded_memory() {
    let t = table(50);
    let geometries = [
        SheetGeometry::new(Paper::A4, Orientation::Portrait, false),
        SheetGeometry::new(Paper::A4, Orientation::Landscape, true),
        SheetGeometry::new(Paper::A3, Orientation::Landscape, true),
    ];
    for g in &geometries {
        // What the same list takes on this paper with the longest title the checks let
        // through (longer ones are cut to its lines) and a usual issuer.
        let (_, usual_sheets) = peak_of_layout(g, &"扶".repeat(80), "某村", &t);
        for n in [10, 150, 360, 1_000, 10_000] {
            let long = "扶".repeat(n);
            for (title, issuer) in [(long.as_str(), "某村"), ("测试公示", long.as_str())] {
                let (peak, sheets) = peak_of_layout(g, title, issuer, &t);
                // The text itself is at most 30 KB; the 50-row table's sheets a few
                // hundred KB whatever the title.
                assert!(
                    peak < 2 << 20,
                    "{n} characters on {g:?}: {peak} bytes at the peak"
                );
                assert!(
                    sheets <= 4 * usual_sheets.max(1) + 4,
                    "{n} characters ({} in the title) on {g:?}: {sheets} sheets, {usual_sheets} usually",
                    title.chars().count()
                );
            }
        }
    }
}
