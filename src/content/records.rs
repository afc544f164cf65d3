//! Parsing a record file by its `kind:`.

use crate::content::yaml::{parse_yaml, span_of};
use crate::diagnostic::Diagnostic;
use crate::model::records::{RECORD_KINDS, RecordHeader, RecordSet};
use std::path::Path;

pub fn parse_record_file(text: &str, file: &Path) -> Result<RecordSet, Diagnostic> {
    // The common case, `kind: households` on a line of its own, is read without
    // parsing the file twice; anything else goes through the parser for a diagnostic.
    if let Some(kind) = sniff_kind(text)
        && RECORD_KINDS.contains(&kind)
    {
        return parse_as(kind, text, file);
    }
    let header: RecordHeader = parse_yaml(text, file, 0)?;
    if RECORD_KINDS.contains(&header.kind.value.as_str()) {
        return parse_as(&header.kind.value, text, file);
    }
    Err(Diagnostic::error(
        "unknown-record-kind",
        file,
        span_of(&header.kind),
        format!("不认识的记录类型“{}”", header.kind.value),
    )
    .with_help(format!("kind 可选：{}", RECORD_KINDS.join("、"))))
}

/// `kind: NAME` as a top-level line, with nothing but a comment after it.
fn sniff_kind(text: &str) -> Option<&str> {
    text.lines().find_map(|line| {
        let rest = line.strip_prefix("kind:")?;
        let value = rest.split('#').next()?.trim();
        let value = value.trim_matches(|c| c == '"' || c == '\'');
        (!value.is_empty()).then_some(value)
    })
}

/// `kind` is one of [`RECORD_KINDS`].
fn parse_as(kind: &str, text: &str, file: &Path) -> Result<RecordSet, Diagnostic> {
    Ok(match kind {
        "households" => RecordSet::Households(parse_yaml(text, file, 0)?),
        "villages" => RecordSet::Villages(parse_yaml(text, file, 0)?),
        "projects" => RecordSet::Projects(parse_yaml(text, file, 0)?),
        "funds" => RecordSet::Funds(parse_yaml(text, file, 0)?),
        "beneficiaries" => RecordSet::Beneficiaries(parse_yaml(text, file, 0)?),
        _ => RecordSet::Table(parse_yaml(text, file, 0)?),
    })
}
