//! View models: what templates receive. Every value is already formatted and every
//! personal number already masked; templates never see a record.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub issuer: String,
    pub hotline: String,
    pub phone: String,
    pub address: String,
    /// 主办单位: the portal's sponsor, or the site's issuer.
    pub sponsor: String,
    /// The portal's identity for the footer, when `site.yaml` has a `portal:` block.
    pub portal: Option<PortalView>,
}

/// The footer line of a government site (主办单位 · 承办单位 · 网站标识码 · ICP备案号 ·
/// 公安备案号, then the badge and 找错 links); empty strings are left out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PortalView {
    pub organizer: String,
    pub site_code: String,
    pub icp: String,
    /// The MIIT filing site, when there is an ICP number.
    pub icp_url: String,
    pub police: String,
    /// The 公安 filing page of the number, when it has digits.
    pub police_url: String,
    pub conac_url: String,
    pub error_report_url: String,
    /// Third-party badge scripts, only when the site asked for them.
    pub scripts: bool,
    pub conac_script: String,
}

/// One `<meta name content>` of the page metadata (GB/T 42147-2022); never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub name: &'static str,
    pub content: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeCard {
    pub title: String,
    pub url: String,
    pub kind_label: &'static str,
    pub stage_label: &'static str,
    /// What the notice is, as its card says: 村级公示, or 公告 (no stage: a 公告
    /// announces a result and has no 公示阶段).
    pub type_label: String,
    pub status: &'static str,
    pub status_label: &'static str,
    pub status_text: String,
    /// The draft banner of a notice not yet issued, or `""`.
    pub draft: String,
    pub date: String,
    pub period: String,
    pub region_name: String,
    pub region_url: String,
    pub issuer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

impl Fact {
    pub fn new(label: &str, value: impl Into<String>) -> Fact {
        Fact {
            label: label.to_string(),
            value: value.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ColumnView {
    pub title: String,
    pub numeric: bool,
}

/// A table's cells: what the data files, the sheets and the drawn table are made of.
#[derive(Debug, Clone)]
pub struct TableView {
    pub caption: String,
    pub columns: Vec<ColumnView>,
    pub rows: Vec<Vec<String>>,
    /// A link (relative to the site root) for each row's first cell, or `""`.
    pub row_links: Vec<String>,
    pub footer: Vec<String>,
    pub note: String,
}

/// A table as templates receive it: drawn ([`super::table_html`]), to be placed.
#[derive(Debug, Clone, Serialize)]
pub struct DrawnTable {
    pub html: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub title: String,
    pub url: String,
    /// As [`NoticeCard::type_label`].
    pub stage_label: String,
    pub period: String,
    pub date: String,
    pub issuer: String,
    pub is_current: bool,
    /// Names of households new in this round, compared with the round before.
    pub added: Vec<String>,
    /// Names of households no longer listed in this round.
    pub removed: Vec<String>,
    /// The two lists above in words, or `""` when the rounds have no household lists.
    pub changes: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    #[serde(flatten)]
    pub card: NoticeCard,
    pub body_html: String,
    /// Drawn once the cells have gone into the data files and the sheets.
    pub tables: Vec<DrawnTable>,
    #[serde(skip)]
    pub table_cells: Vec<TableView>,
    /// A later round: what changed since the first, said before the table.
    pub round_changes: Option<RoundChangesView>,
    /// The round that replaced this one, said at the top.
    pub replaced_by: Option<NoticeLink>,
    /// 信息索引, as the page shows it above the title.
    pub index_entries: Vec<Fact>,
    #[serde(skip)]
    pub information_index: crate::model::information_index::InformationIndex,
    /// How to object and by when (the supervision box, near the top).
    pub objection: String,
    pub facts: Vec<Fact>,
    pub history: Vec<HistoryEntry>,
    /// Objections received during the earlier rounds of the chain, then this one's.
    pub objections: Vec<ObjectionGroup>,
    /// The printable sheets of this notice.
    pub print_url: String,
    pub print_label: String,
    /// The masked table for download, or `""` when the notice has none.
    pub data_csv_url: String,
    pub data_json_url: String,
    /// Which version this is, its digest, and its corrections.
    pub version: Option<super::versions::VersionView>,
    /// The projects this notice is a stage of (`project:`), linked.
    pub projects: Vec<ProjectLink>,
    /// The same, for the notice's data.json.
    #[serde(skip)]
    pub project_stage: Option<crate::model::ledger::PublicProjectStage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectLink {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundChangesView {
    /// 与第一次公示相比：新增 N 户、移出 M 户.
    pub summary: String,
    pub first_url: String,
    pub first_title: String,
    pub removed: Vec<RemovedHousehold>,
    /// Households this round adds that an objection named.
    pub added_by_objection: Vec<AddedHousehold>,
}

/// A household a later round adds, and the objection that named it.
#[derive(Debug, Clone, Serialize)]
pub struct AddedHousehold {
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub objection: ObjectionRef,
}

/// A link to an objection on the page of the round that received it.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectionRef {
    /// 第一次公示期间第 1 件异议.
    pub label: String,
    pub url: String,
}

/// The objections one round received.
#[derive(Debug, Clone, Serialize)]
pub struct ObjectionGroup {
    /// 公示期间收到异议 N 件，处理结果如下 (or 公示期间未收到异议).
    pub heading: String,
    pub round_title: String,
    pub round_url: String,
    pub period: String,
    /// The round whose page this is: its objections carry their anchors.
    pub is_current: bool,
    pub items: Vec<ObjectionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectionView {
    pub number: usize,
    pub anchor: String,
    pub date: String,
    pub from: String,
    pub about: String,
    /// The masked identity number of the household it names, or `""`.
    pub household: String,
    pub finding: String,
    /// 维持, 纳入, 移出, or 处理中.
    pub result: String,
}

/// A household a later round no longer lists, and why.
#[derive(Debug, Clone, Serialize)]
pub struct RemovedHousehold {
    pub name: String,
    /// Masked.
    pub id_number: String,
    pub reason: String,
    /// The objection that named it, if one did.
    pub objection: Option<ObjectionRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeLink {
    pub title: String,
    pub url: String,
    pub date: String,
    pub kind_label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionLink {
    pub name: String,
    pub url: String,
    pub level: &'static str,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectCard {
    pub name: String,
    pub url: String,
    pub status: String,
    /// The figure only; the unit is in [`RegionView::projects_total_title`].
    pub total: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegionView {
    pub name: String,
    pub code: String,
    pub breadcrumb: Vec<RegionLink>,
    pub children: Vec<RegionLink>,
    /// This page's share of the region's notices, newest first.
    pub notices: Vec<NoticeCard>,
    pub notice_total: usize,
    pub pager: Pager,
    pub projects: Vec<ProjectCard>,
    /// The header of the projects' totals, naming their unit: 总投资（万元）.
    pub projects_total_title: String,
    /// Sheets of this region's notices on the board now, in one document.
    pub print_url: String,
    pub print_count: usize,
    /// The households of this village through the years (see
    /// [`crate::model::history`]): empty until its lists span two years.
    pub household_history: Vec<HouseholdTimeline>,
    /// The years of [`RegionView::household_history`]'s columns.
    pub history_years: Vec<i32>,
    /// As a poor village, by year: 认定为贫困村, 退出贫困村 (empty within one year).
    pub village_steps: Vec<YearStep>,
}

#[derive(Debug, Clone, Serialize)]
pub struct YearStep {
    pub year: i32,
    pub step: StepLink,
}

/// One household through the years, as a villager may follow it: masked name and
/// masked identity number, and each year's steps linked to the notices.
#[derive(Debug, Clone, Serialize)]
pub struct HouseholdTimeline {
    pub name: String,
    pub id_number: String,
    /// One cell per year of [`RegionView::history_years`]; empty where nothing happened.
    pub years: Vec<Vec<StepLink>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepLink {
    /// 识别, 新识别, 退出, 返贫, 自然减少.
    pub label: String,
    pub url: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectView {
    pub name: String,
    pub code: String,
    pub facts: Vec<Fact>,
    /// Its stages as published, in date order.
    pub timeline: Vec<TimelineItem>,
    pub charts: Vec<ChartView>,
    pub tables: Vec<DrawnTable>,
    pub notices: Vec<NoticeCard>,
}

/// One stage of a project as published: 批复（计划）公示, 实施调整, 竣工验收公示.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    pub stage: String,
    pub date: String,
    pub title: String,
    pub url: String,
    /// The approval's 文号, else the notice's own; `""` if neither.
    pub document: String,
    /// What an adjustment changes, or `""`.
    pub change: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FundSummaryView {
    pub facts: Vec<Fact>,
    pub charts: Vec<ChartView>,
    pub tables: Vec<DrawnTable>,
    #[serde(skip)]
    pub table_cells: Vec<TableView>,
}

/// A bar chart: its caption (naming the unit of its figures) and its rows as HTML
/// (built and escaped in Rust, [`super::charts`]).
#[derive(Debug, Clone, Serialize)]
pub struct ChartView {
    pub title: String,
    pub html: String,
}

/// Where a page stands in a list split over several pages (a county's notices).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Pager {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    pub prev_url: String,
    pub next_url: String,
    pub pages: Vec<PageLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub is_current: bool,
}

/// One year of the all-notices list.
#[derive(Debug, Clone, Serialize)]
pub struct YearGroup {
    pub year: i32,
    pub notices: Vec<NoticeCard>,
}

/// A page of every notice, newest first, grouped by year.
#[derive(Debug, Clone, Serialize)]
pub struct AllNoticesView {
    pub total: usize,
    pub years: Vec<YearGroup>,
    pub pager: Pager,
}

/// A link of the site map, with the page's other pages (sheets, later list pages).
#[derive(Debug, Clone, Serialize)]
pub struct SiteMapLink {
    pub title: String,
    pub url: String,
    /// A note after the link (a region's level, a notice's date).
    pub note: String,
    pub more: Vec<SiteMapLink>,
}

/// A section of the site map.
#[derive(Debug, Clone, Serialize)]
pub struct SiteMapSection {
    pub title: String,
    pub links: Vec<SiteMapLink>,
}
