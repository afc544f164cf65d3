//! Problems found in a site, as data. They are rendered in one place
//! ([`render_diagnostics`]) so every check reads the same to the clerk.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

/// A place in a source file: 1-based line and column (in characters), and the length of
/// the offending text in characters (0 when unknown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub len: u32,
}

impl Span {
    pub fn at(line: u32, column: u32) -> Span {
        Span {
            line,
            column,
            len: 0,
        }
    }

    /// The same place seen from a file in which this text starts `lines` lines further
    /// down (YAML front matter below the opening `---`).
    pub fn shifted(self, lines: u32) -> Span {
        if self.line == 0 {
            return self;
        }
        Span {
            line: self.line + lines,
            ..self
        }
    }
}

/// One problem: where it is, what rule it breaks (a stable `code`), what is wrong and
/// what would be right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    /// Path relative to the site root, as the clerk would type it.
    pub file: PathBuf,
    pub span: Span,
    pub message: String,
    /// What would be right, or how to fix it.
    pub help: Option<String>,
    /// Another place the problem involves (the earlier list a household is already
    /// on): a rule across files names both. Boxed: most diagnostics have none, and
    /// they travel in `Result`s.
    pub related: Option<Box<Related>>,
}

/// The second place of a diagnostic, with what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: PathBuf,
    pub span: Span,
    /// What is there, in a few words (`2014年在此识别`).
    pub note: String,
}

impl Related {
    /// `file:line:column`, as [`Diagnostic::location`].
    pub fn location(&self) -> String {
        location(&self.file, self.span)
    }
}

fn location(file: &Path, span: Span) -> String {
    if span.line == 0 {
        file.display().to_string()
    } else {
        format!("{}:{}:{}", file.display(), span.line, span.column.max(1))
    }
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &Path, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_path_buf(),
            span,
            message: without_numbers(message.into()),
            help: None,
            related: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: &Path,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, span, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(without_numbers(help.into()));
        self
    }

    /// Names the other place the problem involves.
    pub fn with_related(mut self, file: &Path, span: Span, note: impl Into<String>) -> Self {
        self.related = Some(Box::new(Related {
            file: file.to_path_buf(),
            span,
            note: without_numbers(note.into()),
        }));
        self
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        location(&self.file, self.span)
    }
}

/// A diagnostic is printed, logged and shown in the preview's overlay: a personal
/// number quoted in it (a malformed phone, a duplicated ID) is masked like anywhere else.
fn without_numbers(text: String) -> String {
    match crate::privacy::mask_numbers_in(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(masked) => masked,
    }
}

/// The files diagnostics point into, so the offending line can be quoted. Settings and
/// notices are kept as read; record files, nearly all of a big site's bytes, are only
/// remembered by path and read again when a diagnostic quotes them.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    root: Option<PathBuf>,
    kept: BTreeMap<PathBuf, Arc<str>>,
    remembered: BTreeSet<PathBuf>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// A map whose remembered files are read from under `root`.
    pub fn rooted(root: &Path) -> SourceMap {
        SourceMap {
            root: Some(root.to_path_buf()),
            ..SourceMap::default()
        }
    }

    /// Keeps `text` as the text of `file`.
    pub fn insert(&mut self, file: PathBuf, text: Arc<str>) {
        self.remembered.remove(&file);
        self.kept.insert(file, text);
    }

    /// [`SourceMap::insert`] for many files at once. A site's thousands of files are
    /// merged in one pass: inserting them one by one compared paths component by
    /// component, on one core, for tens of milliseconds.
    pub fn insert_all(&mut self, files: Vec<(PathBuf, Arc<str>)>) {
        let mut new: BTreeMap<PathBuf, Arc<str>> = files.into_iter().collect();
        if let Some(range) = span_of(new.keys())
            && self.remembered.range::<Path, _>(range).next().is_some()
        {
            for file in new.keys() {
                self.remembered.remove(file);
            }
        }
        self.kept.append(&mut new);
    }

    /// [`SourceMap::remember`] for many files at once.
    pub fn remember_all(&mut self, files: Vec<PathBuf>) {
        let mut new: BTreeSet<PathBuf> = files.into_iter().collect();
        if let Some(range) = span_of(new.iter())
            && self.kept.range::<Path, _>(range).next().is_some()
        {
            for file in &new {
                self.kept.remove(file);
            }
        }
        self.remembered.append(&mut new);
    }

    /// Notes that `file` was read, to be read again if a diagnostic quotes it.
    pub fn remember(&mut self, file: PathBuf) {
        self.kept.remove(&file);
        self.remembered.insert(file);
    }

    /// Forgets `file` (it is gone, or about to be read again).
    pub fn forget(&mut self, file: &Path) {
        self.kept.remove(file);
        self.remembered.remove(file);
    }

    /// Was any file read from inside the folder `dir`?
    pub fn any_under(&self, dir: &Path) -> bool {
        let under = |files: &mut dyn Iterator<Item = &PathBuf>| {
            files.next().is_some_and(|p| p.starts_with(dir) && p != dir)
        };
        // Paths order by component: those inside `dir` come right after it.
        under(&mut self.kept.range(dir.to_path_buf()..).map(|(p, _)| p))
            || under(&mut self.remembered.range(dir.to_path_buf()..))
    }

    /// The text of `file`: kept, or read again (as UTF-8, without a BOM).
    pub fn get(&self, file: &Path) -> Option<Arc<str>> {
        if let Some(text) = self.kept.get(file) {
            return Some(text.clone());
        }
        if !self.remembered.contains(file) {
            return None;
        }
        let bytes = std::fs::read(self.root.as_ref()?.join(file)).ok()?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        std::str::from_utf8(bytes).ok().map(Arc::from)
    }

    /// Every file read, in path order.
    pub fn files(&self) -> Vec<&Path> {
        let mut files: Vec<&Path> = self
            .kept
            .keys()
            .chain(self.remembered.iter())
            .map(PathBuf::as_path)
            .collect();
        files.sort();
        files
    }
}

/// Diagnostics in a stable order: by file, then position, then code.
pub fn sort_diagnostics(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.span, a.code, &a.message).cmp(&(&b.file, b.span, b.code, &b.message))
    });
}

/// How many diagnostics of one code are printed; the rest are counted. A list with
/// tens of thousands of rows wrong in the same way needs a few examples, not a
/// terminal scrolled for minutes.
pub const SHOWN_PER_CODE: usize = 100;

/// Compiler-style text for a terminal or a log:
///
/// ```text
/// 错误[funds-sum-mismatch]: 资金来源合计 79.00万元，与总额 79.72万元 不符
///   --> content/records/projects/2014.yaml:22:12
///    |
/// 22 |     total: 79.72万元
///    |            ^^^^^^^^^
///    = 提示：……
/// ```
///
/// The first [`SHOWN_PER_CODE`] of each code are shown, the others counted; the
/// totals count them all.
pub fn render_diagnostics(diags: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    let shown = Shown::of(diags);
    let mut quoted = QuotedFile::default();
    for d in &shown.first {
        let _ = writeln!(out, "{}[{}]: {}", d.severity.label(), d.code, d.message);
        let _ = writeln!(out, "  --> {}", d.location());
        let mut pad = quote(&mut out, &mut quoted, sources, &d.file, d.span);
        if let Some(r) = &d.related {
            let _ = writeln!(out, "  ::: {}  {}", r.location(), r.note);
            pad = quote(&mut out, &mut quoted, sources, &r.file, r.span).or(pad);
        }
        if let Some(help) = &d.help {
            let pad = pad.unwrap_or_else(|| "  ".to_string());
            let _ = writeln!(out, "{pad} = 提示：{help}");
        }
        out.push('\n');
    }
    for line in shown.left_out_lines() {
        let _ = writeln!(out, "{line}");
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let _ = writeln!(out, "共 {errors} 个错误，{warnings} 个警告");
    out
}

/// Quotes line `span.line` of `file` with a caret under the offending text; returns the
/// gutter's padding (as wide as the line number), or `None` when the line is unknown.
fn quote(
    out: &mut String,
    quoted: &mut QuotedFile,
    sources: &SourceMap,
    file: &Path,
    span: Span,
) -> Option<String> {
    let line_text = quoted.line(sources, file, span.line)?;
    let line_text = crate::privacy::mask_numbers_in(line_text);
    let (line_text, col) = around(&line_text, span.column.max(1) as usize);
    let line_text = line_text.as_ref();
    let num = span.line.to_string();
    let pad = " ".repeat(num.len());
    let _ = writeln!(out, "{pad} |");
    // Masked in place (a digit becomes `*`), so the caret below still fits.
    let _ = writeln!(out, "{num} | {}", line_text.trim_end());
    let before: String = line_text.chars().take(col - 1).collect();
    let marked: String = line_text
        .chars()
        .skip(col - 1)
        .take((span.len as usize).max(1))
        .collect();
    let _ = writeln!(
        out,
        "{pad} | {}{}",
        " ".repeat(display_width(&before)),
        "^".repeat(display_width(&marked).max(1))
    );
    Some(pad)
}

/// The diagnostics a clerk is shown: the first [`SHOWN_PER_CODE`] of each code, in
/// their order, and how many of each code were left out.
pub struct Shown<'a> {
    pub first: Vec<&'a Diagnostic>,
    left_out: BTreeMap<&'static str, (Severity, usize)>,
}

impl<'a> Shown<'a> {
    pub fn of(diags: &'a [Diagnostic]) -> Shown<'a> {
        let mut seen: HashMap<&'static str, (Severity, usize)> = HashMap::new();
        let mut first = Vec::new();
        for d in diags {
            let count = &mut seen.entry(d.code).or_insert((d.severity, 0)).1;
            *count += 1;
            if *count <= SHOWN_PER_CODE {
                first.push(d);
            }
        }
        let left_out = seen
            .into_iter()
            .filter(|(_, (_, count))| *count > SHOWN_PER_CODE)
            .map(|(code, (severity, count))| (code, (severity, count - SHOWN_PER_CODE)))
            .collect();
        Shown { first, left_out }
    }

    /// A line for each code with diagnostics left out, by code.
    pub fn left_out_lines(&self) -> impl Iterator<Item = String> + '_ {
        self.left_out.iter().map(|(code, (severity, count))| {
            format!(
                "另有 {count} 个{}[{code}] 未列出（同一种问题只列出前 {SHOWN_PER_CODE} 个）",
                severity.label()
            )
        })
    }
}

/// A line short enough to quote whole, or the part of it around column `col`
/// (1-based, in characters) with `…` for what is left out; and the column in what is
/// returned.
fn around(line: &str, col: usize) -> (std::borrow::Cow<'_, str>, usize) {
    const WIDEST: usize = 120;
    if line.len() <= WIDEST || line.chars().count() <= WIDEST {
        return (line.into(), col);
    }
    let from = col.saturating_sub(WIDEST / 3 + 1);
    let mut part: String = if from > 0 {
        "…".into()
    } else {
        String::new()
    };
    let mut rest = line.chars().skip(from);
    part.extend(rest.by_ref().take(WIDEST));
    if rest.next().is_some() {
        part.push('…');
    }
    let col = col - from + usize::from(from > 0);
    (part.into(), col)
}

/// The file diagnostics are being quoted from, read once, with where its lines start
/// found as far as a diagnostic has asked. Diagnostics come sorted by file and line:
/// reading the file (or counting its lines from the start) for each one made
/// thousands of diagnostics in one list take minutes.
#[derive(Default)]
struct QuotedFile {
    file: Option<PathBuf>,
    text: Option<Arc<str>>,
    /// Byte offsets of the starts of lines 1, 2, … found so far.
    line_starts: Vec<usize>,
}

impl QuotedFile {
    /// Line `line` (1-based) of `file`, without its line ending.
    fn line(&mut self, sources: &SourceMap, file: &Path, line: u32) -> Option<&str> {
        if self.file.as_deref() != Some(file) {
            self.file = Some(file.to_path_buf());
            self.text = sources.get(file);
            self.line_starts = vec![0];
        }
        let text = self.text.as_deref()?;
        let n = (line as usize).checked_sub(1)?;
        while self.line_starts.len() <= n + 1 {
            let from = *self.line_starts.last()?;
            if from > text.len() {
                break;
            }
            let next = text.as_bytes()[from..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(text.len() + 1, |p| from + p + 1);
            self.line_starts.push(next);
        }
        let start = *self.line_starts.get(n)?;
        let end = *self.line_starts.get(n + 1)?;
        if start >= text.len() {
            return None;
        }
        let line = &text[start..(end - 1).min(text.len())];
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// Terminal columns taken by `text`: CJK and other wide characters take two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD => 2,
            _ => 1,
        })
        .sum()
}

/// From the first to the last of `sorted` paths: the only place any of them can be
/// in another sorted collection.
fn span_of<'a>(
    mut sorted: impl DoubleEndedIterator<Item = &'a PathBuf>,
) -> Option<(std::ops::Bound<&'a Path>, std::ops::Bound<&'a Path>)> {
    let first = sorted.next()?;
    let last = sorted.next_back().unwrap_or(first);
    Some((
        std::ops::Bound::Included(first.as_path()),
        std::ops::Bound::Included(last.as_path()),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Files added many at a time end up as added one at a time: kept or remembered,
    /// never both, the last word winning.
    #[test]
    fn files_added_together_are_as_files_added_one_by_one() {
        let dir = tempfile::tempdir().unwrap();
        let p = |s: &str| PathBuf::from(s);
        let text = |s: &str| Arc::<str>::from(s);
        std::fs::create_dir_all(dir.path().join("content/records")).unwrap();
        std::fs::write(dir.path().join("content/records/r.yaml"), "从磁盘读").unwrap();
        let build = |together: bool| {
            let mut m = SourceMap::rooted(dir.path());
            m.insert(p("site.yaml"), text("设置"));
            m.remember(p("content/notices/b.md"));
            m.insert(p("content/records/r.yaml"), text("旧"));
            let kept = vec![
                (p("content/notices/a.md"), text("甲")),
                (p("content/notices/b.md"), text("乙")),
            ];
            let remembered = vec![p("content/records/q.yaml"), p("content/records/r.yaml")];
            if together {
                m.insert_all(kept);
                m.remember_all(remembered);
            } else {
                for (f, t) in kept {
                    m.insert(f, t);
                }
                for f in remembered {
                    m.remember(f);
                }
            }
            m
        };
        let (one_by_one, together) = (build(false), build(true));
        assert_eq!(together.files(), one_by_one.files());
        assert_eq!(together.files().len(), 5);
        for file in one_by_one.files() {
            assert_eq!(
                together.get(file),
                one_by_one.get(file),
                "{}",
                file.display()
            );
        }
        assert_eq!(
            together.get(Path::new("content/notices/b.md")).as_deref(),
            Some("乙")
        );
        assert_eq!(
            together.get(Path::new("content/records/r.yaml")).as_deref(),
            Some("从磁盘读")
        );
        assert!(together.any_under(Path::new("content/records")));
    }

    #[test]
    fn quoted_lines_are_the_lines_of_the_text() {
        let file = Path::new("f.yaml");
        for text in ["", "a", "a\n", "a\r\nb", "\n\nc\n", "甲\n乙\r\n丙"] {
            let mut sources = SourceMap::new();
            sources.insert(file.to_path_buf(), Arc::from(text));
            let mut quoted = QuotedFile::default();
            for n in [3, 1, 2, 5, 4, 0] {
                let want = (n > 0).then(|| text.lines().nth(n - 1)).flatten();
                assert_eq!(quoted.line(&sources, file, n as u32), want, "{text:?} {n}");
            }
        }
    }

    #[test]
    fn long_lines_are_quoted_around_the_column() {
        let line = format!("{}错{}", "甲".repeat(5_000), "乙".repeat(5_000));
        let (part, col) = around(&line, 5_001);
        assert_eq!(part.chars().count(), 122, "120 and two ellipses");
        assert_eq!(part.chars().nth(col - 1), Some('错'));
        let (part, col) = around("短行", 2);
        assert_eq!((part.as_ref(), col), ("短行", 2));
    }

    #[test]
    fn a_hundred_of_each_code_are_shown_and_the_rest_counted() {
        let file = PathBuf::from("content/records/h.yaml");
        let diags: Vec<Diagnostic> = (0..250)
            .map(|i| Diagnostic::error("id-number-invalid", &file, Span::at(i + 1, 1), "错"))
            .chain(
                (0..3).map(|i| Diagnostic::warning("income-high", &file, Span::at(i + 1, 1), "高")),
            )
            .collect();
        let text = render_diagnostics(&diags, &SourceMap::new());
        assert_eq!(text.matches("错误[id-number-invalid]: 错").count(), 100);
        assert_eq!(text.matches("警告[income-high]: 高").count(), 3);
        assert!(
            text.contains(
                "另有 150 个错误[id-number-invalid] 未列出（同一种问题只列出前 100 个）\n"
            )
        );
        assert!(!text.contains("另有 0"));
        assert!(text.ends_with("共 250 个错误，3 个警告\n"));
    }

    #[test]
    fn a_related_place_is_quoted_after_the_first() {
        let (a, b) = (
            PathBuf::from("content/records/households/b.yaml"),
            PathBuf::from("content/records/households/a.yaml"),
        );
        let mut sources = SourceMap::new();
        sources.insert(a.clone(), Arc::from("rows:\n  - id: 乙\n"));
        sources.insert(b.clone(), Arc::from("rows:\n\n  - id: 甲\n"));
        let d = Diagnostic::error(
            "history-identified-twice",
            &a,
            Span {
                line: 2,
                column: 9,
                len: 1,
            },
            "重复",
        )
        .with_related(
            &b,
            Span {
                line: 3,
                column: 9,
                len: 1,
            },
            "2014年在此识别",
        )
        .with_help("改正");
        let text = render_diagnostics(&[d], &sources);
        let want = "  --> content/records/households/b.yaml:2:9\n  |\n2 |   - id: 乙\n  |         ^^\n  ::: content/records/households/a.yaml:3:9  2014年在此识别\n  |\n3 |   - id: 甲\n  |         ^^\n  = 提示：改正\n";
        assert!(text.contains(want), "{text}");
    }

    #[test]
    fn quotes_the_line_and_marks_wide_text() {
        let file = PathBuf::from("content/records/p.yaml");
        let mut sources = SourceMap::new();
        sources.insert(file.clone(), Arc::from("rows:\n  total: 79.72万元\n"));
        let d = Diagnostic::error(
            "funds-sum-mismatch",
            &file,
            Span {
                line: 2,
                column: 10,
                len: 7,
            },
            "不符",
        )
        .with_help("改正");
        let text = render_diagnostics(&[d], &sources);
        assert!(text.contains("错误[funds-sum-mismatch]: 不符"));
        assert!(text.contains("  --> content/records/p.yaml:2:10"));
        assert!(text.contains("2 |   total: 79.72万元"));
        // 5 ASCII columns + 2 wide characters = 9 carets, starting under the value.
        assert!(text.contains(&format!("  |{}^^^^^^^^^\n", " ".repeat(10))));
        assert!(text.contains("= 提示：改正"));
        assert!(text.ends_with("共 1 个错误，0 个警告\n"));
    }
}
