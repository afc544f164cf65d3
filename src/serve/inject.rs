//! What the preview adds to every HTML page it serves: the reload script and, while
//! the last build failed, an overlay listing the problems. None of this is ever
//! written to the output folder: `gongshi build` output carries no script.

use crate::diagnostic::{Diagnostic, Severity, Shown};
use std::fmt::Write as _;

/// Where open pages listen for finished builds (server-sent events).
pub const EVENTS_PATH: &str = "/__gongshi/events";

/// The reload script. `token` names the build the page was served from; the server
/// sends the current token on connect and after every build, and the page reloads
/// as soon as the two differ (so a build that finished between serving the page and
/// opening the channel is not missed).
pub fn reload_script(token: &str) -> String {
    format!(
        "<script id=\"gongshi-reload\">(function(){{var t=\"{}\";if(!window.EventSource)return;\
var s=new EventSource(\"{EVENTS_PATH}\");s.addEventListener(\"build\",function(e){{\
if(e.data!==t){{s.close();location.reload();}}}});}})();</script>",
        escape_js(token)
    )
}

/// The overlay shown on every page while the last build failed: a fixed panel
/// (not a pop-up: it can be folded away, and it works with scripts off) listing
/// every problem with its place in the file.
pub fn overlay(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let mut out = String::new();
    out.push_str(OVERLAY_STYLE);
    // Room below the page, so its end can be scrolled clear of the fixed panel.
    out.push_str("<div id=\"gongshi-overlay-room\" aria-hidden=\"true\"></div>");
    out.push_str(
        "<div id=\"gongshi-overlay\" lang=\"zh-CN\" role=\"alert\"><details open><summary>",
    );
    let _ = write!(
        out,
        "预览未更新：内容有 {errors} 个错误、{warnings} 个警告，页面仍是上次成功生成的样子。\
改正后保存，页面会自动刷新。"
    );
    out.push_str("</summary><ol>");
    let shown = Shown::of(diagnostics);
    for d in &shown.first {
        let _ = write!(
            out,
            "<li><code class=\"gongshi-loc\">{}</code> <strong>{}[{}]</strong>：{}",
            escape_html(&d.location()),
            d.severity.label(),
            escape_html(d.code),
            escape_html(&d.message)
        );
        if let Some(r) = &d.related {
            let _ = write!(
                out,
                "<br>另见 <code class=\"gongshi-loc\">{}</code>（{}）",
                escape_html(&r.location()),
                escape_html(&r.note)
            );
        }
        if let Some(help) = &d.help {
            let _ = write!(out, "<br>提示：{}", escape_html(help));
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");
    for line in shown.left_out_lines() {
        let _ = write!(out, "<p>{}</p>", escape_html(&line));
    }
    out.push_str("</details></div>");
    out
}

const OVERLAY_STYLE: &str = "<style>\
#gongshi-overlay{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:50vh;\
overflow:auto;margin:0;padding:.75em 1em;background:#7a0000;color:#fff;border-top:4px solid #ffd400;\
font:16px/1.6 system-ui,\"Noto Sans CJK SC\",\"Microsoft YaHei\",sans-serif;text-align:left}\
#gongshi-overlay-room{height:50vh}\
#gongshi-overlay summary{cursor:pointer;font-weight:bold}\
#gongshi-overlay summary:focus{outline:3px solid #ffd400}\
#gongshi-overlay ol{margin:.5em 0 0;padding-left:1.5em}\
#gongshi-overlay li{margin:.25em 0}\
#gongshi-overlay code{font-family:ui-monospace,monospace;background:#fff;color:#7a0000;padding:0 .25em;\
word-break:break-all}</style>";

/// Adds `snippet` to an HTML page: before the last `</body>`, or at the end where the
/// minifier dropped the optional closing tags (browsers put trailing content into the
/// body all the same).
pub fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = rfind_ascii_case_insensitive(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ascii_case_insensitive(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The page for a path that is not in the output (yet).
pub fn not_found_page(path: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>找不到页面 - gongshi 预览</title></head>\
<body style=\"font:18px/1.6 system-ui,sans-serif;margin:2em\">\
<h1>找不到页面</h1><p>预览中没有 <code>{}</code> 这个页面。</p>\
<p>如果刚刚新建了公示，请检查文件名和保存位置；生成成功后本页会自动刷新。</p>\
<p><a href=\"/\">返回首页</a></p></body></html>",
        escape_html(path)
    )
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    crate::render::push_escaped(&mut out, text);
    out
}

/// Text safe inside a double-quoted script string (the token is ours, but be exact).
fn escape_js(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Span;
    use std::path::Path;

    #[test]
    fn injects_before_the_last_body_end_or_at_the_end() {
        assert_eq!(
            inject(b"<p>a</p></BODY></html>", "<i>"),
            b"<p>a</p><i></BODY></html>"
        );
        assert_eq!(inject(b"<p>a</p>", "<i>"), b"<p>a</p><i>");
        assert_eq!(inject(b"", "<i>"), b"<i>");
    }

    #[test]
    fn overlay_escapes_and_places_every_problem() {
        let d = Diagnostic::error(
            "funds-sum-mismatch",
            Path::new("content/records/p.yaml"),
            Span::at(19, 12),
            "合计 <b>79.72万元</b> & “不符”",
        )
        .with_help("改为 \"79.72万元\"");
        let html = overlay(&[d]);
        assert!(html.contains("content/records/p.yaml:19:12"));
        assert!(html.contains("错误[funds-sum-mismatch]"));
        assert!(html.contains("合计 &lt;b&gt;79.72万元&lt;/b&gt; &amp; “不符”"));
        assert!(html.contains("提示：改为 &quot;79.72万元&quot;"));
        assert!(!html.contains("<b>"));
        assert!(html.contains("1 个错误、0 个警告"));
    }

    #[test]
    fn not_found_page_escapes_the_path() {
        let page = not_found_page("/<script>x</script>");
        assert!(page.contains("&lt;script&gt;"));
        assert!(!page.contains("<script>x"));
    }

    #[test]
    fn reload_script_carries_only_a_plain_token() {
        let s = reload_script("12ab-3\";alert(1)//");
        assert!(s.contains("var t=\"12ab-3alert1\""));
        assert!(s.contains(EVENTS_PATH));
    }
}
