//! `gongshi init`: a new site that builds as it is.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

const FILES: [(&str, &str); 3] = [
    ("site.yaml", include_str!("scaffold/site.yaml")),
    (
        "content/notices/changgou-2014.md",
        include_str!("scaffold/notice.md"),
    ),
    (
        "content/records/households/changgou-2014.yaml",
        include_str!("scaffold/households.yaml"),
    ),
];

#[derive(Debug)]
pub enum InitError {
    /// The folder already holds a site; nothing is overwritten.
    AlreadyASite(PathBuf),
    /// The folder holds other things: writing a site into it would mix the two (and
    /// `init /etc` would write into `/etc`).
    NotEmpty(PathBuf),
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::AlreadyASite(p) => {
                write!(f, "{} 已存在，为免覆盖，没有写入任何文件", p.display())
            }
            InitError::NotEmpty(p) => write!(
                f,
                "{} 不是空目录，也不是 gongshi 站点，为免和其中的文件混在一起，没有写入任何文件\n提示：用 gongshi init 新目录名 在一个新目录中新建站点",
                p.display()
            ),
            InitError::Io(p, e) => write!(f, "写入 {} 失败：{e}", p.display()),
        }
    }
}

/// Writes the sample site into `dir`, creating it if needed. Returns the files written.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    for (rel, _) in FILES {
        let path = dir.join(rel);
        if path.exists() {
            return Err(InitError::AlreadyASite(path));
        }
    }
    if holds_anything(dir).map_err(|e| InitError::Io(dir.to_path_buf(), e))? {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (rel, text) in FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| InitError::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&path, text).map_err(|e| InitError::Io(path.clone(), e))?;
        written.push(path);
    }
    Ok(written)
}

/// Whether `dir` exists with something in it besides a Git repository (a clerk may
/// `git init` first).
fn holds_anything(dir: &Path) -> io::Result<bool> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    for entry in entries {
        if entry?.file_name() != ".git" {
            return Ok(true);
        }
    }
    Ok(false)
}
