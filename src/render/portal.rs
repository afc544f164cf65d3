//! Government-site conventions: the portal's footer line and the page metadata that
//! government site crawlers and 集约化 platforms read (GB/T 42147-2022 政府网站网页
//! 电子文件元数据). A value that is not known gives no tag at all.

use super::view::{Meta, PortalView};
use crate::config::{Portal, SiteConfig};
use crate::model::spanned::Spanned;

/// The MIIT filing site every ICP number links to.
pub const ICP_URL: &str = "https://beian.miit.gov.cn/";

/// The filing page of a 公安机关备案号 (its digits).
pub fn police_url(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        String::new()
    } else {
        format!("http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}")
    }
}

fn text(value: &Option<Spanned<String>>) -> String {
    value
        .as_ref()
        .map(|v| v.value.trim().to_string())
        .unwrap_or_default()
}

/// The footer's portal line, when the site has a `portal:` block. `inline` pages (the
/// single-file notices) never load a script, whatever the site asks.
pub fn portal_view(portal: &Portal, inline: bool) -> PortalView {
    let icp = text(&portal.icp);
    let police = text(&portal.police);
    PortalView {
        organizer: text(&portal.organizer),
        site_code: text(&portal.site_code),
        icp_url: if icp.is_empty() {
            String::new()
        } else {
            ICP_URL.to_string()
        },
        icp,
        police_url: police_url(&police),
        police,
        conac_url: text(&portal.conac_url),
        error_report_url: text(&portal.error_report_url),
        scripts: portal.scripts && !inline,
        conac_script: text(&portal.conac_script),
    }
}

/// The 主办单位 the footer names: the portal's sponsor, or the site's issuer.
pub fn sponsor(config: &SiteConfig) -> String {
    config
        .portal
        .as_ref()
        .map(|p| text(&p.value.sponsor))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| config.issuer.value.clone())
}

/// Pushes `name` with `content`, unless the content is empty.
pub fn push(meta: &mut Vec<Meta>, name: &'static str, content: impl Into<String>) {
    let content = content.into();
    let content = content.trim();
    if !content.is_empty() {
        meta.push(Meta {
            name,
            content: content.to_string(),
        });
    }
}

/// `SiteName`, `SiteDomain`, `SiteIDCode`: on every page.
pub fn site_meta(config: &SiteConfig) -> Vec<Meta> {
    let mut meta = Vec::new();
    push(&mut meta, "SiteName", config.title.clone());
    if let Some(p) = &config.portal {
        push(&mut meta, "SiteDomain", text(&p.value.domain));
        push(&mut meta, "SiteIDCode", text(&p.value.site_code));
    }
    meta
}

/// The type every list page of this site is: a column that publishes information
/// (信息发布, one of the column types of the 政府网站发展指引).
pub const COLUMN_TYPE: &str = "信息发布";

/// `ColumnName`, `ColumnDescription`, `ColumnKeywords`, `ColumnType`: on list pages.
pub fn column_meta(name: &str, description: &str, keywords: &[&str]) -> Vec<Meta> {
    let mut meta = Vec::new();
    push(&mut meta, "ColumnName", name);
    push(&mut meta, "ColumnDescription", description);
    push(&mut meta, "ColumnKeywords", keywords_text(keywords));
    push(&mut meta, "ColumnType", COLUMN_TYPE);
    meta
}

/// Keywords joined as the standard writes them (comma-separated), empty ones and
/// repeats left out.
pub fn keywords_text(keywords: &[&str]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for k in keywords.iter().map(|k| k.trim()) {
        if !k.is_empty() && !seen.contains(&k) {
            seen.push(k);
        }
    }
    seen.join(",")
}

/// What an article page (a notice, a project) says of itself.
pub struct Article<'a> {
    pub title: &'a str,
    /// YYYY-MM-DD, or `""` when the page has no date.
    pub date: &'a str,
    pub source: &'a str,
    pub keywords: &'a [&'a str],
    pub description: &'a str,
    /// The page's path in the site (`notices/x/index.html`).
    pub path: &'a str,
}

/// `ArticleTitle`, `PubDate`, `ContentSource`, `Keywords`, `Description`, `Url` (the
/// folder address under `base_url`, when there is one).
pub fn article_meta(a: &Article<'_>, base_url: Option<&str>) -> Vec<Meta> {
    let mut meta = Vec::new();
    push(&mut meta, "ArticleTitle", a.title);
    push(&mut meta, "PubDate", a.date);
    push(&mut meta, "ContentSource", a.source);
    push(&mut meta, "Keywords", keywords_text(a.keywords));
    push(&mut meta, "Description", a.description);
    if let Some(base) = base_url {
        let folder = a.path.strip_suffix("index.html").unwrap_or(a.path);
        push(
            &mut meta,
            "Url",
            format!("{}{folder}", super::sheets::with_slash(base)),
        );
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn police_numbers_link_by_their_digits() {
        assert_eq!(
            police_url("滇公网安备 53062302000123号"),
            "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=53062302000123"
        );
        assert_eq!(police_url("备案中"), "");
    }

    #[test]
    fn empty_values_give_no_tag() {
        let meta = article_meta(
            &Article {
                title: "标题",
                date: "",
                source: " ",
                keywords: &["", "公示", "公示"],
                description: "",
                path: "notices/a/index.html",
            },
            Some("https://fp.example-county.test"),
        );
        let names: Vec<_> = meta.iter().map(|m| (m.name, m.content.as_str())).collect();
        assert_eq!(
            names,
            [
                ("ArticleTitle", "标题"),
                ("Keywords", "公示"),
                ("Url", "https://fp.example-county.test/notices/a/")
            ]
        );
    }
}
