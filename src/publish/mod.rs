//! `gongshi publish`: what changed in the output since the last publication, as a
//! bundle a clerk uploads by FTP or through the portal's CMS.
//!
//! Kept with the site, in `publish/`:
//! - `manifest.tsv`: every file of the output last published, sorted by path, with its
//!   size and SHA-256. The comparison is made against it, never against an old output.
//! - `log.tsv`: one line per publication (time, as-of day, counts, bundle, the
//!   SHA-256 of the manifest it left).
//! - `更新包-DAY-N.zip`: the new and changed files, paths relative to the output root
//!   (it unpacks over the portal column), and `删除清单-DAY-N.txt` beside it: the
//!   deleted paths, one a line, CRLF (Notepad).
//!
//! Every file is written to a temporary name and renamed into place, bundle first,
//! then the manifest, then the log: an interrupted publication never leaves a manifest
//! naming files as published when their bundle was not written.

pub mod ledger;

use crate::model::date::Day;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The folder under the site root that holds the manifest, the log and the bundles.
pub const DIR: &str = "publish";
pub const MANIFEST: &str = "manifest.tsv";
pub const LOG: &str = "log.tsv";
const MANIFEST_HEADER: &str = "路径\t字节数\tSHA-256";
const LOG_HEADER: &str =
    "发布时间\t状态日期\t新增\t修改\t删除\t未变\t更新包\t删除清单\t清单SHA-256\t说明";
const LOCK: &str = ".gongshi-publish.lock";
const TEMP_PREFIX: &str = ".gongshi-tmp-";
/// Written as is into the log's bundle and list columns when there is none.
const NONE: &str = "-";

#[derive(Debug)]
pub enum PublishError {
    Io(PathBuf, io::Error),
    /// `publish/manifest.tsv` cannot be read back (line number from 1).
    BadManifest {
        path: PathBuf,
        line: usize,
        why: String,
    },
    /// Another `gongshi publish` of this site is running (its process id).
    Busy(PathBuf, u32),
    /// The output folder is `publish/` or inside it.
    OutputInPublish {
        output: PathBuf,
        publish: PathBuf,
    },
    /// The output holds something the bundle cannot carry (a symbolic link, a name
    /// that is not UTF-8).
    OddFile(PathBuf, &'static str),
    /// A file of the output changed between its hashing and its bundling.
    ChangedMeanwhile(String),
    /// A notice's version could not be recorded in the publication ledger.
    Unrecordable(String),
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::Io(p, e) => write!(f, "读写 {} 失败：{e}", p.display()),
            PublishError::BadManifest { path, line, why } => write!(
                f,
                "发布清单 {} 第 {line} 行无法识别：{why}。这个文件由 gongshi publish 写入，不要手改；\
                 被改坏时请从备份或 git 中恢复它。确实要重新上传整个网站时，可以删除它（下次发布把全部文件放进更新包）",
                path.display()
            ),
            PublishError::Busy(dir, pid) => write!(
                f,
                "另一个 gongshi publish（进程 {pid}）正在发布这个站点（{}），请等它结束后再运行",
                dir.display()
            ),
            PublishError::OutputInPublish { output, publish } => write!(
                f,
                "输出目录 {} 在发布记录目录 {} 里面：请换一个 --output 目录，例如默认的 public",
                output.display(),
                publish.display()
            ),
            PublishError::OddFile(p, why) => {
                write!(f, "输出目录中的 {} {why}，无法放进更新包", p.display())
            }
            PublishError::ChangedMeanwhile(p) => write!(
                f,
                "输出目录中的 {p} 在发布过程中被改动了（是否同时运行了另一个 gongshi build？）。\
                 这次没有写更新包，发布清单和记录都没有改动，请重新运行 gongshi publish"
            ),
            PublishError::Unrecordable(why) => write!(
                f,
                "无法写入版本记录（content/published/）：{why}。这次没有写更新包，请重新运行 gongshi publish"
            ),
        }
    }
}

impl std::error::Error for PublishError {}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |e| PublishError::Io(path.to_path_buf(), e)
}

/// One file of a published output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileEntry {
    pub size: u64,
    pub sha256: [u8; 32],
}

/// Every file of an output, by `/`-separated path relative to its root.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub files: BTreeMap<String, FileEntry>,
}

pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn unhex(text: &str) -> Option<[u8; 32]> {
    if text.len() != 64 || !text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

/// A path as one TSV field: backslash, tab and line breaks escaped.
fn escape(path: &str) -> String {
    let mut s = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\t' => s.push_str("\\t"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            c => s.push(c),
        }
    }
    s
}

fn unescape(field: &str) -> Option<String> {
    let mut s = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            s.push(c);
            continue;
        }
        s.push(match chars.next()? {
            '\\' => '\\',
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            _ => return None,
        });
    }
    Some(s)
}

/// Lines of a text file, with a `\r` before each `\n` dropped (git may check files
/// out with CRLF on Windows).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|l| l.strip_suffix('\r').unwrap_or(l))
}

impl Manifest {
    /// Hashes every file under the output folder `dir` (not the marker file gongshi
    /// keeps there).
    pub fn of_output(dir: &Path) -> Result<Manifest, PublishError> {
        let mut paths = Vec::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let path = e.path().unwrap_or(dir).to_path_buf();
                PublishError::Io(path, e.into())
            })?;
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            if !kind.is_file() {
                return Err(PublishError::OddFile(entry.into_path(), "不是普通文件"));
            }
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let Some(rel) = rel.to_str() else {
                return Err(PublishError::OddFile(
                    entry.into_path(),
                    "的文件名不是 UTF-8 编码",
                ));
            };
            let rel = rel.replace(std::path::MAIN_SEPARATOR, "/");
            if rel == crate::output::MARKER {
                continue;
            }
            paths.push((rel, entry.into_path()));
        }
        let files = paths
            .into_par_iter()
            .map(|(rel, path)| {
                let bytes = fs::read(&path).map_err(io_err(&path))?;
                Ok((rel, entry_of(&bytes)))
            })
            .collect::<Result<BTreeMap<_, _>, PublishError>>()?;
        Ok(Manifest { files })
    }

    /// The manifest as kept in `publish/manifest.tsv`: a header line, then one line a
    /// file, sorted by path: path, size in bytes, SHA-256 in lowercase hex.
    pub fn to_tsv(&self) -> String {
        let mut s = String::with_capacity(self.files.len() * 100);
        s.push_str(MANIFEST_HEADER);
        s.push('\n');
        for (path, e) in &self.files {
            s.push_str(&escape(path));
            s.push('\t');
            s.push_str(&e.size.to_string());
            s.push('\t');
            s.push_str(&hex(&e.sha256));
            s.push('\n');
        }
        s
    }

    /// Reads back what [`Manifest::to_tsv`] wrote; `Err((line, why))` otherwise.
    pub fn parse(text: &str) -> Result<Manifest, (usize, String)> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut files = BTreeMap::new();
        let mut last: Option<String> = None;
        for (i, line) in lines(text).enumerate() {
            let n = i + 1;
            if n == 1 {
                if line != MANIFEST_HEADER {
                    return Err((n, format!("第一行应是“{MANIFEST_HEADER}”（以制表符分隔）")));
                }
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [path, size, sha] = fields[..] else {
                return Err((n, "应有以制表符分隔的三项：路径、字节数、SHA-256".into()));
            };
            let path = unescape(path)
                .filter(|p| !p.is_empty())
                .ok_or_else(|| (n, format!("路径“{path}”不对")))?;
            let size = size
                .parse()
                .map_err(|_| (n, format!("字节数“{size}”不是整数")))?;
            let sha256 = unhex(sha).ok_or_else(|| (n, format!("“{sha}”不是 64 位小写十六进制")))?;
            if last.as_ref().is_some_and(|l| *l >= path) {
                return Err((n, format!("路径“{path}”没有按顺序排列或重复")));
            }
            last = Some(path.clone());
            files.insert(path, FileEntry { size, sha256 });
        }
        if text.is_empty() {
            return Err((1, "文件是空的".into()));
        }
        Ok(Manifest { files })
    }
}

fn entry_of(bytes: &[u8]) -> FileEntry {
    FileEntry {
        size: bytes.len() as u64,
        sha256: Sha256::digest(bytes).into(),
    }
}

/// How an output differs from the manifest last published.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Paths, sorted.
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub deleted: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    /// "新增 N 个文件，修改 M 个，删除 K 个（未变 U 个）", as the summaries say it.
    pub fn counts(&self) -> String {
        format!(
            "新增 {} 个文件，修改 {} 个，删除 {} 个（未变 {} 个）",
            self.added.len(),
            self.changed.len(),
            self.deleted.len(),
            self.unchanged
        )
    }

    pub fn between(old: &Manifest, new: &Manifest) -> Changes {
        let mut c = Changes::default();
        for (path, entry) in &new.files {
            match old.files.get(path) {
                None => c.added.push(path.clone()),
                Some(o) if o != entry => c.changed.push(path.clone()),
                Some(_) => c.unchanged += 1,
            }
        }
        c.deleted = old
            .files
            .keys()
            .filter(|p| !new.files.contains_key(*p))
            .cloned()
            .collect();
        c
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.deleted.is_empty()
    }

    /// The files the bundle carries: new and changed, sorted.
    pub fn to_upload(&self) -> Vec<&str> {
        let mut all: Vec<&str> = self
            .added
            .iter()
            .chain(&self.changed)
            .map(String::as_str)
            .collect();
        all.sort_unstable();
        all
    }
}

/// A site's publication records, opened before the build: the manifest last
/// published (read and checked first, so a damaged one stops before anything is
/// built), and, unless only looking, the lock that keeps a second publish out.
#[derive(Debug)]
pub struct Records {
    dir: PathBuf,
    /// `None` before the first publication.
    last: Option<Manifest>,
    lock: Option<PathBuf>,
}

impl Drop for Records {
    fn drop(&mut self) {
        if let Some(lock) = self.lock.take() {
            let _ = fs::remove_file(lock);
            // Made for the lock by a first publication that then failed: not kept.
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

/// What one publication wrote.
#[derive(Debug)]
pub struct Publication {
    pub changes: Changes,
    /// Whether there was no manifest before (every file is new).
    pub first: bool,
    /// `DAY-N`, the name of the bundle and its list; `None` when nothing changed.
    pub name: Option<String>,
    pub bundle: Option<PathBuf>,
    pub deleted_list: Option<PathBuf>,
    pub manifest: PathBuf,
    pub log: PathBuf,
    /// SHA-256 of the manifest written (hex).
    pub manifest_sha256: String,
}

impl Records {
    /// Opens `SITE/publish/` for a publication into `output`: takes the lock (when
    /// `lock`) and reads the manifest. Writes nothing else.
    pub fn open(site_root: &Path, output: &Path, lock: bool) -> Result<Records, PublishError> {
        let dir = site_root.join(DIR);
        let inside = match (std::path::absolute(output), std::path::absolute(&dir)) {
            (Ok(o), Ok(d)) => o.starts_with(&d),
            _ => false,
        };
        if inside {
            return Err(PublishError::OutputInPublish {
                output: output.to_path_buf(),
                publish: dir,
            });
        }
        let mut records = Records {
            dir,
            last: None,
            lock: None,
        };
        if lock {
            records.take_lock()?;
        }
        let path = records.dir.join(MANIFEST);
        records.last =
            match fs::read(&path) {
                Ok(bytes) => {
                    let text = String::from_utf8(bytes).map_err(|_| PublishError::BadManifest {
                        path: path.clone(),
                        line: 1,
                        why: "不是 UTF-8 编码".into(),
                    })?;
                    Some(
                        Manifest::parse(&text)
                            .map_err(|(line, why)| PublishError::BadManifest { path, line, why })?,
                    )
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                Err(e) => return Err(PublishError::Io(path, e)),
            };
        Ok(records)
    }

    /// The lock file holds the process id; one left by a process that is gone is
    /// taken over, with the temporary files it left.
    fn take_lock(&mut self) -> Result<(), PublishError> {
        fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        let path = self.dir.join(LOCK);
        for _ in 0..3 {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(mut f) => {
                    write!(f, "{}", std::process::id()).map_err(io_err(&path))?;
                    self.lock = Some(path);
                    self.clear_temporaries();
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|t| t.trim().parse::<u32>().ok());
                    match holder {
                        Some(pid) if crate::output::is_running(pid) => {
                            return Err(PublishError::Busy(self.dir.clone(), pid));
                        }
                        // Its process is gone (or it is being written this instant:
                        // then the next try sees it whole or fails to create).
                        _ => {
                            let _ = fs::remove_file(&path);
                        }
                    }
                }
                Err(e) => return Err(PublishError::Io(path, e)),
            }
        }
        Err(PublishError::Busy(self.dir.clone(), 0))
    }

    /// Temporary files a publication that was stopped left (only ever called with
    /// the lock held).
    fn clear_temporaries(&self) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether no publication was recorded yet.
    pub fn is_first(&self) -> bool {
        self.last.is_none()
    }

    /// The notices the last publication handed over whose pages `output` no longer
    /// has, by slug: a published notice stays published (it is corrected, not taken
    /// down), so `publish` refuses to hand over their deletion.
    pub fn notices_taken_down(&self, output: &Path) -> Vec<String> {
        let Some(last) = &self.last else {
            return Vec::new();
        };
        last.files
            .keys()
            .filter_map(|path| {
                path.strip_prefix("notices/")?
                    .strip_suffix("/data.json")
                    .filter(|slug| !slug.contains('/'))
            })
            .filter(|slug| {
                !output
                    .join("notices")
                    .join(slug)
                    .join("data.json")
                    .is_file()
            })
            .map(str::to_string)
            .collect()
    }

    /// How the output folder `output` differs from the last publication.
    pub fn compare(&self, output: &Path) -> Result<(Manifest, Changes), PublishError> {
        let new = Manifest::of_output(output)?;
        let empty = Manifest::default();
        let changes = Changes::between(self.last.as_ref().unwrap_or(&empty), &new);
        Ok((new, changes))
    }

    /// Publishes the output folder `output`, built as of `as_of`: writes the bundle and
    /// the list of deleted files (when there are any), then the new manifest, then the
    /// log line (written at `now`).
    pub fn publish(
        &self,
        output: &Path,
        as_of: Day,
        now: &jiff::ZonedDateTime,
    ) -> Result<Publication, PublishError> {
        let (new, changes) = self.compare(output)?;
        let first = self.is_first();
        let manifest = self.dir.join(MANIFEST);
        let log = self.dir.join(LOG);
        fs::create_dir_all(&self.dir).map_err(io_err(&self.dir))?;
        let manifest_text = new.to_tsv();
        let manifest_sha256 = hex(&Sha256::digest(manifest_text.as_bytes()));
        let log_text = read_or_empty(&log)?;
        let mut publication = Publication {
            changes,
            first,
            name: None,
            bundle: None,
            deleted_list: None,
            manifest,
            log,
            manifest_sha256,
        };
        let changes = &publication.changes;
        if !changes.is_empty() {
            let name = self.next_name(as_of, &log_text);
            let upload = changes.to_upload();
            if !upload.is_empty() {
                let path = self.dir.join(bundle_file(&name));
                self.write_atomically(&path, |f| write_zip(f, output, &upload, &new, as_of))?;
                publication.bundle = Some(path);
            }
            if !changes.deleted.is_empty() {
                let path = self.dir.join(deleted_file(&name));
                let mut text = String::from('\u{feff}');
                for p in &changes.deleted {
                    text.push_str(p);
                    text.push_str("\r\n");
                }
                self.write_atomically(&path, |f| {
                    f.write_all(text.as_bytes())
                        .map_err(|e| PublishError::Io(path.clone(), e))
                })?;
                publication.deleted_list = Some(path);
            }
            publication.name = Some(name);
            let path = publication.manifest.clone();
            self.write_atomically(&path, |f| {
                f.write_all(manifest_text.as_bytes())
                    .map_err(|e| PublishError::Io(path.clone(), e))
            })?;
        }
        let line = log_line(&publication, as_of, now);
        let mut text = log_text;
        let crlf = text.contains("\r\n");
        if text.is_empty() {
            text.push_str(LOG_HEADER);
            text.push('\n');
        } else if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        if crlf {
            text = lines(&text).map(|l| format!("{l}\r\n")).collect();
        }
        let path = publication.log.clone();
        self.write_atomically(&path, |f| {
            f.write_all(text.as_bytes())
                .map_err(|e| PublishError::Io(path.clone(), e))
        })?;
        Ok(publication)
    }

    /// `DAY-N` with N one more than any bundle of that day in the log or on disk.
    fn next_name(&self, as_of: Day, log_text: &str) -> String {
        let day = as_of.iso();
        let mut names: Vec<String> = lines(log_text)
            .skip(1)
            .flat_map(|l| l.split('\t').skip(6).take(2).map(str::to_string))
            .collect();
        if let Ok(entries) = fs::read_dir(&self.dir) {
            names.extend(
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned()),
            );
        }
        let prefix = format!("-{day}-");
        let last = names
            .iter()
            .filter_map(|n| {
                let rest = &n[n.find(&prefix)? + prefix.len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<u32>().ok()
            })
            .max()
            .unwrap_or(0);
        format!("{day}-{}", last + 1)
    }

    /// Writes `path` through a temporary file beside it, synced, then renamed over it.
    fn write_atomically(
        &self,
        path: &Path,
        write: impl FnOnce(&mut fs::File) -> Result<(), PublishError>,
    ) -> Result<(), PublishError> {
        let mut temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .tempfile_in(&self.dir)
            .map_err(io_err(&self.dir))?;
        write(temp.as_file_mut())?;
        temp.as_file().sync_all().map_err(io_err(path))?;
        temp.persist(path)
            .map_err(|e| PublishError::Io(path.to_path_buf(), e.error))?;
        Ok(())
    }
}

pub fn bundle_file(name: &str) -> String {
    format!("更新包-{name}.zip")
}

pub fn deleted_file(name: &str) -> String {
    format!("删除清单-{name}.txt")
}

fn read_or_empty(path: &Path) -> Result<String, PublishError> {
    match fs::read(path) {
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(PublishError::Io(path.to_path_buf(), e)),
    }
}

fn log_line(p: &Publication, as_of: Day, now: &jiff::ZonedDateTime) -> String {
    let c = &p.changes;
    let file_name = |path: &Option<PathBuf>| {
        path.as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| NONE.to_string(), |n| n.to_string_lossy().into_owned())
    };
    let note = if c.is_empty() {
        "没有变化，不需要上传"
    } else if p.first {
        "首次发布（全部文件）"
    } else {
        ""
    };
    [
        now.strftime("%Y-%m-%d %H:%M:%S%:z").to_string(),
        as_of.iso(),
        c.added.len().to_string(),
        c.changed.len().to_string(),
        c.deleted.len().to_string(),
        c.unchanged.to_string(),
        file_name(&p.bundle),
        file_name(&p.deleted_list),
        p.manifest_sha256.clone(),
        note.to_string(),
    ]
    .join("\t")
}

/// Files that are compressed already: stored as they are.
fn is_compressed(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    [
        "png", "jpg", "jpeg", "gif", "webp", "pdf", "zip", "gz", "xlsx", "docx", "woff", "woff2",
    ]
    .iter()
    .any(|e| ext.eq_ignore_ascii_case(e))
}

/// Writes the zip of `files` (sorted paths inside `output`), every entry dated the
/// as-of day at 00:00 and readable by all: the same files give the same bytes. Each
/// file must still be as `manifest` recorded it.
fn write_zip(
    file: &mut fs::File,
    output: &Path,
    files: &[&str],
    manifest: &Manifest,
    as_of: Day,
) -> Result<(), PublishError> {
    use zip::write::SimpleFileOptions;
    let zip_err = |e: zip::result::ZipError| PublishError::Io(output.to_path_buf(), e.into());
    let date = as_of.0;
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(date.year()).unwrap_or(1980).max(1980),
        date.month() as u8,
        date.day() as u8,
        0,
        0,
        0,
    )
    .unwrap_or_default();
    let options = SimpleFileOptions::default()
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(io::BufWriter::new(file));
    for rel in files {
        let path = output.join(rel);
        let bytes = fs::read(&path).map_err(io_err(&path))?;
        if manifest.files.get(*rel) != Some(&entry_of(&bytes)) {
            return Err(PublishError::ChangedMeanwhile((*rel).to_string()));
        }
        let method = if is_compressed(rel) {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        };
        let large = bytes.len() as u64 >= u64::from(u32::MAX);
        zip.start_file(*rel, options.compression_method(method).large_file(large))
            .map_err(zip_err)?;
        zip.write_all(&bytes).map_err(io_err(&path))?;
    }
    let mut buffered = zip.finish().map_err(zip_err)?;
    buffered.flush().map_err(io_err(output))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(b: &[u8]) -> FileEntry {
        entry_of(b)
    }

    #[test]
    fn manifest_reads_back_as_written() {
        let mut m = Manifest::default();
        m.files.insert("a/index.html".into(), entry(b"a"));
        m.files.insert("static/单位 标志.png".into(), entry(b""));
        m.files.insert("odd\tname\\x".into(), entry(b"odd"));
        let text = m.to_tsv();
        assert!(text.starts_with("路径\t字节数\tSHA-256\n"));
        assert!(text.contains(
            "a/index.html\t1\tca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb\n"
        ));
        assert_eq!(Manifest::parse(&text).unwrap(), m);
        assert_eq!(Manifest::parse(&text.replace('\n', "\r\n")).unwrap(), m);
    }

    #[test]
    fn a_damaged_manifest_names_its_line() {
        let good = Manifest::default().to_tsv();
        assert_eq!(Manifest::parse("").unwrap_err().0, 1);
        assert_eq!(Manifest::parse("path\tsize\n").unwrap_err().0, 1);
        let unsorted = format!("{good}b\t1\t{}\na\t1\t{}\n", "0".repeat(64), "0".repeat(64));
        assert_eq!(Manifest::parse(&unsorted).unwrap_err().0, 3);
        assert_eq!(
            Manifest::parse(&format!("{good}a\t1\tXYZ\n"))
                .unwrap_err()
                .0,
            2
        );
    }

    #[test]
    fn changes_are_sorted_by_kind() {
        let mut old = Manifest::default();
        old.files.insert("same".into(), entry(b"1"));
        old.files.insert("edited".into(), entry(b"1"));
        old.files.insert("gone".into(), entry(b"1"));
        let mut new = Manifest::default();
        new.files.insert("same".into(), entry(b"1"));
        new.files.insert("edited".into(), entry(b"2"));
        new.files.insert("born".into(), entry(b"1"));
        let c = Changes::between(&old, &new);
        assert_eq!(c.added, ["born"]);
        assert_eq!(c.changed, ["edited"]);
        assert_eq!(c.deleted, ["gone"]);
        assert_eq!(c.unchanged, 1);
        assert_eq!(c.to_upload(), ["born", "edited"]);
        assert!(Changes::between(&new, &new).is_empty());
    }
}
