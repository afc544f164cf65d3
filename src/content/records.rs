//! Parsing a record file by its `kind:`.

use crate::content::plain_yaml;
use crate::content::yaml::{parse_yaml, span_of};
use crate::diagnostic::Diagnostic;
use crate::model::records::{RECORD_KINDS, RecordHeader, RecordSet};
use std::path::Path;

pub fn parse_record_file(text: &str, file: &Path) -> Result<RecordSet, Diagnostic> {
    // The common case, `kind: households` near the top, is read without parsing the
    // file twice, by the fast reader's own rules; where they leave any doubt, the
    // parser reads the header (and gives the diagnostic).
    if let Some(kind) = plain_yaml::top_level_scalar(text, "kind")
        && RECORD_KINDS.contains(&kind.as_ref())
    {
        return parse_as(&kind, text, file);
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
