//! Reading the publication ledger, `content/published/SLUG.json` (see
//! [`crate::model::ledger`]).

use super::{LoadFailure, files_under};
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::model::ledger::{LEDGER_DIR, Ledger, NoticeRecord};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Every notice's record; a file that cannot be read or was altered is reported and
/// left out (its notice is then checked as never published, which the report says).
pub fn load_ledger(
    root: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Ledger, LoadFailure> {
    let dir = format!("content/{LEDGER_DIR}");
    let files = files_under(root, &dir, "json", diagnostics)?;
    let read: Vec<(PathBuf, Read)> = files
        .into_par_iter()
        .map(|rel| {
            let record = read_record(root, &rel);
            (rel, record)
        })
        .collect();
    let mut ledger = Ledger::new();
    for (rel, record) in read {
        match record {
            Ok(r) => {
                sources.remember(rel);
                ledger.insert(r.notice.clone(), r);
            }
            Err(failed) => {
                let (d, text) = *failed;
                if let Some(text) = text {
                    sources.insert(rel, text);
                }
                diagnostics.push(d);
            }
        }
    }
    Ok(ledger)
}

/// A record, or why not with the text to quote when there is one.
type Read = Result<NoticeRecord, Box<(Diagnostic, Option<Arc<str>>)>>;

fn read_record(root: &Path, rel: &Path) -> Read {
    let slug = rel
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let help = "这个文件由 gongshi publish 写入，不要手改；请从 git 或备份中恢复它";
    let text: Arc<str> = match std::fs::read_to_string(root.join(rel)) {
        Ok(t) => t.into(),
        Err(e) => {
            return Err(Box::new((
                Diagnostic::error(
                    "ledger-unreadable",
                    rel,
                    Span::default(),
                    format!("版本记录读不出来：{e}"),
                )
                .with_help(help),
                None,
            )));
        }
    };
    let record: NoticeRecord = serde_json::from_str(&text).map_err(|e| {
        Box::new((
            Diagnostic::error(
                "ledger-unreadable",
                rel,
                Span::at(e.line() as u32, e.column() as u32),
                format!("版本记录无法识别：{e}"),
            )
            .with_help(help),
            Some(text.clone()),
        ))
    })?;
    match record.damage(&slug) {
        None => Ok(record),
        Some(why) => Err(Box::new((
            Diagnostic::error(
                "ledger-damaged",
                rel,
                Span::at(1, 1),
                format!("版本记录被改动过：{why}"),
            )
            .with_help(help),
            Some(text),
        ))),
    }
}
