//! The leak guard: every file written to the output is scanned for unmasked personal
//! numbers before the build is allowed to replace the previous output.

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::output::{OutputError, Staging};
use crate::privacy::{Leak, find_unmasked_numbers};
use std::path::Path;
use std::sync::Mutex;

const TEXT_EXTENSIONS: [&str; 12] = [
    "html", "htm", "css", "js", "svg", "xml", "json", "csv", "txt", "md", "yaml", "yml",
];

/// The staging folder, seen through the guard.
pub struct GuardedOutput<'a> {
    staging: &'a Staging,
    output_name: String,
    leaks: Mutex<Vec<(String, Leak)>>,
}

impl<'a> GuardedOutput<'a> {
    pub fn new(staging: &'a Staging, output: &Path) -> Self {
        GuardedOutput {
            staging,
            output_name: output.display().to_string(),
            leaks: Mutex::new(Vec::new()),
        }
    }

    /// Scans and writes one file; callable from several threads at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let is_text = Path::new(rel)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if is_text {
            let found = find_unmasked_numbers(bytes);
            if !found.is_empty() {
                let mut leaks = self.leaks.lock().unwrap_or_else(|e| e.into_inner());
                leaks.extend(found.into_iter().map(|leak| (rel.to_string(), leak)));
            }
        }
        self.staging.write(rel, bytes)
    }

    /// One diagnostic per leaked number, pointing at the source text it came from
    /// when that can be found, and naming the output file it reached.
    pub fn diagnostics(&self, sources: &SourceMap) -> Vec<Diagnostic> {
        let mut leaks = self.leaks.lock().unwrap_or_else(|e| e.into_inner()).clone();
        // Threads finish in any order; the report does not.
        leaks.sort_by(|a, b| (&a.0, a.1.offset).cmp(&(&b.0, b.1.offset)));
        let mut seen = std::collections::BTreeSet::new();
        let mut out = Vec::new();
        for (rel, leak) in &leaks {
            if !seen.insert((&leak.number, rel)) {
                continue;
            }
            let shown = format!("{}…", &leak.number[..leak.number.len().min(6)]);
            let output_file = format!("{}/{rel}", self.output_name.trim_end_matches('/'));
            let message = format!(
                "未脱敏的{}（{shown}）会出现在 {output_file} 中，已停止生成",
                leak.kind.label()
            );
            let help = "正文、备注等自由文字里不能写完整的身份证号、手机号或银行账号；名单中的号码请填在 id_number、phone、bank_account 字段，系统会自动脱敏";
            let diagnostic = match find_in_sources(sources, &leak.number) {
                Some((file, span)) => Diagnostic::error(leak.kind.code(), file, span, message),
                None => Diagnostic::error(
                    leak.kind.code(),
                    Path::new(&output_file),
                    Span::default(),
                    message,
                ),
            };
            out.push(diagnostic.with_help(help));
        }
        out
    }
}

/// Where a number first appears in the site's files, outside the fields that are
/// masked anyway.
fn find_in_sources<'s>(sources: &'s SourceMap, number: &str) -> Option<(&'s Path, Span)> {
    sources.files().into_iter().find_map(|path| {
        let text = sources.get(path)?;
        let at = text.find(number)?;
        let before = &text[..at];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |p| p + 1);
        let column = text[line_start..at].chars().count() as u32 + 1;
        Some((
            path,
            Span {
                line,
                column,
                len: number.len() as u32,
            },
        ))
    })
}
