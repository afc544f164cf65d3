//! A notice's versions as the public sees them: the public content its digest is
//! made of, the version box and 更正说明 of its page, the version line and QR code
//! of its sheets, and the pages of its earlier versions (`notices/SLUG/vN/`).

use crate::Site;
use crate::check::ledger::{PublishedAs, published_as};
use crate::diagnostic::Diagnostic;
use crate::model::content_diff::ContentDiff;
use crate::model::date::Day;
use crate::model::ledger::{
    NoticeRecord, PublicContent, PublicPeriod, PublicTable, PublishedVersion, RecordedCorrection,
    short_digest,
};
use crate::model::notice::Notice;
use crate::render::view::{ColumnView, DrawnTable, Fact, TableView};
use serde::Serialize;

/// What `notice` publishes: its front matter as shown, its body, the changes a later
/// round states, and its tables' masked cells. Nothing of the site's own settings
/// goes in: a new hotline or theme is not a change to a published notice.
pub fn public_content(
    notice: &Notice,
    issuer: &str,
    region: &str,
    changes: &[String],
    tables: &[TableView],
    project: Option<&crate::model::ledger::PublicProjectStage>,
) -> PublicContent {
    let f = &notice.front;
    PublicContent {
        title: f.title.value.trim().to_string(),
        kind: notice.kind().label().to_string(),
        stage: f.stage.value.label().to_string(),
        region: region.to_string(),
        issuer: issuer.to_string(),
        date: f.date.value.iso(),
        period: notice.period().map(|p| PublicPeriod {
            from: p.from.iso(),
            to: p.to.iso(),
        }),
        document_number: f
            .document_number
            .as_ref()
            .map(|d| d.value.trim().to_string())
            .filter(|d| !d.is_empty()),
        body: normalized_body(&notice.body_markdown),
        changes: changes.to_vec(),
        tables: tables
            .iter()
            .map(|t| PublicTable {
                caption: t.caption.clone(),
                columns: t.columns.iter().map(|c| c.title.clone()).collect(),
                rows: t.rows.clone(),
                footer: t.footer.clone(),
            })
            .collect(),
        project: project.cloned(),
    }
}

/// The body as written, without the line-end and trailing-space differences an
/// editor makes on saving: those are not changes a reader sees.
fn normalized_body(markdown: &str) -> String {
    markdown
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// A version the ledger does not hold yet: `gongshi publish` records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrecorded {
    pub slug: String,
    pub number: u32,
}

/// A notice's version, as its page and sheets state it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub number: u32,
    pub digest: String,
    /// `3F7A-91C2`: what the sheet prints and the page shows.
    pub short: String,
    /// "第 2 版　摘要 3F7A-91C2".
    pub label: String,
    pub corrections: Vec<CorrectionView>,
    /// Earlier versions, first to last.
    pub earlier: Vec<EarlierVersion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// The version this correction made.
    pub version: u32,
    pub date: String,
    pub what: String,
    pub why: String,
    pub approved_by: String,
    /// The page of the version it replaced.
    pub replaced_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EarlierVersion {
    pub number: u32,
    pub short: String,
    pub url: String,
    pub date: String,
}

/// `notices/SLUG/vN/index.html`.
pub fn version_url(slug: &str, number: u32) -> String {
    format!("notices/{slug}/v{number}/index.html")
}

/// What a sheet's QR code carries: the notice's address, with the version and the
/// digest the sheet was printed with, so the page can tell whether it is current.
pub fn sheet_address(base: &str, slug: &str, v: &VersionView) -> String {
    format!(
        "{base}notices/{slug}/?v={}&digest={}",
        v.number,
        v.short.replace('-', "")
    )
}

/// The version `notice` is published as with `content`, checked against the ledger.
/// A problem is returned with the version the page would have had.
pub fn version_of(
    site: &Site,
    notice: &Notice,
    content: &PublicContent,
) -> (VersionView, Option<Diagnostic>) {
    let record = site.content.ledger.get(&notice.slug);
    let digest = content.digest();
    let (published, problem) = match published_as(notice, record, content, &digest) {
        Ok(p) => (p, None),
        Err(d) => (
            PublishedAs {
                number: record.map_or(1, |r| r.versions.len() as u32 + 1),
                pending: true,
            },
            Some(d),
        ),
    };
    let earlier: Vec<&PublishedVersion> = record
        .map(|r| {
            r.versions
                .iter()
                .take(published.number.saturating_sub(1) as usize)
                .collect()
        })
        .unwrap_or_default();
    let corrections = notice
        .front
        .corrections
        .iter()
        .enumerate()
        .map(|(i, c)| correction_view(&notice.slug, i as u32 + 2, &c.recorded()))
        .collect();
    let short = short_digest(&digest);
    let view = VersionView {
        number: published.number,
        label: format!("第 {} 版　摘要 {short}", published.number),
        short,
        digest,
        corrections,
        earlier: earlier
            .iter()
            .map(|v| EarlierVersion {
                number: v.version,
                short: short_digest(&v.digest),
                url: version_url(&notice.slug, v.version),
                date: day_text(&v.content.date),
            })
            .collect(),
    };
    (view, problem)
}

fn correction_view(slug: &str, version: u32, c: &RecordedCorrection) -> CorrectionView {
    CorrectionView {
        version,
        date: day_text(&c.date),
        what: c.what.clone(),
        why: c.why.clone(),
        approved_by: c.approved_by.clone(),
        replaced_url: version_url(slug, version - 1),
    }
}

/// `2014-03-20` as people read it; anything else as it is.
fn day_text(iso: &str) -> String {
    Day::parse(iso).map_or_else(|_| iso.to_string(), |d| d.to_string())
}

/// The page of an earlier version: its own content, why it was replaced, and what
/// the next version changed.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierVersionView {
    pub number: u32,
    pub short: String,
    pub title: String,
    pub facts: Vec<Fact>,
    pub body_html: String,
    pub changes: Vec<String>,
    pub tables: Vec<DrawnTable>,
    /// The correction that replaced this version.
    pub replaced_by: CorrectionView,
    pub current_url: String,
    pub current_number: u32,
    /// Between this version and the next.
    pub diff: ContentDiff,
    pub next_number: u32,
}

/// The earlier versions of `notice` (those before `current`), each with the diff to
/// the version after it (the last one's to `content`, the current).
pub fn earlier_version_views(
    notice: &Notice,
    record: &NoticeRecord,
    current: &VersionView,
    content: &PublicContent,
) -> Vec<(String, EarlierVersionView)> {
    let earlier = &record.versions[..(current.number as usize - 1).min(record.versions.len())];
    earlier
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            let next = earlier.get(i + 1).map_or(content, |n| &n.content);
            let replaced_by = current.corrections.get(i)?.clone();
            let url = version_url(&notice.slug, v.version);
            let c = &v.content;
            let mut facts = vec![
                Fact::new("发布单位", c.issuer.clone()),
                Fact::new("发布日期", day_text(&c.date)),
                Fact::new("类别", format!("{}{}", c.stage, c.kind)),
                Fact::new("所属地区", c.region.clone()),
            ];
            if let Some(p) = &c.period {
                facts.push(Fact::new(
                    "公示期",
                    format!("{}至{}", day_text(&p.from), day_text(&p.to)),
                ));
            }
            if let Some(d) = &c.document_number {
                facts.push(Fact::new("文号", d.clone()));
            }
            let tables: Vec<TableView> = c
                .tables
                .iter()
                .map(|t| TableView {
                    caption: t.caption.clone(),
                    columns: t
                        .columns
                        .iter()
                        .map(|title| ColumnView {
                            title: title.clone(),
                            numeric: false,
                        })
                        .collect(),
                    rows: t.rows.clone(),
                    row_links: Vec::new(),
                    footer: t.footer.clone(),
                    note: String::new(),
                })
                .collect();
            let view = EarlierVersionView {
                number: v.version,
                short: short_digest(&v.digest),
                title: c.title.clone(),
                facts,
                body_html: super::markdown::markdown_to_html(&c.body),
                changes: c.changes.clone(),
                tables: super::table_html::draw_tables(&tables, &url),
                replaced_by,
                current_url: super::pages::notice_url(&notice.slug),
                current_number: current.number,
                diff: ContentDiff::between(c, next),
                next_number: v.version + 1,
            };
            Some((url, view))
        })
        .collect()
}
