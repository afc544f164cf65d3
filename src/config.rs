//! `site.yaml`: the site's settings.

use crate::model::money::Money;
pub use crate::model::print::{Orientation, Paper, PrintOverride, PrintSettings};
use crate::model::region::RegionNode;
use crate::model::spanned::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub issuer: Spanned<String>,
    #[serde(default)]
    pub base_url: Option<Spanned<String>>,
    #[serde(default)]
    pub time_zone: Option<Spanned<String>>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    pub contact: Contact,
    /// How the county portal this column belongs to identifies itself: the footer
    /// line every government site carries and the page metadata crawlers read.
    #[serde(default)]
    pub portal: Option<Spanned<Portal>>,
    #[serde(default)]
    pub publicity: PublicityRules,
    /// 元/人/年 by year.
    #[serde(default)]
    pub poverty_lines: BTreeMap<i32, Spanned<Money>>,
    #[serde(default)]
    pub print: PrintSettings,
    #[serde(default)]
    pub limits: Limits,
    pub regions: Vec<RegionNode>,
    /// The information index of notices: the issuer code of generated 索引号, the
    /// default 主题分类.
    #[serde(default)]
    pub information_index: crate::model::information_index::IndexSettings,
    /// Files under `static/` (or a theme's) that are no text — images, PDF
    /// attachments — and so cannot be checked for personal numbers: published only
    /// when listed here, by path or by folder (ending in `/`), relative to the site.
    #[serde(default)]
    pub unscanned_files: Vec<String>,
}

/// The portal's identity (政府网站发展指引; GB/T 42147-2022 for the metadata). Every
/// field is optional to the parser; `check` asks for the ones a government site must
/// show (`portal-field-missing`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portal {
    /// 网站标识码, e.g. 5306230001.
    #[serde(default)]
    pub site_code: Option<Spanned<String>>,
    /// The portal's domain, e.g. www.example.gov.cn (`SiteDomain`).
    #[serde(default)]
    pub domain: Option<Spanned<String>>,
    /// 主办单位 (when absent the footer names the site's issuer).
    #[serde(default)]
    pub sponsor: Option<Spanned<String>>,
    /// 承办单位.
    #[serde(default)]
    pub organizer: Option<Spanned<String>>,
    /// ICP 备案号, e.g. 滇ICP备05001234号; linked to the MIIT filing site.
    #[serde(default)]
    pub icp: Option<Spanned<String>>,
    /// 公安机关备案号, e.g. 滇公网安备 53062302000123号; linked to its filing page.
    #[serde(default)]
    pub police: Option<Spanned<String>>,
    /// The 党政机关网站标识 page the CONAC issued for this site.
    #[serde(default)]
    pub conac_url: Option<Spanned<String>>,
    /// The CONAC badge script (used only with `scripts: true`).
    #[serde(default)]
    pub conac_script: Option<Spanned<String>>,
    /// The 我为政府网站找错 page.
    #[serde(default)]
    pub error_report_url: Option<Spanned<String>>,
    /// Load the third-party badge scripts (找错, 党政机关) instead of plain links.
    /// Off by default: they put another host's script on every page.
    #[serde(default)]
    pub scripts: bool,
}

/// How big a file and how long a line may be. A county's household list of 100,000
/// rows is about 15 MB, and one value (a name, a construction project's content) is
/// at most a few hundred characters; far past that, a file is a mistake (a workbook
/// saved as text, a paste gone wrong) that would otherwise take minutes and gigabytes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Megabytes per notice or record file.
    #[serde(default = "default_max_file_mb")]
    pub max_file_mb: Spanned<u64>,
    /// Characters per line (a YAML value sits on one line; a Markdown paragraph may).
    #[serde(default = "default_max_line_chars")]
    pub max_line_chars: Spanned<u64>,
}

fn default_max_file_mb() -> Spanned<u64> {
    unspanned(64)
}

fn default_max_line_chars() -> Spanned<u64> {
    unspanned(10_000)
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_mb: default_max_file_mb(),
            max_line_chars: default_max_line_chars(),
        }
    }
}

/// The supervision channel printed on every notice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The national poverty-alleviation supervision hotline.
    #[serde(default = "national_hotline")]
    pub hotline: String,
    pub phone: String,
    pub address: String,
}

fn national_hotline() -> String {
    "12317".to_string()
}

/// Minimum 公示 periods in days, counting both ends.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicityRules {
    #[serde(default = "default_min_days")]
    pub min_days: Spanned<u32>,
    #[serde(default = "default_project_min_days")]
    pub project_min_days: Spanned<u32>,
    /// Days at least between the end of a round's 公示 and the 公告 that follows it:
    /// the time to check the objections received.
    #[serde(default = "default_review_days")]
    pub review_days: Spanned<u32>,
}

fn default_review_days() -> Spanned<u32> {
    unspanned(3)
}

fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, crate::diagnostic::Span::default())
}

fn default_min_days() -> Spanned<u32> {
    unspanned(7)
}

fn default_project_min_days() -> Spanned<u32> {
    unspanned(10)
}

impl Default for PublicityRules {
    fn default() -> Self {
        PublicityRules {
            min_days: default_min_days(),
            project_min_days: default_project_min_days(),
            review_days: default_review_days(),
        }
    }
}

impl SiteConfig {
    pub fn theme_name(&self) -> &str {
        self.theme
            .as_ref()
            .map(|t| t.value.as_str())
            .unwrap_or("default")
    }
}
