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
    Ok(Notice {
        slug,
        file: file.to_path_buf(),
        front,
        body_markdown: body.to_string(),
    })
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
