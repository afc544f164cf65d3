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
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::AlreadyASite(p) => {
                write!(f, "{} 已存在，为免覆盖，没有写入任何文件", p.display())
            }
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
