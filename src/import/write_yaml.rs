//! Writes a record file in the shape clerks write by hand: one block per row, short
//! lists and nested values in flow style, personal numbers and codes always quoted.

use std::fmt::Write as _;

/// A value to write.
#[derive(Debug, Clone, PartialEq)]
pub enum Y {
    /// Text, quoted only where YAML would misread it.
    Text(String),
    /// Text that is always quoted: ID numbers, phones, region codes, money with a unit.
    Quoted(String),
    /// A number or a date, written as is.
    Plain(String),
    /// `[a, b]`
    List(Vec<Y>),
    /// `{ from: …, to: … }`
    Map(Vec<(&'static str, Y)>),
    /// One `- { … }` line per item, under the key.
    Lines(Vec<Y>),
}

/// One record, with the spreadsheet row it came from.
#[derive(Debug, Clone, Default)]
pub struct OutRow {
    pub number: u32,
    pub fields: Vec<(&'static str, Y)>,
}

/// Whether `text` must be quoted to read back as the same string.
pub fn needs_quotes(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return true;
    };
    let last = text.chars().last().unwrap_or(first);
    let reserved = [
        "true", "false", "null", "~", "yes", "no", "on", "off", "y", "n",
    ];
    "-?:,[]{}#&*!|>'\"%@`+.".contains(first)
        || first.is_ascii_digit()
        || first.is_whitespace()
        || last.is_whitespace()
        || last == ':'
        || text.contains(": ")
        || text.contains(['#', ',', '[', ']', '{', '}', '"'])
        || text.chars().any(|c| c.is_control())
        || reserved.contains(&text.to_ascii_lowercase().as_str())
}

/// `"…"` with YAML double-quoted escapes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn inline(value: &Y) -> String {
    match value {
        Y::Text(t) if needs_quotes(t) => quote(t),
        Y::Text(t) | Y::Plain(t) => t.clone(),
        Y::Quoted(t) => quote(t),
        Y::List(items) => format!(
            "[{}]",
            items.iter().map(inline).collect::<Vec<_>>().join(", ")
        ),
        Y::Map(fields) => format!(
            "{{ {} }}",
            fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Y::Lines(items) => inline(&Y::List(items.clone())),
    }
}

/// The whole file: a comment saying where it came from, the top-level fields, then
/// `rows:` with a `# 第 N 行` comment above each record.
pub fn write_file(comment: &[String], top: &[(&'static str, Y)], rows: &[OutRow]) -> String {
    let mut out = String::new();
    for line in comment {
        let _ = writeln!(out, "# {line}");
    }
    for (k, v) in top {
        let _ = writeln!(out, "{k}: {}", inline(v));
    }
    if rows.is_empty() {
        out.push_str("rows: []\n");
        return out;
    }
    out.push_str("rows:\n");
    for row in rows {
        let _ = writeln!(out, "  # 表中第 {} 行", row.number);
        for (i, (k, v)) in row.fields.iter().enumerate() {
            let lead = if i == 0 { "  - " } else { "    " };
            match v {
                Y::Lines(items) => {
                    let _ = writeln!(out, "{lead}{k}:");
                    for item in items {
                        let _ = writeln!(out, "      - {}", inline(item));
                    }
                }
                v => {
                    let _ = writeln!(out, "{lead}{k}: {}", inline(v));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        for plain in [
            "张元义",
            "一般贫困户",
            "道路硬化2.1公里，饮水",
            "某财农指〔2014〕12号",
        ] {
            assert!(!needs_quotes(plain), "{plain}");
        }
        for quoted in [
            "", "3", "2014-001", "no", "Yes", "- a", "a: b", "a #b", "x,y", "[x]", " a", "a\nb",
            "\"q\"", "*ref",
        ] {
            assert!(needs_quotes(quoted), "{quoted}");
        }
        assert_eq!(quote("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
    }

    #[test]
    fn rows_in_block_style() {
        let text = write_file(
            &["由 gongshi import 导入".into()],
            &[
                ("kind", Y::Text("projects".into())),
                ("year", Y::Plain("2014".into())),
            ],
            &[OutRow {
                number: 3,
                fields: vec![
                    ("code", Y::Quoted("2014-001".into())),
                    (
                        "causes",
                        Y::List(vec![Y::Text("因病".into()), Y::Text("缺水".into())]),
                    ),
                    (
                        "period",
                        Y::Map(vec![
                            ("from", Y::Plain("2013-04-01".into())),
                            ("to", Y::Plain("2014-06-30".into())),
                        ]),
                    ),
                    (
                        "funds",
                        Y::Lines(vec![Y::Map(vec![
                            ("source", Y::Text("省级财政扶贫资金".into())),
                            ("amount", Y::Quoted("15万元".into())),
                        ])]),
                    ),
                ],
            }],
        );
        assert_eq!(
            text,
            "# 由 gongshi import 导入\nkind: projects\nyear: 2014\nrows:\n  # 表中第 3 行\n  - code: \"2014-001\"\n    causes: [因病, 缺水]\n    period: { from: 2013-04-01, to: 2014-06-30 }\n    funds:\n      - { source: 省级财政扶贫资金, amount: \"15万元\" }\n"
        );
    }
}
