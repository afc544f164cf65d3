//! Loading a site from disk: `site.yaml`, notices and record files, keeping every
//! file's text so diagnostics can quote it. Loading never fails on content: problems
//! become diagnostics and the file is left out.

mod ledger;
pub use ledger::load_ledger;
pub mod notice;
pub mod plain_yaml;
pub mod records;
pub mod yaml;

use crate::config::{Limits, SiteConfig};
use crate::diagnostic::{Diagnostic, SourceMap, Span};
use crate::model::notice::Notice;
use crate::model::records::RecordSet;
use crate::model::region::RegionTree;
use crate::progress::{Progress, Stage};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use walkdir::WalkDir;

/// A record file compiled: what the site holds of it from the moment it is read.
/// The rules within the file ran on its rows as parsed, and household rows were then
/// packed (see [`crate::model::records::HouseholdRows`]): pages show the very values
/// the rules saw, whatever became of the file since.
#[derive(Debug)]
pub struct RecordFile {
    /// Path relative to the site root.
    pub file: PathBuf,
    pub set: RecordSet,
    /// What the rules within this file found.
    pub found: Vec<Diagnostic>,
    /// A hash of the file's text: a list whose digest is unchanged need not be
    /// compiled or indexed again.
    pub digest: u64,
}

/// The rules within one record file, given the site settings.
pub type RulesAlone = fn(&SiteConfig, &RegionTree, &Path, &RecordSet) -> Vec<Diagnostic>;

/// The site settings record files are compiled against, and the rules they run.
#[derive(Clone, Copy)]
pub struct Compiler<'a> {
    pub config: &'a SiteConfig,
    pub regions: &'a RegionTree,
    pub rules: RulesAlone,
}

impl Compiler<'_> {
    /// Parses a record file, runs the rules within it and packs its rows.
    pub fn compile(&self, text: &str, file: &Path) -> Result<RecordFile, Diagnostic> {
        let mut set = records::parse_record_file(text, file)?;
        let found = (self.rules)(self.config, self.regions, file, &set);
        if let RecordSet::Households(list) = &mut set {
            list.pack_rows();
        }
        Ok(RecordFile {
            file: file.to_path_buf(),
            set,
            found,
            digest: digest_of(text),
        })
    }
}

/// A fast hash of a file's text (not for security: it only tells edits apart).
pub fn digest_of(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

/// Everything read from a site folder.
#[derive(Debug)]
pub struct Content {
    pub config: SiteConfig,
    pub config_file: PathBuf,
    /// A hash of the settings' text: record files compiled under other settings are
    /// compiled again.
    pub config_digest: u64,
    /// Sorted by slug.
    pub notices: Vec<Notice>,
    /// Keyed by the path under `content/records/`, with `/` separators.
    pub records: BTreeMap<String, RecordFile>,
    /// Record files that exist but did not load (each has its own diagnostic).
    pub unreadable_records: BTreeSet<String>,
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
    /// What each published notice said (`content/published/`).
    pub ledger: crate::model::ledger::Ledger,
}

/// Why a folder could not be read as a site at all.
#[derive(Debug)]
pub enum LoadFailure {
    /// No `site.yaml`: not a site (a usage problem).
    NotASite(PathBuf),
    /// The site settings are broken; nothing else can be checked against them.
    BadSettings(Vec<Diagnostic>, SourceMap),
    Io(PathBuf, io::Error),
}

pub const SETTINGS_FILES: [&str; 2] = ["site.yaml", "content/site.yaml"];

/// Loads the site at `root`. Record files compiled by `earlier` (a load of the same
/// site) under the same settings and unchanged since (the same digest) are taken as
/// they are: the preview's full rebuilds compile only what changed. A build has no
/// `earlier`.
pub fn load_content(
    root: &Path,
    progress: &dyn Progress,
    rules: RulesAlone,
    earlier: Option<Content>,
) -> Result<Content, LoadFailure> {
    let mut sources = SourceMap::rooted(root);
    let mut diagnostics = Vec::new();

    let config_file = SETTINGS_FILES
        .iter()
        .map(PathBuf::from)
        .find(|p| root.join(p).is_file())
        .ok_or_else(|| LoadFailure::NotASite(root.to_path_buf()))?;
    // The settings themselves are held to the default limits.
    let config_text = read_source(root, &config_file, &Limits::default(), &mut sources);
    let config_digest = config_text.as_deref().map_or(0, digest_of);
    let config =
        config_text.and_then(|text| yaml::parse_yaml::<SiteConfig>(&text, &config_file, 0));
    let compiled_before: HashMap<PathBuf, Mutex<Option<RecordFile>>> = earlier
        .filter(|e| e.config_digest == config_digest)
        .map(|e| {
            e.records
                .into_values()
                .map(|rf| (rf.file.clone(), Mutex::new(Some(rf))))
                .collect()
        })
        .unwrap_or_default();
    let limits = config
        .as_ref()
        .map(|c| c.limits.clone())
        .unwrap_or_default();

    let mut notices = Vec::new();
    let notice_files = files_under(root, "content/notices", "md", &mut diagnostics)?;
    let record_files = files_under(root, "content/records", "yaml", &mut diagnostics)?;
    progress.stage(Stage::Reading, notice_files.len() + record_files.len());
    for (_, parsed) in load_in_parallel(
        root,
        notice_files,
        &mut sources,
        &limits,
        Keep::Text,
        progress,
        notice::parse_notice,
    ) {
        match parsed {
            Ok(n) => notices.push(n),
            Err(d) => diagnostics.push(d),
        }
    }
    notices.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.file.cmp(&b.file)));

    // Without settings nothing is checked or rendered: the files are only parsed,
    // for their own diagnostics.
    let regions = config
        .as_ref()
        .ok()
        .map(|c| RegionTree::build(&c.regions).0);
    let compiler = config
        .as_ref()
        .ok()
        .zip(regions.as_ref())
        .map(|(config, regions)| Compiler {
            config,
            regions,
            rules,
        });
    let mut records = Vec::new();
    let mut unreadable_records = BTreeSet::new();
    let parsed_records = load_in_parallel(
        root,
        record_files,
        &mut sources,
        &limits,
        Keep::Path,
        progress,
        |text, file| {
            let unchanged = compiled_before
                .get(file)
                .and_then(|slot| slot.lock().ok()?.take())
                .filter(|rf| rf.digest == digest_of(text));
            match (&compiler, unchanged) {
                (Some(_), Some(rf)) => Ok(Some(rf)),
                (Some(compiler), None) => compiler.compile(text, file).map(Some),
                (None, _) => records::parse_record_file(text, file).map(|_| None),
            }
        },
    );
    for (file, parsed) in parsed_records {
        let key = record_key(&file);
        match parsed {
            Ok(Some(rf)) => records.push((key, rf)),
            Ok(None) => {}
            Err(d) => {
                diagnostics.push(d);
                unreadable_records.insert(key);
            }
        }
    }

    // Built at once from the files' order (nearly the keys' order): a map filled one
    // by one took as long as the rest of this loop.
    let records: BTreeMap<String, RecordFile> = records.into_iter().collect();
    drop(regions);
    let ledger = ledger::load_ledger(root, &mut sources, &mut diagnostics)?;
    match config {
        Ok(config) => Ok(Content {
            config,
            config_file,
            config_digest,
            notices,
            records,
            unreadable_records,
            sources,
            diagnostics,
            ledger,
        }),
        Err(d) => {
            diagnostics.push(d);
            Err(LoadFailure::BadSettings(diagnostics, sources))
        }
    }
}

/// Files with extension `ext` under `root/dir`, relative to `root`, in a stable order.
/// Symbolic links are not followed: content must live inside the site. Hidden files
/// and folders are not read either. Each of these is reported where it would have
/// been content, so a clerk is never left wondering why a list is missing.
fn files_under(
    root: &Path,
    dir: &str,
    ext: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<PathBuf>, LoadFailure> {
    let base = root.join(dir);
    if !base.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    let mut walk = WalkDir::new(&base).sort_by_file_name().into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&base).to_path_buf();
            LoadFailure::Io(path, e.into())
        })?;
        if entry.depth() == 0 {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        let matches_ext = rel.extension().is_some_and(|e| e == ext);
        let name = entry.file_name().to_string_lossy();
        if is_editor_file(&name) {
            continue;
        }
        if is_hidden(&name) {
            if entry.file_type().is_dir() {
                walk.skip_current_dir();
                let inside = count_files(entry.path(), ext);
                if inside > 0 {
                    diagnostics.push(hidden_ignored(
                        &rel,
                        format!("文件夹名以“.”开头，是隐藏文件夹，其中的 {inside} 个 .{ext} 文件没有读取"),
                    ));
                }
            } else if matches_ext {
                diagnostics.push(hidden_ignored(
                    &rel,
                    "文件名以“.”开头，是隐藏文件，没有读取".into(),
                ));
            }
            continue;
        }
        if entry.path_is_symlink() {
            let to_folder = std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir());
            if to_folder || matches_ext {
                let what = if to_folder {
                    "这是一个指向文件夹的符号链接（快捷方式），其中的文件没有读取"
                } else {
                    "这是一个符号链接，已跳过"
                };
                diagnostics.push(
                    Diagnostic::warning("symlink-ignored", &rel, Span::default(), what).with_help(
                        "内容须在站点目录之内：请把文件或文件夹本身（而不是链接）放在 content/ 下",
                    ),
                );
            }
            continue;
        }
        if entry.file_type().is_file() && matches_ext {
            files.push(rel);
        }
    }
    Ok(files)
}

fn hidden_ignored(rel: &Path, message: String) -> Diagnostic {
    Diagnostic::warning("hidden-ignored", rel, Span::default(), message).with_help(
        "要公示的内容请去掉名称开头的“.”；不需要的文件请移出 content/，以免误以为已经公示",
    )
}

/// Files with extension `ext` anywhere under `dir`, links not followed.
fn count_files(dir: &Path, ext: &str) -> usize {
    WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .count()
}

/// Editors' lock, backup and swap files (`.#x.yaml`, `x.yaml~`, `#x.yaml#`) come and go
/// as a clerk types: never content, never worth a word.
fn is_editor_file(name: &str) -> bool {
    name.starts_with(".#") || name.starts_with('#') || name.ends_with('~')
}

/// Hidden files and folders (`.x.yaml`, `.old/`) are not content, but are reported.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.')
}

/// What `sources` holds of a file once it is parsed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Its text (small files).
    Text,
    /// Its path only: the text is read again if a diagnostic quotes it. A
    /// province's household lists would otherwise stay in memory twice, as text and
    /// as records.
    Path,
}

/// Reads and parses `files` on all cores; the results come back in the order of
/// `files`, and every file read is noted in `sources` for quoting.
fn load_in_parallel<T: Send>(
    root: &Path,
    files: Vec<PathBuf>,
    sources: &mut SourceMap,
    limits: &Limits,
    keep: Keep,
    progress: &dyn Progress,
    parse: impl Fn(&str, &Path) -> Result<T, Diagnostic> + Sync,
) -> Vec<(PathBuf, Result<T, Diagnostic>)> {
    // `Some(None)`: read, text not kept. The text is dropped as soon as it is parsed,
    // so a big site's files are never all in memory at once.
    type Loaded<T> = (PathBuf, Option<Option<Arc<str>>>, Result<T, Diagnostic>);
    let loaded: Vec<Loaded<T>> = files
        .into_par_iter()
        .map(|file| match read_text(root, &file, limits) {
            Ok(text) => {
                let parsed = parse(&text, &file);
                progress.advance(1);
                (file, Some((keep == Keep::Text).then_some(text)), parsed)
            }
            Err(d) => {
                progress.advance(1);
                (file, None, Err(d))
            }
        })
        .collect();
    let (mut kept, mut remembered) = (Vec::new(), Vec::new());
    let parsed = loaded
        .into_iter()
        .map(|(file, read, parsed)| {
            match read {
                Some(Some(text)) => kept.push((file.clone(), text)),
                Some(None) => remembered.push(file.clone()),
                None => {}
            }
            (file, parsed)
        })
        .collect();
    sources.insert_all(kept);
    sources.remember_all(remembered);
    parsed
}

/// Reads a file as UTF-8 text (a leading BOM is dropped) and keeps it for quoting.
fn read_source(
    root: &Path,
    rel: &Path,
    limits: &Limits,
    sources: &mut SourceMap,
) -> Result<Arc<str>, Diagnostic> {
    let text = read_text(root, rel, limits)?;
    sources.insert(rel.to_path_buf(), text.clone());
    Ok(text)
}

/// Reads a file as text within `limits`: a file over the size limit is not read at
/// all, and one with a line over the length limit is refused before any parser
/// sees it (parsers and the diagnostics that quote lines are not built for lines of
/// megabytes).
fn read_text(root: &Path, rel: &Path, limits: &Limits) -> Result<Arc<str>, Diagnostic> {
    use std::io::Read;
    let failed = |e: io::Error| {
        Diagnostic::error(
            "read-failed",
            rel,
            Span::default(),
            format!("无法读取文件：{e}"),
        )
    };
    let max_mb = limits.max_file_mb.value;
    let max_bytes = max_mb.saturating_mul(1 << 20);
    let too_large = |bytes: u64| {
        file_too_large(rel, bytes, max_mb).with_help(format!(
            "请检查是否放错了文件（如把整个 Excel 表另存成了文本）；一个县的名单一般不超过 20 MB。确实需要更大时，在 site.yaml 中写 limits: {{ max_file_mb: {} }}",
            max_mb.saturating_mul(2)
        ))
    };
    let file = std::fs::File::open(root.join(rel)).map_err(failed)?;
    let size = file.metadata().map_err(failed)?.len();
    if size > max_bytes {
        return Err(too_large(size));
    }
    // The file may grow between the look at its size and the read.
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    // Checked before the text is copied into its `Arc`: a file of one huge line
    // then costs its size once, not twice.
    let text = source_text(rel, &bytes)?;
    check_line_lengths(rel, text, limits.max_line_chars.value)?;
    Ok(Arc::from(text))
}

/// A file of `bytes` over the limit of `max_mb` megabytes.
pub fn file_too_large(rel: &Path, bytes: u64, max_mb: u64) -> Diagnostic {
    Diagnostic::error(
        "file-too-large",
        rel,
        Span::default(),
        format!(
            "文件有 {:.1} MB，超过了 {max_mb} MB 的上限",
            bytes as f64 / (1 << 20) as f64
        ),
    )
}

/// The first line of `text` longer than `max` characters, as a diagnostic.
fn check_line_lengths(rel: &Path, text: &str, max: u64) -> Result<(), Diagnostic> {
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    for (i, line) in text.split('\n').enumerate() {
        // A line of no more bytes than the limit has no more characters either: only
        // long lines are counted.
        if line.len() > max {
            let count = line.chars().count();
            if count > max {
                let column = u32::try_from(max + 1).unwrap_or(u32::MAX);
                return Err(Diagnostic::error(
                    "line-too-long",
                    rel,
                    Span::at(u32::try_from(i + 1).unwrap_or(u32::MAX), column),
                    format!("第 {} 行有 {count} 个字符，超过了每行 {max} 个字符的上限", i + 1),
                )
                .with_help(format!(
                    "一个值（一个单元格、一段正文）不会这么长，请检查是否把整段内容粘贴进了一格，或文件缺了换行。确实需要更长时，在 site.yaml 中写 limits: {{ max_line_chars: {} }}",
                    max.saturating_mul(2)
                )));
            }
        }
    }
    Ok(())
}

/// A file's bytes as text: UTF-8, with a leading byte-order mark dropped. Anything
/// else (GBK saved by an old editor, a binary file) is a diagnostic at the first bad
/// byte.
pub fn decode_source(rel: &Path, bytes: &[u8]) -> Result<Arc<str>, Diagnostic> {
    source_text(rel, bytes).map(Arc::from)
}

/// [`decode_source`] without the copy.
fn source_text<'a>(rel: &Path, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => match t.find('\0') {
            None => Ok(t),
            Some(at) => Err(nul_character(rel, position_at(bytes, at))),
        },
        Err(e) => Err(Diagnostic::error(
            "not-utf8",
            rel,
            position_at(bytes, e.valid_up_to()),
            "文件不是 UTF-8 编码",
        )
        .with_help("请在编辑器中另存为 UTF-8 编码（WPS/记事本：另存为 → 编码选 UTF-8）")),
    }
}

/// A NUL, raw or written `\0` in YAML: invisible in every editor and in Excel, it
/// cuts a value short in the programs the open data is read with.
pub fn nul_character(rel: &Path, span: Span) -> Diagnostic {
    Diagnostic::error(
        "nul-character",
        rel,
        span,
        "这里有一个空字符（NUL，编码为 0 的看不见的字符），不能出现在公示内容中",
    )
    .with_help("空字符一般来自从其他系统导出的数据：删掉它（在编辑器中删除这个位置前后的字符再重新输入），YAML 中也不能写 \\0 或 \\x00")
}

/// The line and column (in characters) of byte `offset` of `bytes`, which are UTF-8
/// up to there.
pub(crate) fn position_at(bytes: &[u8], offset: usize) -> Span {
    let good = &bytes[..offset];
    let line = good.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&good[line_start..]).chars().count() as u32 + 1;
    Span::at(line, column)
}

/// A changed path, as loading sees it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangedSource {
    /// A notice (`content/notices/**.md`), present or deleted.
    Notice(PathBuf),
    /// A record file (`content/records/**.yaml`), present or deleted, with its key.
    Record(PathBuf, String),
    /// A path loading never reads (an editor's temporary file, a README): no effect.
    Unread,
    /// Anything else (settings, a folder, a symbolic link): reload the whole site.
    Other,
}

/// What `rel` (relative to the root) is to loading, judged as [`load_content`] finds
/// files. `content` is the site as loaded before, to recognise a folder of content
/// that is gone.
pub fn classify_change(root: &Path, content: &Content, rel: &Path) -> ChangedSource {
    let (under, ext) = if let Ok(under) = rel.strip_prefix("content/notices") {
        (under, "md")
    } else if let Ok(under) = rel.strip_prefix("content/records") {
        (under, "yaml")
    } else if rel.starts_with(format!("content/{}", crate::model::ledger::LEDGER_DIR)) {
        // The ledger is small beside the rest and read whole.
        return ChangedSource::Other;
    } else {
        // Outside those folders loading reads only the settings; the rest of
        // content/ is not read, and the build reads themes/ and static/.
        let unread = rel.starts_with("content")
            && rel != Path::new("content")
            && !SETTINGS_FILES.iter().any(|f| rel == Path::new(f));
        return if unread {
            ChangedSource::Unread
        } else {
            ChangedSource::Other
        };
    };
    let meta = std::fs::symlink_metadata(root.join(rel));
    let Some(name) = rel.file_name() else {
        return ChangedSource::Other;
    };
    if under.as_os_str().is_empty() || meta.as_ref().is_ok_and(|m| !m.is_file()) {
        // The folder itself, a folder in it, or a symbolic link.
        return ChangedSource::Other;
    }
    if is_editor_file(&name.to_string_lossy()) {
        return ChangedSource::Unread;
    }
    let hidden = under
        .components()
        .any(|c| is_hidden(&c.as_os_str().to_string_lossy()));
    if hidden {
        // Not read, but reported: the whole site is loaded again to say so.
        return if rel.extension().is_some_and(|e| e == ext) {
            ChangedSource::Other
        } else {
            ChangedSource::Unread
        };
    }
    if rel.extension().is_none_or(|e| e != ext) {
        return if meta.is_err() && held_content(content, rel) {
            // A folder of notices or records that is gone.
            ChangedSource::Other
        } else {
            ChangedSource::Unread
        };
    }
    if ext == "md" {
        ChangedSource::Notice(rel.to_path_buf())
    } else {
        ChangedSource::Record(rel.to_path_buf(), record_key(rel))
    }
}

/// Did anything loaded come from inside `rel`, as a folder?
fn held_content(content: &Content, rel: &Path) -> bool {
    content.sources.any_under(rel)
}

/// The key of a record file: its path under `content/records/`, `/`-separated.
fn record_key(file: &Path) -> String {
    file.strip_prefix("content/records")
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads one notice or record file again into `content`, as [`load_content`] would
/// have loaded it: its text, parse result and loading diagnostics replace the old
/// ones, and a file that is gone is dropped.
pub fn reload_source(
    root: &Path,
    content: &mut Content,
    regions: &RegionTree,
    rules: RulesAlone,
    changed: &ChangedSource,
) {
    let file = match changed {
        ChangedSource::Notice(file) | ChangedSource::Record(file, _) => file,
        ChangedSource::Unread | ChangedSource::Other => return,
    };
    content.sources.forget(file);
    content.diagnostics.retain(|d| &d.file != file);
    let exists = root.join(file).is_file();
    match changed {
        ChangedSource::Notice(file) => {
            content.notices.retain(|n| &n.file != file);
            if !exists {
                return;
            }
            let parsed = read_source(root, file, &content.config.limits, &mut content.sources)
                .and_then(|text| notice::parse_notice(&text, file));
            match parsed {
                Ok(n) => {
                    let at = content
                        .notices
                        .partition_point(|m| (&m.slug, &m.file) < (&n.slug, &n.file));
                    content.notices.insert(at, n);
                }
                Err(d) => content.diagnostics.push(d),
            }
        }
        ChangedSource::Record(file, key) => {
            content.records.remove(key);
            content.unreadable_records.remove(key);
            if !exists {
                return;
            }
            // Only the path is kept, as when loading (see `Keep::Path`).
            let compiler = Compiler {
                config: &content.config,
                regions,
                rules,
            };
            let parsed = read_text(root, file, &content.config.limits).and_then(|text| {
                content.sources.remember(file.clone());
                compiler.compile(&text, file)
            });
            match parsed {
                Ok(rf) => {
                    content.records.insert(key.clone(), rf);
                }
                Err(d) => {
                    content.diagnostics.push(d);
                    content.unreadable_records.insert(key.clone());
                }
            }
        }
        ChangedSource::Unread | ChangedSource::Other => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// Files the counting rules below have compiled.
    static COMPILED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    fn counting_rules(
        _: &SiteConfig,
        _: &RegionTree,
        file: &Path,
        _: &RecordSet,
    ) -> Vec<Diagnostic> {
        COMPILED.lock().unwrap().push(file.to_path_buf());
        Vec::new()
    }

    #[test]
    fn a_reload_compiles_only_the_record_files_that_changed() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let tmp = tempfile::tempdir().unwrap();
        for entry in WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let to = tmp
                .path()
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        let root = tmp.path();
        let compiled = || std::mem::take(&mut *COMPILED.lock().unwrap());
        let first = load_content(root, &Silent, counting_rules, None).unwrap();
        let all = compiled();
        assert!(all.len() >= 5, "{all:?}");

        let hh = Path::new("content/records/households/hh.yaml");
        let text = std::fs::read_to_string(root.join(hh)).unwrap();
        std::fs::write(root.join(hh), text.replacen("张元义", "张元礼", 1)).unwrap();
        let second = load_content(root, &Silent, counting_rules, Some(first)).unwrap();
        assert_eq!(compiled(), vec![hh.to_path_buf()]);
        assert_eq!(second.records.len(), all.len());

        // Other settings: every file is compiled again.
        let settings = root.join("site.yaml");
        let text = std::fs::read_to_string(&settings).unwrap();
        std::fs::write(&settings, format!("{text}\n# 改动\n")).unwrap();
        load_content(root, &Silent, counting_rules, Some(second)).unwrap();
        assert_eq!(compiled().len(), all.len());
    }

    #[test]
    fn changed_paths_are_classified_as_loading_reads_them() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good/site.yaml");
        std::fs::copy(fixture, root.join("site.yaml")).unwrap();
        write("content/notices/a.md", "---\ntitle: x\n---\n");
        write("content/records/households/a.yaml", "kind: households\n");
        write("content/records/households/4913", "");
        write("content/records/notes.txt", "");
        std::fs::create_dir_all(root.join("content/records/new")).unwrap();
        std::os::unix::fs::symlink(
            root.join("content/notices/a.md"),
            root.join("content/notices/link.md"),
        )
        .unwrap();
        let content = load_content(root, &Silent, |_, _, _, _| Vec::new(), None).unwrap();
        let class = |rel: &str| classify_change(root, &content, Path::new(rel));
        let notice = |rel: &str| ChangedSource::Notice(PathBuf::from(rel));
        let record = |rel: &str, key: &str| ChangedSource::Record(PathBuf::from(rel), key.into());

        assert_eq!(
            class("content/notices/a.md"),
            notice("content/notices/a.md")
        );
        assert_eq!(
            class("content/notices/gone.md"),
            notice("content/notices/gone.md")
        );
        assert_eq!(
            class("content/records/households/a.yaml"),
            record("content/records/households/a.yaml", "households/a.yaml")
        );
        // Editors' files, and files loading does not read.
        for rel in [
            "content/records/households/.a.yaml.tmp~",
            "content/records/households/a.yaml~",
            "content/records/households/#a.yaml#",
            "content/records/households/4913",
            "content/records/.DS_Store",
            "content/records/.old/notes.txt",
            "content/records/notes.txt",
            "content/records/a.yml",
            "content/README.md",
        ] {
            assert_eq!(class(rel), ChangedSource::Unread, "{rel}");
        }
        // Settings, themes, static files, folders, links, a folder of lists gone.
        for rel in [
            "site.yaml",
            "content/site.yaml",
            "content",
            "content/records",
            "content/records/new",
            "content/notices/link.md",
            // Hidden content is reported, so the whole site is loaded again.
            "content/notices/.draft.md",
            "content/records/.old/households/a.yaml",
            "themes/default/templates/notice.html",
            "static/logo.png",
            ".",
        ] {
            assert_eq!(class(rel), ChangedSource::Other, "{rel}");
        }
        std::fs::remove_dir_all(root.join("content/records/households")).unwrap();
        assert_eq!(class("content/records/households"), ChangedSource::Other);
    }
}
