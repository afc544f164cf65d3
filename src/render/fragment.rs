//! A notice as a fragment for a portal CMS: most county sites are columns on a
//! provincial platform whose editor takes an article's 正文, not a folder of pages.
//! `notices/SLUG/fragment.html` holds the objection channel, the body, what changed
//! since the first round and the table, styled inline (the platform's stylesheet is
//! not ours), with no script and no file of its own, every link absolute from
//! `base_url`; `notices/SLUG/meta.json` holds what the CMS form asks for (title,
//! dates, the 信息索引).

use super::escape::push_escaped;
use super::table_html::{INLINE, INLINE_TABLE, data_table};
use super::versions::VersionView;
use super::view::TableView;
use crate::model::information_index::InformationIndex;
use crate::model::notice::Notice;
use serde::Serialize;

/// What a notice's fragment shows, already worded and masked.
pub struct FragmentSource<'a> {
    pub notice: &'a Notice,
    /// How to object, by when, to whom, and the phones.
    pub objection: &'a str,
    pub address: &'a str,
    pub body_html: &'a str,
    /// What changed since the first round, a paragraph each.
    pub changes: &'a [String],
    pub tables: &'a [TableView],
    /// `base_url`, ending in `/`.
    pub base: &'a str,
    /// Which version this is, and its corrections: a copy pasted into the portal's CMS
    /// says them as the page does.
    pub version: &'a VersionView,
}

/// The fragment's HTML.
pub fn notice_fragment(src: &FragmentSource<'_>) -> String {
    let page = format!("{}notices/{}/", src.base, src.notice.slug);
    let mut o = String::with_capacity(4096);
    o.push_str(
        "<div class=\"gongshi-fragment\" style=\"font-size:16px;line-height:1.75;color:#1a1a1a\">",
    );
    o.push_str("<div style=\"border-left:4px solid #9b1c1c;background:#fdf3f3;padding:8px 12px;margin:0 0 16px\"><p style=\"margin:0\"><strong>");
    push_escaped(&mut o, src.objection);
    o.push_str("</strong>地址：");
    push_escaped(&mut o, src.address);
    o.push_str("。</p></div>");
    if !src.version.corrections.is_empty() {
        o.push_str("<div style=\"border:2px solid #9b1c1c;padding:8px 12px;margin:0 0 16px\"><p style=\"margin:0 0 4px\"><strong>更正说明</strong></p>");
        for c in &src.version.corrections {
            o.push_str("<p style=\"margin:4px 0\"><strong>");
            push_escaped(
                &mut o,
                &format!("{}更正，成为第 {} 版。", c.date, c.version),
            );
            o.push_str("</strong>");
            push_escaped(
                &mut o,
                &format!(
                    "更正内容：{}；原因：{}；批准：{}。",
                    c.what, c.why, c.approved_by
                ),
            );
            o.push_str("<a href=\"");
            push_escaped(&mut o, &format!("{}{}", src.base, c.replaced_url));
            o.push_str("\">查看更正前的原文和改动</a></p>");
        }
        o.push_str("</div>");
    }
    // The body's own tables get the record table's grid.
    o.push_str(&absolute_links(src.body_html, &page).replace("<table>", INLINE_TABLE));
    if !src.changes.is_empty() {
        o.push_str("<div style=\"border:1px solid #9b1c1c;padding:8px 12px;margin:16px 0\">");
        for line in src.changes {
            o.push_str("<p style=\"margin:4px 0\">");
            push_escaped(&mut o, line);
            o.push_str("</p>");
        }
        o.push_str("</div>");
    }
    for t in src.tables {
        o.push_str(&data_table(t, src.base, &INLINE));
    }
    o.push_str(
        "<p style=\"font-size:14px;color:#555\">网上公示原文、打印张贴版和数据下载：<a href=\"",
    );
    push_escaped(&mut o, &page);
    o.push_str("\">");
    push_escaped(&mut o, &page);
    o.push_str("</a>（");
    push_escaped(&mut o, &src.version.label);
    o.push_str("）</p></div>\n");
    o
}

/// `html` with every relative `href`/`src` made absolute from `page`: a fragment
/// pasted elsewhere cannot rely on where it sits.
fn absolute_links(html: &str, page: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = ["href=\"", "src=\""]
        .iter()
        .filter_map(|a| rest.find(a).map(|i| i + a.len()))
        .min()
    {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let relative = !(rest.starts_with('#')
            || rest.starts_with('/')
            || rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("mailto:")
            || rest.starts_with("tel:"));
        if relative {
            out.push_str(page);
        }
    }
    out.push_str(rest);
    out
}

/// What a CMS import form asks for.
#[derive(Serialize)]
struct Metadata<'a> {
    title: &'a str,
    url: String,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    period: Option<Period>,
    information_index: &'a InformationIndex,
    fragment: String,
}

#[derive(Serialize)]
struct Period {
    from: String,
    to: String,
}

/// `meta.json`: the notice's title, address, kind, period and 信息索引.
pub fn notice_metadata(notice: &Notice, index: &InformationIndex, base: &str) -> Vec<u8> {
    let page = format!("{base}notices/{}/", notice.slug);
    let meta = Metadata {
        title: &notice.front.title.value,
        url: page.clone(),
        kind: notice.kind().label(),
        period: notice.period().map(|p| Period {
            from: p.from.iso(),
            to: p.to.iso(),
        }),
        information_index: index,
        fragment: format!("{page}fragment.html"),
    };
    let mut bytes = serde_json::to_vec_pretty(&meta).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_become_absolute_and_others_stay() {
        let html = r##"<a href="../x/">a</a><img src="img/p.png"><a href="https://b.cn/">b</a><a href="#s">c</a><a href="tel:12317">d</a>"##;
        assert_eq!(
            absolute_links(html, "https://a.cn/fpgk/notices/n/"),
            r##"<a href="https://a.cn/fpgk/notices/n/../x/">a</a><img src="https://a.cn/fpgk/notices/n/img/p.png"><a href="https://b.cn/">b</a><a href="#s">c</a><a href="tel:12317">d</a>"##
        );
    }
}
