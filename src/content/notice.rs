//! Splitting a notice file into YAML front matter and Markdown body.

use crate::content::yaml::parse_yaml;
use crate::diagnostic::{Diagnostic, Span};
use crate::model::notice::{FRONT_MATTER_LINE, FrontMatter, Notice};
use std::path::Path;

/// Parses `---\n<yaml>\n---\n<markdown>`. The slug is the file stem.
pub fn parse_notice(text: &str, file: &Path) -> Result<Notice, Diagnostic> {
    let slug = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (yaml, body) = split_front_matter(text).ok_or_else(|| {
        Diagnostic::error(
            "front-matter-missing",
            file,
            Span::at(1, 1),
            "公告文件开头缺少 YAML 头信息",
        )
        .with_help(
            "文件第一行写 ---，接着写 title、kind、stage 等字段，再用一行 --- 结束，然后是正文",
        )
    })?;
    let front: FrontMatter = parse_yaml(yaml, file, FRONT_MATTER_LINE)?;
    let body_line = text[..text.len() - body.len()].matches('\n').count() as u32;
    check_nesting(body, file, body_line)?;
    Ok(Notice {
        slug,
        file: file.to_path_buf(),
        front,
        body_markdown: body.to_string(),
        digest: super::digest_of(text),
    })
}

/// How deep quotes and lists may nest in a body. A notice quotes a document that
/// quotes another at most; Markdown parsers and the HTML cleaner take time that grows
/// with the square of the depth (`>` repeated 100,000 times took 107 s).
pub const MAX_NESTING: usize = 16;

/// Refuses a body whose line opens more than [`MAX_NESTING`] quotes and list items
/// (`> > -`, `>>>>`); `body_line` is the number of lines above the body.
fn check_nesting(body: &str, file: &Path, body_line: u32) -> Result<(), Diagnostic> {
    for (i, line) in body.lines().enumerate() {
        let mut rest = line.trim_start_matches([' ', '\t']);
        let mut depth = 0;
        loop {
            let at = line.len() - rest.len();
            let after = match rest.as_bytes() {
                [b'>', ..] => &rest[1..],
                [b'-' | b'*' | b'+', b' ' | b'\t', ..] => &rest[2..],
                _ => match ordered_marker(rest) {
                    Some(after) => after,
                    None => break,
                },
            };
            depth += 1;
            rest = after.trim_start_matches([' ', '\t']);
            if depth > MAX_NESTING {
                let column = line[..at].chars().count() as u32 + 1;
                return Err(Diagnostic::error(
                    "markdown-too-deep",
                    file,
                    Span::at(body_line + i as u32 + 1, column),
                    format!("正文这一行的引用（>）和列表嵌套超过了 {MAX_NESTING} 层"),
                )
                .with_help("引用和列表一般只嵌套一两层；请删去多余的 > 或 - 符号"));
            }
        }
    }
    Ok(())
}

/// The text after `1. ` or `1) ` (up to nine digits, as CommonMark allows).
fn ordered_marker(text: &str) -> Option<&str> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    match text.as_bytes()[digits..] {
        [b'.' | b')', b' ' | b'\t', ..] => Some(&text[digits + 2..]),
        _ => None,
    }
}

fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_keeps_line_numbers() {
        let text = "---\ntitle: 某公示\nkind: publicity\nstage: village\nregion: \"530623101201\"\ndate: 2014-03-20\nperiod: { from: 2014-03-20, to: 2014-03-26 }\n---\n正文\n";
        let n = parse_notice(text, Path::new("content/notices/a-1.md")).unwrap();
        assert_eq!(n.slug, "a-1");
        assert_eq!(n.front.title.value, "某公示");
        assert_eq!(n.body_markdown, "正文\n");

        let bad = text.replace("kind: publicity", "kind: publicty");
        let d = parse_notice(&bad, Path::new("n.md")).unwrap_err();
        assert_eq!(d.code, "invalid-value");
        assert_eq!(d.span.line, 3, "{d:?}");
    }

    #[test]
    fn missing_front_matter_is_reported() {
        let d = parse_notice("正文", Path::new("n.md")).unwrap_err();
        assert_eq!(d.code, "front-matter-missing");
        let d = parse_notice("---\ntitle: x\n正文", Path::new("n.md")).unwrap_err();
        assert_eq!(d.code, "front-matter-missing");
    }
}
