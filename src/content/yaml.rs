//! YAML parsing with source positions, and the translation of parser errors into
//! diagnostics a clerk can act on.

use super::plain_yaml;
use crate::diagnostic::{Diagnostic, Span};
pub use crate::model::spanned::{Spanned, location_span, span_of};
use serde::de::DeserializeOwned;
use serde_saphyr::Error;
use std::path::Path;

/// Most nodes (scalars, keys included, and collections) a YAML document may have.
pub const MAX_NODES: usize = 40_000_000;
/// Most parser events: a node each, an end each for collections, and four around
/// the document.
pub const MAX_EVENTS: usize = 80_000_000;
/// Most bytes of scalar text, keys included, as read (quotes and escapes undone).
pub const MAX_TOTAL_SCALAR_BYTES: usize = 1 << 30;
/// Deepest nesting of collections (serde-saphyr's default, written out).
pub const MAX_DEPTH: usize = 64;
/// Longest plain key, in characters: serde-saphyr's scanner looks no further for
/// the `:` of a key (its default `simple_key_max_lookahead`).
pub const MAX_KEY_CHARS: usize = 1024;

/// The limits a YAML document is read within, by either reader: serde-saphyr refuses
/// a document beyond them with its own diagnostic, and the fast reader
/// ([`plain_yaml`]) declines it so that serde-saphyr does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    pub nodes: usize,
    pub events: usize,
    pub scalar_bytes: usize,
    pub depth: usize,
    pub key_chars: usize,
}

/// The budget of every record file, notice and `site.yaml`: raised from
/// serde-saphyr's defaults so a county-wide list of tens of thousands of households
/// loads, while alias and depth limits still stop a hostile file.
pub const BUDGET: Budget = Budget {
    nodes: MAX_NODES,
    events: MAX_EVENTS,
    scalar_bytes: MAX_TOTAL_SCALAR_BYTES,
    depth: MAX_DEPTH,
    key_chars: MAX_KEY_CHARS,
};

/// serde-saphyr's options for every YAML file: [`BUDGET`], and strict booleans, which
/// keep `no`, `on`, `y` as text (the "Norway problem"). Aliases and anchors keep
/// serde-saphyr's default limits; the fast reader takes neither.
pub fn options() -> serde_saphyr::Options {
    options_within(BUDGET)
}

/// [`options`] with another budget (tests lower it).
pub fn options_within(budget: Budget) -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_nodes: budget.nodes,
            max_events: budget.events,
            max_total_scalar_bytes: budget.scalar_bytes,
            max_depth: budget.depth,
            simple_key_max_lookahead: budget.key_chars,
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
    // The fast reader takes no escapes, so only here can `"\0"` become a NUL.
    if let Some(span) = escaped_nul(text) {
        return Err(super::nul_character(file, span.shifted(line_offset)));
    }
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| yaml_error_diagnostic(&e, file, line_offset))
}

/// Where a double-quoted scalar spells a NUL (`\0`, `\x00`, `\u0000`,
/// `\U00000000`). The text is searched for the spelling (not preceded by another
/// backslash) and, when found, read once more to see whether a value really holds a
/// NUL: the same letters in a plain or single-quoted scalar are a backslash and a
/// zero.
fn escaped_nul(text: &str) -> Option<Span> {
    const SPELLINGS: [&str; 4] = ["\\0", "\\x00", "\\u0000", "\\U00000000"];
    let bytes = text.as_bytes();
    let at = text.match_indices('\\').find_map(|(i, _)| {
        let escaped = i > 0 && bytes[i - 1] == b'\\' && {
            let run = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            run % 2 == 1
        };
        (!escaped && SPELLINGS.iter().any(|s| text[i..].starts_with(s))).then_some(i)
    })?;
    let read = serde_saphyr::from_str_with_options::<HoldsNul>(text, options());
    matches!(read, Ok(HoldsNul(true))).then(|| super::position_at(bytes, at))
}

/// Whether any scalar of a YAML document, key or value, holds a NUL.
struct HoldsNul(bool);

impl<'de> serde::Deserialize<'de> for HoldsNul {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NulVisitor)
    }
}

struct NulVisitor;

impl<'de> serde::de::Visitor<'de> for NulVisitor {
    type Value = HoldsNul;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E>(self, v: &str) -> Result<HoldsNul, E> {
        Ok(HoldsNul(v.contains('\0')))
    }

    fn visit_bool<E>(self, _: bool) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_i64<E>(self, _: i64) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_u64<E>(self, _: u64) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_i128<E>(self, _: i128) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_u128<E>(self, _: u128) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_f64<E>(self, _: f64) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_unit<E>(self) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_none<E>(self) -> Result<HoldsNul, E> {
        Ok(HoldsNul(false))
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<HoldsNul, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<HoldsNul, A::Error> {
        let mut any = false;
        while let Some(HoldsNul(found)) = seq.next_element()? {
            any |= found;
        }
        Ok(HoldsNul(any))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<HoldsNul, A::Error> {
        let mut any = false;
        while let Some((HoldsNul(key), HoldsNul(value))) = map.next_entry()? {
            any |= key || value;
        }
        Ok(HoldsNul(any))
    }
}

/// Every test run parses every document the fast reader accepts both ways.
#[cfg(debug_assertions)]
fn assert_same_as_serde_saphyr<T: DeserializeOwned + std::fmt::Debug>(
    fast: &T,
    text: &str,
    file: &Path,
) {
    let reference = serde_saphyr::from_str_with_options(text, options());
    if let Some(difference) = difference(fast, &reference) {
        panic!(
            "the fast YAML reader disagrees with serde-saphyr on {}: {difference}",
            file.display()
        );
    }
}

/// Where the fast reader's reading differs from serde-saphyr's, told by position
/// only: a record file's values are names and identity numbers, and this message
/// ends up in logs.
#[cfg(any(debug_assertions, test))]
fn difference<T: std::fmt::Debug>(fast: &T, reference: &Result<T, Error>) -> Option<String> {
    let reference = match reference {
        Ok(value) => format!("{value:?}"),
        Err(e) => {
            return Some(match e.location() {
                Some(l) => format!(
                    "serde-saphyr refuses the file at line {}, column {}",
                    l.line(),
                    l.column()
                ),
                None => "serde-saphyr refuses the file".to_string(),
            });
        }
    };
    let fast = format!("{fast:?}");
    let at = fast
        .bytes()
        .zip(reference.bytes())
        .position(|(a, b)| a != b)
        .or_else(|| (fast.len() != reference.len()).then(|| fast.len().min(reference.len())))?;
    let line = last_span_line(&fast[..at]).map_or_else(String::new, |line| {
        format!(", after the value read on line {line}")
    });
    Some(format!(
        "the readings first differ at byte {at} of their Debug renderings ({} and {} bytes){line}",
        fast.len(),
        reference.len()
    ))
}

/// The line of the last span in a Debug rendering (`span: Span { line: N, … }`),
/// outside the rendering's string literals, which hold the file's text.
#[cfg(any(debug_assertions, test))]
fn last_span_line(rendering: &str) -> Option<u32> {
    const SPAN: &str = "Span { line: ";
    let (mut line, mut in_string, mut escaped) = (None, false, false);
    for (i, c) in rendering.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if rendering[i..].starts_with(SPAN) {
            let digits = rendering[i + SPAN.len()..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?;
            line = digits.parse().ok().or(line);
        }
    }
    line
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
        other => {
            let parser_says = strip_location(&other.to_string());
            let (what, help) = syntax_in_chinese(&parser_says);
            (
                "yaml-syntax",
                format!("YAML 格式错误：{what}（解析器原文：{parser_says}）"),
                Some(help.to_string()),
            )
        }
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

/// What the YAML parser's (English) message means for someone editing the file, and
/// what to do about it. The parser's own words stay in the message, in brackets, for
/// whoever helps the clerk.
fn syntax_in_chinese(parser_says: &str) -> (&'static str, &'static str) {
    let m = parser_says.to_ascii_lowercase();
    SYNTAX_IN_CHINESE
        .iter()
        .find(|(words, _, _)| words.iter().any(|w| m.contains(w)))
        .map_or(
            (
                "无法读取这一处",
                "检查缩进（只能用空格）、冒号后的空格和引号是否成对",
            ),
            |&(_, what, help)| (what, help),
        )
}

/// Words of the parser's message (lower case), what they mean, what to do; the first
/// row with any of its words applies.
type SyntaxExplanation = (&'static [&'static str], &'static str, &'static str);
const SYNTAX_IN_CHINESE: &[SyntaxExplanation] = &[
    (
        &["tab"],
        "用了 Tab 键",
        "YAML 只能用空格缩进和对齐：把 Tab 换成空格（看这一行和下一行的开头、冒号之后）",
    ),
    (
        &["unclosed quote", "quoted scalar"],
        "引号没有配对，或双引号里的反斜杠 \\ 用得不对",
        "检查这一行的引号是否成对；文字里有反斜杠时改用单引号 '…'",
    ),
    (
        &["mismatched bracket"],
        "括号不配对：[ 要用 ] 结束，{ 要用 } 结束",
        "检查这一行的方括号和花括号是否成对、是否交错",
    ),
    (
        &["flow sequence", "unclosed bracket '['"],
        "方括号 [ ] 没有配对，或列表项之间少了逗号",
        "写成 [项一, 项二]：用英文逗号分隔，结尾的 ] 不能少",
    ),
    (
        &["flow mapping", "unclosed bracket"],
        "花括号 { } 没有配对，或项之间少了逗号",
        "写成 { 键: 值, 键: 值 }：用英文逗号分隔，结尾的 } 不能少",
    ),
    (
        &["mapping values are not allowed", "placement of ':'"],
        "这里不能再有“键: 值”",
        "内容里有冒号加空格（: ）时整段加引号；否则检查这一行和上一行的缩进",
    ),
    (
        &[
            "indentation",
            "expected key",
            "'-' indicator",
            "not allowed in this context",
            "sequence start",
            "mapping start",
        ],
        "缩进或层次不对",
        "同一层的字段左端对齐，下一层比上一层多缩进两个空格；列表项以“- ”开头",
    ),
    (
        &["scalar"],
        "这里应为一项文字或数字，写成了列表或映射",
        "去掉多余的 [ ]、{ } 或下一层缩进；文字本身含有这些符号时整段加引号",
    ),
    (
        &["unexpected character"],
        "这一行有不能出现在开头的符号",
        "以 @ ` % & * ! | > 等符号开头的文字要加引号",
    ),
    (
        &["eof", "end of"],
        "文件意外结束",
        "检查文件末尾的括号、引号是否写完整",
    ),
    (
        &["anchor", "alias"],
        "引用（& 或 * 开头）写得不对",
        "记录文件不需要 & 和 *：直接写出内容，或给这段文字加引号",
    ),
    (
        &["document"],
        "一个文件里只能有一份内容",
        "删去多出的 --- 或 ... 分隔行，每份名单各存一个文件",
    ),
];

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

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)] // read through Debug
    struct Person {
        name: Spanned<String>,
        id_number: Spanned<String>,
    }

    /// A mismatch is reported by place, never by value.
    #[test]
    fn a_difference_is_told_without_the_values() {
        let text = "name: 邱永保\nid_number: \"530623199210271426\"\n";
        let fast: Person = plain_yaml::from_str(text).unwrap();
        let other: Result<Person, Error> =
            serde_saphyr::from_str_with_options(&text.replace("1426", "1427"), options());
        let told = difference(&fast, &other).unwrap();
        assert!(told.contains("after the value read on line 1"), "{told}");
        for secret in ["邱永保", "5306", "1426", "1427"] {
            assert!(!told.contains(secret), "{told}");
        }
        let refused: Result<Person, Error> =
            serde_saphyr::from_str_with_options("name: 邱永保\nid_number: [1]\n", options());
        let told = difference(&fast, &refused).unwrap();
        assert!(
            told.starts_with("serde-saphyr refuses the file at line 2"),
            "{told}"
        );
        let same: Result<Person, Error> = serde_saphyr::from_str_with_options(text, options());
        assert_eq!(difference(&fast, &same), None);
        // Text that looks like a span is text.
        let rendering = format!("{:?}", ("Span { line: 7", fast.name, "\\\"Span { line: 8"));
        assert_eq!(last_span_line(&rendering), Some(1), "{rendering}");
    }

    #[derive(Debug, Deserialize)]
    struct WithList {
        #[allow(dead_code)]
        items: Vec<String>,
    }

    /// Each mistake a clerk makes in a record file, told in Chinese with what to do.
    #[test]
    fn syntax_errors_are_explained_in_chinese() {
        let as_sample = |text: &str| parse(text).map(|_| ());
        let as_list = |text: &str| parse_yaml::<WithList>(text, Path::new("x.yaml"), 0).map(|_| ());
        type Parse<'a> = &'a dyn Fn(&str) -> Result<(), Diagnostic>;
        let cases: [(Parse, &str, &str); 12] = [
            (&as_sample, "name: a\n\tflag: b\namount: 1\n", "Tab"),
            (&as_sample, "name: \"a\namount: 1\n", "引号没有配对"),
            (&as_list, "items: [a, b\n", "方括号"),
            (&as_list, "items: [a, {b: c\n", "花括号"),
            (&as_list, "items: [a, {b: c]\n", "括号不配对"),
            (
                &as_sample,
                "name: a: b\namount: 1\n",
                "这里不能再有“键: 值”",
            ),
            (
                &as_sample,
                "name: a\n  flag: b\namount: 1\n",
                "这里不能再有“键: 值”",
            ),
            (&as_list, "items:\n  - a\n - b\n", "缩进或层次不对"),
            (&as_sample, "name: [a]\namount: 1\n", "写成了列表或映射"),
            (&as_sample, "name: @a\namount: 1\n", "不能出现在开头的符号"),
            (&as_sample, "name: *a\namount: 1\n", "引用"),
            (
                &as_sample,
                "name: a\namount: 1\n---\nname: b\namount: 2\n",
                "只能有一份内容",
            ),
        ];
        for (parse, text, says) in cases {
            let d = parse(text).unwrap_err();
            assert_eq!(d.code, "yaml-syntax", "{text:?}: {d:?}");
            assert!(d.message.starts_with("YAML 格式错误："), "{d:?}");
            assert!(
                d.message.contains(says),
                "{text:?} should say {says}: {d:?}"
            );
            let help = d.help.as_deref().unwrap_or_default();
            assert!(!help.is_empty() && !help.is_ascii(), "{d:?}");
        }
    }
}
