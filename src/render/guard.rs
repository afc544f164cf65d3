//! The leak guard: every file written to the output is scanned for unmasked personal
//! numbers before the build is allowed to replace the previous output.

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::output::{OutputError, Staging};
use crate::privacy::{Leak, find_unmasked_numbers};
use crate::render::scope::Scope;
use std::path::Path;
use std::sync::Mutex;

const TEXT_EXTENSIONS: [&str; 12] = [
    "html", "htm", "css", "js", "svg", "xml", "json", "csv", "txt", "md", "yaml", "yml",
];

/// Where the scanned files go.
enum Sink<'a> {
    Staging(&'a Staging),
    /// Kept until the whole render has passed the guard (the preview's small
    /// rebuilds, which write into the served folder itself).
    Memory(Mutex<super::Files>),
}

/// The staging folder, seen through the guard.
pub struct GuardedOutput<'a> {
    sink: Sink<'a>,
    scope: &'a Scope,
    output_name: String,
    leaks: Mutex<Vec<(String, Leak)>>,
}

impl<'a> GuardedOutput<'a> {
    pub fn new(staging: &'a Staging, output: &Path) -> Self {
        GuardedOutput {
            sink: Sink::Staging(staging),
            scope: &Scope::All,
            output_name: output.display().to_string(),
            leaks: Mutex::new(Vec::new()),
        }
    }

    /// Collects the files of `scope` in memory instead of writing them.
    pub fn in_memory(scope: &'a Scope, output: &Path) -> Self {
        GuardedOutput {
            sink: Sink::Memory(Mutex::new(Vec::new())),
            scope,
            output_name: output.display().to_string(),
            leaks: Mutex::new(Vec::new()),
        }
    }

    /// Is `rel` to be written at all?
    pub fn wants(&self, rel: &str) -> bool {
        self.scope.wants(rel)
    }

    /// The files collected by [`GuardedOutput::in_memory`], by path.
    pub fn into_files(self) -> super::Files {
        match self.sink {
            Sink::Staging(_) => Vec::new(),
            Sink::Memory(files) => {
                let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
                files.sort_by(|a, b| a.0.cmp(&b.0));
                files
            }
        }
    }

    /// Scans and writes one file, if it is in scope; callable from several threads
    /// at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if !self.wants(rel) {
            return Ok(());
        }
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
        match &self.sink {
            Sink::Staging(staging) => staging.write(rel, bytes),
            Sink::Memory(files) => {
                let mut files = files.lock().unwrap_or_else(|e| e.into_inner());
                files.push((rel.to_string(), bytes.to_vec()));
                Ok(())
            }
        }
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
