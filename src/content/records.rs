//! Parsing a record file by its `kind:`.

use crate::content::yaml::{parse_yaml, span_of};
use crate::diagnostic::Diagnostic;
use crate::model::records::{RECORD_KINDS, RecordHeader, RecordSet};
use std::path::Path;

pub fn parse_record_file(text: &str, file: &Path) -> Result<RecordSet, Diagnostic> {
    let header: RecordHeader = parse_yaml(text, file, 0)?;
    let set = match header.kind.value.as_str() {
        "households" => RecordSet::Households(parse_yaml(text, file, 0)?),
        "villages" => RecordSet::Villages(parse_yaml(text, file, 0)?),
        "projects" => RecordSet::Projects(parse_yaml(text, file, 0)?),
        "funds" => RecordSet::Funds(parse_yaml(text, file, 0)?),
        "beneficiaries" => RecordSet::Beneficiaries(parse_yaml(text, file, 0)?),
        "table" => RecordSet::Table(parse_yaml(text, file, 0)?),
        other => {
            return Err(Diagnostic::error(
                "unknown-record-kind",
                file,
                span_of(&header.kind),
                format!("不认识的记录类型“{other}”"),
            )
            .with_help(format!("kind 可选：{}", RECORD_KINDS.join("、"))));
        }
    };
    Ok(set)
}
