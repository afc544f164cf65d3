//! The leak guard: every file written to the output is scanned for unmasked personal
//! numbers before the build is allowed to replace the previous output.

use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::output::{OutputError, Staging};
use crate::privacy::{FileText, Leak, find_unmasked_numbers, read_text};
use crate::render::scope::Scope;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    /// Files copied as they are that may be binary: site-relative paths and folders
    /// (`static/logo.png`, `static/附件/`) from `unscanned_files` in site.yaml.
    unscanned_allowed: Vec<String>,
    found: Mutex<Found>,
    /// Output paths in scope that are no longer written (see [`GuardedOutput::absent`]).
    gone: Mutex<Vec<String>>,
}

/// A file of the site and a place in it.
type SourcePlace = (PathBuf, Span);

/// What the guard refused.
#[derive(Default)]
struct Found {
    /// Numbers in a written file: its output path, the number, and where it was
    /// found in a copied file (a rendered one is traced back to the sources).
    leaks: Vec<(String, Leak, Option<SourcePlace>)>,
    /// Copied files the guard cannot read, by site-relative path.
    unreadable: Vec<PathBuf>,
}

impl<'a> GuardedOutput<'a> {
    pub fn new(staging: &'a Staging, output: &Path, unscanned_allowed: Vec<String>) -> Self {
        GuardedOutput {
            sink: Sink::Staging(staging),
            scope: &Scope::All,
            output_name: output.display().to_string(),
            unscanned_allowed,
            found: Mutex::default(),
            gone: Mutex::default(),
        }
    }

    /// Collects the files of `scope` in memory instead of writing them.
    pub fn in_memory(scope: &'a Scope, output: &Path) -> Self {
        GuardedOutput {
            sink: Sink::Memory(Mutex::new(Vec::new())),
            scope,
            output_name: output.display().to_string(),
            unscanned_allowed: Vec::new(),
            found: Mutex::default(),
            gone: Mutex::default(),
        }
    }

    /// Is `rel` to be written at all?
    pub fn wants(&self, rel: &str) -> bool {
        self.scope.wants(rel)
    }

    /// Notes that `rel`, if in scope, is not part of the output any more (a region
    /// print page left with nothing in its period): a render in memory reports it,
    /// so the preview removes the page it wrote before.
    pub fn absent(&self, rel: &str) {
        if self.wants(rel) {
            self.gone
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(rel.to_string());
        }
    }

    /// The files in scope that are not part of the output any more.
    pub fn gone(&self) -> Vec<String> {
        let mut gone = self.gone.lock().unwrap_or_else(|e| e.into_inner()).clone();
        gone.sort();
        gone
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

    /// Scans and writes one file the build rendered (UTF-8 text), if it is in scope;
    /// a file with a personal number in it is not written at all. Callable from
    /// several threads at once.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if !self.wants(rel) {
            return Ok(());
        }
        let leaks = leaks_in(rel, bytes);
        if !leaks.is_empty() {
            self.refuse(leaks.into_iter().map(|leak| (rel.to_string(), leak, None)));
            return Ok(());
        }
        self.put(rel, bytes)
    }

    /// Copies a file of the site's or the theme's as it is, from `source` (relative to
    /// the site), after reading it in whatever text encoding it has. One that is no
    /// text is refused unless the site lists it in `unscanned_files`.
    pub fn copy(&self, rel: &str, source: &Path, bytes: &[u8]) -> Result<(), OutputError> {
        if !self.wants(rel) {
            return Ok(());
        }
        let (in_text, text) = match read_text(bytes) {
            FileText::Text(text) => (find_unmasked_numbers(&text), Some(text)),
            FileText::Binary => {
                if !self.allows_unscanned(source) {
                    let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
                    found.unreadable.push(source.to_path_buf());
                    return Ok(());
                }
                // Digits stored as plain bytes are still read.
                (find_unmasked_numbers(bytes), None)
            }
        };
        let in_name = find_unmasked_numbers(rel.as_bytes());
        if in_text.is_empty() && in_name.is_empty() {
            return self.put(rel, bytes);
        }
        let place = |leak: &Leak| {
            text.as_deref()
                .map(|t| (source.to_path_buf(), span_at(t, leak.offset, leak.len)))
        };
        self.refuse(
            in_text
                .into_iter()
                .map(|leak| {
                    let at = place(&leak);
                    (rel.to_string(), leak, at)
                })
                .chain(
                    in_name
                        .into_iter()
                        .map(|leak| (rel.to_string(), leak, None)),
                ),
        );
        Ok(())
    }

    fn allows_unscanned(&self, source: &Path) -> bool {
        let source = source.to_string_lossy().replace('\\', "/");
        self.unscanned_allowed.iter().any(|allowed| {
            let allowed = allowed.trim_start_matches("./");
            source == allowed || allowed.ends_with('/') && source.starts_with(allowed)
        })
    }

    fn refuse(&self, leaks: impl Iterator<Item = (String, Leak, Option<SourcePlace>)>) {
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        found.leaks.extend(leaks);
    }

    fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
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
    /// when that can be found, and naming the output file it reached; one per file
    /// that could not be read.
    pub fn diagnostics(&self, sources: &SourceMap) -> Vec<Diagnostic> {
        let found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        let mut leaks: Vec<_> = found.leaks.iter().collect();
        // Threads finish in any order; the report does not.
        leaks.sort_by(|a, b| (&a.0, a.1.offset).cmp(&(&b.0, b.1.offset)));
        // One report per number, naming the first file it reached and how many more.
        let mut files_per_number: HashMap<&str, usize> = HashMap::new();
        let reached: std::collections::HashSet<(&str, &str)> = leaks
            .iter()
            .map(|(rel, leak, _)| (leak.number.as_str(), rel.as_str()))
            .collect();
        for (number, _) in reached {
            *files_per_number.entry(number).or_default() += 1;
        }
        // Read only when some number was not found in a copied file.
        let mut in_sources: Option<HashMap<String, SourcePlace>> = None;
        let mut out = Vec::new();
        for (rel, leak, at) in leaks {
            let Some(files) = files_per_number.remove(leak.number.as_str()) else {
                continue;
            };
            let shown = format!("{}…", &leak.number[..leak.number.len().min(3)]);
            let output_file = format!("{}/{rel}", self.output_name.trim_end_matches('/'));
            let more = if files > 1 {
                format!(" 等 {files} 个文件")
            } else {
                String::new()
            };
            let message = format!(
                "未脱敏的{}（{shown}）会出现在 {output_file}{more}中，已停止生成",
                leak.kind.label()
            );
            let help = "正文、标题、备注、表格等任何地方都不能写完整的身份证号、手机号或银行账号（加空格、横线或用全角数字也一样会被认出）；名单中的号码请填在 id_number、phone、bank_account 字段或名称为“身份证号”“手机号码”“银行卡号”等的列里，系统会自动脱敏";
            let place = at.clone().or_else(|| {
                in_sources
                    .get_or_insert_with(|| places_in_sources(sources))
                    .get(&leak.number)
                    .cloned()
            });
            let diagnostic = match place {
                Some((file, span)) => Diagnostic::error(leak.kind.code(), &file, span, message),
                None => Diagnostic::error(
                    leak.kind.code(),
                    Path::new(&output_file),
                    Span::default(),
                    message,
                ),
            };
            out.push(diagnostic.with_help(help));
        }
        let mut unreadable: Vec<_> = found.unreadable.iter().collect();
        unreadable.sort();
        for file in unreadable {
            out.push(
                Diagnostic::error(
                    "unscanned-binary-file",
                    file,
                    Span::default(),
                    "这个文件不是文本（图片、PDF、压缩包等），无法检查其中有没有未脱敏的身份证号、手机号或银行账号，已停止生成",
                )
                .with_help(format!(
                    "确认文件里没有个人号码后，在 site.yaml 的 unscanned_files 下列出它（或它所在的文件夹，以 / 结尾），例如：unscanned_files: [\"{}\"]",
                    file.display().to_string().replace('\\', "/")
                )),
            );
        }
        out
    }
}

/// Numbers in a file's path (a slug made of an ID number) and in its text.
fn leaks_in(rel: &str, text: &[u8]) -> Vec<Leak> {
    let mut leaks = find_unmasked_numbers(rel.as_bytes());
    leaks.extend(find_unmasked_numbers(text));
    leaks
}

/// The line and column of `offset` in UTF-8 `text`.
fn span_at(text: &[u8], offset: usize, len: usize) -> Span {
    let before = &text[..offset.min(text.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    Span {
        line,
        column,
        len: len as u32,
    }
}

/// Where each number first appears in the site's files, however it is written there,
/// preferring text outside the fields that are masked anyway: every file read and
/// scanned once, whatever the number of leaks.
fn places_in_sources(sources: &SourceMap) -> HashMap<String, SourcePlace> {
    // The place, and whether it is outside a masked field.
    let mut found: HashMap<String, (SourcePlace, bool)> = HashMap::new();
    let mut note = |number: String, place: SourcePlace, preferred: bool| match found.entry(number) {
        Entry::Vacant(e) => {
            e.insert((place, preferred));
        }
        Entry::Occupied(mut e) if preferred && !e.get().1 => {
            e.insert((place, true));
        }
        Entry::Occupied(_) => {}
    };
    for path in sources.files() {
        // A notice's file name is its address.
        for leak in find_unmasked_numbers(path.to_string_lossy().as_bytes()) {
            note(leak.number, (path.to_path_buf(), Span::default()), true);
        }
        let Some(text) = sources.get(path) else {
            continue;
        };
        for leak in find_unmasked_numbers(text.as_bytes()) {
            let span = span_at(text.as_bytes(), leak.offset, leak.len);
            let line_start = text[..leak.offset].rfind('\n').map_or(0, |p| p + 1);
            let line = text[line_start..].trim_start().trim_start_matches("- ");
            let in_masked_field = ["id_number:", "phone:", "bank_account:"]
                .iter()
                .any(|key| line.starts_with(key));
            note(leak.number, (path.to_path_buf(), span), !in_masked_field);
        }
    }
    found
        .into_iter()
        .map(|(n, (place, _))| (n, place))
        .collect()
}
