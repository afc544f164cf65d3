//! YAML parsing with source positions, and the translation of parser errors into
//! diagnostics a clerk can act on.

use super::plain_yaml;
pub use super::spanned::Spanned;
use crate::diagnostic::{Diagnostic, Span};
use serde::de::DeserializeOwned;
use serde_saphyr::{Error, Location};
use std::path::Path;

/// Strict booleans keep `no`, `on`, `y` as text (the "Norway problem"). The budget is
/// raised from the library's defaults so a county-wide list of tens of thousands of
/// households loads, while alias and depth limits still stop a hostile file.
pub(crate) fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_nodes: 40_000_000,
            max_events: 80_000_000,
            max_total_scalar_bytes: 1 << 30,
        },
    }
}

/// Parses `text`, which starts `line_offset` lines into `file`, into `T`: by the fast
/// reader when the text is plain YAML that deserializes cleanly, otherwise (and for
/// every diagnostic) by serde-saphyr.
pub fn parse_yaml<T: DeserializeOwned + std::fmt::Debug>(
    text: &str,
    file: &Path,
    line_offset: u32,
) -> Result<T, Diagnostic> {
    if let Some(value) = plain_yaml::from_str::<T>(text) {
        #[cfg(debug_assertions)]
        assert_same_as_serde_saphyr(&value, text, file);
        return Ok(value);
    }
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| yaml_error_diagnostic(&e, file, line_offset))
}

/// Every test run parses every document the fast reader accepts both ways.
#[cfg(debug_assertions)]
fn assert_same_as_serde_saphyr<T: DeserializeOwned + std::fmt::Debug>(
    fast: &T,
    text: &str,
    file: &Path,
) {
    let reference: Result<T, _> = serde_saphyr::from_str_with_options(text, options());
    let reference = match reference {
        Ok(value) => format!("{value:?}"),
        Err(e) => format!("serde-saphyr error: {e}"),
    };
    assert_eq!(
        format!("{fast:?}"),
        reference,
        "the fast YAML reader disagrees with serde-saphyr on {}:\n{text}",
        file.display()
    );
}

/// The span of a parsed value in its file.
pub fn span_of<T>(s: &Spanned<T>) -> Span {
    s.span
}

pub fn location_span(loc: &Location) -> Span {
    Span {
        line: loc.line() as u32,
        column: loc.column() as u32,
        len: loc.span().len() as u32,
    }
}

fn yaml_error_diagnostic(err: &Error, file: &Path, line_offset: u32) -> Diagnostic {
    let err = err.without_snippet();
    let span = err
        .location()
        .map(|l| location_span(&l))
        .unwrap_or_default()
        .shifted(line_offset);
    let (code, message, help): (&'static str, String, Option<String>) = match err {
        Error::SerdeUnknownField {
            field, expected, ..
        } => (
            "unknown-field",
            format!("未知字段“{field}”"),
            Some(format!("可用的字段：{}", expected.join("、"))),
        ),
        Error::SerdeMissingField { field, .. } => (
            "missing-field",
            format!("缺少必填字段“{field}”"),
            Some(format!("请补上 {field}: …")),
        ),
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => (
            "invalid-value",
            format!("“{variant}”不是允许的取值"),
            Some(format!("可选：{}", expected.join("、"))),
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            "wrong-type",
            format!(
                "类型不对：这里应为{}，写的是{}",
                expected_in_chinese(expected),
                unexpected_in_chinese(unexpected)
            ),
            None,
        ),
        Error::DuplicateMappingKey { key, .. } => (
            "duplicate-key",
            format!("字段“{}”重复出现", key.as_deref().unwrap_or("?")),
            Some("同一层级每个字段只能写一次".to_string()),
        ),
        Error::NullIntoString { .. } => (
            "missing-value",
            "这里缺少内容".to_string(),
            Some("请填写内容；确实为空时写成 \"\"".to_string()),
        ),
        Error::InvalidScalar { ty, .. } => (
            "wrong-type",
            format!("类型不对：这里应为{}", expected_in_chinese(ty)),
            None,
        ),
        Error::InvalidBooleanStrict { .. } => {
            ("wrong-type", "这里应为 true 或 false".to_string(), None)
        }
        // Messages our own types produce are already in Chinese.
        Error::Message { msg, .. } => ("invalid-value", msg.clone(), None),
        other => (
            "yaml-syntax",
            format!("YAML 格式错误：{}", strip_location(&other.to_string())),
            Some("检查缩进（只能用空格）、冒号后的空格和引号是否成对".to_string()),
        ),
    };
    Diagnostic {
        help,
        ..Diagnostic::error(code, file, span, message)
    }
}

/// Serde describes types in English; clerks read Chinese.
fn expected_in_chinese(expected: &str) -> String {
    let e = expected.trim();
    let word = if e.contains("sequence") || e.contains("Vec") {
        "列表（- 开头的多行，或 [a, b]）"
    } else if e.contains("struct") || e.contains("map") {
        "包含若干字段的映射（key: value）"
    } else if e.contains("string") {
        "文字"
    } else if e.contains("bool") {
        "true 或 false"
    } else if e.starts_with('u') || e.starts_with('i') || e.contains("integer") {
        "整数"
    } else {
        return format!("“{e}”");
    };
    word.to_string()
}

fn unexpected_in_chinese(unexpected: &str) -> String {
    let u = unexpected.trim();
    if u.contains("sequence") {
        "列表".to_string()
    } else if u.contains("map") {
        "映射".to_string()
    } else if let Some(rest) = u.strip_prefix("string ") {
        format!("文字 {rest}")
    } else {
        u.to_string()
    }
}

/// The parser appends "at line X column Y"; the diagnostic already says where.
fn strip_location(msg: &str) -> String {
    let cut = msg.find(" at line ").unwrap_or(msg.len());
    msg[..cut].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        #[allow(dead_code)]
        name: String,
        flag: Option<String>,
        amount: Spanned<crate::model::money::Money>,
    }

    fn parse(text: &str) -> Result<Sample, Diagnostic> {
        parse_yaml(text, Path::new("x.yaml"), 1)
    }

    #[test]
    fn numbers_keep_their_text_and_norway_stays_text() {
        let s = parse("name: a\nflag: no\namount: 12.30\n").unwrap();
        assert_eq!(s.flag.as_deref(), Some("no"));
        assert_eq!(s.amount.value.to_string(), "12.30元");
        // line 3 in the YAML, shifted by the front-matter offset of 1
        assert_eq!(span_of(&s.amount).shifted(1).line, 4);
        assert_eq!(span_of(&s.amount).column, 9);
    }

    #[test]
    fn errors_become_located_chinese_diagnostics() {
        let d = parse("name: a\nnmae: b\namount: 1\n").unwrap_err();
        assert_eq!(d.code, "unknown-field");
        assert_eq!((d.span.line, d.span.column), (3, 1));
        assert!(d.message.contains("nmae"), "{d:?}");

        let d = parse("name: a\n").unwrap_err();
        assert_eq!(d.code, "missing-field");
        assert!(d.message.contains("amount"));

        let d = parse("name: a\namount: 3万\n").unwrap_err();
        assert_eq!(d.code, "invalid-value");
        assert_eq!(d.span.line, 3);
        assert!(d.message.contains("金额“3万”无法识别"), "{d:?}");

        let d = parse("name: [a\namount: 1\n").unwrap_err();
        assert_eq!(d.code, "yaml-syntax");
        assert!(d.span.line >= 2, "{d:?}");
    }
}
