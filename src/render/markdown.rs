//! Notice bodies: CommonMark with tables. Raw HTML a clerk pastes in is cleaned to an
//! allow-list of harmless tags and attributes, so a body cannot inject script, styles
//! or forms into a government page.

use ammonia::Builder;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // The page title is the only h1; body headings start at h2.
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitizer().clean(&out).to_string()
}

/// The words of a body without its markup, for the search index: text and code,
/// blocks and lines apart; raw HTML left out (it is not shown as text either).
pub fn markdown_to_text(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// What a notice body may contain: text structure, tables, links and images; no
/// script, style, forms, frames or event attributes.
fn sanitizer() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let tags: HashSet<&str> = [
            "p",
            "br",
            "hr",
            "strong",
            "em",
            "b",
            "i",
            "u",
            "s",
            "del",
            "sup",
            "sub",
            "small",
            "ul",
            "ol",
            "li",
            "blockquote",
            "code",
            "pre",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "caption",
            "thead",
            "tbody",
            "tfoot",
            "tr",
            "th",
            "td",
            "a",
            "img",
            "span",
        ]
        .into_iter()
        .collect();
        let mut tag_attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
        tag_attributes.insert("a", ["href", "title"].into_iter().collect());
        tag_attributes.insert(
            "img",
            ["src", "alt", "title", "width", "height"]
                .into_iter()
                .collect(),
        );
        tag_attributes.insert(
            "th",
            ["colspan", "rowspan", "scope", "style"]
                .into_iter()
                .collect(),
        );
        tag_attributes.insert("td", ["colspan", "rowspan", "style"].into_iter().collect());
        tag_attributes.insert("ol", ["start"].into_iter().collect());
        let mut builder = Builder::default();
        builder
            .tags(tags)
            .tag_attributes(tag_attributes)
            .generic_attributes(HashSet::new())
            // pulldown-cmark aligns table cells with `style="text-align: …"`.
            .filter_style_properties(["text-align"].into_iter().collect())
            .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_harmless_html_and_drops_the_rest() {
        let html = markdown_to_html(
            "第一行<br>第二行 <u>下划线</u>\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\" style=\"color:red\">段落</p>\n\n<iframe src=\"https://e.com\"></iframe><form><input></form>",
        );
        assert!(html.contains("<br>"), "{html}");
        assert!(html.contains("<u>下划线</u>"));
        assert!(
            !html.contains("<script") && !html.contains("alert(1)"),
            "{html}"
        );
        assert!(!html.contains("onclick") && !html.contains("color:red"));
        assert!(!html.contains("<iframe") && !html.contains("<form") && !html.contains("<input"));
        assert!(html.contains("段落"));
    }

    #[test]
    fn links_cannot_run_script_and_headings_start_at_h2() {
        let html = markdown_to_html(
            "# 标题\n[x](javascript:alert(1)) [y](../a.html) [z](https://e.gov.cn)",
        );
        assert!(html.contains("<h2>标题</h2>"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("href=\"../a.html\""));
        assert!(html.contains("rel=\"noopener noreferrer\""));
    }

    #[test]
    fn tables_keep_their_alignment() {
        let html = markdown_to_html("| a | b |\n|---|--:|\n| 1 | 2 |\n");
        assert!(html.contains("<table>"));
        assert!(html.contains("text-align"), "{html}");
    }
}
