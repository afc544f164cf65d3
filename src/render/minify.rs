//! Minified HTML at the cost of minifying each template once.
//!
//! The default theme's templates are minified when they are compiled (template syntax
//! preserved), so the pages they render come out minified and no page is parsed a
//! second time. A template the minifier cannot keep intact (template syntax between a
//! tag's attributes, say) makes the build fall back to minifying every rendered page.

use std::collections::BTreeMap;

/// `src` minified, or `None` when minifying would change its template syntax.
pub fn minify_template(src: &str) -> Option<String> {
    let mut cfg = base_cfg();
    cfg.preserve_brace_template_syntax = true;
    // Closing tags stay: whether one may be omitted depends on what the template
    // renders after it, which is not known yet.
    cfg.keep_closing_tags = true;
    // Styles and scripts may hold template syntax the CSS minifier would reject.
    cfg.minify_css = false;
    cfg.minify_js = false;
    let out = String::from_utf8(minify_html::minify(src.as_bytes(), &cfg)).ok()?;
    // Attributes may be reordered, so the tags are compared as a multiset.
    (template_tags(src) == template_tags(&out)).then_some(out)
}

/// A rendered page, minified on its own.
pub fn minify_page(html: &[u8]) -> Vec<u8> {
    let mut cfg = base_cfg();
    cfg.minify_css = true;
    minify_html::minify(html, &cfg)
}

fn base_cfg() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    // `lang="zh-CN"` lives on the <html> tag: keep it for screen readers.
    cfg.keep_html_and_head_opening_tags = true;
    cfg
}

/// Every `{{ … }}`, `{% … %}` and `{# … #}` in `src`, with how often it occurs.
fn template_tags(src: &str) -> BTreeMap<&str, usize> {
    let mut tags = BTreeMap::new();
    let mut rest = src;
    while let Some(start) = rest.find('{') {
        let after = &rest[start..];
        let close = match after.as_bytes().get(1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = &after[1..];
                continue;
            }
        };
        let Some(end) = after[2..].find(close) else {
            *tags.entry(after).or_default() += 1;
            break;
        };
        let tag = &after[..end + 4];
        *tags.entry(tag).or_default() += 1;
        rest = &after[end + 4..];
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A default template the minifier cannot keep intact would make every build
    /// minify every page again (see the module's comment).
    #[test]
    fn every_default_page_template_minifies_as_a_template() {
        let theme = crate::theme::Theme::default_theme();
        for (name, src) in &theme.templates {
            if name.ends_with(".html") && name != "print.html" {
                assert!(minify_template(src).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn templates_are_minified_with_their_syntax_intact() {
        let src = "<ul>\n  {% for n in list %}\n  <li class=\"{% if n.a %}a{% endif %}\">\n    <a href=\"{{ root }}{{ n.url }}\">{{ n.title }}</a>\n  </li>\n  {% endfor %}\n</ul>\n";
        let out = minify_template(src).unwrap();
        assert!(out.len() < src.len());
        assert!(!out.contains("\n  "));
        assert_eq!(template_tags(src), template_tags(&out));
        assert!(out.contains("<a href=\"{{ root }}{{ n.url }}\">{{ n.title }}</a>"));
    }

    #[test]
    fn template_syntax_between_attributes_is_left_alone() {
        let src = "<td{% if numeric %} class=\"num\"{% endif %}>{{ cell }}</td>";
        assert_eq!(minify_template(src), None);
    }
}
