//! Discovery for portals and readers: an Atom feed of notices, newest first, and a
//! sitemap. These two need absolute URLs, from `base_url`; every page stays relative.

use crate::Site;
use crate::model::notice::Notice;
use jiff::tz::TimeZone;
use std::fmt::Write as _;

pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

/// Midnight of `day` in the site's time zone, as RFC 3339.
fn midnight(day: crate::model::date::Day, tz: &TimeZone) -> String {
    match day.0.to_zoned_datetime(tz.clone()) {
        Ok(z) => z.timestamp().display_with_offset(z.offset()).to_string(),
        Err(_) => format!("{}T00:00:00Z", day.iso()),
    }
}

/// Entries in the feed: readers poll it, and want what is new, not a county's archive
/// (the sitemap and the region pages list everything).
pub const FEED_ENTRIES: usize = 100;

/// Atom 1.0 with the [`FEED_ENTRIES`] newest notices; `updated` is the newest notice's
/// date, so identical input gives an identical feed.
pub fn atom_feed(site: &Site, base: &str, issuer_of: impl Fn(&Notice) -> String) -> String {
    let tz = site
        .config()
        .time_zone
        .as_ref()
        .and_then(|t| TimeZone::get(&t.value).ok())
        .or_else(|| TimeZone::get("Asia/Shanghai").ok())
        .unwrap_or(TimeZone::UTC);
    use super::reads::{Input, Source, note};
    note(Input::AllOrder);
    let mut notices: Vec<&Notice> = site.notices().iter().collect();
    notices.sort_by(|a, b| (b.front.date.value, &a.slug).cmp(&(a.front.date.value, &b.slug)));
    let updated = notices
        .first()
        .map(|n| midnight(n.front.date.value, &tz))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n<title>{}</title>\n<id>{}</id>\n<link rel=\"self\" href=\"{}feed.xml\"/>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        xml_escape(&site.config().title),
        xml_escape(base),
        xml_escape(base),
        xml_escape(base),
        xml_escape(&site.config().issuer.value),
    );
    for n in notices.into_iter().take(FEED_ENTRIES) {
        note(Input::Card(Source::file(&n.file)));
        let url = format!("{base}notices/{}/", n.slug);
        let mut summary = format!("{}，{}", n.kind().label(), issuer_of(n));
        if let Some(p) = n.period() {
            let _ = write!(summary, "，公示期 {p}");
        }
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" href=\"{}\"/>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&n.front.title.value),
            xml_escape(&url),
            xml_escape(&url),
            midnight(n.front.date.value, &tz),
            xml_escape(&summary),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// `pages` are paths relative to the site root, ending in `index.html`; the sitemap
/// lists their folder URLs.
pub fn sitemap(base: &str, pages: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        let folder = page.strip_suffix("index.html").unwrap_or(page);
        let _ = writeln!(
            out,
            "<url><loc>{}</loc></url>",
            xml_escape(&format!("{base}{folder}"))
        );
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: every crawler may read every page; with `base` (ending in `/`), the
/// sitemap's address.
pub fn robots_txt(base: Option<&str>) -> String {
    let mut out = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = base {
        let _ = writeln!(out, "Sitemap: {base}sitemap.xml");
    }
    out
}
