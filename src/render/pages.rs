//! The portal pages: board, notices, regions, projects, fund summary.

use super::feeds::{atom_feed, robots_txt, sitemap};
use super::funds::fund_summary;
use super::guard::GuardedOutput;
use super::markdown::markdown_to_html;
use super::open_data::{notice_json, tables_csv, tables_json};
use super::portal::{self, Article};
use super::reads::{Input, PageReads, Source, Unit, note, recording};
use super::scope::Scope;
use super::sheets::{PrintDocument, print_document};
use super::table_html::draw_tables;
use super::tables::{fund_sources_text, notice_table};
use super::versions;
use super::view::*;
use super::{RenderFailure, Templates};
use crate::model::date::Day;
use crate::model::money::{Money, MoneyColumn};
use crate::model::notice::{Notice, NoticeKind};
use crate::model::records::{Household, RecordSet};
use crate::model::rounds::{ListChanges, Rounds, recorded_reasons};
use crate::privacy::id_number::IdKey;
use crate::{BuildOptions, ProjectEntry, Site};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Where a notice stands on the as-of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoticeStatus {
    /// 公示中, with the days left counting today.
    Active { days_left: i64 },
    /// 即将公示: issued, but the period starts later.
    Upcoming,
    /// 已结束.
    Ended,
    /// 公告: no period.
    Announced,
}

impl NoticeStatus {
    pub fn of(notice: &Notice, today: Day) -> NoticeStatus {
        match (notice.kind(), notice.period()) {
            (_, Some(p)) if crate::model::publication::in_period(notice, today) => {
                NoticeStatus::Active {
                    days_left: today.days_until(p.to) + 1,
                }
            }
            (NoticeKind::Announcement, _) | (_, None) => NoticeStatus::Announced,
            (NoticeKind::Publicity, Some(p)) if today < p.from => NoticeStatus::Upcoming,
            (NoticeKind::Publicity, Some(_)) => NoticeStatus::Ended,
        }
    }

    fn key(self) -> &'static str {
        match self {
            NoticeStatus::Active { .. } => "active",
            NoticeStatus::Upcoming => "upcoming",
            NoticeStatus::Ended => "ended",
            NoticeStatus::Announced => "announced",
        }
    }

    pub(super) fn label(self) -> &'static str {
        match self {
            NoticeStatus::Active { .. } => "公示中",
            NoticeStatus::Upcoming => "即将公示",
            NoticeStatus::Ended => "已结束",
            NoticeStatus::Announced => "公告",
        }
    }

    /// The status line. What changes from day to day carries the day it was true on:
    /// a static page is read long after it was built.
    fn text(self, notice: &Notice, today: Day) -> String {
        match self {
            NoticeStatus::Active { days_left: 1 } => format!("公示中，今日截止（{today}）"),
            NoticeStatus::Active { days_left } => {
                format!("公示中，剩余 {days_left} 天（截至{today}）")
            }
            NoticeStatus::Upcoming => match notice.period() {
                Some(p) => format!("即将公示，{}起（截至{today}）", p.from),
                None => "即将公示".to_string(),
            },
            other => other.label().to_string(),
        }
    }
}

pub fn notice_url(slug: &str) -> String {
    format!("notices/{slug}/index.html")
}

pub fn region_url(code: &str) -> String {
    format!("regions/{code}/index.html")
}

/// Page `n` (1-based) of a region's notices; the first is the region's page itself.
pub fn region_page_url(code: &str, n: usize) -> String {
    if n <= 1 {
        region_url(code)
    } else {
        format!("regions/{code}/page/{n}/index.html")
    }
}

/// Notices per region page: a county lists thousands, a reader scans a few dozen.
pub const NOTICES_PER_PAGE: usize = 50;

/// Announcements and ended notices the board shows before linking to the full lists.
const BOARD_RECENT: usize = 30;

/// How many pages a region's `count` notices fill (at least one).
fn region_page_count(count: usize) -> usize {
    count.div_ceil(NOTICES_PER_PAGE).max(1)
}

/// Page `n` (1-based) of the list of every notice: `notices/index.html`, then
/// `notices/index_N.html` (a file, not a folder: every folder under `notices/` may
/// be a notice's).
pub fn all_notices_url(n: usize) -> String {
    if n <= 1 {
        "notices/index.html".to_string()
    } else {
        format!("notices/index_{n}.html")
    }
}

/// The HTML site map.
pub const SITE_MAP_URL: &str = "sitemap/index.html";

/// The pager of page `current` of `total` of a list whose pages are at `url(n)`:
/// first, last and the pages near the current.
fn pager(url: impl Fn(usize) -> String, current: usize, total: usize) -> Pager {
    let near = |n: usize| n == 1 || n == total || n.abs_diff(current) <= 3;
    Pager {
        current,
        total,
        prev_url: if current > 1 {
            url(current - 1)
        } else {
            String::new()
        },
        next_url: if current < total {
            url(current + 1)
        } else {
            String::new()
        },
        pages: (1..=total)
            .filter(|n| near(*n))
            .map(|n| PageLink {
                number: n,
                url: url(n),
                is_current: n == current,
            })
            .collect(),
    }
}

/// A region's page, split over as many pages as its notices need. `first_reads` is
/// what the first page shows beside its cards (projects, the print link's count).
fn write_region_pages(
    w: &PageWriter<'_, '_>,
    ix: &SiteIndex<'_>,
    site: &Site,
    code: &str,
    mut view: RegionView,
    first_reads: Vec<Input>,
) -> Result<(), RenderFailure> {
    let slugs = ix.notices_in.get(code).map_or(&[][..], Vec::as_slice);
    let all = ix.newest_first(slugs);
    view.notice_total = all.len();
    let total = region_page_count(all.len());
    let mut chunks = all.chunks(NOTICES_PER_PAGE);
    for n in 1..=total {
        let chunk = chunks.next().unwrap_or_default();
        let (cards, mut reads) = recording(|| {
            note(Input::RegionOrder(Source::name(code)));
            chunk.iter().map(|m| ix.card(site, m)).collect()
        });
        view.notices = cards;
        view.pager = pager(|n| region_page_url(code, n), n, total);
        let title = if n == 1 {
            reads.extend(first_reads.iter().cloned());
            view.name.clone()
        } else {
            format!("{}（第 {n} 页）", view.name)
        };
        w.reads.set(Unit::RegionPage(code.to_string(), n), reads);
        let meta = portal::column_meta(
            &view.name,
            &format!("{}的扶贫公示公告和扶贫项目", view.name),
            &[&view.name, "扶贫", "公示", "公告", "扶贫项目"],
        );
        w.write(
            "region.html",
            &region_page_url(code, n),
            &title,
            "region",
            &view,
            &meta,
        )?;
        // The projects and the print link are on the first page only.
        view.projects.clear();
        view.print_count = 0;
    }
    Ok(())
}

pub fn project_url(code: &str) -> String {
    format!("projects/{code}/index.html")
}

/// Lookups computed once for all pages.
struct SiteIndex<'a> {
    today: Day,
    notices: BTreeMap<&'a str, &'a Notice>,
    statuses: BTreeMap<&'a str, NoticeStatus>,
    /// Regions with a page: those with a notice or project in their subtree.
    region_pages: BTreeSet<String>,
    /// Notice slugs in each region's subtree.
    notices_in: BTreeMap<String, Vec<&'a str>>,
    /// Project codes in each region's subtree.
    projects_in: BTreeMap<String, Vec<&'a str>>,
    projects: BTreeMap<&'a str, ProjectEntry<'a>>,
    rounds: Rounds<'a>,
    /// Notices by the record file they attach (hashed: comparing paths component by
    /// component was a third of a preview's small rebuild at 20,000 notices).
    notices_of_file: std::collections::HashMap<&'a std::path::Path, Vec<&'a str>>,
    /// Fund ledger entries by project code.
    ledger_of: BTreeMap<&'a str, Vec<crate::model::project_funds::LedgerRow<'a>>>,
    /// Each project's stages as published.
    timelines: BTreeMap<&'a str, Vec<crate::model::project_stage::StageEvent<'a>>>,
    /// The 带贫 lists naming each project, with their files.
    benefits_of: BTreeMap<
        &'a str,
        Vec<(
            &'a std::path::Path,
            &'a crate::model::records::BeneficiaryList,
        )>,
    >,
    /// Each village's households through the years.
    village_histories: BTreeMap<String, super::household_history::VillageHistory>,
}

impl<'a> SiteIndex<'a> {
    fn build(site: &'a Site, today: Day) -> SiteIndex<'a> {
        let mut ix = SiteIndex {
            today,
            notices: site
                .notices()
                .iter()
                .map(|n| (n.slug.as_str(), n))
                .collect(),
            statuses: site
                .notices()
                .iter()
                .map(|n| (n.slug.as_str(), NoticeStatus::of(n, today)))
                .collect(),
            region_pages: BTreeSet::new(),
            notices_in: BTreeMap::new(),
            projects_in: BTreeMap::new(),
            projects: site.projects(),
            rounds: Rounds::new(site.notices()),
            notices_of_file: std::collections::HashMap::new(),
            ledger_of: site.ledger_rows(),
            timelines: site.project_timelines(),
            benefits_of: BTreeMap::new(),
            village_histories: super::household_history::village_histories(site),
        };
        for n in site.notices() {
            if let Some(rf) = site.records_of(n) {
                ix.notices_of_file
                    .entry(rf.file.as_path())
                    .or_default()
                    .push(&n.slug);
            }
        }
        for rf in site.content.records.values() {
            if let RecordSet::Beneficiaries(list) = &rf.set
                && let Some(code) = &list.project
            {
                ix.benefits_of
                    .entry(code.value.trim())
                    .or_default()
                    .push((rf.file.as_path(), list));
            }
        }
        for n in site.notices() {
            for r in site.regions.lineage(n.front.region.value.trim()) {
                ix.region_pages.insert(r.code.clone());
                ix.notices_in
                    .entry(r.code.clone())
                    .or_default()
                    .push(&n.slug);
            }
        }
        for (code, entry) in &ix.projects {
            for r in site.regions.lineage(entry.project.region.value.trim()) {
                ix.region_pages.insert(r.code.clone());
                ix.projects_in.entry(r.code.clone()).or_default().push(code);
            }
        }
        ix
    }

    fn card(&self, site: &Site, n: &Notice) -> NoticeCard {
        note(Input::Card(Source::file(&n.file)));
        let status = self.statuses[n.slug.as_str()];
        let region = n.front.region.value.trim();
        NoticeCard {
            title: n.front.title.value.clone(),
            url: notice_url(&n.slug),
            kind_label: n.kind().label(),
            stage_label: n.front.stage.value.label(),
            type_label: type_label(n),
            status: status.key(),
            status_label: status.label(),
            status_text: status.text(n, self.today),
            draft: draft_text(n, self.today),
            date: n.front.date.value.to_string(),
            period: n.period().map(|p| p.to_string()).unwrap_or_default(),
            region_name: site.regions.name(region).unwrap_or(region).to_string(),
            region_url: if self.region_pages.contains(region) {
                region_url(region)
            } else {
                String::new()
            },
            issuer: issuer_of(site, n),
        }
    }

    /// The notices of `slugs`, newest first.
    fn newest_first(&self, slugs: &[&str]) -> Vec<&'a Notice> {
        let mut notices: Vec<&Notice> = slugs
            .iter()
            .filter_map(|s| self.notices.get(s).copied())
            .collect();
        notices.sort_by(|a, b| newest_first(a, b));
        notices
    }

    /// Cards of `slugs`, newest first.
    fn cards_newest_first(&self, site: &Site, slugs: &[&str]) -> Vec<NoticeCard> {
        let notices = self.newest_first(slugs);
        notices.iter().map(|n| self.card(site, n)).collect()
    }

    /// A project's status as its published stages say (an acceptance notice makes it
    /// 已竣工验收 whatever its plan list recorded), for every page and the search index
    /// alike; notes the stage notices it read.
    fn project_status(&self, p: &'a crate::model::records::Project) -> &'a str {
        note(Input::ProjectLife);
        let events = self
            .timelines
            .get(p.code.value.trim())
            .map_or(&[][..], Vec::as_slice);
        for e in events {
            note(Input::Card(Source::file(&e.notice.file)));
        }
        crate::model::project_stage::status_after(&p.status.value, events)
    }
}

/// 村级公示, 乡镇级公示, 县级公示; or 公告, which has no stage.
fn type_label(n: &Notice) -> String {
    match n.kind() {
        NoticeKind::Publicity => format!("{}{}", n.front.stage.value.label(), n.kind().label()),
        NoticeKind::Announcement => n.kind().label().to_string(),
    }
}

/// The order of region lists: newest first, then by slug.
pub fn newest_first(a: &Notice, b: &Notice) -> std::cmp::Ordering {
    b.front
        .date
        .value
        .cmp(&a.front.date.value)
        .then_with(|| a.slug.cmp(&b.slug))
}

fn issuer_of(site: &Site, n: &Notice) -> String {
    site.issuer_of(n).to_string()
}

struct PageWriter<'a, 'b> {
    templates: &'a Templates,
    staging: &'a GuardedOutput<'b>,
    /// The site's settings as the templates see them, converted once for all pages.
    site_view: tera::Value,
    /// The same for single-file notices, which load no third-party script.
    site_view_inline: tera::Value,
    /// `SiteName`, `SiteDomain`, `SiteIDCode`: the metadata of every page.
    site_meta: Vec<Meta>,
    generated_for: tera::Value,
    pages: AtomicUsize,
    /// What each page read, for the preview's next small rebuild.
    reads: PageReads,
    /// Notices changed against the publication ledger, all reported at the end.
    ledger_problems: std::sync::Mutex<Vec<crate::diagnostic::Diagnostic>>,
    /// Versions the ledger does not hold yet, for `gongshi publish` to record.
    unrecorded: std::sync::Mutex<Vec<super::versions::Unrecorded>>,
}

impl PageWriter<'_, '_> {
    /// Renders `template` to `path` with the common context plus what `fill` adds.
    fn write_with(
        &self,
        template: &str,
        path: &str,
        title: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<(), RenderFailure> {
        if !self.staging.wants(path) {
            return Ok(());
        }
        let root = root_of(path);
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.site_view.clone());
        ctx.insert("root", &root);
        ctx.insert(
            "page",
            &PageView {
                title: title.to_string(),
            },
        );
        ctx.insert_value("generated_for", self.generated_for.clone());
        ctx.insert("inline_css", "");
        ctx.insert("meta", &self.site_meta);
        fill(&mut ctx);
        let html = if template == "print.html" {
            self.templates.render_plain(template, &ctx)?
        } else {
            self.templates.render(template, &ctx)?
        };
        self.staging.write(path, &html)?;
        self.pages.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Renders `template` to `path` with `value` as `key` and the page's own
    /// metadata `meta` after the site's.
    fn write<T: Serialize + ?Sized>(
        &self,
        template: &str,
        path: &str,
        title: &str,
        key: &'static str,
        value: &T,
        meta: &[Meta],
    ) -> Result<(), RenderFailure> {
        self.write_with(template, path, title, |ctx| {
            ctx.insert(key, value);
            ctx.insert("meta", &self.meta_with(meta));
        })
    }

    /// The site's metadata followed by a page's own.
    fn meta_with(&self, page: &[Meta]) -> Vec<Meta> {
        self.site_meta.iter().chain(page).cloned().collect()
    }
}

/// The way from the page at `path` back to the site root (`../../` for
/// `notices/x/index.html`): every link stays relative, so the site works under any
/// folder and from a disk.
pub(super) fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

pub fn render_pages(
    site: &Site,
    opts: &BuildOptions,
    templates: &Templates,
    staging: &GuardedOutput<'_>,
    inline_css: Option<&str>,
    progress: &dyn crate::progress::Progress,
    scope: &Scope,
) -> Result<(usize, PageReads, Vec<super::versions::Unrecorded>), RenderFailure> {
    let ix = SiteIndex::build(site, opts.today);
    let config = site.config();
    let site_view = |inline: bool| {
        tera::Value::from_serializable(&SiteView {
            title: config.title.clone(),
            issuer: config.issuer.value.clone(),
            hotline: config.contact.hotline.clone(),
            phone: config.contact.phone.clone(),
            address: config.contact.address.clone(),
            sponsor: portal::sponsor(config),
            portal: config
                .portal
                .as_ref()
                .map(|p| portal::portal_view(&p.value, inline)),
        })
    };
    let w = PageWriter {
        templates,
        staging,
        site_view: site_view(false),
        site_view_inline: site_view(true),
        site_meta: portal::site_meta(config),
        generated_for: tera::Value::from(opts.today.to_string()),
        pages: AtomicUsize::new(0),
        reads: PageReads::default(),
        ledger_problems: Default::default(),
        unrecorded: Default::default(),
    };

    if scope.wants("index.html") {
        let (done, reads) = recording(|| board(site, &ix, &w));
        done?;
        w.reads.set(Unit::Board, reads);
    }
    let base_url = opts
        .base_url
        .clone()
        .or_else(|| config.base_url.as_ref().map(|b| b.value.clone()));
    write_all_notices(site, &ix, &w)?;
    if scope.wants(SITE_MAP_URL) {
        let (sections, reads) = recording(|| site_map(site, &ix));
        w.reads.set(Unit::SiteMap, reads);
        w.write_with("sitemap.html", SITE_MAP_URL, "网站地图", |ctx| {
            ctx.insert("sections", &sections);
        })?;
    }
    if scope.wants("404.html") {
        write_not_found(&w, base_url.as_deref())?;
    }
    if scope.wants("robots.txt") {
        let base = base_url.as_deref().map(super::sheets::with_slash);
        w.staging
            .write("robots.txt", robots_txt(base.as_deref()).as_bytes())?;
    }
    // Notices render in parallel, grouped by the region whose board they are posted
    // on: a region's board sheets are printed as soon as its notices are laid out,
    // so no more than one region's sheets are held at a time.
    let mut posted_in: BTreeMap<&str, Vec<&Notice>> = BTreeMap::new();
    for n in site.notices() {
        posted_in
            .entry(n.front.region.value.trim())
            .or_default()
            .push(n);
    }
    let mut boards: BTreeSet<&str> = posted_in.keys().copied().collect();
    boards.extend(ix.region_pages.iter().map(String::as_str));
    let boards: Vec<&str> = boards.into_iter().collect();
    progress.stage(crate::progress::Stage::Rendering, site.notices().len());
    // The search index is made beside the notices' pages: alone it would add its
    // whole time to the build.
    let index_wanted = scope.wants(super::search::META);
    let make_index = || {
        index_wanted.then(|| {
            let started = std::time::Instant::now();
            let made = recording(|| {
                super::search::index_files(
                    site,
                    &super::search::IndexInput {
                        status_of: &|n| ix.statuses[n.slug.as_str()],
                        project_status: &|p| ix.project_status(p),
                        type_label: &type_label,
                        region_pages: &ix.region_pages,
                        projects: &ix.projects,
                    },
                )
            });
            (made, started.elapsed())
        })
    };
    let render_boards = || {
        boards.par_iter().try_for_each(|code| {
            let notices = posted_in.get(code).map(Vec::as_slice).unwrap_or_default();
            let docs: Vec<Option<(PrintDocument, Vec<Input>)>> = notices
                .par_iter()
                .filter(|n| {
                    scope.notice(&n.slug)
                        || (scope.region(code) && on_board(ix.statuses[n.slug.as_str()]))
                })
                .map(|n| {
                    let (doc, reads) = recording(|| {
                        render_notice(site, &ix, &w, n, base_url.as_deref(), inline_css)
                    });
                    progress.advance(1);
                    let doc = doc?;
                    // A notice on the board: its print page reads what it read.
                    let for_board = doc.is_some().then(|| reads.clone());
                    w.reads.set(Unit::Notice(n.slug.clone()), reads);
                    Ok(doc.zip(for_board))
                })
                .collect::<Result<_, RenderFailure>>()?;
            if !ix.region_pages.contains(*code) || !scope.region(code) {
                return Ok(());
            }
            // Which notices are on the board here: their periods, on their cards.
            let on_board_here: Vec<Input> = notices
                .iter()
                .map(|n| Input::Card(Source::file(&n.file)))
                .collect();
            let mut board_reads = on_board_here.clone();
            let docs: Vec<PrintDocument> = docs
                .into_iter()
                .flatten()
                .map(|(doc, reads)| {
                    board_reads.extend(reads);
                    doc
                })
                .collect();
            let (view, view_reads) = recording(|| region_view(site, &ix, code));
            let mut view = view;
            view.print_url = format!("regions/{code}/print/index.html");
            view.print_count = docs.len();
            // A region with nothing in its period has nothing to post: no print page.
            if docs.is_empty() {
                w.staging.absent(&view.print_url);
            } else {
                w.write_print(
                    &view.print_url,
                    &format!("{}当前公示", view.name),
                    &docs,
                    &region_url(code),
                )?;
            }
            drop(docs);
            w.reads
                .set(Unit::RegionPrint(code.to_string()), board_reads.clone());
            // The first page counts the notices on the board.
            write_region_pages(
                &w,
                &ix,
                site,
                code,
                view,
                [view_reads, on_board_here].concat(),
            )
        })
    };
    let (index, boards_done) = rayon::join(make_index, render_boards);
    boards_done?;
    let projects: Vec<(&&str, &ProjectEntry<'_>)> = ix.projects.iter().collect();
    let projects = projects.par_iter().filter(|(code, _)| scope.project(code));
    projects.try_for_each(|(code, entry)| {
        let (view, reads) = recording(|| project_view(site, &ix, entry));
        w.reads.set(Unit::Project(code.to_string()), reads);
        let region = entry.project.region.value.trim();
        let place = site.regions.name(region).unwrap_or(region);
        let meta = portal::article_meta(
            &Article {
                title: &view.name,
                date: "",
                source: &entry.project.implementer,
                keywords: &[place, "扶贫项目", ix.project_status(entry.project)],
                description: &entry.project.content,
                path: &project_url(code),
            },
            base_url.as_deref(),
        );
        w.write(
            "project.html",
            &project_url(code),
            &view.name,
            "project",
            &view,
            &meta,
        )
    })?;
    let (mut summary, reads) = recording(|| fund_summary(site, &ix.projects));
    w.reads.set(Unit::Funds, reads);
    let tables: Vec<&TableView> = summary.table_cells.iter().collect();
    w.staging.write("funds/data.csv", &tables_csv(&tables))?;
    w.staging.write(
        "funds/data.json",
        &tables_json("扶贫资金汇总", &config.issuer.value, "", "", None, &tables),
    )?;
    summary.tables = draw_tables(
        &std::mem::take(&mut summary.table_cells),
        "funds/index.html",
    );
    w.write(
        "funds.html",
        "funds/index.html",
        "扶贫资金汇总",
        "summary",
        &summary,
        &portal::column_meta(
            "扶贫资金汇总",
            "扶贫项目资金的来源、下达和拨付情况汇总",
            &["扶贫资金", "扶贫项目", "资金公示"],
        ),
    )?;

    if let Some(((files, reads), took)) = index {
        w.reads.set(Unit::Search, reads);
        for (rel, bytes) in files {
            w.staging.write(&rel, &bytes)?;
        }
        // For bench/search.sh: the index's own time (beside the notices' pages).
        if std::env::var_os("GONGSHI_TIMINGS").is_some() {
            eprintln!(
                "[timings] search index: {:.1} ms",
                took.as_secs_f64() * 1000.0
            );
        }
    }

    if scope.wants("feed.xml")
        && let Some(base) = base_url.as_deref().map(super::sheets::with_slash)
    {
        let (feed, reads) = recording(|| atom_feed(site, &base, |n| issuer_of(site, n)));
        w.reads.set(Unit::Feed, reads);
        w.staging.write("feed.xml", feed.as_bytes())?;
        let mut pages: Vec<String> = vec![
            "index.html".into(),
            "funds/index.html".into(),
            SITE_MAP_URL.into(),
        ];
        pages.extend((1..=all_notices_pages(site)).map(all_notices_url));
        pages.extend(site.notices().iter().map(|n| notice_url(&n.slug)));
        for code in &ix.region_pages {
            let count = ix.notices_in.get(code).map_or(0, Vec::len);
            pages.extend((1..=region_page_count(count)).map(|n| region_page_url(code, n)));
        }
        pages.extend(ix.projects.keys().map(|c| project_url(c)));
        w.staging
            .write("sitemap.xml", sitemap(&base, &pages).as_bytes())?;
    }
    let mut problems = w.ledger_problems.into_inner().unwrap_or_default();
    if !problems.is_empty() {
        crate::diagnostic::sort_diagnostics(&mut problems);
        return Err(RenderFailure::Content(problems));
    }
    let mut unrecorded = w.unrecorded.into_inner().unwrap_or_default();
    unrecorded.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok((w.pages.into_inner(), w.reads, unrecorded))
}

/// Writes one notice's pages (portal page, sheets, open data, single file) and
/// returns its sheets if it is on a board now (公示中).
fn render_notice(
    site: &Site,
    ix: &SiteIndex<'_>,
    w: &PageWriter<'_, '_>,
    n: &Notice,
    base_url: Option<&str>,
    inline_css: Option<&str>,
) -> Result<Option<PrintDocument>, RenderFailure> {
    let (mut view, changes, content, objection_table) = notice_content(site, ix, n);
    let (version, problem) = versions::version_of(site, n, &content);
    if let Some(problem) = problem
        && let Ok(mut problems) = w.ledger_problems.lock()
    {
        problems.push(problem);
    }
    let recorded = site
        .content
        .ledger
        .get(&n.slug)
        .map_or(0, |r| r.versions.len() as u32);
    if version.number > recorded
        && let Ok(mut unrecorded) = w.unrecorded.lock()
    {
        unrecorded.push(versions::Unrecorded {
            slug: n.slug.clone(),
            number: version.number,
        });
    }
    // The sheets say what the page's facts say of a project stage, before the changes.
    let sheet_paragraphs: Vec<String> = content
        .project
        .as_ref()
        .map(super::project_life::stage_sentence)
        .into_iter()
        .chain(changes.iter().cloned())
        .collect();
    let doc = print_document(
        site,
        n,
        &view.card.issuer,
        view.table_cells.first(),
        &sheet_paragraphs,
        base_url,
        &version,
    );
    view.print_url = print_url(&n.slug);
    let dir = format!("notices/{}", n.slug);
    // The public content and its digest, for readers and for `gongshi verify`.
    w.staging.write(
        &format!("{dir}/data.json"),
        &notice_json(&content, &version, &view.information_index),
    )?;
    view.data_json_url = format!("{dir}/data.json");
    if !view.table_cells.is_empty() || objection_table.is_some() {
        let tables: Vec<&TableView> = view.table_cells.iter().chain(&objection_table).collect();
        w.staging
            .write(&format!("{dir}/data.csv"), &tables_csv(&tables))?;
        view.data_csv_url = format!("{dir}/data.csv");
    }
    if let Some(record) = site.content.ledger.get(&n.slug) {
        for (url, earlier) in versions::earlier_version_views(n, record, &version, &content) {
            w.write(
                "notice_version.html",
                &url,
                &format!("{}（第 {} 版）", earlier.title, earlier.number),
                "version",
                &earlier,
                &[],
            )?;
        }
    }
    view.print_label = format!(
        "打印张贴版（{}，共 {} 张）",
        doc.paper_label,
        doc.sheets.len()
    );
    if let Some(base) = base_url.map(super::sheets::with_slash) {
        let contact = &site.config().contact;
        let objection = site.objection_sentence(n);
        let fragment = super::fragment::notice_fragment(&super::fragment::FragmentSource {
            notice: n,
            objection: &objection,
            address: &contact.address,
            body_html: &view.body_html,
            changes: &changes,
            tables: &view.table_cells,
            base: &base,
            version: &version,
        });
        let dir = format!("notices/{}", n.slug);
        w.staging
            .write(&format!("{dir}/fragment.html"), fragment.as_bytes())?;
        w.staging.write(
            &format!("{dir}/meta.json"),
            &super::fragment::notice_metadata(n, &view.information_index, &base),
        )?;
    }
    view.version = Some(version);
    // Drawn once their cells have gone into the data files, the sheets and the
    // fragment.
    view.tables = draw_tables(&std::mem::take(&mut view.table_cells), &notice_url(&n.slug));
    let meta = notice_meta(n, &view.card, base_url);
    w.write(
        "notice.html",
        &notice_url(&n.slug),
        &n.front.title.value,
        "notice",
        &view,
        &meta,
    )?;
    if let Some(css) = inline_css {
        w.write_with(
            "notice.html",
            &format!("notices/{}/notice.html", n.slug),
            &n.front.title.value,
            |ctx| {
                ctx.insert("notice", &view);
                ctx.insert("inline_css", css);
                ctx.insert_value("site", w.site_view_inline.clone());
                ctx.insert("meta", &w.meta_with(&meta));
            },
        )?;
    }
    w.write_print(
        &print_url(&n.slug),
        &n.front.title.value,
        std::slice::from_ref(&doc),
        &notice_url(&n.slug),
    )?;
    Ok(on_board(ix.statuses[n.slug.as_str()]).then_some(doc))
}

/// A notice's page view, the changes since its first round as its sheets print
/// them, and its public content (what the ledger's digest is made of).
fn notice_content(
    site: &Site,
    ix: &SiteIndex<'_>,
    n: &Notice,
) -> (
    NoticeView,
    Vec<String>,
    crate::model::ledger::PublicContent,
    Option<TableView>,
) {
    let view = notice_view(site, ix, n);
    // On the sheets too, what changed since the first round comes before the table.
    let changes: Vec<String> = view
        .round_changes
        .iter()
        .flat_map(|c| {
            let removed = c.removed.iter().map(|h| {
                let mut line = format!("移出：{}（{}），原因：{}", h.name, h.id_number, h.reason);
                if let Some(o) = &h.objection {
                    line.push_str(&format!("（见{}）", o.label));
                }
                line
            });
            let added = c.added_by_objection.iter().map(|h| {
                format!(
                    "新增：{}（{}），见{}",
                    h.name, h.id_number, h.objection.label
                )
            });
            std::iter::once(format!("{}。", c.summary))
                .chain(removed)
                .chain(added)
        })
        .chain(super::objections::sheet_lines(&view.objections))
        .collect();
    // The objections an earlier round received are published by this one, in its data
    // files as in its page: part of what it says.
    let objection_table = super::objections::table(&view.objections);
    let tables: Vec<TableView> = view
        .table_cells
        .iter()
        .chain(&objection_table)
        .cloned()
        .collect();
    let content = versions::public_content(
        n,
        &view.card.issuer,
        &view.card.region_name,
        &changes,
        &tables,
        view.project_stage.as_ref(),
    );
    (view, changes, content, objection_table)
}

/// What the publication ledger says of the notices on record or with corrections,
/// as a build would find it: for `gongshi check`, which renders nothing.
pub fn ledger_problems(site: &Site, today: Day) -> Vec<crate::diagnostic::Diagnostic> {
    let ix = SiteIndex::build(site, today);
    site.notices()
        .par_iter()
        .filter(|n| site.content.ledger.contains_key(&n.slug) || !n.front.corrections.is_empty())
        .filter_map(|n| {
            let (_, _, content, _) = notice_content(site, &ix, n);
            versions::version_of(site, n, &content).1
        })
        .collect()
}

/// What a notice's page says of itself to crawlers.
fn notice_meta(n: &Notice, card: &NoticeCard, base_url: Option<&str>) -> Vec<Meta> {
    let mut description = format!("{}发布的{}：{}", card.issuer, card.kind_label, card.title);
    if !card.period.is_empty() {
        description.push_str(&format!("，公示期{}", card.period));
    }
    portal::article_meta(
        &Article {
            title: &card.title,
            date: &n.front.date.value.iso(),
            source: &card.issuer,
            keywords: &[&card.region_name, "扶贫", card.kind_label],
            description: &description,
            path: &notice_url(&n.slug),
        },
        base_url,
    )
}

/// What a notice not yet issued on the as-of day says of itself (shown only where
/// such notices are rendered: the preview, `build --include-future`); `""` otherwise.
fn draft_text(n: &Notice, today: Day) -> String {
    if crate::model::publication::is_issued(n, today) {
        String::new()
    } else {
        format!(
            "草稿（未发布）：发布日期为{}，正式生成的网站在那天之前不会刊出本{}。",
            n.front.date.value,
            n.kind().label()
        )
    }
}

/// Is a notice in this state on its region's print page? Only what a villager can
/// still object to today: a round not yet started would be pasted beside the one
/// running and contradict it.
fn on_board(status: NoticeStatus) -> bool {
    matches!(status, NoticeStatus::Active { .. })
}

impl PageWriter<'_, '_> {
    /// A page of printable sheets; `back` is the portal page it belongs to.
    fn write_print(
        &self,
        path: &str,
        title: &str,
        documents: &[PrintDocument],
        back: &str,
    ) -> Result<(), RenderFailure> {
        let total: usize = documents.iter().map(|d| d.sheets.len()).sum();
        self.write_with("print.html", path, title, |ctx| {
            let drawn: Vec<_> = documents
                .iter()
                .map(super::sheets::html::draw_sheets)
                .collect();
            ctx.insert("documents", &drawn);
            ctx.insert("total_sheets", &total);
            ctx.insert("back_url", back);
        })
    }
}

pub fn print_url(slug: &str) -> String {
    format!("notices/{slug}/print/index.html")
}

fn board(site: &Site, ix: &SiteIndex<'_>, w: &PageWriter<'_, '_>) -> Result<(), RenderFailure> {
    note(Input::AllOrder);
    let mut active: Vec<&Notice> = Vec::new();
    let mut upcoming: Vec<&Notice> = Vec::new();
    let mut announced: Vec<&Notice> = Vec::new();
    let mut ended: Vec<&Notice> = Vec::new();
    for n in site.notices() {
        match ix.statuses[n.slug.as_str()] {
            NoticeStatus::Active { .. } => active.push(n),
            NoticeStatus::Upcoming => upcoming.push(n),
            NoticeStatus::Announced => announced.push(n),
            NoticeStatus::Ended => ended.push(n),
        }
    }
    // Closing soonest first: those are the ones a reader can still object to.
    active.sort_by_key(|n| (ix.statuses[n.slug.as_str()], n.slug.clone()));
    upcoming.sort_by_key(|n| (n.period().map(|p| p.from), n.slug.clone()));
    announced.sort_by(|a, b| (b.front.date.value, &a.slug).cmp(&(a.front.date.value, &b.slug)));
    ended.sort_by(|a, b| {
        (b.period().map(|p| p.to), &a.slug).cmp(&(a.period().map(|p| p.to), &b.slug))
    });
    let cards = |list: &[&Notice]| list.iter().map(|n| ix.card(site, n)).collect::<Vec<_>>();
    let active_cards = cards(&active);
    let upcoming_cards = cards(&upcoming);
    let regions: Vec<RegionLink> = ix
        .region_pages
        .iter()
        .filter_map(|code| site.regions.get(code))
        .map(|r| RegionLink {
            name: r.name.clone(),
            url: region_url(&r.code),
            level: r.level_label(),
            count: ix.notices_in.get(&r.code).map_or(0, Vec::len),
        })
        .collect();
    // The full lists live on the all-notices pages; the board keeps what is recent.
    let all_url = all_notices_url(1);
    let title = site.config().title.clone();
    let meta = w.meta_with(&portal::column_meta(
        &title,
        BOARD_DESCRIPTION,
        &["扶贫", "公示", "公告", "扶贫项目", "扶贫资金"],
    ));
    let recent = |list: &[&Notice]| cards(&list[..list.len().min(BOARD_RECENT)]);
    w.write_with("index.html", "index.html", &title, |ctx| {
        ctx.insert("active", &active_cards);
        ctx.insert("upcoming", &upcoming_cards);
        ctx.insert("announcements", &recent(&announced));
        ctx.insert("announcements_total", &announced.len());
        ctx.insert("archive", &recent(&ended));
        ctx.insert("archive_total", &ended.len());
        ctx.insert("all_url", &all_url);
        ctx.insert("regions", &regions);
        ctx.insert("meta", &meta);
    })
}

/// What the board says the column holds (its lead, and its `ColumnDescription`).
const BOARD_DESCRIPTION: &str = "本栏目公开扶贫对象识别、扶贫项目和扶贫资金使用情况。";

/// The pages of every notice, newest first and grouped by year, split like a
/// region's list.
fn write_all_notices(
    site: &Site,
    ix: &SiteIndex<'_>,
    w: &PageWriter<'_, '_>,
) -> Result<(), RenderFailure> {
    let slugs: Vec<&str> = site.notices().iter().map(|n| n.slug.as_str()).collect();
    let all = ix.newest_first(&slugs);
    let total = region_page_count(all.len());
    let mut chunks = all.chunks(NOTICES_PER_PAGE);
    let meta = portal::column_meta(
        ALL_NOTICES_TITLE,
        "按年份列出本栏目发布的全部扶贫公示公告，最新的在前",
        &["扶贫", "公示", "公告"],
    );
    for n in 1..=total {
        let chunk = chunks.next().unwrap_or_default();
        let path = all_notices_url(n);
        if !w.staging.wants(&path) {
            continue;
        }
        let (years, reads) = recording(|| {
            note(Input::AllOrder);
            let mut years: Vec<YearGroup> = Vec::new();
            for m in chunk {
                let year = m.front.date.value.0.year() as i32;
                let card = ix.card(site, m);
                match years.last_mut() {
                    Some(g) if g.year == year => g.notices.push(card),
                    _ => years.push(YearGroup {
                        year,
                        notices: vec![card],
                    }),
                }
            }
            years
        });
        w.reads.set(Unit::AllNotices(n), reads);
        let view = AllNoticesView {
            total: all.len(),
            years,
            pager: pager(all_notices_url, n, total),
        };
        let title = if n == 1 {
            ALL_NOTICES_TITLE.to_string()
        } else {
            format!("{ALL_NOTICES_TITLE}（第 {n} 页）")
        };
        w.write("notices.html", &path, &title, "list", &view, &meta)?;
    }
    Ok(())
}

const ALL_NOTICES_TITLE: &str = "全部公示公告";

/// How many pages the list of every notice fills.
fn all_notices_pages(site: &Site) -> usize {
    region_page_count(site.notices().len())
}

/// The HTML site map: a link to every page of the site (the sheets and the later
/// pages of long lists beside the page they belong to).
fn site_map(site: &Site, ix: &SiteIndex<'_>) -> Vec<SiteMapSection> {
    note(Input::AllOrder);
    let link = |title: &str, url: String, note: String, more: Vec<SiteMapLink>| SiteMapLink {
        title: title.to_string(),
        url,
        note,
        more,
    };
    let later_pages = |count: usize, url: &dyn Fn(usize) -> String| -> Vec<SiteMapLink> {
        (2..=count)
            .map(|n| link(&format!("第 {n} 页"), url(n), String::new(), Vec::new()))
            .collect()
    };
    let columns = vec![
        link("首页", "index.html".into(), String::new(), Vec::new()),
        link(
            ALL_NOTICES_TITLE,
            all_notices_url(1),
            format!("共 {} 条", site.notices().len()),
            later_pages(all_notices_pages(site), &all_notices_url),
        ),
        link(
            "扶贫资金汇总",
            "funds/index.html".into(),
            String::new(),
            Vec::new(),
        ),
    ];
    // Regions whose board has a notice in its period have a print page.
    let mut with_print: BTreeSet<&str> = BTreeSet::new();
    for n in site.notices() {
        note(Input::Card(Source::file(&n.file)));
        if on_board(ix.statuses[n.slug.as_str()]) {
            with_print.insert(n.front.region.value.trim());
        }
    }
    let regions = ix
        .region_pages
        .iter()
        .filter_map(|code| site.regions.get(code))
        .map(|r| {
            let count = ix.notices_in.get(&r.code).map_or(0, Vec::len);
            let mut more = later_pages(region_page_count(count), &|n| region_page_url(&r.code, n));
            if with_print.contains(r.code.as_str()) {
                more.push(link(
                    "当前公示张贴版",
                    format!("regions/{}/print/index.html", r.code),
                    String::new(),
                    Vec::new(),
                ));
            }
            link(
                &r.name,
                region_url(&r.code),
                r.level_label().to_string(),
                more,
            )
        })
        .collect();
    let mut sections = vec![
        SiteMapSection {
            title: "栏目".into(),
            links: columns,
        },
        SiteMapSection {
            title: "按地区".into(),
            links: regions,
        },
    ];
    let slugs: Vec<&str> = site.notices().iter().map(|n| n.slug.as_str()).collect();
    for n in ix.newest_first(&slugs) {
        let year = format!("{}年公示公告", n.front.date.value.0.year());
        let entry = link(
            &n.front.title.value,
            notice_url(&n.slug),
            n.front.date.value.to_string(),
            vec![link(
                "张贴版",
                print_url(&n.slug),
                String::new(),
                Vec::new(),
            )],
        );
        match sections.last_mut() {
            Some(s) if s.title == year => s.links.push(entry),
            _ => sections.push(SiteMapSection {
                title: year,
                links: vec![entry],
            }),
        }
    }
    let projects: Vec<SiteMapLink> = ix
        .projects
        .iter()
        .map(|(code, e)| {
            note(Input::Records(Source::file(e.file)));
            link(
                &e.project.name,
                project_url(code),
                String::new(),
                Vec::new(),
            )
        })
        .collect();
    if !projects.is_empty() {
        sections.push(SiteMapSection {
            title: "扶贫项目".into(),
            links: projects,
        });
    }
    sections
}

/// The page a server shows for an address it does not have. Its links go from the
/// site's address when there is one (it is served at any depth), else from the top.
fn write_not_found(w: &PageWriter<'_, '_>, base_url: Option<&str>) -> Result<(), RenderFailure> {
    let root = base_url.map(super::sheets::with_slash).unwrap_or_default();
    w.write_with("404.html", "404.html", "找不到页面", |ctx| {
        ctx.insert("root", &root);
    })
}

fn notice_view(site: &Site, ix: &SiteIndex<'_>, n: &Notice) -> NoticeView {
    let card = ix.card(site, n);
    let mut facts = vec![
        Fact::new("发布单位", card.issuer.clone()),
        Fact::new("发布日期", card.date.clone()),
        // A 公告 announces a result: it has no 公示阶段, only its kind.
        match n.kind() {
            NoticeKind::Publicity => Fact::new(
                "公示阶段",
                format!("{}{}", card.stage_label, card.kind_label),
            ),
            NoticeKind::Announcement => Fact::new("类别", card.kind_label),
        },
        Fact::new("所属地区", card.region_name.clone()),
    ];
    if let Some(p) = n.period() {
        facts.push(Fact::new("公示期", format!("{p}（共 {} 天）", p.days())));
    }
    note(Input::Notice(Source::file(&n.file)));
    let mut table_cells = match site.records_of(n) {
        Some(rf) => vec![notice_table(site, n, &rf.set)],
        None => Vec::new(),
    };
    let changes = round_changes(site, ix, n, table_cells.first_mut());
    let index = site.information_index(n);
    let (projects, project_stage) = project_stage_of(site, ix, n, &mut facts);
    NoticeView {
        body_html: markdown_to_html(&n.body_markdown),
        tables: Vec::new(),
        table_cells,
        round_changes: changes,
        index_entries: index
            .entries()
            .into_iter()
            .map(|(label, value)| Fact::new(label, value))
            .collect(),
        information_index: index,
        replaced_by: replaced_by(ix, n),
        objection: crate::model::publication::objection_lead(
            n,
            &card.issuer,
            crate::model::contact::local_contact(n, &site.regions),
        ),
        facts,
        history: history(site, ix, n),
        objections: super::objections::groups(&ix.rounds.chain(n), n),
        card,
        print_url: String::new(),
        print_label: String::new(),
        data_csv_url: String::new(),
        data_json_url: String::new(),
        version: None,
        projects,
        project_stage,
    }
}

/// A notice that says `project:`: its stage, projects, approval and change as facts,
/// links to the projects' pages, and the same for its data.json.
fn project_stage_of(
    site: &Site,
    ix: &SiteIndex<'_>,
    n: &Notice,
    facts: &mut Vec<Fact>,
) -> (
    Vec<super::view::ProjectLink>,
    Option<crate::model::ledger::PublicProjectStage>,
) {
    if n.front.project.is_none() {
        return (Vec::new(), None);
    }
    let Some(stage) =
        crate::model::project_stage::NoticeStage::of(n, site.attached_project_codes(n))
    else {
        return (Vec::new(), None);
    };
    let links: Vec<super::view::ProjectLink> = stage
        .codes
        .iter()
        .filter_map(|code| ix.projects.get(code))
        .inspect(|e| note(Input::Records(Source::file(e.file))))
        .map(|e| super::view::ProjectLink {
            name: format!("{}（{}）", e.project.name, e.project.code.value),
            url: project_url(&e.project.code.value),
        })
        .collect();
    facts.push(Fact::new("项目阶段", stage.stage.label()));
    if !links.is_empty() {
        let names: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
        facts.push(Fact::new("项目", names.join("、")));
    }
    let approval = n
        .front
        .project
        .as_ref()
        .and_then(|p| p.approval.as_ref())
        .map_or("", |a| a.value.trim());
    if !approval.is_empty() {
        facts.push(Fact::new("批复文号", approval));
    }
    if let Some(change) = stage.change {
        facts.push(Fact::new("调整内容", change));
    }
    let data = crate::model::ledger::PublicProjectStage {
        stage: stage.stage,
        stage_label: stage.stage.label().to_string(),
        codes: stage.codes.iter().map(|c| c.to_string()).collect(),
        approval: approval.to_string(),
        change: stage.change.unwrap_or_default().to_string(),
    };
    (links, Some(data))
}

/// The rounds of one list (`follows` links), earliest first, each with the households
/// added and removed since the round before; empty for a lone notice.
fn history(site: &Site, ix: &SiteIndex<'_>, n: &Notice) -> Vec<HistoryEntry> {
    let chain = ix.rounds.chain(n);
    if chain.len() < 2 {
        return Vec::new();
    }
    let mut entries = Vec::with_capacity(chain.len());
    for (i, m) in chain.iter().enumerate() {
        note(Input::Card(Source::file(&m.file)));
        let diff = i
            .checked_sub(1)
            .and_then(|p| household_changes(site, chain[p], m));
        let changes = diff
            .as_ref()
            .map(|(added, removed)| describe_changes(added, removed))
            .unwrap_or_default();
        let (added, removed) = diff.unwrap_or_default();
        entries.push(HistoryEntry {
            title: m.front.title.value.clone(),
            url: notice_url(&m.slug),
            stage_label: type_label(m),
            period: m.period().map(|p| p.to_string()).unwrap_or_default(),
            date: m.front.date.value.to_string(),
            issuer: issuer_of(site, m),
            is_current: m.slug == n.slug,
            added,
            removed,
            changes,
        });
    }
    entries
}

fn describe_changes(added: &[String], removed: &[String]) -> String {
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("新增 {} 户（{}）", added.len(), added.join("、")));
    }
    if !removed.is_empty() {
        parts.push(format!(
            "移出 {} 户（{}）",
            removed.len(),
            removed.join("、")
        ));
    }
    if parts.is_empty() {
        "名单相同".to_string()
    } else {
        parts.join("；")
    }
}

/// Households on `cur`'s list and not on `prev`'s (added), and the reverse (removed),
/// matched by identity number and shown by name.
fn household_changes(
    site: &Site,
    prev: &Notice,
    cur: &Notice,
) -> Option<(Vec<String>, Vec<String>)> {
    let (before, after) = (site.households_of(prev)?, site.households_of(cur)?);
    let changes = ListChanges::between(&before, &after);
    let names = |list: &[&Household]| list.iter().map(|h| h.head.value.to_string()).collect();
    Some((names(&changes.added), names(&changes.removed)))
}

/// What a later round changed against the first: said before its table, the
/// households it no longer lists named with the reason recorded for each; the
/// households it adds are marked in the table (`table`, the list's own).
fn round_changes(
    site: &Site,
    ix: &SiteIndex<'_>,
    n: &Notice,
    table: Option<&mut TableView>,
) -> Option<RoundChangesView> {
    let chain = ix.rounds.chain(n);
    let first = *chain.first()?;
    if first.slug == n.slug {
        return None;
    }
    note(Input::Card(Source::file(&first.file)));
    let (before, after) = (site.households_of(first)?, site.households_of(n)?);
    let changes = ListChanges::between(&before, &after);
    let reasons = recorded_reasons(&chain, n);
    if let Some(table) = table.filter(|_| !changes.added.is_empty()) {
        let added: BTreeSet<IdKey<'_>> = changes
            .added
            .iter()
            .map(|h| IdKey::of(&h.id_number.value))
            .collect();
        table.columns.push(ColumnView {
            title: "变动".into(),
            numeric: false,
        });
        for (row, h) in table.rows.iter_mut().zip(after.iter()) {
            let mark = if added.contains(&IdKey::of(&h.id_number.value)) {
                "新增"
            } else {
                ""
            };
            row.push(mark.into());
        }
        if !table.footer.is_empty() {
            table.footer.push(String::new());
        }
    }
    let first_name = if first.kind() == NoticeKind::Publicity {
        "第一次公示"
    } else {
        "第一轮"
    };
    let summary = if changes.is_empty() {
        format!("与{first_name}相比：名单没有变动")
    } else {
        format!(
            "与{first_name}相比：新增 {} 户、移出 {} 户",
            changes.added.len(),
            changes.removed.len()
        )
    };
    let removed = changes
        .removed
        .iter()
        .map(|h| RemovedHousehold {
            name: h.head.value.to_string(),
            id_number: crate::privacy::mask_id_number(&h.id_number.value),
            reason: reasons
                .get(&IdKey::of(&h.id_number.value))
                .map_or_else(|| "（未写明原因）".to_string(), |c| c.reason.value.clone()),
            objection: super::objections::naming(&chain, n, &IdKey::of(&h.id_number.value)),
        })
        .collect();
    let added_by_objection = changes
        .added
        .iter()
        .filter_map(|h| {
            Some(AddedHousehold {
                name: h.head.value.to_string(),
                id_number: crate::privacy::mask_id_number(&h.id_number.value),
                objection: super::objections::naming(&chain, n, &IdKey::of(&h.id_number.value))?,
            })
        })
        .collect();
    Some(RoundChangesView {
        summary,
        first_url: notice_url(&first.slug),
        first_title: first.front.title.value.clone(),
        removed,
        added_by_objection,
    })
}

/// The round that replaced `n`, if a later one follows it.
fn replaced_by(ix: &SiteIndex<'_>, n: &Notice) -> Option<NoticeLink> {
    let next = *ix.rounds.followers(n).first()?;
    note(Input::Card(Source::file(&next.file)));
    Some(NoticeLink {
        title: next.front.title.value.clone(),
        url: notice_url(&next.slug),
        date: next.front.date.value.to_string(),
        kind_label: next.kind().label(),
    })
}

fn region_view(site: &Site, ix: &SiteIndex<'_>, code: &str) -> RegionView {
    let region = site.regions.get(code);
    let link = |r: &crate::model::region::Region| RegionLink {
        name: r.name.clone(),
        url: if ix.region_pages.contains(&r.code) {
            region_url(&r.code)
        } else {
            String::new()
        },
        level: r.level_label(),
        count: ix.notices_in.get(&r.code).map_or(0, Vec::len),
    };
    let mut breadcrumb: Vec<RegionLink> = site.regions.lineage(code).skip(1).map(link).collect();
    breadcrumb.reverse();
    let children = region
        .map(|r| {
            r.children
                .iter()
                .filter(|c| ix.region_pages.contains(*c))
                .filter_map(|c| site.regions.get(c))
                .map(link)
                .collect()
        })
        .unwrap_or_default();
    let entries: Vec<&ProjectEntry<'_>> = ix
        .projects_in
        .get(code)
        .map(|codes| {
            codes
                .iter()
                .filter_map(|c| ix.projects.get(c))
                .inspect(|e| note(Input::Records(Source::file(e.file))))
                .collect()
        })
        .unwrap_or_default();
    // The totals are a column: one unit (in its header), one number of decimals.
    let totals = MoneyColumn::of(entries.iter().map(|e| &e.project.total.value));
    let history = ix.village_histories.get(code);
    if let Some(h) = history {
        h.note_reads();
    }
    let projects = entries
        .iter()
        .map(|e| ProjectCard {
            name: e.project.name.clone(),
            url: project_url(&e.project.code.value),
            status: ix.project_status(e.project).to_string(),
            total: totals.text(&e.project.total.value),
        })
        .collect();
    RegionView {
        name: region
            .map(|r| r.name.clone())
            .unwrap_or_else(|| code.to_string()),
        code: code.to_string(),
        breadcrumb,
        children,
        notices: Vec::new(),
        notice_total: 0,
        pager: Pager::default(),
        projects,
        projects_total_title: totals.title("总投资"),
        print_url: String::new(),
        print_count: 0,
        household_history: history.map_or_else(Vec::new, |h| h.households.clone()),
        history_years: history.map_or_else(Vec::new, |h| h.years.clone()),
        village_steps: history.map_or_else(Vec::new, |h| {
            h.village_steps
                .iter()
                .map(|(year, step)| YearStep {
                    year: *year,
                    step: step.clone(),
                })
                .collect()
        }),
    }
}

fn project_view(site: &Site, ix: &SiteIndex<'_>, entry: &ProjectEntry<'_>) -> ProjectView {
    note(Input::Records(Source::file(entry.file)));
    note(Input::Attached(Source::file(entry.file)));
    note(Input::ProjectLife);
    let p = entry.project;
    let code = p.code.value.trim();
    let events: &[crate::model::project_stage::StageEvent<'_>] =
        ix.timelines.get(code).map_or(&[], Vec::as_slice);
    for e in events {
        note(Input::Card(Source::file(&e.notice.file)));
    }
    let benefit_lists: &[(&std::path::Path, &crate::model::records::BeneficiaryList)] =
        ix.benefits_of.get(code).map_or(&[], Vec::as_slice);
    let region = p.region.value.trim();
    let place: Vec<String> = {
        let mut names: Vec<String> = site
            .regions
            .lineage(region)
            .filter(|r| r.depth > 0)
            .map(|r| r.name.clone())
            .collect();
        names.reverse();
        names
    };
    let mut facts = vec![
        Fact::new("项目编号", p.code.value.clone()),
        Fact::new("项目年度", format!("{}年", entry.year)),
        Fact::new("实施地点", place.join("")),
        Fact::new("建设内容", p.content.clone()),
    ];
    if let Some(scale) = &p.scale {
        facts.push(Fact::new("建设规模", scale.clone()));
    }
    // The project's figures in one unit, as its sources list them.
    let column = MoneyColumn::of(
        p.funds
            .iter()
            .map(|f| &f.amount.value)
            .chain([&p.total.value]),
    );
    let mut sources: Vec<(String, Money)> = p
        .funds
        .iter()
        .map(|f| (f.source.clone(), f.amount.value))
        .collect();
    super::funds::sort_by_source(&mut sources, |(s, m)| (s.as_str(), m));
    facts.extend([
        Fact::new("总投资", column.text_with_unit(&p.total.value)),
        Fact::new("资金来源", fund_sources_text(p)),
        Fact::new("实施单位", p.implementer.clone()),
        Fact::new("项目负责人", p.manager.clone()),
        Fact::new("建设期限", p.period.value.range().to_string()),
        Fact::new("项目状态", ix.project_status(p)),
    ]);
    if let Some(b) = &p.beneficiaries {
        let mut text = format!("受益 {} 户 {} 人", b.households, b.people);
        if let (Some(h), Some(pp)) = (b.poor_households, b.poor_people) {
            text.push_str(&format!("，其中贫困户 {h} 户 {pp} 人"));
        }
        facts.push(Fact::new("受益对象", text));
    }
    let lists: Vec<_> = benefit_lists.iter().map(|(_, l)| *l).collect();
    let (benefit, benefit_tables) = super::project_life::beneficiaries(site, entry, &lists);
    if let Some(benefit) = benefit {
        facts.push(Fact::new("带贫成效", benefit));
    }
    for (label, value) in [
        ("补助标准", &p.subsidy_standard),
        ("绩效目标", &p.goals),
        ("带贫减贫机制", &p.mechanism),
    ] {
        if let Some(v) = value {
            facts.push(Fact::new(label, v.clone()));
        }
    }

    let mut funds = TableView {
        caption: format!("{}资金来源", p.name),
        columns: vec![
            ColumnView {
                title: "资金来源".into(),
                numeric: false,
            },
            ColumnView {
                title: column.title("金额"),
                numeric: true,
            },
        ],
        rows: sources
            .iter()
            .map(|(source, amount)| vec![source.clone(), column.text(amount)])
            .collect(),
        row_links: Vec::new(),
        footer: vec!["合计".into(), column.text(&p.total.value)],
        note: String::new(),
    };
    if p.funds.is_empty() {
        funds.footer.clear();
    }
    let mut tables = vec![funds];
    let mut charts = vec![super::charts::bar_chart(
        &format!("{}资金来源", p.name),
        &sources,
        column,
    )];
    let rows = ix.ledger_of.get(code).map_or(&[][..], Vec::as_slice);
    let progress = crate::model::project_funds::ProjectFunds::of(p, rows);
    if let Some((chart, table)) = super::project_life::project_progress(&p.name, &progress) {
        charts.push(chart);
        tables.push(table);
    }
    if let Some(ledger) = ledger_table(ix, p) {
        tables.push(ledger);
    }
    tables.extend(benefit_tables);

    // Notices that publish the file this project is recorded in, its stages, and
    // its 带贫 lists.
    let mut slugs: Vec<&str> = ix
        .notices_of_file
        .get(entry.file)
        .map_or(&[][..], Vec::as_slice)
        .to_vec();
    slugs.extend(events.iter().map(|e| e.notice.slug.as_str()));
    for (file, _) in benefit_lists {
        note(Input::Attached(Source::file(file)));
        slugs.extend(ix.notices_of_file.get(file).into_iter().flatten());
    }
    slugs.sort_unstable();
    slugs.dedup();
    ProjectView {
        name: p.name.clone(),
        code: p.code.value.clone(),
        facts,
        timeline: super::project_life::timeline(events),
        charts,
        tables: draw_tables(&tables, &project_url(&p.code.value)),
        notices: ix.cards_newest_first(site, &slugs),
    }
}

/// Disbursements recorded against a project in the fund ledgers.
fn ledger_table(ix: &SiteIndex<'_>, p: &crate::model::records::Project) -> Option<TableView> {
    let code = p.code.value.trim();
    note(Input::Ledger(Source::name(code)));
    let mut rows = Vec::new();
    let mut allocated: Vec<Money> = Vec::new();
    let mut disbursed: Vec<Money> = Vec::new();
    let mut spent: Vec<Money> = Vec::new();
    let entries: Vec<_> = ix
        .ledger_of
        .get(code)
        .into_iter()
        .flatten()
        .map(|r| r.entry)
        .collect();
    for e in &entries {
        allocated.push(e.allocated.value);
        disbursed.push(e.disbursed.value);
        spent.extend(e.spent.as_ref().map(|s| s.value));
    }
    if entries.is_empty() {
        return None;
    }
    // Ledgers that report no spending keep their two columns.
    let with_spent = !spent.is_empty();
    // One unit for all columns; each column its own decimals.
    let unit = Money::common_unit(allocated.iter().chain(&disbursed).chain(&spent));
    let (alloc_total, disb_total) = (Money::sum(&allocated, unit), Money::sum(&disbursed, unit));
    let spent_total = Money::sum(&spent, unit);
    let alloc_col = MoneyColumn::new(unit, allocated.iter().chain([&alloc_total]));
    let disb_col = MoneyColumn::new(unit, disbursed.iter().chain([&disb_total]));
    let spent_col = MoneyColumn::new(unit, spent.iter().chain([&spent_total]));
    for e in &entries {
        let mut row = vec![
            e.date.value.to_string(),
            e.source.clone(),
            e.document.clone().unwrap_or_default(),
            alloc_col.text(&e.allocated.value),
            disb_col.text(&e.disbursed.value),
        ];
        if with_spent {
            row.push(
                e.spent
                    .as_ref()
                    .map_or(String::new(), |s| spent_col.text(&s.value)),
            );
        }
        rows.push(row);
    }
    let col = |title: &str, numeric| ColumnView {
        title: title.into(),
        numeric,
    };
    let mut columns = vec![
        col("日期", false),
        col("资金来源", false),
        col("文号", false),
        col(&alloc_col.title("下达金额"), true),
        col(&disb_col.title("已拨付金额"), true),
    ];
    let mut footer = vec![
        "合计".into(),
        String::new(),
        String::new(),
        alloc_col.text(&alloc_total),
        disb_col.text(&disb_total),
    ];
    if with_spent {
        columns.push(col(&spent_col.title("支出金额"), true));
        footer.push(spent_col.text(&spent_total));
    }
    Some(TableView {
        caption: format!("{}资金下达与拨付", p.name),
        columns,
        rows,
        row_links: Vec::new(),
        footer,
        note: String::new(),
    })
}
